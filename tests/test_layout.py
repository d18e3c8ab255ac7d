"""The domain package's layout: every module imports, says its one job in its first line, never
imports MkDocs, builds no HTML, and the import graph (modules and packages) has no cycles."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

from storysite.settings import Settings

PACKAGE = Path(__file__).resolve().parent.parent / "hooks" / "storysite"


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(name: str, path: Path) -> set[str]:
    """The storysite modules `name` imports (relative imports resolved)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def graph(nodes) -> dict[str, set[str]]:
    all_modules = modules()
    edges: dict[str, set[str]] = {}
    for name, path in all_modules.items():
        src = nodes(name)
        for target in imports_of(name, path):
            if target in all_modules and nodes(target) != src:
                edges.setdefault(src, set()).add(nodes(target))
    return edges


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return trail + [node, nxt]
            if nxt not in state and (found := visit(nxt, trail + [node])):
                return found
        state[node] = 2
        return None

    return next((found for node in sorted(edges) if node not in state and (found := visit(node, []))), None)


def test_every_module_imports_and_says_its_job_first():
    for name, path in modules().items():
        module = importlib.import_module(name)
        assert module.__doc__ and module.__doc__.split("\n")[0].strip(), f"{path}: no docstring"


def test_the_domain_imports_nothing_from_mkdocs_and_builds_no_html():
    for name, path in modules().items():
        assert not any(i.split(".")[0] in ("mkdocs", "material", "jinja2") for i in imports_of(name, path)), path
        code = [n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        docstrings = {node.body[0].value.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        markup = [text for text in code if text not in docstrings and re.search(r"<[a-z]", text)
                  and text != Settings.tile_attribution]  # a setting's default (the maintainers' HTML), not markup built here
        assert not markup, f"{path}: HTML built in Python: {markup}"


def test_no_import_cycles_between_modules_or_packages():
    assert cycle(graph(lambda name: name)) is None
    # Packages as one node each (top-level modules stay on their own).
    packages = graph(lambda name: name if name.count(".") < 2 else ".".join(name.split(".")[:2]))
    assert cycle(packages) is None, cycle(packages)
