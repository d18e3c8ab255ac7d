"""Share cards drawn with Pillow: page cards with title, place, themes and a locator map, cached by content hash."""
