"""Preview speed: with `mkdocs serve` (what `make serve` runs), the time from saving a
story to the server giving back its updated page. Wall clock, median of three saves."""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from _lib import REPO  # noqa: F401 - puts tests/ on the path
from sitebuild import build_env


def page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_until(check, limit: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if check():
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit("the preview did not show the change in time")


def serve_rebuild_seconds(project: Path, saves: int = 3) -> tuple[float, float, list[float]]:
    """(first build, median save-to-updated-page, each save) for the project in `project`; its
    story files are edited."""
    count = sum(1 for p in (project / "stories").iterdir() if p.is_dir())
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                               "-f", str(project / "mkdocs.yml")], cwd=project, env=build_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(iter(server.stdout.readline, "")), daemon=True).start()
    try:
        story = sorted(p for p in (project / "stories").iterdir() if p.is_dir())[count // 2]
        url = f"http://127.0.0.1:{port}/stories/{story.name}/"
        wait_until(lambda: "Serving on" in "".join(log) and bool(page_text(url)), 1800)
        first = time.perf_counter() - started
        times = []
        for n in range(saves):
            sentence = f"Saved for the preview benchmark, time {n}."
            index = story / "index.md"
            index.write_text(index.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
            times.append(wait_until(lambda: sentence in page_text(url), 600))
            time.sleep(2)  # let the server settle before the next save
    finally:
        server.terminate()
        server.wait(timeout=60)
    return first, statistics.median(times), times

