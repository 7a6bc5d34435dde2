"""library/honesty.py: the rules across fields that keep a case's labels and figures honest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from casebook.library.honesty import figure_in
from casebook.library.load import load_library
from tests.helpers.library import TODAY, VALID_BODY, VALID_FRONT, case_text, make_library

MEASURE = {"measure": "Relative likelihood of ethnic minority staff entering the formal "
                      "disciplinary process", "unit": "times as likely",
           "baseline": {"value": 1.56, "year": 2019}, "latest": {"value": 1.0, "year": 2022},
           "quote": "The likelihood fell from 1.56 in 2019 to 1.0 in 2022."}
WHAT_DID_NOT_WORK = "\n## What did not work\n\nThe board did not follow it up.\n"


def _found(tmp_path: Path, body: str = VALID_BODY,
           **changes: Any) -> list[tuple[str, int, str]]:
    """(code, line, message) of loading one case with `changes` (None removes a field)."""
    front = {k: v for k, v in {**VALID_FRONT, **changes}.items() if v is not None}
    root = make_library(tmp_path / "lib", {"a-case": case_text(front, body)})
    library = load_library(root, today=TODAY)
    return [(d.code, d.line, d.message) for d in library.diagnostics]


# ---------------------------------------------------------------- figures in quotes


@pytest.mark.parametrize(("value", "text"), [
    (1.56, "from 1.56 to 1.0"), (1.0, "fell to 1.0."), (1.0, "fell to 1 in 2022"),
    (1000, "1,000 staff"), (1000, "1000 staff"), (30, "30%"), (30, "30 per cent"),
    (12.5, "12.5% of staff"), (0.5, "0.50 points"), (3, "(3)"), (-2, "a change of -2"),
    (3, "three times more likely"), (48, "Forty-eight per cent"), (48, "forty eight"),
    (40, "forty staff"), (11, "Eleven cases"),
])
def test_a_figure_is_found_as_the_source_writes_it(value, text):
    """Trailing zeros, thousands commas and a unit after the number are all the same figure;
    a whole number below 100 may be written in words, as house styles write small numbers."""
    assert figure_in(value, text)


@pytest.mark.parametrize(("value", "text"), [
    (3, "13 staff"), (3, "0.3 points"), (3, "3.5 times"), (3, "3,000 staff"), (3, "2023"),
    (1.5, "1.56"), (1.56, "1.5 times"), (1.0, "1.05 times"), (30, "300"), (10, "1.0"),
    (3, "thirteen staff"), (40, "forty-eight"), (40, "forty eight"), (7, "seventy"),
    (3.5, "three and a half"), (300, "three hundred"),
])
def test_a_figure_is_never_found_inside_another_number(value, text):
    """Precise, not loose: 3 is not in 13, 0.3, 3.5, 3,000 or 'thirteen'."""
    assert not figure_in(value, text)


def test_a_quote_without_one_of_its_figures_is_reported_at_the_quote(tmp_path):
    """Every figure traceable: the quote must state the baseline and the latest value."""
    impact = [{**MEASURE, "latest": {"value": 1.1, "year": 2022}}]
    found = _found(tmp_path, impact=impact)
    assert [(c, m) for c, _line, m in found] == [
        ("quote-missing-figure", "impact[0].quote: the latest value 1.1 is not in the quote")]


def test_a_quote_with_both_figures_passes(tmp_path):
    """The figures as written: 1.56 and 1.0."""
    assert _found(tmp_path, impact=[MEASURE]) == []


# ---------------------------------------------------------------- improved must be earned


def test_improved_with_emerging_evidence_and_no_measure_suggests_too_early(tmp_path):
    """One unmeasured sentence cannot carry 'improved'."""
    [(code, line, message)] = _found(tmp_path, evidence="emerging")
    assert (code, message) == (
        "improved-not-earned", "outcome: 'improved' with evidence 'emerging' and no impact "
                               "measure")
    assert line == 11  # the outcome's line (the file's line 1 is "---")


@pytest.mark.parametrize("changes", [
    {"evidence": "emerging", "impact": [MEASURE]}, {"evidence": "promising"},
    {"evidence": "emerging", "outcome": "too-early"},
])
def test_improved_is_earned_by_a_measure_or_evidence_above_emerging(tmp_path, changes):
    """Either is enough; an honest 'too-early' needs neither."""
    assert _found(tmp_path, **changes) == []


# ---------------------------------------------------------------- what did not work


@pytest.mark.parametrize("outcome", ["mixed", "no-change-yet", "did-not-work"])
def test_a_failure_outcome_needs_a_what_did_not_work_section(tmp_path, outcome):
    """Failures teach most when they say what did not work."""
    [(code, _line, message)] = _found(tmp_path, outcome=outcome)
    assert (code, message) == ("missing-heading",
                               "the body has no '## What did not work' heading")
    with_section = VALID_BODY.replace("\n## Lessons", f"{WHAT_DID_NOT_WORK}\n## Lessons")
    assert _found(tmp_path / "again", body=with_section, outcome=outcome) == []


def test_what_did_not_work_is_optional_for_other_outcomes_but_comes_after_impact(tmp_path):
    """Allowed on any case, in its place: after Impact, before Lessons."""
    after_impact = VALID_BODY.replace("\n## Lessons", f"{WHAT_DID_NOT_WORK}\n## Lessons")
    assert _found(tmp_path, body=after_impact) == []
    at_the_end = VALID_BODY + WHAT_DID_NOT_WORK
    assert [(c, m) for c, _l, m in _found(tmp_path / "again", body=at_the_end)] == [
        ("heading-order", "'## Lessons' comes before '## What did not work'")]


# ---------------------------------------------------------------- period


def test_a_period_that_ends_before_it_starts_is_reported_at_its_end(tmp_path):
    """end ≥ start."""
    [(code, _line, message)] = _found(tmp_path, period={"start": 2022, "end": 2019})
    assert (code, message) == ("period-end-before-start",
                               "period.end: 2019 is before the start, 2022")
