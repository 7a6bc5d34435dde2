"""Open data (generator/plan/opendata.py): /cases.json and /cases.csv round-trip every field."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from casebook.library.cases import Case
from casebook.library.contract import FIELD_NAMES
from casebook.library.load import Library, load_library
from casebook.plan.opendata import (
    CSV_PATH,
    FORMULA_STARTS,
    JSON_PATH,
    LIST_SEPARATOR,
    csv_columns,
    spreadsheet_safe,
)
from casebook.plan.site import plan
from tests.helpers.library import (
    HOSTILE,
    TODAY,
    VALID_FRONT,
    case_text,
    generated_case,
    make_library,
)

SITE = "https://casebook.example.org/"
FORMULAS = HOSTILE / "cases" / "formulas-in-every-text-field.md"

FULL_FRONT: dict[str, Any] = {
    **VALID_FRONT,
    "title": "Every field, with \"quotes\", commas, and a line; or two",
    "region": "midlands",
    "wres_indicators": [3, 8],
    "high_impact_actions": [2, 6],
    "reviewed": dt.date(2025, 9, 1),
    "impact": [
        {"measure": "Staff at band 8a and above, per cent", "unit": "%", "wres_indicator": 1,
         "baseline": {"value": 9.5, "year": 2019}, "latest": {"value": 14, "year": 2024},
         "note": "From the trust's WRES report; figures, rounded.",
         "quote": "The share rose from 9.5% to 14%."},
        {"measure": "Relative likelihood of a disciplinary process",
         "baseline": {"value": 2.1, "year": 2020}, "latest": {"value": 1.1, "year": 2024},
         "quote": "It fell from 2.1 to 1.1."},
    ],
    "related": ["minimal-case"],
    "aliases": ["old-name-of-the-case"],
    "keywords": ["reverse mentoring", "a; semicolon", "[bracketed]"],
    "contact": {"name": "EDI team", "role": "Head of inclusion",
                "email": "edi@example.nhs.uk"},
    "links": [{"title": "WRES report 2024", "url": "https://www.example.nhs.uk/wres?y=2024&x=1"}],
    "consent": {"approved_by": "Director of People", "date": dt.date(2025, 3, 1)},
    "source": {"type": "published", "publisher": "NHS Providers", "year": 2024,
               "title": "Race 2.0", "url": "https://www.example.org/race-2"},
    "period": {"start": 2019, "end": 2024},
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """A case with every field, one with only the required ones, one whose every text starts
    like a spreadsheet formula (from the hostile corpus), and generated cases."""
    cases = {"every-field": case_text(FULL_FRONT), "minimal-case": case_text(),
             "formulas": FORMULAS.read_text("utf-8")}
    for index in range(1, 4):
        slug, text = generated_case(index, TODAY)
        # Links between generated cases point at neighbours that are not here.
        text = text.replace(f"related:\n- generated-case-{index - 1:05d}\n", "")
        cases[slug] = text.replace(f"../generated-case-{index + 1:05d}/", "../minimal-case/")
    library = load_library(make_library(tmp_path_factory.mktemp("opendata"), cases),
                           today=TODAY)
    assert library.ok, [d.message for d in library.diagnostics]
    return library


@pytest.fixture(scope="module")
def outputs(library: Library) -> dict[str, str]:
    return {o.path: o.content for o in plan(library, TODAY, site_url=SITE)[1]}


def expected(case: Case) -> dict[str, Any]:
    """What the open data must say about a case, written out field by field from the Case."""
    def opt(value: Any) -> Any:
        return value if value not in ("", None) else None

    return {
        "slug": case.slug,
        "url": f"{SITE}cases/{case.slug}/",
        "title": case.title,
        "summary": case.summary,
        "organisation": case.organisation,
        "trust_type": case.trust_type,
        "population_profile": case.population_profile,
        "areas": list(case.areas),
        "evidence": case.evidence,
        "outcome": case.outcome,
        "published": case.published.isoformat(),
        "source": {"type": case.source.type, "publisher": opt(case.source.publisher),
                   "year": case.source.year, "title": opt(case.source.title),
                   "url": opt(case.source.url)},
        "period": {"start": case.period.start, "end": case.period.end} if case.period
        else None,
        "region": opt(case.region),
        "wres_indicators": list(case.wres_indicators),
        "high_impact_actions": list(case.high_impact_actions),
        "reviewed": case.reviewed.isoformat() if case.reviewed else None,
        "impact": [{"measure": m.measure,
                    "baseline": {"value": m.baseline_value, "year": m.baseline_year},
                    "latest": {"value": m.latest_value, "year": m.latest_year},
                    "unit": opt(m.unit), "wres_indicator": opt(m.wres_indicator),
                    "note": opt(m.note), "quote": opt(m.quote)} for m in case.impact],
        "related": list(case.related),
        "aliases": list(case.aliases),
        "keywords": list(case.keywords),
        "contact": {"name": opt(case.contact.name), "role": opt(case.contact.role),
                    "email": opt(case.contact.email)} if case.contact else None,
        "links": [{"title": link.title, "url": link.url} for link in case.links],
        "consent": {"approved_by": case.consent.approved_by,
                    "date": case.consent.date.isoformat()} if case.consent else None,
    }


def from_row(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row read back into the JSON shape, by the rules the About page states."""
    row = {key: unquote(cell) for key, cell in row.items()}

    def text(key: str) -> str | None:
        return row[key] or None

    def year(cell: str | None) -> int | None:
        return int(cell) if cell else None

    def items(key: str) -> list[str]:
        cell = row[key]
        if cell.startswith("["):
            return json.loads(cell)
        return cell.split(LIST_SEPARATOR) if cell else []

    def mapping(key: str, convert: dict[str, Any]) -> dict[str, Any] | None:
        keys = [c.split(".", 1)[1] for c in row if c.startswith(f"{key}.")]
        if not any(row[f"{key}.{k}"] for k in keys):
            return None
        return {k: convert.get(k, lambda v: v)(row[f"{key}.{k}"] or None) for k in keys}

    return {
        "slug": row["slug"], "url": row["url"], "title": row["title"],
        "summary": row["summary"], "organisation": row["organisation"],
        "trust_type": row["trust_type"], "population_profile": row["population_profile"],
        "areas": items("areas"), "evidence": row["evidence"], "outcome": row["outcome"],
        "published": row["published"],
        "source": mapping("source", {"year": year}),
        "period": mapping("period", {"start": year, "end": year}),
        "region": text("region"),
        "wres_indicators": [int(n) for n in items("wres_indicators")],
        "high_impact_actions": [int(n) for n in items("high_impact_actions")],
        "reviewed": text("reviewed"),
        "impact": json.loads(row["impact"]) if row["impact"] else [],
        "related": items("related"), "aliases": items("aliases"), "keywords": items("keywords"),
        "contact": mapping("contact", {}),
        "links": json.loads(row["links"]) if row["links"] else [],
        "consent": mapping("consent", {}),
    }


def unquote(cell: str) -> str:
    """The About page's rule: an apostrophe before a formula character is not data."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def read_csv(content: str) -> list[dict[str, str]]:
    assert content.startswith("\ufeff"), "a byte-order mark, so spreadsheets read UTF-8"
    return list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff"), newline="")))


def test_the_json_has_every_case_with_every_field(outputs: dict[str, str],
                                                  library: Library) -> None:
    """One record per case; each has slug, url and every contract field, present or null."""
    document = json.loads(outputs[JSON_PATH])
    assert document["count"] == len(library.cases) == len(document["cases"])
    for record in document["cases"]:
        assert list(record) == ["slug", "url", *FIELD_NAMES]


def test_the_json_round_trips_every_field_of_every_case(outputs: dict[str, str],
                                                        library: Library) -> None:
    """Parsed back, each record equals the Case it came from, field by field."""
    records = {r["slug"]: r for r in json.loads(outputs[JSON_PATH])["cases"]}
    assert set(records) == {c.slug for c in library.cases}
    for case in library.cases:
        want = expected(case)
        for key, value in want.items():
            assert records[case.slug][key] == value, (case.slug, key)


def test_the_csv_round_trips_every_field_of_every_case(outputs: dict[str, str],
                                                       library: Library) -> None:
    """Each row, read back by the documented rules, equals its Case field by field."""
    rows = {row["slug"]: row for row in read_csv(outputs[CSV_PATH])}
    assert set(rows) == {c.slug for c in library.cases}
    for case in library.cases:
        got, want = from_row(rows[case.slug]), expected(case)
        for key, value in want.items():
            assert got[key] == value, (case.slug, key, got[key], value)


def test_the_csv_has_a_column_for_every_field_and_each_detail_of_a_mapping(
        outputs: dict[str, str]) -> None:
    """Mappings become 'field.key' columns; every other field is one column."""
    header = next(csv.reader(io.StringIO(outputs[CSV_PATH].removeprefix("\ufeff"))))
    assert header == csv_columns()
    for name in FIELD_NAMES:
        assert name in header or any(c.startswith(f"{name}.") for c in header), name
    assert {"source.publisher", "source.year", "source.title", "source.url"} <= set(header)


def test_the_csv_flattens_lists_and_keeps_records_as_json(outputs: dict[str, str]) -> None:
    """Ids are joined with '; '; a list with ';' in an item is JSON; impact is JSON text."""
    row = next(r for r in read_csv(outputs[CSV_PATH]) if r["slug"] == "every-field")
    assert row["areas"] == "personal-values-and-behaviours; education-on-race"
    assert row["wres_indicators"] == "3; 8"
    assert json.loads(row["keywords"]) == ["reverse mentoring", "a; semicolon", "[bracketed]"]
    assert json.loads(row["impact"])[0]["baseline"] == {"value": 9.5, "year": 2019}
    minimal = next(r for r in read_csv(outputs[CSV_PATH]) if r["slug"] == "minimal-case")
    assert minimal["region"] == minimal["impact"] == minimal["contact.email"] == ""


def test_without_a_site_url_the_url_is_site_relative(library: Library) -> None:
    """No site_url: 'cases/<slug>/', relative to the site's root like the files themselves."""
    outputs = {o.path: o.content for o in plan(library, TODAY)[1]}
    records = json.loads(outputs[JSON_PATH])["cases"]
    assert all(r["url"] == f"cases/{r['slug']}/" for r in records)


def test_the_files_list_cases_in_slug_order_so_diffs_stay_small(outputs: dict[str, str]) -> None:
    """A new case adds a row in its place; nothing else moves."""
    slugs = [r["slug"] for r in json.loads(outputs[JSON_PATH])["cases"]]
    assert slugs == sorted(slugs)
    assert [r["slug"] for r in read_csv(outputs[CSV_PATH])] == slugs


def test_no_csv_cell_starts_like_a_spreadsheet_formula(outputs: dict[str, str]) -> None:
    """Every text cell that would start with = + - @, a tab or a CR starts with an apostrophe."""
    rows = read_csv(outputs[CSV_PATH])
    hostile = next(r for r in rows if r["slug"] == "formulas")
    neutralised = [key for key, cell in hostile.items() if cell.startswith("'")]
    assert {"title", "summary", "organisation", "source.publisher", "source.title", "keywords",
            "contact.name", "contact.role", "consent.approved_by"} <= set(neutralised)
    for row in rows:
        for key, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS), (row["slug"], key, cell)


def test_formula_neutralising_keeps_numbers_and_ordinary_text_as_they_are(
        outputs: dict[str, str]) -> None:
    """A negative figure stays a number; text that merely contains '=' is untouched."""
    assert spreadsheet_safe("A = B") == "A = B"
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("\uff20SUM(1)") == "'\uff20SUM(1)"
    hostile = next(r for r in read_csv(outputs[CSV_PATH]) if r["slug"] == "formulas")
    assert json.loads(hostile["impact"])[0]["baseline"]["value"] == -10
    assert hostile["source.year"] == "2024"


def test_every_export_of_hostile_text_parses_and_keeps_markup_as_text(tmp_path: Path) -> None:
    """Feeds, open data and schema built from the hostile corpus's markup and formulas: each
    file parses, no element but Atom's appears, and the hostile text round-trips as text."""
    hostile = FORMULAS.parent
    cases = {name: (hostile / f"{name}.md").read_text("utf-8")
             for name in ("formulas-in-every-text-field", "script-in-every-other-text-field")}
    library = load_library(make_library(tmp_path, cases), today=TODAY)
    assert library.ok, [d.message for d in library.diagnostics]
    outputs = {o.path: o.content for o in plan(library, TODAY, site_url=SITE)[1]}
    atom = "{http://www.w3.org/2005/Atom}"
    for path, content in outputs.items():
        if path.endswith(".xml"):
            tags = {e.tag for e in ET.fromstring(content.encode("utf-8")).iter()}
            assert all(t.startswith(atom) for t in tags), (path, tags)
            assert "<script" not in content and "<img" not in content, path
        elif path.endswith(".json"):
            json.loads(content)
    records = {r["slug"]: r for r in json.loads(outputs[JSON_PATH])["cases"]}
    assert records["script-in-every-other-text-field"]["keywords"][0] == (
        "<script>alert(1)</script>")
    assert records["formulas-in-every-text-field"]["organisation"].startswith("@SUM")
