"""Headless Chromium (Debian's, driven by Playwright) against a site served on 127.0.0.1, with
axe-core for accessibility. Requests that would leave this machine are blocked and recorded."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# What axe-core checks: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium_path() -> str:
    """$CHROMIUM if set (e.g. on macOS), else Debian's chromium on the PATH."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Debian's chromium is not installed: run 'apt-get install -y chromium' "
                           "(make test does this for you), or set CHROMIUM to a Chromium binary.")
    return path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request (a test may subclass it to serve them otherwise)."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature set by http.server
        pass


@contextmanager
def serve(directory: Path, handler_class: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 and yield its base URL ('http://127.0.0.1:PORT/')."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


LAYOUT_SHIFTS = """(waitMs) => new Promise(resolve => {
  const shifts = [];
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) shifts.push(e.value); })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(shifts), waitMs);
})"""


def layout_shifts(page, wait_ms: int = 1500) -> list[float]:
    """The page's layout shifts not caused by the reader's input, so far and for `wait_ms` more."""
    return page.evaluate(LAYOUT_SHIFTS, wait_ms)


@dataclass
class OutsideRequests:
    """URLs a page tried to fetch from anywhere but 127.0.0.1 (each was aborted)."""

    urls: list[str] = field(default_factory=list)


def block_outside_requests(context) -> OutsideRequests:
    """Abort every request that would leave this machine, and remember it. Tests that expect a
    request (map tiles) add their own, more specific route, which Playwright tries first."""
    seen = OutsideRequests()

    def handle(route) -> None:
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            seen.urls.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    return seen


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.2 A and AA rules) on the page; each violation with the nodes it hit."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }""",
        WCAG_TAGS,
    )


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
                     for v in violations)


