"""Gathering measured impact: every case's `impact` measures, grouped by WRES indicator.

A measure's indicator is its own `wres_indicator` (the contract declares one per measure,
library/contract.py). A measure that names none goes under "Other measures": a case tagged
with several indicators does not say which one each of its measures is, and a measure may
not be a WRES indicator at all (a waiting-list gap, a pay gap), so it is never guessed from
the case's `wres_indicators`.

`/impact/` (plan/impact_page.py) shows every group; each `/wres/<n>/` page shows its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from casebook.library.cases import Case, Measure
from casebook.library.taxonomy import WRES, Taxonomy

OTHER = ""  # the indicator of "Other measures": the measure names none


@dataclass(frozen=True)
class Entry:
    """One measure of one case; `position` counts from 1 in the case's `impact` list."""

    case: Case
    measure: Measure
    position: int

    @property
    def indicator(self) -> str:
        return self.measure.wres_indicator or OTHER

    @property
    def anchor(self) -> str:
        """An id unique on any page: slugs are unique and hold only [a-z0-9-]."""
        return f"measure-{self.case.slug}-{self.position}"


@dataclass(frozen=True)
class Group:
    """The measures of one WRES indicator (OTHER: those naming none), in reading order."""

    indicator: str
    entries: tuple[Entry, ...]


def entries(cases: list[Case]) -> list[Entry]:
    """Every measure of every case, in case order and then the case's own order."""
    return [Entry(case, measure, position)
            for case in cases for position, measure in enumerate(case.impact, 1)]


def _reading_order(entry: Entry) -> tuple[str, str, int]:
    return (entry.case.title.casefold(), entry.case.slug, entry.position)


def groups(cases: list[Case], taxonomy: Taxonomy) -> list[Group]:
    """The measures by indicator, in the taxonomy's order with "Other measures" last; an
    indicator with no measure has no group. Within a group, by case title."""
    order = [term.id for term in taxonomy[WRES]]
    # Validation admits only the taxonomy's indicators; were another to reach here, its
    # measure would still be listed, under "Other measures", rather than lost.
    found = [(e.indicator if e.indicator in order else OTHER, e) for e in entries(cases)]
    out = []
    for indicator in [*order, OTHER]:
        members = sorted((e for key, e in found if key == indicator), key=_reading_order)
        if members:
            out.append(Group(indicator, tuple(members)))
    return out


def indicator_entries(cases: list[Case], indicator: str) -> tuple[Entry, ...]:
    """The measures of one indicator, as its group on `/impact/` lists them."""
    return tuple(sorted((e for e in entries(cases) if e.indicator == indicator),
                        key=_reading_order))
