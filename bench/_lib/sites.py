"""The sites the benchmarks measure: this site with the real or N synthetic stories, a
Material blog built from the same stories, and where each page type lives in a built site."""

from __future__ import annotations

from pathlib import Path

from _lib import REPO  # noqa: F401 - puts tests/ and scripts/ on the path
from sitebuild import copy_project, run_build
from synthetic_stories import generate

PAGE_TYPES = ("home", "Stories", "story", "Themes", "theme", "Places", "nation", "region", "Map",
              "Subscribe", "Data", "Contribute")

# Material's blog and tags plugins over the same stories: the nearest ready-made alternative.
BLOG_CONFIG = """site_name: Material blog baseline
site_url: https://blog.example.org/
theme:
  name: material
  font: false
  features:
    - navigation.instant
plugins:
  - search
  - blog
  - tags
"""


def without_cards(project: Path) -> Path:
    """The project with `share_cards: false`: the same build, no share cards or thumbnails."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "    folder: stories\n" not in text:  # the benchmark would otherwise time cards it says are off
        raise SystemExit(f"{config}: no '    folder: stories' line to add 'share_cards: false' after")
    config.write_text(text.replace("    folder: stories\n", "    folder: stories\n    share_cards: false\n"),
                      encoding="utf-8")
    return project


def build(project: Path, site: Path) -> Path:
    built = run_build(project, site)
    if built.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{built.output[-4000:]}")
    return site


def this_site(work: Path, stories: int | None) -> Path:
    """This site built with the real stories (None) or with `stories` synthetic ones."""
    label = "real" if stories is None else str(stories)
    if (work / f"site-{label}" / "index.html").is_file():  # built earlier in this work folder
        return work / f"site-{label}"
    folder = None if stories is None else generate(work / f"stories-{label}", stories)
    return build(copy_project(work / f"project-{label}", folder), work / f"site-{label}")


def _front_and_body(text: str) -> tuple[dict, str]:
    import yaml

    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def blog_site(work: Path, stories: int) -> Path:
    """Material's blog (with tags) with the same synthetic stories as posts."""
    if (work / f"blog-site-{stories}" / "index.html").is_file():  # built earlier in this work folder
        return work / f"blog-site-{stories}"
    folder = work / f"stories-{stories}"
    if not folder.is_dir():
        generate(folder, stories)
    return build(write_blog_project(work / f"blog-{stories}", folder), work / f"blog-site-{stories}")


# The RSS plugin (mkdocs-rss-plugin, `pip install -e '.[bench]'`) over the blog's posts, dated from
# their front matter: Material's blog has no feed of its own.
RSS_PLUGIN = """  - rss:
      match_path: blog/posts/.*
      date_from_meta:
        as_creation: date
      length: 50
"""


def write_blog_project(project: Path, folder: Path, rss: bool = False) -> Path:
    """A Material blog project whose posts are the stories in `folder` (written once)."""
    if (project / "mkdocs.yml").is_file():
        return project
    posts = project / "docs" / "blog" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (project / "docs" / "index.md").write_text("# Material blog baseline\n", encoding="utf-8")
    (project / "docs" / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    for story in sorted(p for p in folder.iterdir() if p.is_dir()):
        meta, body = _front_and_body((story / "index.md").read_text(encoding="utf-8"))
        themes = ", ".join(meta["themes"])
        (posts / f"{story.name}.md").write_text(
            f"---\ndate: {meta['date']}\ncategories: [{themes}]\ntags: [{themes}]\n---\n\n"
            f"# {meta['title']}\n\n{meta['summary']}\n\n<!-- more -->\n{body}", encoding="utf-8")
    (project / "mkdocs.yml").write_text(BLOG_CONFIG + (RSS_PLUGIN if rss else ""), encoding="utf-8")
    return project


def _first_dir(folder: Path) -> str:
    found = sorted(p.name for p in folder.iterdir() if p.is_dir() and (p / "index.html").is_file())
    if not found:
        raise SystemExit(f"no page under {folder}")
    return found[0]


def page_paths(site: Path) -> dict[str, str]:
    """Site-relative URL of one page of each type (the first in name order where there are many)."""
    nation = "england" if (site / "places" / "england").is_dir() else _first_dir(site / "places")
    return {
        "home": "", "Stories": "stories/", "story": f"stories/{_first_dir(site / 'stories')}/",
        "Themes": "themes/", "theme": f"themes/{_first_dir(site / 'themes')}/",
        "Places": "places/", "nation": f"places/{nation}/",
        "region": f"places/{nation}/{_first_dir(site / 'places' / nation)}/",
        "Map": "map/", "Subscribe": "subscribe/", "Data": "data/", "Contribute": "contribute/",
    }


def blog_post_path(site: Path) -> str:
    """The first post of a built Material blog (blog/YYYY/MM/DD/slug/)."""
    posts = sorted(p.parent for p in (site / "blog").glob("20*/*/*/*/index.html"))
    if not posts:
        raise SystemExit(f"no blog post under {site / 'blog'}")
    return posts[0].relative_to(site).as_posix() + "/"
