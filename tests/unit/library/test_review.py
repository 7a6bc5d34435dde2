"""Review reminders (generator/library/review.py and `casebook review`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from casebook.cli import main
from casebook.library.load import load_library
from casebook.library.review import is_review_overdue, reminders, review_due
from tests.helpers.library import VALID_FRONT, case_text, make_library

TODAY = dt.date(2026, 1, 1)
# slug → (published, reviewed)
DATES = {
    "long-overdue": (dt.date(2021, 5, 1), None),
    "overdue-after-review": (dt.date(2020, 1, 1), dt.date(2022, 9, 30)),
    "due-in-45-days": (dt.date(2021, 1, 1), dt.date(2023, 2, 15)),
    "due-in-120-days": (dt.date(2023, 5, 1), None),
    "recently-checked": (dt.date(2024, 1, 1), dt.date(2025, 6, 1)),
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    cases = {}
    for index, (slug, (published, reviewed)) in enumerate(DATES.items()):
        front = {**VALID_FRONT, "title": f"{VALID_FRONT['title']} {index}",
                 "published": published}
        if reviewed:
            front["reviewed"] = reviewed
        cases[slug] = case_text(front)
    return make_library(tmp_path / "lib", cases)


def test_overdue_and_soon_due_cases_are_listed_oldest_first(root):
    """Overdue cases come first, the longest unchecked first, then those due within 90 days."""
    library = load_library(root, today=TODAY)
    found = reminders(library.cases, TODAY)
    assert [r.slug for r in found] == ["long-overdue", "overdue-after-review", "due-in-45-days"]
    assert found[0].days_overdue > found[1].days_overdue > 0
    first = found[1]
    assert (first.last_checked, first.due) == (dt.date(2022, 9, 30), dt.date(2025, 9, 30))
    assert first.days_overdue == (TODAY - dt.date(2025, 9, 30)).days and first.overdue
    assert found[2].days_overdue == -45 and found[2].status == "due in 45 days"
    assert found[1].path.endswith("cases/overdue-after-review.md")


def test_the_window_is_adjustable(root):
    """--within widens or narrows what counts as due soon; 0 lists only overdue cases."""
    library = load_library(root, today=TODAY)
    assert len(reminders(library.cases, TODAY, within=0)) == 2
    assert [r.slug for r in reminders(library.cases, TODAY, within=150)][-1] == "due-in-120-days"


@pytest.mark.parametrize("last", [dt.date(2020, 2, 29), dt.date(2022, 12, 31),
                                  dt.date(2023, 3, 1), dt.date(2022, 1, 2)])
def test_the_due_date_agrees_with_the_validator(last):
    """A case is overdue from its due date on, exactly as review.is_review_overdue says."""
    due = review_due(last)
    assert not is_review_overdue(last, due - dt.timedelta(days=1))
    assert is_review_overdue(last, due)


def test_casebook_review_prints_a_table_and_exits_0(root, capsys):
    """The text report lists path, last checked, due date and status, with a summary."""
    assert main(["--root", str(root), "review", "--today", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["case", "last", "checked", "due", "status"]
    assert lines[1].split()[1:] == ["2021-05-01", "2024-05-01", "610", "days", "overdue"]
    assert lines[3].split()[1:] == ["2023-02-15", "2026-02-15", "due", "in", "45", "days"]
    assert "2 overdue, 1 due within 90 days" in out


def test_casebook_review_json_is_stable_for_tools(root, capsys):
    """--format json gives the day, the window and one object per case."""
    assert main(["--root", str(root), "review", "--today", "2026-01-01", "--within", "150",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["today"], data["within_days"]) == ("2026-01-01", 150)
    assert [c["slug"] for c in data["cases"]][-1] == "due-in-120-days"
    assert set(data["cases"][0]) == {"slug", "path", "title", "last_checked", "due",
                                     "days_overdue", "overdue"}


def test_nothing_due_is_said_plainly(tmp_path, capsys):
    """A day when nothing is due says so, and still exits 0."""
    root = make_library(tmp_path / "lib", {"recent": case_text()})
    assert main(["--root", str(root), "review", "--today", "2026-01-01", "--within", "10"]) == 0
    assert capsys.readouterr().out.startswith("No case is overdue or due within 10 days")


def test_a_library_that_fails_to_load_exits_1(tmp_path, capsys):
    """Without a taxonomy there is nothing to report on: exit 1 with the diagnostic."""
    assert main(["--root", str(tmp_path), "review"]) == 1
    assert "taxonomy-missing" in capsys.readouterr().err
