"""Pictures: checking and publishing contributors' photos, and drawing share cards with Pillow."""
