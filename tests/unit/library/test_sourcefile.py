"""library/sourcefile.py: reading a case file as text, and the control characters in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.library.sourcefile import _CONTROL, MAX_LISTED, _holds_a_control, read_text

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


# ---------------------------------------------------------------- bidirectional and invisible


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
                                  "\u2067", "\u2068", "\u2069", "\u200b", "\u200c", "\u200d",
                                  "\u200e", "\u200f", "\u061c", "\u2060", "\u2063", "\u2064",
                                  "\ufeff"])
def test_a_bidirectional_or_invisible_character_is_refused_with_its_code_point(
        tmp_path: Path, char: str):
    """Issue 13, class 11: each is refused, named by code point, line and column."""
    path = tmp_path / "c.md"
    path.write_text(f"---\ntitle: by 70% {char}x\n---\n", "utf-8")
    text, problems = read_text(path)
    assert text is None
    assert [(d.code, d.line, d.col) for d in problems] == [("invisible-character", 2, 15)]
    assert f"U+{ord(char):04X}" in problems[0].message
    assert "line 2, column 15" in problems[0].message


def test_a_joiner_between_two_emoji_or_letters_outside_ascii_is_allowed(tmp_path: Path):
    """A zero-width joiner makes one emoji of two; a non-joiner is spelling in some scripts."""
    path = tmp_path / "c.md"
    content = ("Nurse \U0001f469\u200d\u2695\ufe0f and "
               "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645\n")
    path.write_text(content, "utf-8")
    assert read_text(path) == (content, [])


def test_every_invisible_character_in_a_file_is_listed_up_to_a_limit(tmp_path: Path):
    """A file full of them gets MAX_LISTED diagnostics and a note, at once."""
    path = tmp_path / "c.md"
    path.write_text("a\u202eb\n" * 100_000, "utf-8")
    text, problems = read_text(path)
    assert text is None
    assert len(problems) == MAX_LISTED + 1
    assert [(d.line, d.col) for d in problems[:2]] == [(1, 2), (2, 2)]
    assert "more bidirectional or invisible characters" in problems[-1].message
