"""The site's own stylesheet parses as its author meant: every block it opens is closed.

A brace lost when two changes to casebook.css are merged is not an error to a browser: the
rules after it silently become part of the block left open (an `@media print` block, say),
so a whole later section stops applying on screen and no other test names the cause."""

from __future__ import annotations

import re
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parents[3] / "theme/assets/casebook/casebook.css"
_COMMENTS_AND_STRINGS = re.compile(r"/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'", re.S)


def test_every_block_of_the_stylesheet_is_closed_where_it_should_be() -> None:
    code = _COMMENTS_AND_STRINGS.sub("", STYLESHEET.read_text(encoding="utf-8"))
    depth = 0
    for number, line in enumerate(code.splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"casebook.css line {number}: a block is closed that was never opened"
    assert depth == 0, f"casebook.css ends with {depth} block(s) left open"


def test_each_section_of_the_stylesheet_starts_outside_any_block() -> None:
    """Sections begin with a `/* ---- … ----` heading at the top level; one that starts
    inside a block means the section before it did not close."""
    text = STYLESHEET.read_text(encoding="utf-8")
    for match in re.finditer(r"^/\* ----", text, re.M):
        before = _COMMENTS_AND_STRINGS.sub("", text[:match.start()])
        assert before.count("{") == before.count("}"), (
            f"casebook.css: the section at line {text.count(chr(10), 0, match.start()) + 1} "
            "starts inside an open block")
