"""Where a build's time goes, part by part (bench/scale.py --parts), beside bare Material's on the
same stories.

Each build runs in a process of its own (`scale.py --one-build`), in which MkDocs' plugin events,
its Markdown, its page templates and its file writing are timed from outside (wrapped, not
profiled, so the figures are the build's real wall-clock times), and the hook's larger steps
within them (a step the hook no longer has is left out). Pagefind runs as a process of its own:
its CPU is the children's CPU of the build."""

from __future__ import annotations

import collections
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from _lib import REPO

# The hook's steps worth naming, by the name hooks/mkdocs_hooks.py imports them under (a step it
# no longer has is left out of the table).
HOOK_STEPS = {
    "prepare": "reading and checking the stories and settings, grouping them into themes and places",
    "made_files": "the story, theme, place, map and numbers pages and files made from the stories",
    "site_stylesheet": "our stylesheet",
    "files_after_pages": "feeds (RSS, Atom, JSON Feed for the site and every theme and place) and embeds",
    "minify_in_place": "minifying our scripts",
    "write_pictures": "share cards and thumbnails, drawn or copied from the cache",
    "_index_search": "Pagefind's search index (wall; a process of its own, its CPU is below)",
}
PAGE_EVENTS = ("page_markdown", "page_content", "page_context", "post_page")


def one_build(project: Path, site: Path) -> dict:
    """Build `project` in this process with every part timed; the parts in seconds."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    import jinja2
    from mkdocs import plugins, utils
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.structure.pages import Page

    spent: collections.Counter[str] = collections.Counter()
    inside = {"event": None, "render": 0}

    def timed(key_of, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                key = key_of(*args, **kwargs)
                if key:
                    spent[key] += time.perf_counter() - start
        return wrapper

    run_event = plugins.PluginCollection.run_event

    def event(self, name, item=None, **kwargs):
        outer, inside["event"] = inside["event"], name
        try:
            return timed(lambda *a, **k: f"event {name}", run_event)(self, name, item, **kwargs)
        finally:
            inside["event"] = outer
    plugins.PluginCollection.run_event = event

    render = jinja2.Template.render

    def page_template(self, *args, **kwargs):  # MkDocs' own render of a page, outside any event
        inside["render"] += 1
        try:
            return render(self, *args, **kwargs)
        finally:
            inside["render"] -= 1
    jinja2.Template.render = timed(
        lambda self, *a, **k: "page templates" if inside["event"] is None and inside["render"] == 0 else None,
        page_template)
    # Counted only outside plugin events: a write or render inside one is that event's time.
    Page.render = timed(lambda *a, **k: "Markdown by MkDocs (every page's Markdown instance)"
                        if inside["event"] is None else None, Page.render)
    mkdocs_build.utils.write_file = timed(lambda *a, **k: "writing pages" if inside["event"] is None else None,
                                          utils.write_file)

    os.chdir(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    hooks = [module for module in list(sys.modules.values())
             if str(getattr(module, "__file__", "") or "").endswith("mkdocs_hooks.py")]
    if not hooks and "hooks:" in (project / "mkdocs.yml").read_text(encoding="utf-8"):
        raise SystemExit("the hook module (hooks/mkdocs_hooks.py) was not loaded by MkDocs' config")
    for module in hooks:
        for step in HOOK_STEPS:
            if hasattr(module, step):
                setattr(module, step, timed(lambda *a, _s=step, **k: f"step {_s} in {inside['event']}",
                                            getattr(module, step)))
    config.plugins.on_startup(command="build", dirty=False)
    start, cpu = time.perf_counter(), time.process_time()
    mkdocs_build.build(config)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            "children_cpu": children.ru_utime + children.ru_stime, "parts": dict(spent)}


def measure(project: Path, site: Path) -> dict:
    done = subprocess.run([sys.executable, str(REPO / "bench" / "scale.py"), "--one-build", str(project), str(site)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(site: dict, bare: dict) -> str:
    parts, bare_parts = site["parts"], bare["parts"]

    def step_time(p: dict, step: str) -> float:
        return sum(v for k, v in p.items() if k.startswith(f"step {step} in "))

    def inside_event(p: dict, event: str) -> float:
        """The event's time less the named steps that ran inside it."""
        return p.get(f"event {event}", 0.0) - sum(v for k, v in p.items()
                                                  if k.startswith("step ") and k.endswith(f" in {event}"))

    markdown = "Markdown by MkDocs (every page's Markdown instance)"
    rows = [(label, step_time(parts, step), 0.0) for step, label in HOOK_STEPS.items() if step_time(parts, step)]
    rows += [
        ("the rest of the start (the hook's settings and its list of files; the search plugin's)",
         inside_event(parts, "config") + inside_event(parts, "files"),
         inside_event(bare_parts, "config") + inside_event(bare_parts, "files")),
        ("Markdown by MkDocs (a Markdown instance per page; a story's body is already rendered)",
         parts.get(markdown, 0.0), bare_parts.get(markdown, 0.0)),
        ("the hook on each page (markers, story views, cards, page metadata)",
         sum(inside_event(parts, e) for e in PAGE_EVENTS), sum(inside_event(bare_parts, e) for e in PAGE_EVENTS)),
        ("page templates (Material's base.html, with story.html and the listings)",
         parts.get("page templates", 0.0), bare_parts.get("page templates", 0.0)),
        ("writing pages", parts.get("writing pages", 0.0), bare_parts.get("writing pages", 0.0)),
        ("the rest after the pages (the hook's post_build besides the steps above)",
         inside_event(parts, "post_build"), inside_event(bare_parts, "post_build")),
    ]
    named = sum(r[1] for r in rows)
    bare_named = sum(r[2] for r in rows)
    rows.append(("MkDocs itself: reading docs/, the navigation, copying the theme's files, other events",
                 site["wall"] - named, bare["wall"] - bare_named))
    lines = ["| part | this site | bare Material |", "| --- | ---: | ---: |"]
    lines += [f"| {label} | {mine:.1f} s | {theirs:.1f} s |" if theirs else f"| {label} | {mine:.1f} s | |"
              for label, mine, theirs in rows]
    lines.append(f"| **whole build, wall clock** | **{site['wall']:.1f} s** | **{bare['wall']:.1f} s** |")
    lines.append(f"| CPU of the build, its own + its child processes' | {site['cpu']:.1f} + {site['children_cpu']:.1f} s "
                 f"| {bare['cpu']:.1f} + {bare['children_cpu']:.1f} s |")
    lines.append("")
    lines.append(f"This site ÷ bare Material, wall: {site['wall'] / bare['wall']:.2f}x.")
    return "\n".join(lines)
