"""The map tile server, as the site's settings give it, handed to pages as data attributes so
that the map script has no server address of its own."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlparse

from .settings import Settings


@dataclass(frozen=True)
class TileServer:
    url: str  # e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
    attribution: str  # HTML, from mkdocs.yml (maintainers' text, not a contributor's)
    max_zoom: int

    @property
    def host(self) -> str:
        """The server readers' browsers contact, named in the notice beside each map.
        '{s}.tile.example.org' becomes 'tile.example.org'."""
        host = urlparse(self.url).hostname or self.url
        return host.removeprefix("{s}.")

    def data_attributes(self) -> str:
        """HTML attributes for the map element, escaped."""
        return (f'data-tile-url="{escape(self.url)}" data-tile-attribution="{escape(self.attribution)}" '
                f'data-tile-max-zoom="{self.max_zoom}"')


def tile_server(settings: Settings) -> TileServer:
    return TileServer(url=settings.tile_url, attribution=settings.tile_attribution, max_zoom=settings.tile_max_zoom)
