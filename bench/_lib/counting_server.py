"""Serve a built site on 127.0.0.1 as GitHub Pages would, and log the bytes the server sends.

Benchmarks count what left the server (headers and body, after compression), not what the
browser reports: a browser's responses include re-reads from its own cache. With `gzip=True`
the text types GitHub Pages' CDN compresses are sent gzip-compressed when the client asks."""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Types GitHub Pages (through its CDN) sends compressed; .geojson is not among them.
COMPRESSED_TYPES = frozenset({
    "text/html", "text/css", "text/plain", "text/xml", "text/javascript", "application/javascript",
    "application/x-javascript", "application/json", "application/xml", "image/svg+xml",
    "image/vnd.microsoft.icon", "font/otf", "font/ttf", "application/vnd.ms-fontobject",
})
EXTRA_TYPES = {".geojson": "application/geo+json", ".js": "application/javascript",
               ".webmanifest": "application/manifest+json", ".xml": "application/xml"}


@dataclass(frozen=True)
class Sent:
    path: str
    status: int
    bytes: int  # everything written to the socket for this response: headers and body
    body: int  # body bytes as sent (compressed when gzip was used)


@dataclass
class Log:
    """Every response the server sent, in order; `mark()` starts a new measurement."""

    sent: list[Sent] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, item: Sent) -> None:
        with self.lock:
            self.sent.append(item)

    def mark(self) -> int:
        with self.lock:
            return len(self.sent)

    def since(self, mark: int) -> list[Sent]:
        with self.lock:
            return list(self.sent[mark:])


class _CountingWriter:
    def __init__(self, raw) -> None:
        self.raw, self.count = raw, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()

    def __getattr__(self, name: str):
        return getattr(self.raw, name)


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real host
    site: Path
    log: Log
    compress: bool

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature set by http.server
        pass

    def _file_for(self, url_path: str) -> tuple[Path | None, str | None]:
        """(file, redirect) for a URL path, as GitHub Pages resolves directory URLs."""
        relative = unquote(url_path).lstrip("/")
        target = (self.site / relative).resolve()
        if self.site not in target.parents and target != self.site:
            return None, None
        if target.is_dir():
            if not url_path.endswith("/"):
                return None, url_path + "/"
            target = target / "index.html"
        return (target, None) if target.is_file() else (None, None)

    def _respond(self, send_body: bool) -> None:
        start = self.wfile.count
        url_path = urlsplit(self.path).path
        target, redirect = self._file_for(url_path)
        if redirect:
            status, body, ctype = 301, b"", "text/html"
        elif target is None:
            missing = self.site / "404.html"
            status, ctype = 404, "text/html"
            body = missing.read_bytes() if missing.is_file() else b"Not found"
        else:
            status, body = 200, target.read_bytes()
            suffix = target.suffix.lower()
            ctype = EXTRA_TYPES.get(suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        gzipped = (self.compress and ctype in COMPRESSED_TYPES and body
                   and "gzip" in self.headers.get("Accept-Encoding", ""))
        if gzipped:
            body = gzip.compress(body, 6, mtime=0)
        self.send_response(status)
        if redirect:
            self.send_header("Location", redirect)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if send_body:
            self.wfile.write(body)
        self.wfile.flush()
        self.log.add(Sent(url_path, status, self.wfile.count - start, len(body) if send_body else 0))

    def do_GET(self) -> None:  # noqa: N802 - name set by http.server
        self._respond(True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(False)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # Chromium opens spare connections ahead and drops them unused: not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_counted(site: Path, gzip_like_pages: bool = False) -> Iterator[tuple[str, Log]]:
    """Serve `site` on 127.0.0.1; yield its base URL and the log of what was sent."""
    log = Log()
    handler = type("Handler", (_Handler,), {"site": Path(site).resolve(), "log": log,
                                            "compress": gzip_like_pages})
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", log
    finally:
        server.shutdown()
        server.server_close()

