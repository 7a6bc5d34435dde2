"""View models: what a template needs to show a case or a term, computed once per case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casebook.library.cases import Case, Measure, Period
from casebook.library.review import is_review_overdue
from casebook.library.taxonomy import Taxonomy, Term
from casebook.library.urls import term_url


@dataclass(frozen=True)
class TermView:
    facet: str
    id: str
    label: str
    description: str
    facet_label: str
    qualifies: str
    url: str
    number: int = 0
    title: str = ""
    summary: str = ""
    threshold: str = ""
    count: int = 0


def term_view(taxonomy: Taxonomy, term: Term, count: int = 0) -> TermView:
    return TermView(
        facet=term.facet, id=term.id, label=term.label, description=term.description,
        facet_label=taxonomy[term.facet].label, qualifies=term.qualifies or term.description,
        url=term_url(term.facet, term.id), number=term.number, title=term.title,
        summary=term.summary, threshold=term.threshold, count=count,
    )


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def period_text(period: Period | None) -> str:
    """When the work ran, to follow 'ran': 'from 2019 to 2022', 'from 2019', 'in 2022'."""
    if period is None:
        return ""
    if period.end is None:
        return f"from {period.start}"
    if period.end == period.start:
        return f"in {period.start}"
    return f"from {period.start} to {period.end}"


@dataclass(frozen=True)
class CaseView:
    """A case with every term resolved to its label, for cards and the metadata panel."""

    slug: str
    title: str
    summary: str
    organisation: str
    trust_type: TermView
    population_profile: TermView
    region: TermView | None
    areas: tuple[TermView, ...]  # in area order (the taxonomy's), not the order tagged
    evidence: TermView
    outcome: TermView
    wres: tuple[TermView, ...]
    keywords: tuple[str, ...]
    published: str
    published_text: str
    reviewed: str
    reviewed_text: str
    last_checked_text: str
    overdue: bool
    primary_area: str = ""  # the first area tagged

    @property
    def trust_type_label(self) -> str:
        return self.trust_type.label


def case_view(case: Case, taxonomy: Taxonomy, today: dt.date) -> CaseView:
    def view(facet_id: str, term_id: str) -> TermView:
        term = taxonomy[facet_id].get(term_id)
        assert term is not None, f"{case.slug}: {facet_id} '{term_id}' passed validation"
        return term_view(taxonomy, term)

    last = case.last_reviewed
    return CaseView(
        slug=case.slug,
        title=case.title,
        summary=case.summary,
        organisation=case.organisation,
        trust_type=view("trust_type", case.trust_type),
        population_profile=view("population_profile", case.population_profile),
        region=view("region", case.region) if case.region else None,
        areas=tuple(view("areas", a.id) for a in taxonomy.areas if a.id in case.areas),
        evidence=view("evidence", case.evidence),
        outcome=view("outcome", case.outcome),
        wres=tuple(view("wres_indicator", str(n)) for n in case.wres_indicators),
        keywords=case.keywords,
        published=case.published.isoformat(),
        published_text=long_date(case.published),
        reviewed=case.reviewed.isoformat() if case.reviewed else "",
        reviewed_text=long_date(case.reviewed) if case.reviewed else "",
        last_checked_text=long_date(last),
        overdue=is_review_overdue(last, today),
        primary_area=case.areas[0],
    )


def format_number(value: float) -> str:
    """Whole numbers as they are; others to at most two decimals (WRES ratios use two)."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def measure_view(measure: Measure) -> dict[str, str]:
    unit = measure.unit
    spacer = "" if unit in ("%", "") else " "

    def with_unit(value: float) -> str:
        return f"{format_number(value)}{spacer}{unit}"

    change = measure.change
    if unit == "%":
        change_text = f"{'+' if change > 0 else ''}{format_number(change)} percentage points"
    else:
        change_text = f"{'+' if change > 0 else ''}{with_unit(change)}"
    return {
        "measure": measure.measure,
        "note": measure.note,
        "baseline": with_unit(measure.baseline_value),
        "baseline_year": str(measure.baseline_year),
        "latest": with_unit(measure.latest_value),
        "latest_year": str(measure.latest_year),
        "change": change_text if change else "no change",
    }
