"""Replace one marked section of bench/README.md, so a benchmark rerun rewrites its own dated
table and leaves the rest of the page alone."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "README.md"


def write_section(name: str, markdown: str, doc: Path = DOC) -> None:
    """Put `markdown` between <!-- benchmark:NAME:start --> and :end markers (appended if absent)."""
    start, end = f"<!-- benchmark:{name}:start -->", f"<!-- benchmark:{name}:end -->"
    text = doc.read_text(encoding="utf-8")
    block = f"{start}\n{markdown.strip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    doc.write_text(text, encoding="utf-8")
