#!/usr/bin/env python3
"""Check that every story's sources can still be read: python scripts/check_sources.py [--issue]

Asks each source address (front matter `sources[].url`) once, as a browser would (GET, following
redirects), and lists every link that is dead (404, 410, other errors, no answer) or has moved
for good (301, 308), each with its story and the Wayback Machine address to find the page's
archived copy. One request at a time to each site, with a pause between them; different sites
are asked at the same time. Every request names the site in its User-Agent.

Prints the report (Markdown) on standard output. With --issue, also keeps ONE GitHub issue up to
date with it, found by its label and created when missing, through the `gh` command (which
reads GH_TOKEN): edited when links are broken, closed when none are.

Only the standard library's urllib: a few hundred plain GETs, one thread per site, need no
connection pooling, retries or async, and a dependency would be one more thing to keep pinned
in a workflow that holds a token. Exit status: 0 checked (broken links or not), 2 wrong usage
or unreadable stories, 3 the issue could not be updated."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from storysite.stories.reading import parse_yaml, read_text, split_front_matter  # noqa: E402

LABEL = "sources: broken links"
ISSUE_TITLE = "Story sources that are dead or have moved"
WAYBACK = "https://web.archive.org/web/*/"
MOVED_FOR_GOOD = frozenset({301, 308})
FOLLOWED = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 20.0  # seconds for one request; a slow site is not a dead one
DEFAULT_PAUSE = 2.0  # seconds between two requests to the same site
MAX_SITES_AT_ONCE = 8
MAX_ISSUE_CHARS = 60_000


@dataclass(frozen=True)
class SourceLink:
    story: str  # 'stories/<slug>/index.md'
    story_title: str
    title: str
    url: str


@dataclass(frozen=True)
class Result:
    link: SourceLink
    ok: bool
    what: str  # Markdown for a maintainer: '404 Not Found', 'moved for good … to <https://…>', 'no answer within 20 s'
    moved_to: str | None = None


def source_links(stories_dir: Path, shown_dir: str = "stories") -> tuple[list[SourceLink], list[str]]:
    """Every source of every story folder (drafts too), read with the stories' own YAML reader;
    a story that cannot be read is named, not skipped silently."""
    links: list[SourceLink] = []
    problems: list[str] = []
    for index_md in sorted(stories_dir.glob("*/index.md")):
        shown = f"{shown_dir}/{index_md.parent.name}/index.md"
        text, errors = read_text(index_md, shown)
        split, errors = split_front_matter(text, shown) if text is not None else (None, errors)
        parsed, errors = parse_yaml(split.front_matter, shown, split.front_matter_line) if split else (None, errors)
        data = parsed.data if parsed is not None else None
        if not isinstance(data, dict):
            problems += [str(e) for e in errors] or [f"{shown}: has no front matter to read sources from."]
            continue
        title = str(data.get("title") or index_md.parent.name)
        for source in data.get("sources") or []:
            if isinstance(source, dict) and isinstance(source.get("url"), str):
                links.append(SourceLink(shown, title, str(source.get("title") or ""), source["url"].strip()))
    return links, problems


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by `check` itself, so that it sees each one (and only http(s))."""

    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _opener() -> urllib.request.OpenerDirector:
    # No proxy handler from the environment's settings beyond urllib's default; no cookies kept.
    return urllib.request.build_opener(_NoRedirects)


def check(link: SourceLink, user_agent: str, timeout: float, before_each: Callable[[], None] = lambda: None) -> Result:
    """One source asked for, redirects followed: the first answer that is not a redirect decides,
    and a permanent redirect on the way means the link has moved. `before_each` runs before
    every request, redirects included (the politeness pause)."""
    opener = _opener()
    url, permanent = link.url, False
    for _ in range(MAX_REDIRECTS + 1):
        before_each()
        if urlsplit(url).scheme not in ("http", "https"):
            return Result(link, False, f"redirects to an address that is not a web page ({_md(url[:80])})")
        request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "text/html,*/*"})
        try:
            with opener.open(request, timeout=timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status, location = error.code, error.headers.get("Location") if error.headers else None
            error.close()
            if status in FOLLOWED and location:
                permanent = permanent or status in MOVED_FOR_GOOD
                url = urljoin(url, location)
                continue
            after = f" (after a redirect to {_link(url)})" if url != link.url else ""
            return Result(link, False, f"{status} {_reason(status, error.reason)}{after}")
        except (TimeoutError, OSError, HTTPException, ValueError) as error:
            return Result(link, False, _failure(error, timeout))
        if permanent and not _same_page(link.url, url):
            return Result(link, False, f"moved for good (a permanent redirect) to {_link(url)}", url)
        return Result(link, True, str(status))
    return Result(link, False, f"more than {MAX_REDIRECTS} redirects")


def _same_page(first: str, final: str) -> bool:
    """A redirect that only adds a trailing slash or https is not worth a maintainer's time."""
    def bare(url: str) -> str:
        return re.sub(r"^https?://", "", url).rstrip("/")
    return bare(first) == bare(final)


def _reason(status: int, reason: object) -> str:
    names = {404: "Not Found", 410: "Gone", 403: "Forbidden", 500: "Internal Server Error",
             502: "Bad Gateway", 503: "Service Unavailable"}
    text = _md(str(reason or ""))  # the site's own words: shown as text
    return names.get(status, text or "error")


def _failure(error: BaseException, timeout: float) -> str:
    reason = getattr(error, "reason", error)
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return f"no answer within {timeout:g} s"
    return f"could not connect ({_md(str(reason)[:120]) or type(reason).__name__})"


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def check_all(links: list[SourceLink], user_agent: str, timeout: float = DEFAULT_TIMEOUT,
              pause: float = DEFAULT_PAUSE) -> list[Result]:
    """Every link checked once (an address shared by stories is asked once): one site's links one
    after another, sites side by side. Results in the order of `links`."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in dict.fromkeys(link.url for link in links):
        by_host[_host(url)].append(url)
    probe = {url: SourceLink("", "", "", url) for url in dict.fromkeys(link.url for link in links)}

    def one_site(urls: list[str]) -> dict[str, Result]:
        last: list[float] = []

        def spaced() -> None:  # a polite visitor: one request at a time, `pause` apart (redirects too)
            if last:
                time.sleep(max(0.0, last[0] + pause - time.monotonic()))
            last[:] = [time.monotonic()]
        return {url: check(probe[url], user_agent, timeout, spaced) for url in urls}

    answers: dict[str, Result] = {}
    if by_host:
        with ThreadPoolExecutor(max_workers=min(MAX_SITES_AT_ONCE, len(by_host))) as pool:
            for done in pool.map(one_site, [by_host[h] for h in sorted(by_host)]):
                answers.update(done)
    return [Result(link, answers[link.url].ok, answers[link.url].what, answers[link.url].moved_to) for link in links]


def report(results: list[Result]) -> str:
    """The issue's text: each broken link with its story, what happened, and where to look for
    an archived copy; the same results always give the same text."""
    broken = sorted((r for r in results if not r.ok), key=lambda r: (r.link.story, r.link.url))
    sites = len({_host(r.link.url) for r in results})
    lines = [f"Checked {len(results)} source link{'s' if len(results) != 1 else ''} on {sites} "
             f"site{'s' if sites != 1 else ''} (`scripts/check_sources.py`)."]
    if not broken:
        return "\n".join(lines + ["", "Every source answered. Nothing to fix."]) + "\n"
    lines += [f"{len(broken)} {'is' if len(broken) == 1 else 'are'} dead or {'has' if len(broken) == 1 else 'have'} "
              "moved. For each: open the story, find the page again (its new address, or its archived copy "
              "in the Wayback Machine), and change `url:` in the story's `sources:`. A moved page may "
              "only need its new address; check that it still says what the story cites.", ""]
    for story, group in _grouped(broken):
        lines.append(f"### `{story}`: {_md(group[0].link.story_title)}")
        lines.append("")
        for r in group:
            lines.append(f"- [ ] {_md(r.link.title) or 'Source'}: {_link(r.link.url)}")
            lines.append(f"  - {r.what}")
            lines.append(f"  - Wayback Machine: {_link(WAYBACK + r.link.url)}")
        lines.append("")
    text = "\n".join(lines).rstrip("\n") + "\n"
    if len(text) > MAX_ISSUE_CHARS:  # GitHub refuses an issue body over 65,536 characters
        cut = text.rfind("\n### ", 0, MAX_ISSUE_CHARS)
        text = text[:cut] + ("\n\nThe list goes on: run `python scripts/check_sources.py` to see every "
                             "broken link.\n")
    return text


def _grouped(results: list[Result]) -> list[tuple[str, list[Result]]]:
    groups: dict[str, list[Result]] = {}
    for r in results:
        groups.setdefault(r.link.story, []).append(r)
    return list(groups.items())


def _md(text: str) -> str:
    """Text from a story shown as text in the issue: no Markdown, HTML or @mentions it could make."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~@])", r"\\\1", " ".join(text.split()))


def _link(url: str) -> str:
    """An address as a Markdown autolink, with anything that could end it or make HTML escaped."""
    return "<" + quote(url, safe=":/?#[]@!$&'()*+,;=%~") + ">"


def update_issue(body: str, has_broken: bool, gh: str = "gh") -> None:
    """Keep one open issue with the label: edit it, create it when links are broken and there is
    none, close it (with the all-clear as its text) when none are."""
    subprocess.run([gh, "label", "create", LABEL, "--force", "--color", "d93f0b",
                    "--description", "Story sources that are dead or have moved"], check=True, capture_output=True)
    found = subprocess.run([gh, "issue", "list", "--label", LABEL, "--state", "open", "--limit", "1",
                            "--json", "number", "--jq", ".[].number"], check=True, capture_output=True, text=True)
    number = found.stdout.strip()
    if number:
        subprocess.run([gh, "issue", "edit", number, "--body", body], check=True, capture_output=True)
        if not has_broken:
            subprocess.run([gh, "issue", "close", number, "--comment", "Every source answers again."],
                           check=True, capture_output=True)
    elif has_broken:
        subprocess.run([gh, "issue", "create", "--title", ISSUE_TITLE, "--label", LABEL, "--body", body],
                       check=True, capture_output=True)


def site_address(config: Path) -> str:
    """mkdocs.yml's site_url (read as a line: the file has tags that a plain YAML load refuses)."""
    match = re.search(r"^site_url:\s*(\S+)", config.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1) if match else "https://github.com/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check_sources.py", description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=Path, default=REPO / "stories", help="the folder of story folders")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds to wait for one answer")
    parser.add_argument("--pause", type=float, default=DEFAULT_PAUSE, help="seconds between requests to one site")
    parser.add_argument("--issue", action="store_true", help="keep the GitHub issue up to date (needs gh and GH_TOKEN)")
    parser.add_argument("--gh", default="gh", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    links, problems = source_links(args.stories)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    user_agent = f"StoriesFromCommunityBritain-SourceCheck/1.0 (+{site_address(REPO / 'mkdocs.yml')})"
    results = check_all(links, user_agent, args.timeout, args.pause)
    body = report(results)
    sys.stdout.write(body)
    if args.issue:
        try:
            update_issue(body, any(not r.ok for r in results), args.gh)
        except (OSError, subprocess.CalledProcessError) as error:
            stderr = getattr(error, "stderr", b"") or b""
            print(f"could not update the issue: {error}\n{stderr.decode(errors='replace') if isinstance(stderr, bytes) else stderr}",
                  file=sys.stderr)
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
