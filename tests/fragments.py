"""The fragment templates under overrides/partials/, rendered as the hook renders them: a Jinja
environment over the theme's folders (overrides first, then Material's), autoescaped."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import material

REPO = Path(__file__).resolve().parent.parent
ENV = jinja2.Environment(loader=jinja2.FileSystemLoader([REPO / "overrides", Path(material.__file__).parent / "templates"]),
                         autoescape=True)


def render(template: str, context: Mapping[str, Any]) -> str:
    return ENV.get_template(template).render(context)
