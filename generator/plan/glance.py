"""A case "at a glance", for a busy reader: the first thing under its title.

Everything in it is taken from the case file, never composed: the summary (the case in a
line or two, as on its card), the result as the first impact measure's figures, the
evidence and outcome labels, the source and its year, and when the work ran. A case that
says what did not work gets a link down to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from casebook.library.cases import Case
from casebook.plan.pitfalls import has_pitfalls
from casebook.plan.views import measure_view, period_text


@dataclass(frozen=True)
class Glance:
    """The box's rows that are not in the case's view (generator/plan/views.py)."""

    result: str  # the first measure: 'Measure: from 2.44 in 2018 to 1.25 in 2022'
    more_measures: int  # how many other measures the Impact section's table holds
    source: str
    period: str
    pitfalls: bool


def glance(case: Case) -> Glance:
    return Glance(result=_result(case), more_measures=max(len(case.impact) - 1, 0),
                  source=_source(case), period=_period(case), pitfalls=has_pitfalls(case))


def _result(case: Case) -> str:
    if not case.impact:
        return ""
    m = measure_view(case.impact[0])
    return (f"{m['measure']}: from {m['baseline']} in {m['baseline_year']} to {m['latest']} "
            f"in {m['latest_year']}")


def _source(case: Case) -> str:
    source = case.source
    if source.published:
        return f"{source.publisher}, {source.year}"
    text = "Written first-hand by the organisation"
    return f"{text}, {source.year}" if source.year else text


def _period(case: Case) -> str:
    text = period_text(case.period)
    return text[:1].upper() + text[1:]
