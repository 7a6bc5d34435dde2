"""docs/diagnostics.md is generated from the catalogue of codes, and kept in step with it."""

from __future__ import annotations

import re

from casebook.diagnostics.catalogue import CATALOGUE
from casebook.diagnostics.doctable import REGENERATE, render_codes_table
from tests.helpers.library import ROOT

PAGE = ROOT / "docs" / "diagnostics.md"


def test_the_codes_page_is_the_generated_table():
    """A code added or changed in diagnostics/catalogue.py must be regenerated into the docs."""
    assert PAGE.read_text(encoding="utf-8") == render_codes_table(), (
        f"docs/diagnostics.md is out of date; run: {REGENERATE}")


def test_the_page_says_how_to_regenerate_it_on_its_first_line():
    """Whoever opens the file learns at once not to edit it by hand."""
    first = render_codes_table().splitlines()[0]
    assert first.startswith("<!--") and REGENERATE in first and first.endswith("-->")


def test_the_table_has_one_row_per_code_in_catalogue_order():
    """Code, severity, title and hint of every code, none left out or repeated."""
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (error|warning) \| ", render_codes_table(),
                      re.MULTILINE)
    assert rows == [(code.code, str(code.severity)) for code in CATALOGUE.values()]


def test_cells_cannot_break_the_table_or_turn_into_markup():
    """A '|' ends a cell and '*' starts emphasis, so both are escaped; every row has 4 cells."""
    table = [line for line in render_codes_table().splitlines() if line.startswith("| `")]
    for line in table:
        assert len(re.split(r"(?<!\\)\|", line)) == 6, line
    assert "'\\*' aliases" in render_codes_table()
