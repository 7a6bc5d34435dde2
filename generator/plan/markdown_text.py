"""Putting contributor text into generated Markdown without it becoming markup."""

from __future__ import annotations

import html
import re

from casebook.library.urls import link_address

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md_text(text: str) -> str:
    """Text that Markdown shows as written: HTML escaped, Markdown punctuation backslashed."""
    escaped = html.escape(text.replace("\n", " ").strip(), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def md_link(label: str, url: str) -> str:
    return f"[{md_text(label)}]({link_address(url)})"


def tooltip(text: str) -> str:
    """Text for a `title` attribute. Material's content.tooltips puts a title into the page
    as HTML, so escaping the attribute is not enough: no angle bracket may reach it."""
    return str(text).replace("<", "").replace(">", "")
