"""Where a story page's "Report a problem with this story" link goes: the repository's "Report a
problem" issue form (.github/ISSUE_TEMPLATE/report-a-problem.yml) with the story filled in, or,
while the site has no repository (mkdocs.yml's repo_url unset), the About page's section on
reporting a problem, which says how else to reach us."""

from __future__ import annotations

from urllib.parse import urlencode, urlparse

from ..routes import relative_url

REPORT_FORM = "report-a-problem.yml"
ABOUT_URL = "about/"
ABOUT_SECTION = "report-a-problem"  # the id of the About page's "## Report a problem" heading
TITLE_PREFIX = "Problem: "


def report_problem_href(repo_url: str | None, story_address: str, story_title: str, page_url: str) -> str:
    """The link for one story page at `page_url` ('stories/x/'). Issue forms are GitHub's, so
    only a github.com repository gets one; GitHub fills a form's fields from the query string
    (the field's id = its value), so the reader does not have to copy the story's address."""
    repository = (repo_url or "").strip()
    if urlparse(repository).hostname not in ("github.com", "www.github.com"):
        return f"{relative_url(page_url, ABOUT_URL)}#{ABOUT_SECTION}"
    query = urlencode({"template": REPORT_FORM, "title": TITLE_PREFIX + story_title, "story": story_address})
    return f"{repository.rstrip('/')}/issues/new?{query}"
