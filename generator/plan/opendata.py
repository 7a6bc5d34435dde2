"""Open data: every case's metadata as /cases.json and /cases.csv.

Both are derived from the declared front-matter contract (`contract.FIELDS`), so a field
added to the contract appears here without a second declaration.

cases.json keeps the front-matter's shape: every field is present in every record (null or
[] when a case does not give it), dates as YYYY-MM-DD, plus the case's `slug` and `url`.

cases.csv has one row per case and one column per field, flattened for spreadsheets:
- a mapping becomes one column per key: `source.publisher`, `source.year`, …
- a list of ids, numbers or words is joined with "; " (a list whose items themselves
  contain ';', or start with '[', is written as JSON instead, so nothing is lost)
- a list of records (`impact`, `links`) is one column of JSON text
- an absent value is an empty cell;
- a text cell that a spreadsheet would read as a formula (OWASP's rule: it starts with `=`,
  `+`, `-`, `@`, a tab or a carriage return, or their full-width forms) starts with an
  apostrophe instead, which spreadsheets show as text and hide. Numbers are written as they
  are: a negative figure is a number, not a formula.
The file starts with a UTF-8 byte-order mark, so spreadsheet programs read its accents and
dashes correctly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from casebook.library.cases import Case, Measure
from casebook.library.contract import FIELDS, LIST_KINDS, Field, Kind
from casebook.library.urls import permanent_url

JSON_PATH = "cases.json"
CSV_PATH = "cases.csv"
LIST_SEPARATOR = "; "
FORMAT = "casebook-cases/1"
_LISTS = (Kind.TERMS, Kind.NUMBERS, Kind.SLUGS, Kind.STRINGS)
# What makes a spreadsheet (Excel, LibreOffice, Google Sheets) treat a cell as a formula or
# a command: OWASP's list, plus the full-width forms that some locales also accept.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _attribute(owner: Any, name: str) -> Any:
    """A field's value on a Case or one of its parts (a Measure keeps its figures flat)."""
    if isinstance(owner, Measure) and name in ("baseline", "latest"):
        return {"value": getattr(owner, f"{name}_value"), "year": getattr(owner, f"{name}_year")}
    if isinstance(owner, dict):
        return owner.get(name)
    return getattr(owner, name)


def _json_value(spec: Field, value: Any) -> Any:
    if value is None or value == "":
        return [] if spec.kind in LIST_KINDS else None
    if spec.kind == Kind.DATE:
        return value.isoformat()
    if spec.kind in _LISTS:
        return list(value)
    if spec.kind == Kind.MAPPING:
        return {sub.name: _json_value(sub, _attribute(value, sub.name)) for sub in spec.fields}
    if spec.kind == Kind.RECORDS:
        return [_json_value(Field(spec.name, Kind.MAPPING, fields=spec.fields), item)
                for item in value]
    return value


def case_record(case: Case, site_url: str = "") -> dict[str, Any]:
    """One case's metadata in the front-matter's shape, every field present."""
    record: dict[str, Any] = {"slug": case.slug, "url": permanent_url(case.slug, site_url)}
    for spec in FIELDS:
        record[spec.name] = _json_value(spec, case.value(spec.name))
    return record


def cases_json(cases: Iterable[Case], site_url: str = "") -> str:
    records = [case_record(c, site_url) for c in _ordered(cases)]
    document = {"format": FORMAT, "count": len(records), "cases": records}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def csv_columns() -> list[str]:
    """The CSV header: slug, url, then every field, a mapping's keys as `field.key`."""
    columns = ["slug", "url"]
    for spec in FIELDS:
        if spec.kind == Kind.MAPPING:
            columns.extend(f"{spec.name}.{sub.name}" for sub in spec.fields)
        else:
            columns.append(spec.name)
    return columns


def spreadsheet_safe(text: str) -> str:
    """`text` as a spreadsheet will show it and never run it (CSV injection, OWASP)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _cell(spec: Field, value: Any) -> str:
    """One JSON value (from `case_record`) as the text of a CSV cell."""
    if value is None or value == []:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return spreadsheet_safe(_text_of(spec, value))


def _text_of(spec: Field, value: Any) -> str:
    if spec.kind in _LISTS:
        items = [str(item) for item in value]
        if any(";" in item for item in items) or items[0].startswith("["):
            return json.dumps(value, ensure_ascii=False)
        return LIST_SEPARATOR.join(items)
    if spec.kind == Kind.RECORDS:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def csv_row(record: dict[str, Any]) -> list[str]:
    row = [record["slug"], record["url"]]
    for spec in FIELDS:
        value = record[spec.name]
        if spec.kind == Kind.MAPPING:
            row.extend(_cell(sub, (value or {}).get(sub.name)) for sub in spec.fields)
        else:
            row.append(_cell(spec, value))
    return row


def cases_csv(cases: Iterable[Case], site_url: str = "") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_columns())
    for case in _ordered(cases):
        writer.writerow(csv_row(case_record(case, site_url)))
    return "\ufeff" + buffer.getvalue()


def open_data(cases: list[Case], site_url: str = "") -> list[tuple[str, str]]:
    """(path, content) of every open-data file."""
    return [(JSON_PATH, cases_json(cases, site_url)), (CSV_PATH, cases_csv(cases, site_url))]


def _ordered(cases: Iterable[Case]) -> list[Case]:
    """Cases in slug order, so the files change only where the library does."""
    return sorted(cases, key=lambda c: c.slug)
