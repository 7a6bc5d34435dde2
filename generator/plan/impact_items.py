"""One gathered measure as `/impact/` and the `/wres/<n>/` pages show it: its chart, its
figures as text, its case and trust type, the source's sentence, and a note on small numbers.

Small numbers, and what can be said of them. The contract records no sample size: a
percentage or a ratio comes without the number of staff or cases behind it, so the library
cannot tell a percentage of 12 people from one of 12,000, and says so on the page instead of
flagging any. What it can tell is a *count*: a measure whose unit names people or cases
(`staff`, `cases` …) and whose figures are whole numbers. A count under SMALL_COUNT is
flagged, because there one person or case more or fewer moves the figure by a tenth or more:
arithmetic, not a convention. A case's own note on its measure is always shown as well.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass

from casebook.library.cases import Case, Measure
from casebook.library.urls import case_url
from casebook.plan.charts import Chart, measure_chart
from casebook.plan.fragments import render
from casebook.plan.impact import OTHER, Entry
from casebook.plan.views import CaseView, measure_view

SMALL_COUNT = 10
# Units that count people or cases. A unit with a rate word ('staff per 1,000', 'times as
# likely') is a rate, not a count, whatever else it says.
COUNT_NOUNS = frozenset({
    "staff", "people", "person", "persons", "colleagues", "employees", "members", "cases",
    "applicants", "appointments", "candidates", "hearings", "grievances", "complaints",
    "referrals", "patients", "respondents", "responses", "leavers", "starters", "posts",
    "promotions", "dismissals", "investigations", "incidents", "nurses", "doctors",
})
RATE_WORDS = frozenset({"per", "rate", "ratio", "times", "percent", "percentage", "share",
                        "proportion", "average", "mean", "median"})
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Item:
    """What templates/measures.html shows for one measure."""

    id: str
    chart: Chart
    figures: dict[str, str]   # plan/views.py measure_view: the figures as text
    case_title: str
    case_href: str
    trust_type: str
    source_label: str         # the control that shows the source's sentence
    source_text: str
    quoted: bool              # source_text is the source's own sentence, verbatim
    note: str
    small: str                # the note on small numbers, or ''
    untagged: str             # for a measure naming no indicator: the case's own, or ''


def is_count(measure: Measure) -> bool:
    """Whether the measure counts people or cases: a unit naming them and no rate, and two
    whole figures of 0 or more."""
    words = set(_WORD.findall(measure.unit.casefold()))
    if "%" in measure.unit or not words & COUNT_NOUNS or words & RATE_WORDS:
        return False
    return all(float(v).is_integer() and v >= 0
               for v in (measure.baseline_value, measure.latest_value))


def small_numbers(measure: Measure) -> str:
    """The note on small numbers for a count under SMALL_COUNT ('' for anything else)."""
    if not is_count(measure):
        return ""
    view = measure_view(measure)
    small = [f"{view[kind]} in {view[kind + '_year']}" for kind in ("baseline", "latest")
             if getattr(measure, f"{kind}_value") < SMALL_COUNT]
    if not small:
        return ""
    return (f"Small numbers: {' and '.join(small)}. Under {SMALL_COUNT}, one more or one "
            f"fewer changes a count by a tenth or more, so read the change with care.")


def source_sentence(case: Case, measure: Measure) -> tuple[str, bool]:
    """(text, verbatim): the measure's quote from its source, or else where the case comes
    from, saying that no sentence is recorded (a first-hand case needs no quote)."""
    if measure.quote:
        return measure.quote, True
    source = case.source
    if source.published:
        where = f"{source.publisher}, “{source.title}” ({source.year})"
        return f"From {where}. The case records no sentence from the source for this figure.", \
            False
    where = f"Written first-hand by {case.organisation}"
    if source.title:
        where += f", from “{source.title}”"
    if source.year:
        where += f" ({source.year})"
    return f"{where}. The case records no sentence from a source for this figure.", False


def _listed(numbers: tuple[int, ...]) -> str:
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def untagged_note(entry: Entry) -> str:
    """For a measure naming no WRES indicator, what its case as a whole is tagged with."""
    tags = entry.case.wres_indicators
    if entry.indicator != OTHER or not tags:
        return ""
    plural = "s" if len(tags) > 1 else ""
    return (f"The measure names no WRES indicator; the case as a whole is tagged with "
            f"indicator{plural} {_listed(tags)}.")


def _flat(text: str) -> str:
    """Text on one line: the list is one HTML block inside a page's Markdown, which a blank
    line would end early. (HTML shows runs of white space as one space anyway.)"""
    return " ".join(text.split())


def item(entry: Entry, views: Mapping[str, CaseView], root: str) -> Item:
    """The item of one gathered measure, on a page whose way to the site's root is `root`."""
    case = entry.case
    given = entry.measure
    measure = dataclasses.replace(given, measure=_flat(given.measure), unit=_flat(given.unit),
                                  note=_flat(given.note), quote=_flat(given.quote))
    text, quoted = source_sentence(case, measure)
    return Item(
        id=entry.anchor,
        chart=measure_chart(measure, f"{entry.anchor}-chart"),
        figures=measure_view(measure),
        case_title=_flat(case.title),
        case_href=root + case_url(case.slug),
        trust_type=_flat(views[case.slug].trust_type.label),
        source_label="The source’s words" if quoted else "Source",
        source_text=_flat(text),
        quoted=quoted,
        note=measure.note,
        small=small_numbers(measure),
        untagged=untagged_note(entry),
    )


def measures_html(found: tuple[Entry, ...] | list[Entry], views: Mapping[str, CaseView],
                  root: str) -> str:
    """The measures as one list, for `/impact/` and the `/wres/<n>/` pages alike."""
    return render("measures.html", items=[item(e, views, root) for e in found])


def counts(found: tuple[Entry, ...] | list[Entry]) -> tuple[int, int]:
    """(measures, cases) of a list of gathered measures."""
    return len(found), len({e.case.slug for e in found})

