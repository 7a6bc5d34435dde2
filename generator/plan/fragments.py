"""HTML fragments rendered by the core with autoescaping Jinja.

Every value from a case is escaped here, before any page sees it; the theme only places the
finished fragments. MkDocs' own template environment does not autoescape, so no case value
is ever handed to it raw.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from casebook.plan.markdown_text import md_text, tooltip
from casebook.plan.plurals import counted


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("casebook", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=False,
        # The templates are part of the package: never look at their files again (by
        # default Jinja checks each template's modification time on every render).
        auto_reload=False,
    )
    env.filters["md"] = md_text  # Markdown templates escape for Markdown instead
    env.filters["tooltip"] = tooltip
    env.filters["counted"] = counted  # {{ n | counted("case") }}: "1 case", "2 cases"
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def script_json(data: Any) -> Markup:
    """JSON safe to place inside <script type="application/json">: no '<', '>' or '&'."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # escaped above for the script context
