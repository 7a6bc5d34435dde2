"""Property tests: whatever a case file holds, validation returns diagnostics, never raises.

Random bytes, random text, random YAML documents and mutations of a valid case go through
`load_library`. For every input: no exception; only catalogue codes, each naming the file and
a line inside it; and a case with an error is never among the library's cases.
Runs are derandomized and keep no example database, so CI sees the same inputs every time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.diagnostics.catalogue import CATALOGUE
from casebook.diagnostics.report import FORMATS, format_diagnostics
from casebook.library import load as library_module
from casebook.library.contract import FIELD_NAMES, REQUIRED
from casebook.library.load import Library, load_library
from casebook.library.taxonomy import load_taxonomy
from tests.helpers.library import (
    TAXONOMY,
    TODAY,
    VALID_BODY,
    VALID_FRONT,
    front_matter,
    make_library,
)

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])
SLUG = "fuzz-case"

# A valid case that uses every optional field too, so mutations reach every rule.
FULL_FRONT: dict[str, Any] = {
    **VALID_FRONT,
    "region": "midlands",
    "wres_indicators": [5, 8],
    "high_impact_actions": [6],
    "reviewed": dt.date(2025, 6, 1),
    "impact": [{"measure": "Ethnic minority staff at band 8a and above", "unit": "%",
                "wres_indicator": 1, "baseline": {"value": 9.5, "year": 2019},
                "latest": {"value": 12, "year": 2024}, "note": "From the WRES report.",
                "quote": "The share rose from 9.5% to 12%."}],
    "related": [SLUG],
    "aliases": ["old-fuzz-case"],
    "keywords": ["reverse mentoring"],
    "contact": {"name": "EDI team", "role": "EDI lead", "email": "edi@example.nhs.uk"},
    "links": [{"title": "Our WRES report", "url": "https://example.nhs.uk/wres"}],
    "consent": {"approved_by": "Director of People", "date": dt.date(2025, 3, 1)},
}
NESTED_KEYS = ("type", "publisher", "year", "title", "url", "measure", "baseline", "latest",
               "value", "unit", "note", "quote", "name", "role", "email", "approved_by",
               "date", "start", "end")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One library folder for every example; the taxonomy is read once, not per example."""
    taxonomy = load_taxonomy(TAXONOMY)[0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(library_module, "load_taxonomy", lambda _path: (taxonomy, []))
        yield make_library(tmp_path_factory.mktemp("fuzz"))


def _validate(root: Path, data: bytes) -> Library:
    """Write `data` as the one case of the library, validate it, and check the invariants."""
    path = root / "cases" / f"{SLUG}.md"
    path.write_bytes(data)
    library = load_library(root, today=TODAY)
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    for d in library.diagnostics:
        assert d.code in CATALOGUE, d
        assert d.severity == CATALOGUE[d.code].severity, d
        assert d.path == str(path), d
        assert d.message and d.hint, d
        assert 0 <= d.line <= lines, (d, lines)
        assert d.col >= 0 and (d.line or not d.col), d
    has_errors = any(d.is_error for d in library.diagnostics)
    assert [c.slug for c in library.cases] == ([] if has_errors else [SLUG])
    for fmt in FORMATS:
        format_diagnostics(library.diagnostics, library.files_checked, fmt)
    return library


def _case(front: Any, body: str = VALID_BODY) -> bytes:
    text = front if isinstance(front, str) else yaml.safe_dump(
        front, sort_keys=False, allow_unicode=True)
    return f"---\n{text}---\n{body}".encode()


_SCALARS = (st.none() | st.booleans() | st.integers(-(10**20), 10**20)
            | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30)
            | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))
            | st.sampled_from(["acute", "data", "2025-02-30", "javascript:alert(1)", "",
                               "<script>", "../../etc/passwd", "x" * 400]))
_KEYS = st.sampled_from(FIELD_NAMES + NESTED_KEYS) | st.text(max_size=12)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(_KEYS, children, max_size=4),
    max_leaves=20,
)
_BODY_NOISE = st.text(max_size=200) | st.sampled_from([
    "<img src=x\n onerror=alert(1)>", "[x](java&#09;script:1)", "## Impact", "```\n",
    "BME", "943 476 5919", "a@b.co", "[x](../../etc/passwd)", "\r\n", "\u2028", "\x00"])


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_never_raise(root, data):
    """Any bytes at all: diagnostics, never a traceback."""
    _validate(root, data)


@FUZZ
@given(text=st.text(max_size=2000), framed=st.booleans(), end=st.sampled_from(["\n", ""]))
def test_random_text_never_raises(root, text, framed, end):
    """Any UTF-8 text, with or without '---' lines around it and a newline at the end."""
    _validate(root, (f"---\n{text}\n---{end}" if framed else text).encode())


def test_a_file_that_ends_on_its_closing_fence_points_at_lines_it_has(root):
    """No newline after the closing '---': missing headings are placed on that last line."""
    library = _validate(root, _case(FULL_FRONT, body="").rstrip(b"\n"))
    last = _case(FULL_FRONT, body="").rstrip(b"\n").count(b"\n") + 1
    assert {(d.code, d.line) for d in library.diagnostics} == {("missing-heading", last)}


@FUZZ
@given(document=st.dictionaries(_KEYS, _VALUES, max_size=12) | _VALUES)
def test_random_yaml_documents_never_raise(root, document):
    """Any YAML a contributor could write: mappings, lists and scalars of every type."""
    _validate(root, _case(document))


@st.composite
def _mutated_cases(draw: st.DrawFn) -> bytes:
    """The full valid case with fields dropped, values swapped and random text inserted."""
    drop = draw(st.sets(st.sampled_from(list(FULL_FRONT))))
    swap = draw(st.dictionaries(st.sampled_from(list(FULL_FRONT)), _VALUES, max_size=3))
    front = {key: value for key, value in {**FULL_FRONT, **swap}.items() if key not in drop}
    text = front_matter(front)
    at = draw(st.integers(min_value=0, max_value=len(text)))
    text = text[:at] + draw(st.text(max_size=40)) + text[at:]
    body_at = draw(st.integers(min_value=0, max_value=len(VALID_BODY)))
    body = VALID_BODY[:body_at] + draw(_BODY_NOISE) + VALID_BODY[body_at:]
    return _case(text, body)


@FUZZ
@given(data=_mutated_cases())
def test_mutations_of_a_valid_case_never_raise(root, data):
    """Fields dropped, values of the wrong type, random text in the front-matter and body."""
    _validate(root, data)


@FUZZ
@given(drop=st.sets(st.sampled_from(REQUIRED), min_size=1))
def test_each_dropped_required_field_is_one_missing_field_diagnostic(root, drop):
    """One diagnostic per mistake: exactly the dropped fields are reported, nothing else."""
    front = {key: value for key, value in FULL_FRONT.items() if key not in drop}
    library = _validate(root, _case(front))
    assert sorted((d.code, d.message.split(":")[0]) for d in library.diagnostics) == sorted(
        ("missing-field", key) for key in drop)


def test_the_full_valid_case_used_for_mutations_is_itself_valid(root):
    """The starting point of the mutations has no problem of its own."""
    assert _validate(root, _case(FULL_FRONT)).diagnostics == []
