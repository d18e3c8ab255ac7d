"""scripts/check_sources.py against a local HTTP server on 127.0.0.1 that answers 200, 301, 302,
404, 410 and 500, and never (a timeout): the report lists each dead or moved link with its story
and its Wayback Machine address, one site is asked one request at a time, and nothing is sent
anywhere but that server and the `gh` command."""

from __future__ import annotations

import select
import socket
import stat
import sys
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

import check_sources
from storyfiles import VALID_STORY, new_stories_folder, write_story

TIMEOUT = 0.5
SLEEP = 3 * TIMEOUT  # how long /never waits before it would answer


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, str]] = []  # (host header, path, user agent)
        self.started: dict[str, list[float]] = defaultdict(list)
        self.active: dict[str, int] = defaultdict(int)
        self.most_at_once: dict[str, int] = defaultdict(int)
        self.most_overall = 0


def handler_for(recorder: Recorder):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            host = self.headers.get("Host", "").split(":")[0]
            with recorder.lock:
                recorder.requests.append((host, self.path, self.headers.get("User-Agent", "")))
                recorder.started[host].append(time.monotonic())
                recorder.active[host] += 1
                recorder.most_at_once[host] = max(recorder.most_at_once[host], recorder.active[host])
                recorder.most_overall = max(recorder.most_overall, sum(recorder.active.values()))
            try:
                self.answer()
            finally:
                with recorder.lock:
                    recorder.active[host] -= 1

        def answer(self) -> None:
            path = self.path.split("?")[0]
            if path == "/never":  # silent until the client gives up (closes), or SLEEP has passed
                deadline = time.monotonic() + SLEEP
                while time.monotonic() < deadline:
                    readable, _, _ = select.select([self.connection], [], [], 0.02)
                    if readable and not self.connection.recv(1, socket.MSG_PEEK):
                        return
                return
            time.sleep(0.05)  # long enough for two requests to one site to overlap, if they could
            redirects = {"/moved": (301, "/new-home"), "/moved-308": (308, "/new-home"),
                         "/temporary": (302, "/for-now"), "/slash": (301, "/slash/"), "/moved-dead": (301, "/gone")}
            if path in redirects:
                status, location = redirects[path]
                self.send_response(status)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = {"/ok": 200, "/new-home": 200, "/for-now": 200, "/slash/": 200, "/other-ok": 200,
                      "/missing": 404, "/gone": 410, "/broken": 500}.get(path, 404)
            body = b"<p>hello</p>"
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
    return Handler


@pytest.fixture
def server():
    recorder = Recorder()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(recorder))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], recorder
    httpd.shutdown()
    httpd.server_close()


def story_with_sources(title: str, sources: list[tuple[str, str]]) -> str:
    listed = "".join(f"  - title: {name}\n    url: {url}\n" for name, url in sources)
    head, rest = VALID_STORY.split("sources:\n", 1)
    rest = rest.split("---\n", 1)[1]
    return head.replace("A hall for Llanfair", title) + "sources:\n" + listed + "---\n" + rest


@pytest.fixture
def stories(tmp_path, server, monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)  # requests go straight to the test's server
    port, _ = server
    one, two = f"http://127.0.0.1:{port}", f"http://localhost:{port}"  # two site names, one server
    folder = new_stories_folder(tmp_path)
    write_story(folder, "the-hall", story_with_sources("The hall", [
        ("Fine", f"{one}/ok"), ("Moved page", f"{one}/moved"), ("Gone page", f"{one}/gone"),
        ("Missing page", f"{one}/missing"), ("Trailing slash", f"{one}/slash"), ("Temporary", f"{one}/temporary"),
    ]))
    write_story(folder, "the-pub", story_with_sources("The pub *and* <its> [regulars] @everyone", [
        ("Broken server", f"{two}/broken"), ("Silent server", f"{two}/never"), ("Fine too", f"{two}/other-ok"),
        ("Moved then dead", f"{two}/moved-dead"), ("Moved (308)", f"{two}/moved-308"), ("Same as the hall's", f"{one}/ok"),
    ]))
    return folder


def run(capsys, *args: str, pause: float = 0) -> tuple[int, str, str]:
    status = check_sources.main([*args, "--timeout", str(TIMEOUT), "--pause", str(pause)])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_report_lists_each_dead_or_moved_link_with_its_story_and_archive(capsys, stories, server):
    port, recorder = server
    started = time.monotonic()
    status, out, err = run(capsys, "--stories", str(stories))
    assert time.monotonic() - started < 10  # bounded: the silent server costs one short timeout
    assert status == 0, err
    one, two = f"http://127.0.0.1:{port}", f"http://localhost:{port}"
    assert out.startswith("Checked 12 source links on 2 sites")
    assert "7 are dead or have moved." in out
    expected = {
        f"{one}/moved": f"moved for good (a permanent redirect) to <{one}/new-home>",
        f"{one}/gone": "410 Gone",
        f"{one}/missing": "404 Not Found",
        f"{two}/broken": "500 Internal Server Error",
        f"{two}/never": f"no answer within {TIMEOUT:g} s",
        f"{two}/moved-dead": f"410 Gone (after a redirect to <{two}/gone>)",
        f"{two}/moved-308": f"moved for good (a permanent redirect) to <{two}/new-home>",
    }
    for url, what in expected.items():
        block = out.split(f"<{url}>\n", 1)[1].split("\n- [ ]", 1)[0]
        assert f"  - {what}\n" in block + "\n", (url, block)
        assert f"  - Wayback Machine: <https://web.archive.org/web/*/{url}>" in block, block
    for fine in ("/ok>", "/other-ok>", "/slash>", "/temporary>"):
        assert fine not in out, fine
    # Each story is named by its file and title; its text cannot make Markdown, HTML or mentions.
    assert "### `stories/the-hall/index.md`: The hall\n" in out
    assert r"### `stories/the-pub/index.md`: The pub \*and\* \<its\> \[regulars\] \@everyone" in out
    assert "- [ ] Gone page: <" in out


def test_one_request_at_a_time_per_site_named_in_the_user_agent(capsys, stories, server):
    _, recorder = server
    run(capsys, "--stories", str(stories), pause=0.2)
    assert recorder.most_at_once == {"127.0.0.1": 1, "localhost": 1}
    assert recorder.most_overall == 2  # the two sites were asked side by side
    for host, times in recorder.started.items():  # and each one's requests spaced out, 0.2 s apart
        # (first to last, as the server's threads start each request a little late or early)
        assert times[-1] - times[0] >= 0.2 * (len(times) - 1) - 0.05, (host, times)
    paths = [path for _, path, _ in recorder.requests]
    assert paths.count("/ok") == 1  # an address two stories cite is asked once
    assert {agent for _, _, agent in recorder.requests} == {
        "StoriesFromCommunityBritain-SourceCheck/1.0 (+https://stories.communitybritain.example/)"}


def test_nothing_is_sent_anywhere_but_the_sources_and_gh(capsys, stories, server, tmp_path, monkeypatch):
    port, _ = server
    connected: list[object] = []
    real_connect = socket.socket.connect

    def recording_connect(self, address):
        connected.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", recording_connect)
    gh_log = tmp_path / "gh.log"
    gh = tmp_path / "gh"
    # A stand-in for GitHub's CLI: records its arguments; no issue exists yet.
    gh.write_text(f"#!{sys.executable}\nimport sys\nopen({str(gh_log)!r}, 'a').write(repr(sys.argv[1:]) + '\\n')\n",
                  encoding="utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    status, out, _ = run(capsys, "--stories", str(stories), "--issue", "--gh", str(gh))
    assert status == 0
    assert {address[0] for address in connected} <= {"127.0.0.1", "::1"}
    assert {address[1] for address in connected} == {port}
    calls = [eval(line) for line in gh_log.read_text(encoding="utf-8").splitlines()]  # noqa: S307 - our own log
    assert [call[:2] for call in calls] == [["label", "create"], ["issue", "list"], ["issue", "create"]]
    create = calls[2]
    assert create[create.index("--label") + 1] == check_sources.LABEL
    assert create[create.index("--body") + 1] == out  # the issue says what the report says


def fake_gh(tmp_path: Path, open_issue: str) -> tuple[Path, Path]:
    log = tmp_path / "gh.log"
    gh = tmp_path / "gh"
    gh.write_text(f"#!{sys.executable}\nimport sys\nopen({str(log)!r}, 'a').write(repr(sys.argv[1:]) + '\\n')\n"
                  f"if sys.argv[1:3] == ['issue', 'list']: print({open_issue!r})\n", encoding="utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    return gh, log


def test_the_open_issue_is_edited_not_duplicated(tmp_path):
    gh, log = fake_gh(tmp_path, "17")
    check_sources.update_issue("body text\n", True, str(gh))
    calls = [eval(line) for line in log.read_text(encoding="utf-8").splitlines()]  # noqa: S307
    assert calls[1][:2] == ["issue", "list"] and "open" in calls[1]
    assert calls[2] == ["issue", "edit", "17", "--body", "body text\n"]
    assert len(calls) == 3


def test_when_every_link_answers_the_issue_is_closed_and_none_is_opened(tmp_path):
    gh, log = fake_gh(tmp_path, "17")
    check_sources.update_issue("all clear\n", False, str(gh))
    calls = [eval(line) for line in log.read_text(encoding="utf-8").splitlines()]  # noqa: S307
    assert [c[:3] for c in calls[2:]] == [["issue", "edit", "17"], ["issue", "close", "17"]]
    (tmp_path / "gh.log").unlink()
    gh, log = fake_gh(tmp_path, "")
    check_sources.update_issue("all clear\n", False, str(gh))
    calls = [eval(line) for line in log.read_text(encoding="utf-8").splitlines()]  # noqa: S307
    assert [c[:2] for c in calls] == [["label", "create"], ["issue", "list"]]


def test_a_failing_gh_is_reported_without_a_traceback(capsys, tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "empty", story_with_sources("Nothing", []).replace("sources:\n", ""))
    gh = tmp_path / "gh"
    gh.write_text("#!/bin/sh\necho 'HTTP 403: Resource not accessible by integration' >&2\nexit 1\n", encoding="utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    status, out, err = run(capsys, "--stories", str(folder), "--issue", "--gh", str(gh))
    assert status == 3
    assert "could not update the issue" in err and "Resource not accessible" in err
    assert "Traceback" not in err
    assert out == "Checked 0 source links on 0 sites (`scripts/check_sources.py`).\n\nEvery source answered. Nothing to fix.\n"


def test_the_same_results_give_the_same_report(capsys, stories, server):
    first = run(capsys, "--stories", str(stories))[1]
    assert run(capsys, "--stories", str(stories))[1] == first


def test_the_real_stories_sources_are_all_read():
    links, problems = check_sources.source_links(Path(check_sources.REPO) / "stories")
    assert problems == []
    assert len(links) >= len(list((Path(check_sources.REPO) / "stories").glob("*/index.md")))
    assert all(link.url.startswith("https://") for link in links)



def test_the_workflow_runs_monthly_and_by_hand_with_least_privilege():
    path = Path(check_sources.REPO) / ".github" / "workflows" / "check-sources.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    on = data.pop(True)  # YAML 1.1 reads the key `on` as true
    assert set(on) == {"schedule", "workflow_dispatch"}  # no event that carries outside input
    [schedule] = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit() and day.isdigit() and (month, weekday) == ("*", "*")
    assert data["permissions"] == {}
    [job] = data["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    assert job["timeout-minutes"] <= 60
    [checkout] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["persist-credentials"] is False
    [run] = [s for s in job["steps"] if "check_sources.py" in s.get("run", "")]
    assert "--issue" in run["run"] and "${{" not in run["run"]
    assert run["env"]["GH_TOKEN"] == "${{ github.token }}"
