"""generator/sourcefile.py: reading a case file as text, and the control characters in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.sourcefile import _CONTROL, _holds_a_control, read_text

# Text from every range the check cares about: controls of each kind, the characters beside
# them, line breaks, and ordinary letters in and out of ASCII.
_NEAR = st.sampled_from("\x00\x08\t\n\x0b\x0c\r\x0e\x1f\x7f\x80\x85\x9f\xa0\u2027\u2028"
                        "\u2029\u202a\ufeff\ufffd\ufffe\uffff\U0001f600aé“")


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.text(st.one_of(_NEAR, st.characters(codec="utf-8")), max_size=60))
def test_the_quick_look_at_the_bytes_agrees_with_the_expression(text):
    """The bytes hold a control exactly when the text does."""
    assert _holds_a_control(text.encode()) == bool(_CONTROL.search(text))


@pytest.mark.parametrize(("content", "line", "col"), [
    ("---\ntitle: “A” \u2028 b\n", 2, 12),  # columns count characters, not bytes
    ("plain\nascii \x1b[31m\n", 2, 7),
    ("\ufeffbom\r\nthen \x85\n", 2, 6),
])
def test_a_control_character_is_reported_where_it_is(tmp_path: Path, content, line, col):
    path = tmp_path / "c.md"
    path.write_bytes(content.encode())
    text, problems = read_text(path)
    assert text is None
    assert [(d.code, d.line, d.col) for d in problems] == [("control-character", line, col)]


def test_text_without_controls_is_read_with_line_endings_made_plain(tmp_path: Path):
    path = tmp_path / "c.md"
    path.write_bytes("\ufeffa “quoted” line\r\nnext\rlast\u00a0\n".encode())
    assert read_text(path) == ("a “quoted” line\nnext\nlast\u00a0\n", [])
