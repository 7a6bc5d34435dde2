"""The page of diagnostic codes, docs/diagnostics.md, generated from the catalogue.

    python -m casebook.diagnostics.doctable > docs/diagnostics.md

generator/diagnostics/catalogue.py holds the one list of codes; this renders it as a Markdown
table, and tests/unit/diagnostics/test_docs.py fails whenever the committed page and the
catalogue disagree.
"""

from __future__ import annotations

import sys

from casebook.diagnostics.catalogue import CATALOGUE

REGENERATE = "python -m casebook.diagnostics.doctable > docs/diagnostics.md"

_HEADER = f"""\
<!-- Generated from generator/diagnostics/catalogue.py by `{REGENERATE}`. Do not edit by hand. -->

# Diagnostic codes

Every problem that `casebook validate` finds has a code, shown with the file, the line and
the column it is about. A code never changes its meaning, so it is safe to search for one or
to filter on it. Errors stop a case from being published; warnings are reported but do not,
unless `casebook validate --strict` is used.

| code | severity | what it means | what to do |
| --- | --- | --- | --- |
"""

# Characters that would end a table cell, start an HTML tag or emphasis, or start a link.
_ESCAPES = str.maketrans({"|": "\\|", "*": "\\*", "_": "\\_", "<": "&lt;", ">": "&gt;",
                          "[": "\\[", "]": "\\]", "`": "\\`"})


def _cell(text: str) -> str:
    return " ".join(text.split()).translate(_ESCAPES)


def render_codes_table() -> str:
    """The whole page: a note on how it is made, a short introduction, and one row per code."""
    rows = [f"| `{code.code}` | {code.severity} | {_cell(code.title)} | {_cell(code.hint)} |"
            for code in CATALOGUE.values()]
    return _HEADER + "\n".join(rows) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_codes_table())
