"""Loading cases: `cases/*.md` → typed `Case` objects, with the position of every key.

A file that cannot be read or parsed yields diagnostics and no case; a case whose fields
break the contract yields diagnostics and its document, so body checks still run and the
contributor sees every problem at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.diagnostics.catalogue import Diagnostic, Pos, diagnostic
from casebook.library.contract import facet_field
from casebook.library.fieldcheck import FieldChecker
from casebook.library.honesty import check_honesty
from casebook.library.shapes import Checker, describe
from casebook.library.sourcefile import read_text
from casebook.library.taxonomy import Taxonomy
from casebook.library.yamldoc import KeyPath, YamlResult, parse_yaml

FENCE = "---"


@dataclass(frozen=True)
class Measure:
    measure: str
    baseline_value: float
    baseline_year: int
    latest_value: float
    latest_year: int
    unit: str = ""
    wres_indicator: str = ""
    note: str = ""
    quote: str = ""

    @property
    def change(self) -> float:
        return self.latest_value - self.baseline_value


@dataclass(frozen=True)
class Source:
    """`published`: a report, article or board paper, with its publisher, year, title and
    address; `first-hand`: written by the organisation itself (publisher and year optional)."""

    type: str
    publisher: str = ""
    year: int | None = None
    title: str = ""
    url: str = ""

    @property
    def published(self) -> bool:
        return self.type == "published"


@dataclass(frozen=True)
class Period:
    """When the work ran, in years; `end` is None while it runs or when the source does not
    say."""

    start: int
    end: int | None = None


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Contact:
    name: str = ""
    role: str = ""
    email: str = ""


@dataclass(frozen=True)
class Consent:
    approved_by: str
    date: dt.date


@dataclass(frozen=True)
class Case:
    """One valid case study, its fields typed and its body kept as Markdown."""

    slug: str
    path: Path
    title: str
    summary: str
    organisation: str
    trust_type: str
    population_profile: str
    areas: tuple[str, ...]
    evidence: str
    outcome: str
    published: dt.date
    source: Source
    body: str
    region: str = ""
    period: Period | None = None
    wres_indicators: tuple[int, ...] = ()
    high_impact_actions: tuple[int, ...] = ()
    reviewed: dt.date | None = None
    impact: tuple[Measure, ...] = ()
    related: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    contact: Contact | None = None
    links: tuple[Link, ...] = ()
    consent: Consent | None = None
    body_line: int = 1
    # The values of contract fields that have no attribute above: a field added to the
    # contract (generator/library/contract.py) that no page reads by name yet. `value()`
    # reads a field either way.
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @property
    def primary_area(self) -> str:
        return self.areas[0]

    @property
    def last_reviewed(self) -> dt.date:
        return self.reviewed or self.published

    def value(self, name: str) -> Any:
        """The value of the contract field `name`; for a field in `extra`, None when the case
        does not give it."""
        return getattr(self, name) if name in _ATTRIBUTES else self.extra.get(name)

    def facet_values(self, facet_id: str) -> tuple[str, ...]:
        """The term ids this case carries for a facet, as strings."""
        value = self.value(facet_field(facet_id).name)
        if isinstance(value, tuple):
            return tuple(str(item) for item in value)
        return (str(value),) if value else ()


# A Case's attributes: those that are contract fields are filled from the field of that name.
_ATTRIBUTES = frozenset(f.name for f in dataclasses.fields(Case))


@dataclass
class CaseDocument:
    """What the loader read from one file, valid or not."""

    path: Path
    slug: str
    front: YamlResult = field(default_factory=YamlResult)
    values: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    case: Case | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """True when the body could be read, so body checks can run."""
        return self.front.value is not None

    def pos(self, key_path: KeyPath, at_value: bool = True) -> Pos:
        return self.front.pos((*key_path, "=") if at_value else key_path)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front-matter, body, first line of the body), or None when there is no front-matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            # A file that ends on its closing fence has an empty body on that last line, so a
            # problem with the body is never placed on a line the file does not have.
            first = min(index + 2, len(lines))
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), first
    return None


def read_case(path: Path, taxonomy: Taxonomy, today: dt.date) -> CaseDocument:
    """Read one case file; never raises for anything the file contains."""
    doc = CaseDocument(path=path, slug=path.stem)
    text, problems = read_text(path)
    if text is None:
        doc.diagnostics.extend(problems)
        return doc
    parts = split_front_matter(text)
    if parts is None:
        closed = text.startswith(FENCE)
        doc.diagnostics.append(diagnostic(
            "no-front-matter", path, Pos(1, 1),
            "the front-matter is not closed" if closed else "the file does not start with '---'",
            "Add a line '---' after the last field." if closed else "",
        ))
        return doc
    front_text, doc.body, doc.body_line = parts
    # The YAML text starts on line 2 of the file, after the opening '---'.
    doc.front = parse_yaml(front_text, str(path), line_offset=1)
    doc.diagnostics.extend(doc.front.diagnostics)
    if doc.front.value is None:
        if not doc.front.diagnostics:
            doc.diagnostics.append(diagnostic("missing-field", path, Pos(1, 1),
                                              "the front-matter is empty"))
        doc.front.value = {}
        return doc
    checker = Checker(doc.front, str(path))
    if isinstance(doc.front.value, dict):
        doc.values = FieldChecker(checker, taxonomy, today).check(doc.front.value)
        check_honesty(doc.values, checker)
    else:
        checker.report("front-matter-not-mapping", (),
                       f"expected 'field: value' lines, got {describe(doc.front.value)}")
        doc.front.value = {}
    doc.diagnostics.extend(checker.diagnostics)
    return doc


def build_case(doc: CaseDocument) -> Case:
    """The typed case from values that passed every field check: each field's value goes to
    the attribute of its name (made into its type there), or to `extra`."""
    own: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for name, value in doc.values.items():
        if value == {}:
            continue  # a mapping with nothing in it ('contact: {}') is no mapping
        typed = _TYPED[name](value) if name in _TYPED else value
        (own if name in _ATTRIBUTES else extra)[name] = typed
    return Case(slug=doc.slug, path=doc.path, body=doc.body, body_line=doc.body_line,
                extra=extra, **own)


# How a checked value becomes the type its attribute holds, for the fields with a type of
# their own; every other value is kept as its check returned it.
_TYPED: dict[str, Callable[[Any], Any]] = {
    "source": lambda values: Source(**values),
    "period": lambda values: Period(**values),
    "impact": lambda records: tuple(_measure(record) for record in records),
    "contact": lambda values: Contact(**values),
    "links": lambda records: tuple(Link(**record) for record in records),
    "consent": lambda values: Consent(**values),
}


def _measure(record: dict[str, Any]) -> Measure:
    return Measure(
        measure=record["measure"],
        baseline_value=record["baseline"]["value"],
        baseline_year=record["baseline"]["year"],
        latest_value=record["latest"]["value"],
        latest_year=record["latest"]["year"],
        unit=record.get("unit", ""),
        wres_indicator=record.get("wres_indicator", ""),
        note=record.get("note", ""),
        quote=record.get("quote", ""),
    )
