"""Review dates: when a case falls due for a check with its organisation, and reminders of
the cases overdue or soon due.

A case is due for review REVIEW_YEARS after it was last checked (`reviewed`, else
`published`): `review_due` is the one rule, which the validator's warning, the case page's
notice and `casebook review` all use.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from casebook.diagnostics.report import display_path
from casebook.library.cases import Case

REVIEW_YEARS = 3
DEFAULT_WITHIN = 90


@dataclass(frozen=True)
class Reminder:
    """One case to check: when it was last checked, when it falls due, how late it is."""

    slug: str
    path: str
    title: str
    last_checked: dt.date
    due: dt.date
    days_overdue: int  # negative: days until it falls due

    @property
    def overdue(self) -> bool:
        return self.days_overdue >= 0

    @property
    def status(self) -> str:
        days = abs(self.days_overdue)
        plural = "" if days == 1 else "s"
        if self.overdue:
            return "due today" if days == 0 else f"{days} day{plural} overdue"
        return f"due in {days} day{plural}"

    def as_dict(self) -> dict[str, str | int | bool]:
        return {"slug": self.slug, "path": self.path, "title": self.title,
                "last_checked": self.last_checked.isoformat(), "due": self.due.isoformat(),
                "days_overdue": self.days_overdue, "overdue": self.overdue}


def review_due(last_checked: dt.date) -> dt.date:
    """The day a case becomes overdue; a case last checked on 29 February is due on 1 March."""
    try:
        return last_checked.replace(year=last_checked.year + REVIEW_YEARS)
    except ValueError:
        return dt.date(last_checked.year + REVIEW_YEARS, 3, 1)


def is_review_overdue(last_checked: dt.date, today: dt.date) -> bool:
    """True from the day the case falls due: REVIEW_YEARS whole years after its last check."""
    return today >= review_due(last_checked)


def reminders(cases: list[Case], today: dt.date,
              within: int = DEFAULT_WITHIN) -> list[Reminder]:
    """Cases overdue or due within `within` days of `today`, the longest unchecked first."""
    horizon = today + dt.timedelta(days=within)
    found = []
    for case in cases:
        due = review_due(case.last_reviewed)
        if due <= horizon:
            found.append(Reminder(case.slug, display_path(str(case.path)), case.title,
                                  case.last_reviewed, due, (today - due).days))
    return sorted(found, key=lambda r: (r.due, r.slug))


def format_reminders(items: list[Reminder], today: dt.date, within: int, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"today": today.isoformat(), "within_days": within,
                           "cases": [r.as_dict() for r in items]}, indent=2,
                          ensure_ascii=False)
    overdue = sum(r.overdue for r in items)
    summary = (f"{overdue} overdue, {len(items) - overdue} due within {within} days "
               f"(as of {today.isoformat()}; a case is due {REVIEW_YEARS} years after it "
               "was last checked)")
    if not items:
        return f"No case is overdue or due within {within} days (as of {today.isoformat()})."
    width = max(len(r.path) for r in items)
    lines = [f"{'case':<{width}}  last checked  due         status"]
    lines += [f"{r.path:<{width}}  {r.last_checked.isoformat()}    {r.due.isoformat()}  "
              f"{r.status}" for r in items]
    lines += ["", summary]
    return "\n".join(lines)
