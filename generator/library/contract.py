"""The front-matter contract (v1.1), declared once.

FIELDS is the one table of the contract: each field's name, kind, rule, description and the
words the issue form asks it with. Everything else follows from it: the validator checks a
case against it (generator/library/fieldcheck.py), `build_case` fills a `Case` from it,
`casebook new` writes a template from it, `casebook schema` turns it into a JSON Schema, the
issue form asks its questions and the open data has its columns. Adding an optional field is
one entry here (and, for a facet, its terms in taxonomy.yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from casebook.library.taxonomy import AREAS, HIGH_IMPACT, WRES

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
# The NHS's founding: no year in a case (a source, a period, a measure) is earlier.
FIRST_YEAR = 1948


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


# The kinds whose value is a list (a tuple on a Case), empty when the case gives none.
LIST_KINDS = (Kind.TERMS, Kind.NUMBERS, Kind.SLUGS, Kind.STRINGS, Kind.RECORDS)


@dataclass(frozen=True)
class When:
    """A condition on another field, by its key path from the top of the front-matter: a
    field with `required_when` is required while the condition holds. `hint` tells a
    contributor what the condition asks for."""

    path: tuple[str, ...]
    value: str
    hint: str = ""

    def holds(self, data: object) -> bool:
        for key in self.path:
            if not isinstance(data, dict):
                return False
            data = data.get(key)
        return data == self.value

    def __str__(self) -> str:
        return f"{'.'.join(self.path)} is '{self.value}'"


@dataclass(frozen=True)
class Ask:
    """How the issue form asks for a field: its question (made from the field's name when
    empty), guidance beyond the field's description, an example answer, and whether the
    answer takes several lines. `left_out` says why the form does not ask at all."""

    label: str = ""
    guidance: str = ""
    placeholder: str = ""
    lines: bool = False
    left_out: str = ""


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
    ask: Ask = Ask()


def _text(name: str, required: bool, description: str, lo: int = 0, hi: int = 0, *,
          when: When | None = None, ask: Ask = Ask()) -> Field:
    return Field(name, Kind.TEXT, required, description, min_len=lo, max_len=hi,
                 required_when=when, ask=ask)


# The two kinds of source (`source.type`), and what each requires.
SOURCE_TYPES = ("published", "first-hand")
PUBLISHED = When(("source", "type"), "published",
                 "A case from a published source needs the source's publisher, year, title "
                 "and address, and a verbatim quote for each impact figure; a case written by "
                 "the organisation itself is 'first-hand'.")
FIRST_HAND = When(("source", "type"), "first-hand",
                  "A first-hand case, written by the organisation itself, needs a contact and "
                  "the sign-off of publication ('consent').")
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
_EXAMPLE_ADDRESS = "https://www.example.nhs.uk/wres-2024"

FIELDS: tuple[Field, ...] = (
    _text("title", True, "The case's title, 10–120 characters.", 10, 120, ask=Ask(
        "Title", placeholder="An ethnic minority panel member on every interview for band 7 "
                             "and above")),
    _text("summary", True, "Plain text, 40–300 characters: what was done and why. Shown on "
          "cards and in search results.", 40, 300, ask=Ask("Summary", lines=True)),
    _text("organisation", True, "A named organisation, or an anonymised description such as "
          "'An acute trust in the Midlands'.", 2, 160,
          ask=Ask("Organisation", placeholder="An acute trust in the Midlands")),
    Field("trust_type", Kind.TERM, True, "The kind of organisation.", "trust_type",
          ask=Ask("Trust type")),
    Field("population_profile", Kind.TERM, True, "The local population profile.",
          "population_profile", ask=Ask("Local population profile")),
    Field("areas", Kind.TERMS, True, "One to four areas of good practice; the first is the "
          "primary area.", AREAS, max_items=MAX_AREAS, ask=Ask(
              "Areas of good practice",
              "The case is filed first under the area that comes first in your answer; a "
              "maintainer can change the order.")),
    Field("evidence", Kind.TERM, True, "How strong the evidence is that it worked.", "evidence",
          ask=Ask("Strength of evidence", "See 'Choosing areas, evidence and outcome honestly' "
                  "in the contributor guide (CONTRIBUTING.md).")),
    Field("outcome", Kind.TERM, True, "What happened.", "outcome",
          ask=Ask("Outcome", "Failures are as welcome as successes.")),
    Field("published", Kind.DATE, True, "When the case was published, YYYY-MM-DD.", ask=Ask(
        "Date", "Use today's date; a maintainer may change it to the day the case goes live.",
        "2026-11-22")),
    Field("source", Kind.MAPPING, True, "Where the case comes from: a published source, or "
          "first-hand from the organisation itself.", fields=(
        Field("type", Kind.CHOICE, True, "'published' (a report, article, case study or board "
              "paper) or 'first-hand' (written by the organisation itself).",
              choices=SOURCE_TYPES, ask=Ask(
                  "Source: kind", "For 'first-hand', answer the contact and sign-off questions "
                  "below; for 'published', give the source's publisher, year, title and web "
                  "address.")),
        _text("publisher", False, "Who published the source.", 2, 200, when=PUBLISHED,
              ask=Ask("Source: publisher", placeholder="Example Acute NHS Trust")),
        Field("year", Kind.YEAR, False, "The year the source was published.",
              required_when=PUBLISHED,
              ask=Ask("Source: year", "Four digits, for example 2024.", "2024")),
        _text("title", False, "The source's own title.", 2, 300, when=PUBLISHED, ask=Ask(
            "Source: title", placeholder="Workforce Race Equality Standard report 2024")),
        Field("url", Kind.URL, False, "The full address of the source.",
              required_when=PUBLISHED, ask=Ask(
                  "Source: web address", "A full address starting with https://, only if you "
                  "are sure it is right.", _EXAMPLE_ADDRESS)),
    )),
    Field("period", Kind.MAPPING, False, "When the work ran, in years.", fields=(
        Field("start", Kind.YEAR, True, "The year the work started.", ask=Ask(
            "When the work started (year)", "Four digits, for example 2022.")),
        Field("end", Kind.YEAR, False, "The year the work ended; not before 'start'.", ask=Ask(
            "When the work ended (year)", "Leave empty if the work goes on.")),
    ), example="{start: 2022, end: 2024}"),
    Field("region", Kind.TERM, False, "The NHS England region.", "region", example="midlands",
          ask=Ask("NHS England region")),
    Field("wres_indicators", Kind.NUMBERS, False, "The WRES indicators (1–9) the case bears on.",
          WRES, example="[1, 2]", ask=Ask("WRES indicators")),
    Field("high_impact_actions", Kind.NUMBERS, False, "The high impact actions (1–6) of NHS "
          "England's EDI improvement plan the case bears on.", HIGH_IMPACT, example="[2]",
          ask=Ask("High impact actions")),
    Field("reviewed", Kind.DATE, False, "When the case was last checked with its organisation.",
          example="{today}", ask=Ask(
              left_out="set by a maintainer when the case is checked again later")),
    Field("impact", Kind.RECORDS, False, "Measures before and after.", fields=(
        _text("measure", True, "What was measured.", 3, 200),
        Field("baseline", Kind.MAPPING, True, "The figure before.", fields=_YEAR_VALUE),
        Field("latest", Kind.MAPPING, True, "The latest figure.", fields=_YEAR_VALUE),
        _text("unit", False, "The unit, such as '%' or 'staff'.", 1, 40),
        Field("wres_indicator", Kind.TERM, False, "The WRES indicator measured.", WRES),
        _text("note", False, "A short note on the measure.", 1, 300),
        _text("quote", False, "The source's own sentence stating both figures, verbatim.",
              10, 1000, when=PUBLISHED),
    ), example=_IMPACT_EXAMPLE, ask=Ask(
        left_out="figures go in the Impact section; a maintainer adds the table of measures")),
    Field("related", Kind.SLUGS, False, "Slugs of related cases.",
          example="[another-case-slug]", ask=Ask(
              "Related cases", "File names of other cases in the library (the end of their "
              "web address), separated by commas.")),
    Field("aliases", Kind.SLUGS, False, "Former slugs of this case; each gets a redirect.",
          example="[former-case-slug]", ask=Ask(left_out="a new case has no former names")),
    Field("keywords", Kind.STRINGS, False, "Free terms for search.",
          example='["reverse mentoring"]', ask=Ask(
              "Keywords", "Separated by commas, for example: reverse mentoring, shadow board")),
    Field("contact", Kind.MAPPING, False, "Who to contact about the case; required for a "
          "first-hand case.", fields=(
        _text("name", False, "A name or team.", 2, 120, ask=Ask("Contact: name or team")),
        _text("role", False, "A role.", 2, 120,
              ask=Ask("Contact: role", placeholder="EDI lead")),
        Field("email", Kind.EMAIL, False, "A work e-mail address.", ask=Ask(
            "Contact: e-mail address",
            "Everything in this issue is public: prefer a team address.",
            "edi.team@example.nhs.uk")),
    ), required_when=FIRST_HAND,
          example='\n  role: "EDI lead"\n  email: "edi.team@example.nhs.uk"'),
    Field("links", Kind.RECORDS, False, "Published evidence to verify the case.", fields=(
        _text("title", True, "What the link is.", 2, 200),
        Field("url", Kind.URL, True, "The address."),
    ), example='\n  - title: "Our WRES report 2024"'
               f'\n    url: "{_EXAMPLE_ADDRESS}"', ask=Ask(
        "Links to published evidence", "One per line: a title, then the address. For example: "
        f"Our WRES report 2024 {_EXAMPLE_ADDRESS}", lines=True)),
    Field("consent", Kind.MAPPING, False, "Who signed off publication; required for a "
          "first-hand case.", fields=(
        _text("approved_by", True, "A role, not a name.", 2, 120, ask=Ask(
            "Sign-off: approved by", "For example 'Director of People'.",
            "Chief People Officer")),
        Field("date", Kind.DATE, True, "When publication was approved.",
              ask=Ask("Sign-off: date", "YYYY-MM-DD.", "2026-11-01")),
    ), required_when=FIRST_HAND,
          example='\n  approved_by: "Director of People"\n  date: {today}'),
)

FIELD_NAMES = tuple(f.name for f in FIELDS)
REQUIRED = tuple(f.name for f in FIELDS if f.required)


def facet_field(facet_id: str) -> Field:
    """The top-level field whose values are terms of the facet `facet_id`."""
    for spec in FIELDS:
        if spec.facet == facet_id:
            return spec
    raise KeyError(facet_id)


def is_slug(text: str) -> bool:
    return len(text) <= SLUG_MAX and bool(SLUG.match(text))


def suggest_slug(name: str) -> str:
    """A valid slug made from a title or a file name: lower-case words joined by hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "case"
