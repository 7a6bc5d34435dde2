"""The front-matter contract (v1.1), declared once.

The validator checks a case against these declarations, `casebook new` writes a template
from them and `casebook schema` turns them into a JSON Schema, so the rules live in one place.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from casebook.library.shapes import Checker, describe, did_you_mean
from casebook.library.taxonomy import AREAS, HIGH_IMPACT, WRES, Taxonomy
from casebook.library.yamldoc import KeyPath

# The body's level-2 headings, in this order; WHAT_DID_NOT_WORK is required too, after Impact
# and before Lessons, for a failure outcome (generator/library/honesty.py).
REQUIRED_HEADINGS = ("The challenge", "What they did", "Impact", "Lessons")
WHAT_DID_NOT_WORK = "What did not work"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80
MAX_AREAS = 4
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# The look-ahead settles in one pass that the rest is all address characters, so the search
# for a dot never rescans the rest: r"@[^@\s]+\.[^@\s]+$" did, for each dot, quadratically.
EMAIL = re.compile(r"^[^@\s]+@(?=[^@\s]+$)[^@\s]+\.[^@\s]+$")
# The largest figure in an impact measure: whole numbers up to here are exact as floats.
MAX_FIGURE = 10**15


class Kind(StrEnum):
    TEXT = "text"
    TERM = "term"
    TERMS = "terms"
    NUMBERS = "numbers"
    DATE = "date"
    YEAR = "year"
    NUMBER = "number"
    URL = "url"
    EMAIL = "email"
    SLUGS = "slugs"
    STRINGS = "strings"
    MAPPING = "mapping"
    RECORDS = "records"
    CHOICE = "choice"


@dataclass(frozen=True)
class When:
    """A condition on another field, by its key path from the top of the front-matter: a
    field with `required_when` is required while the condition holds."""

    path: tuple[str, ...]
    value: str

    def holds(self, data: object) -> bool:
        for key in self.path:
            if not isinstance(data, dict):
                return False
            data = data.get(key)
        return data == self.value

    def __str__(self) -> str:
        return f"{'.'.join(self.path)} is '{self.value}'"


@dataclass(frozen=True)
class Field:
    """One field of the contract, with its rule written as data."""

    name: str
    kind: Kind
    required: bool = False
    description: str = ""
    facet: str = ""
    min_len: int = 0
    max_len: int = 0
    max_items: int = 0
    fields: tuple[Field, ...] = ()
    choices: tuple[str, ...] = ()
    required_when: When | None = None
    # The YAML of an example value, shown commented out in `casebook new`'s template for an
    # optional field; '{today}' becomes the day's date.
    example: str = ""


def _text(name: str, required: bool, description: str, lo: int = 0, hi: int = 0, *,
          when: When | None = None) -> Field:
    return Field(name, Kind.TEXT, required, description, min_len=lo, max_len=hi,
                 required_when=when)


# The two kinds of source (`source.type`), and what each requires.
SOURCE_TYPES = ("published", "first-hand")
PUBLISHED = When(("source", "type"), "published")
FIRST_HAND = When(("source", "type"), "first-hand")
# Outcomes that need a '## What did not work' section in the body.
FAILURE_OUTCOMES = ("mixed", "no-change-yet", "did-not-work")
# Evidence that, without an impact measure, cannot carry `outcome: improved`.
UNMEASURED_EVIDENCE = ("emerging",)


# One item of a list of free text (`keywords`).
KEYWORD = _text("keyword", False, "A free term for search.", 1, 80)

_YEAR_VALUE = (
    Field("value", Kind.NUMBER, True, "the figure"),
    Field("year", Kind.YEAR, True, "the year it was measured"),
)

_IMPACT_EXAMPLE = "\n".join((
    "",
    '  - measure: "Relative likelihood of ethnic minority staff entering the formal '
    'disciplinary process"',
    '    unit: "times as likely"',
    "    baseline: {value: 1.56, year: 2019}",
    "    latest: {value: 1.0, year: 2022}",
    "    wres_indicator: 3",
    '    quote: "The source\'s own sentence that states 1.56 and 1.0, copied exactly."',
))

FIELDS: tuple[Field, ...] = (
    _text("title", True, "The case's title, 10–120 characters.", 10, 120),
    _text("summary", True, "Plain text, 40–300 characters: what was done and why. Shown on "
          "cards and in search results.", 40, 300),
    _text("organisation", True, "A named organisation, or an anonymised description such as "
          "'An acute trust in the Midlands'.", 2, 160),
    Field("trust_type", Kind.TERM, True, "The kind of organisation.", "trust_type"),
    Field("population_profile", Kind.TERM, True, "The local population profile.",
          "population_profile"),
    Field("areas", Kind.TERMS, True, "One to four areas of good practice; the first is the "
          "primary area.", AREAS, max_items=MAX_AREAS),
    Field("evidence", Kind.TERM, True, "How strong the evidence is that it worked.", "evidence"),
    Field("outcome", Kind.TERM, True, "What happened.", "outcome"),
    Field("published", Kind.DATE, True, "When the case was published, YYYY-MM-DD."),
    Field("source", Kind.MAPPING, True, "Where the case comes from: a published source, or "
          "first-hand from the organisation itself.", fields=(
        Field("type", Kind.CHOICE, True, "'published' (a report, article, case study or board "
              "paper) or 'first-hand' (written by the organisation itself).",
              choices=SOURCE_TYPES),
        _text("publisher", False, "Who published the source.", 2, 200, when=PUBLISHED),
        Field("year", Kind.YEAR, False, "The year the source was published.",
              required_when=PUBLISHED),
        _text("title", False, "The source's own title.", 2, 300, when=PUBLISHED),
        Field("url", Kind.URL, False, "The full address of the source.",
              required_when=PUBLISHED),
    )),
    Field("period", Kind.MAPPING, False, "When the work ran, in years.", fields=(
        Field("start", Kind.YEAR, True, "The year the work started."),
        Field("end", Kind.YEAR, False, "The year the work ended; not before 'start'."),
    ), example="{start: 2022, end: 2024}"),
    Field("region", Kind.TERM, False, "The NHS England region.", "region", example="midlands"),
    Field("wres_indicators", Kind.NUMBERS, False, "The WRES indicators (1–9) the case bears on.",
          WRES, example="[1, 2]"),
    Field("high_impact_actions", Kind.NUMBERS, False, "The high impact actions (1–6) of NHS "
          "England's EDI improvement plan the case bears on.", HIGH_IMPACT, example="[2]"),
    Field("reviewed", Kind.DATE, False, "When the case was last checked with its organisation.",
          example="{today}"),
    Field("impact", Kind.RECORDS, False, "Measures before and after.", fields=(
        _text("measure", True, "What was measured.", 3, 200),
        Field("baseline", Kind.MAPPING, True, "The figure before.", fields=_YEAR_VALUE),
        Field("latest", Kind.MAPPING, True, "The latest figure.", fields=_YEAR_VALUE),
        _text("unit", False, "The unit, such as '%' or 'staff'.", 1, 40),
        Field("wres_indicator", Kind.TERM, False, "The WRES indicator measured.", WRES),
        _text("note", False, "A short note on the measure.", 1, 300),
        _text("quote", False, "The source's own sentence stating both figures, verbatim.",
              10, 1000, when=PUBLISHED),
    ), example=_IMPACT_EXAMPLE),
    Field("related", Kind.SLUGS, False, "Slugs of related cases.",
          example="[another-case-slug]"),
    Field("aliases", Kind.SLUGS, False, "Former slugs of this case; each gets a redirect.",
          example="[former-case-slug]"),
    Field("keywords", Kind.STRINGS, False, "Free terms for search.",
          example='["reverse mentoring"]'),
    Field("contact", Kind.MAPPING, False, "Who to contact about the case; required for a "
          "first-hand case.", fields=(
        _text("name", False, "A name or team.", 2, 120),
        _text("role", False, "A role.", 2, 120),
        Field("email", Kind.EMAIL, False, "A work e-mail address."),
    ), required_when=FIRST_HAND,
          example='\n  role: "EDI lead"\n  email: "edi.team@example.nhs.uk"'),
    Field("links", Kind.RECORDS, False, "Published evidence to verify the case.", fields=(
        _text("title", True, "What the link is.", 2, 200),
        Field("url", Kind.URL, True, "The address."),
    ), example='\n  - title: "Our WRES report 2024"'
               '\n    url: "https://www.example.nhs.uk/wres-2024"'),
    Field("consent", Kind.MAPPING, False, "Who signed off publication; required for a "
          "first-hand case.", fields=(
        _text("approved_by", True, "A role, not a name.", 2, 120),
        Field("date", Kind.DATE, True, "When publication was approved."),
    ), required_when=FIRST_HAND,
          example='\n  approved_by: "Director of People"\n  date: {today}'),
)

# What a contributor needs to know when a condition makes a field required.
_CONDITION_HINTS: dict[When, str] = {
    PUBLISHED: "A case from a published source needs the source's publisher, year, title and "
               "address, and a verbatim quote for each impact figure; a case written by the "
               "organisation itself is 'first-hand'.",
    FIRST_HAND: "A first-hand case, written by the organisation itself, needs a contact and "
                "the sign-off of publication ('consent').",
}

FIELD_NAMES = tuple(f.name for f in FIELDS)
REQUIRED = tuple(f.name for f in FIELDS if f.required)


class FieldChecker:
    """Checks front-matter values against FIELDS, returning the values that passed."""

    def __init__(self, checker: Checker, taxonomy: Taxonomy, today: dt.date) -> None:
        self.checker = checker
        self.taxonomy = taxonomy
        self.today = today
        self._root: dict[str, Any] = {}

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        self._root = data  # what conditions (`required_when`) are read from
        return self._fields(data, FIELDS, ())

    def _fields(self, data: dict[str, Any], fields: tuple[Field, ...],
                key_path: KeyPath) -> dict[str, Any]:
        self.checker.unknown_keys(data, [f.name for f in fields], key_path)
        values: dict[str, Any] = {}
        for spec in fields:
            full = (*key_path, spec.name)
            if data.get(spec.name) is None:
                self._missing(spec, full)
                continue
            value = self._value(spec, data[spec.name], full)
            if value is not None:
                values[spec.name] = value
        return values

    def _missing(self, spec: Field, key_path: KeyPath) -> None:
        hint = f"Add '{spec.name}:' — {spec.description}"
        if spec.required:
            self.checker.report("missing-field", key_path,
                                f"required field '{spec.name}' is missing", hint,
                                at_value=False)
        elif spec.required_when and spec.required_when.holds(self._root):
            self.checker.report("missing-field", key_path,
                                f"field '{spec.name}' is required when {spec.required_when}",
                                f"{hint} {_CONDITION_HINTS[spec.required_when]}",
                                at_value=False)

    def _value(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        check = getattr(self, f"_{spec.kind.value}")
        return check(spec, value, key_path)

    def _report(self, code: str, key_path: KeyPath, message: str, hint: str = "") -> None:
        self.checker.report(code, key_path, message, hint)

    def _text(self, spec: Field, value: Any, key_path: KeyPath) -> str | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not self.checker.expect(value, str, key_path):
            return None
        length = len(value.strip())
        if spec.max_len and not spec.min_len <= length <= spec.max_len:
            self._report("text-length", key_path,
                         f"{length} characters; expected {spec.min_len} to {spec.max_len}")
        return value.strip()

    def _term(self, spec: Field, value: Any, key_path: KeyPath) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not self.checker.expect(value, str, key_path):
            return None
        facet = self.taxonomy[spec.facet]
        if value not in facet.ids:
            self._report("unknown-term", key_path,
                         f"unknown {facet.label.lower()} '{value}'",
                         f"{did_you_mean(value, facet.ids)}Expected one of: "
                         f"{', '.join(facet.ids)}.")
            return None
        return value

    def _choice(self, spec: Field, value: Any, key_path: KeyPath) -> str | None:
        if not self.checker.expect(value, str, key_path):
            return None
        if value not in spec.choices:
            self._report("unknown-choice", key_path, f"'{value}' is not one of the choices",
                         f"{did_you_mean(value, spec.choices)}Expected one of: "
                         f"{', '.join(spec.choices)}.")
            return None
        return value

    def _terms(self, spec: Field, value: Any, key_path: KeyPath) -> tuple[str, ...] | None:
        if isinstance(value, str):
            # A single area written without brackets is still one area; point at it as written.
            term = self._term(spec, value, key_path)
            return (term,) if term else None
        items = self._list(value, key_path)
        if items is None:
            return None
        if spec.max_items and len(items) > spec.max_items:
            self._report("too-many-areas", key_path,
                         f"{len(items)} areas; at most {spec.max_items} are allowed")
        terms = [self._term(spec, item, (*key_path, i)) for i, item in enumerate(items)]
        return self._unique([t for t in terms if t], key_path, items)

    def _numbers(self, spec: Field, value: Any, key_path: KeyPath) -> tuple[int, ...] | None:
        items = self._list(value, key_path)
        if items is None:
            return None
        numbers = []
        for index, item in enumerate(items):
            if self.checker.expect(item, int, (*key_path, index)) and self._term(
                spec, item, (*key_path, index)
            ):
                numbers.append(item)
        return self._unique(numbers, key_path, items)

    def _list(self, value: Any, key_path: KeyPath) -> list[Any] | None:
        if not self.checker.expect(value, list, key_path):
            return None
        if not value:
            self._report("empty-list", key_path, "the list is empty")
            return None
        return value

    def _unique(self, values: list[Any], key_path: KeyPath, raw: list[Any]) -> tuple[Any, ...]:
        seen: list[Any] = []
        for item in values:
            if item in seen:
                index = len(raw) - 1 - [str(r) for r in reversed(raw)].index(str(item))
                self._report("duplicate-value", (*key_path, index), f"'{item}' is listed twice")
            else:
                seen.append(item)
        return tuple(seen)

    def _date(self, spec: Field, value: Any, key_path: KeyPath) -> dt.date | None:
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            self._report("invalid-date", key_path,
                         f"expected a date YYYY-MM-DD, got {describe(value)}")
            return None
        if value > self.today:
            self._report("future-date", key_path,
                         f"{value.isoformat()} is after today ({self.today.isoformat()})")
        return value

    def _year(self, spec: Field, value: Any, key_path: KeyPath) -> int | None:
        if not self.checker.expect(value, int, key_path):
            return None
        if not 1948 <= value <= self.today.year:
            self._report("invalid-date", key_path,
                         f"year {value} is not between 1948 (the NHS's founding) and "
                         f"{self.today.year}")
            return None
        return value

    def _number(self, spec: Field, value: Any, key_path: KeyPath) -> float | int | None:
        hint = "Write the figure alone, such as 12.5; put the unit in 'unit'."
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._report("wrong-type", key_path, f"expected a number, got {describe(value)}",
                         hint)
            return None
        if isinstance(value, float) and not math.isfinite(value):
            # YAML reads '.nan' and '.inf' as numbers; neither is a figure anyone measured.
            self._report("wrong-type", key_path, f"expected a number, got '{value}'", hint)
            return None
        if abs(value) > MAX_FIGURE:
            # A whole number of 400 digits is no float at all: shown or charted, it raised
            # OverflowError. Compared as it is, never converted.
            self._report("number-out-of-range", key_path,
                         f"{describe(value)} is larger than {MAX_FIGURE:,} in size")
            return None
        return value

    def _url(self, spec: Field, value: Any, key_path: KeyPath) -> str | None:
        if not self.checker.expect(value, str, key_path):
            return None
        if not URL.match(value.strip()):
            self._report("invalid-url", key_path, f"'{value}' is not an http(s) address")
            return None
        return value.strip()

    def _email(self, spec: Field, value: Any, key_path: KeyPath) -> str | None:
        if not self.checker.expect(value, str, key_path):
            return None
        if not EMAIL.match(value.strip()):
            self._report("invalid-email", key_path, f"'{value}' is not an e-mail address")
            return None
        return value.strip()

    def _slugs(self, spec: Field, value: Any, key_path: KeyPath) -> tuple[str, ...] | None:
        items = self._list(value, key_path)
        if items is None:
            return None
        slugs = []
        for index, item in enumerate(items):
            if not self.checker.expect(item, str, (*key_path, index)):
                continue
            if not is_slug(item):
                self._report("invalid-slug", (*key_path, index), f"'{item}' is not a valid slug",
                             "Use lower-case words joined by hyphens, at most 80 characters.")
                continue
            slugs.append(item)
        return self._unique(slugs, key_path, items)

    def _strings(self, spec: Field, value: Any, key_path: KeyPath) -> tuple[str, ...] | None:
        items = self._list(value, key_path)
        if items is None:
            return None
        out = []
        for index, item in enumerate(items):
            text = self._text(KEYWORD, item, (*key_path, index))
            if text:
                out.append(text)
        return tuple(out)

    def _mapping(self, spec: Field, value: Any, key_path: KeyPath) -> dict[str, Any] | None:
        if not self.checker.expect(value, dict, key_path):
            return None
        return self._fields(value, spec.fields, key_path)

    def _records(self, spec: Field, value: Any, key_path: KeyPath) -> tuple[dict[str, Any], ...]:
        items = self._list(value, key_path) or []
        records = []
        for index, item in enumerate(items):
            record = self._mapping(spec, item, (*key_path, index))
            if record is not None:
                records.append(record)
        return tuple(records)


def is_slug(text: str) -> bool:
    return len(text) <= SLUG_MAX and bool(SLUG.match(text))
