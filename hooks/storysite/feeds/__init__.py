"""Feeds: which feeds exist and what they carry, their items, their formats and links to them."""
