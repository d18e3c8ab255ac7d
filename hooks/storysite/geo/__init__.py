"""Places: the UK's nations and regions, the land check, and the stories as GeoJSON data."""
