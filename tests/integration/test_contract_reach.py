"""Fields added to the contract reach every output declared from it, with no second
declaration: the case type, `casebook validate`, the JSON Schema, `casebook new`'s template,
the issue form and the open data.

The added fields live only in a copy of the field table (`contract.FIELDS`), put in its place
in every module of the package that holds the table, so the test shows the table is the one
place to change. Two fields of different kinds show each output follows the declared kind.
"""

from __future__ import annotations

import csv
import dataclasses
import importlib
import io
import json
import pkgutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import casebook
from casebook.cli import main
from casebook.commands import new
from casebook.intake import issue_form
from casebook.library import contract
from casebook.library.cases import Case
from casebook.library.contract import FIELDS, Ask, Field, Kind
from casebook.library.load import Library, load_library
from casebook.library.taxonomy import Taxonomy, load_taxonomy
from casebook.plan import opendata, schema
from tests.helpers.library import TAXONOMY, TODAY, VALID_FRONT, case_text, make_library

FUNDING = Field("funding", Kind.TEXT, False, "Where the money for the work came from.",
                min_len=2, max_len=200, example='"£10,000 from the integrated care board"',
                ask=Ask("Who paid for the work", "Name the body, not a person.",
                        "The integrated care board"))
EVALUATED = Field("evaluated", Kind.YEAR, False, "The year the work was evaluated.",
                  example="2024")
FUNDER = "£10,000 from the integrated care board"
CHECKLIST = ("The case contains no information that could identify a patient.",)


def _every_module() -> list[ModuleType]:
    """Every module of the package, imported, so none reads the table only after the test."""
    for info in pkgutil.walk_packages(casebook.__path__, "casebook."):
        importlib.import_module(info.name)
    return [module for name, module in sys.modules.items()
            if name.startswith("casebook.") and module is not None]


@pytest.fixture
def widened(monkeypatch: pytest.MonkeyPatch) -> tuple[Field, ...]:
    """The contract with two optional fields more, wherever the package holds the table."""
    fields = (*FIELDS, FUNDING, EVALUATED)
    holders = [m for m in _every_module() if getattr(m, "FIELDS", None) is FIELDS]
    assert contract in holders
    for module in holders:
        monkeypatch.setattr(module, "FIELDS", fields)
    return fields


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    loaded, problems = load_taxonomy(TAXONOMY)
    assert loaded is not None, problems
    return loaded


def _library(tmp_path: Path, **added: Any) -> Library:
    front = {**VALID_FRONT, **added}
    return load_library(make_library(tmp_path, {"a-case": case_text(front)}), today=TODAY)


def _validate(tmp_path: Path, capsys: pytest.CaptureFixture[str], **added: Any) -> str:
    """`casebook validate` over a library of one case with `added` fields: '' when it
    passes, else its report."""
    root = make_library(tmp_path, {"a-case": case_text({**VALID_FRONT, **added})})
    status = main(["--root", str(root), "validate", "--format", "json"])
    report = capsys.readouterr().out
    return "" if status == 0 else report


def test_a_case_holds_the_new_fields_values(widened, tmp_path):
    """`build_case` puts a field with no attribute of its own in `extra`, read by `value`."""
    library = _library(tmp_path, funding=FUNDER, evaluated=2024)
    assert library.ok, library.diagnostics
    case = library.cases[0]
    assert case.value("funding") == FUNDER and case.value("evaluated") == 2024
    assert case.extra == {"funding": FUNDER, "evaluated": 2024}


def test_a_mapping_with_nothing_in_it_gives_no_value(tmp_path):
    """'contact: {}' passes (every key of a contact is optional) and is as if not written:
    the case has no contact, and open data says null."""
    library = _library(tmp_path, contact={})
    assert library.ok, library.diagnostics
    assert library.cases[0].contact is None
    assert json.loads(opendata.cases_json(library.cases))["cases"][0]["contact"] is None


def test_validate_accepts_the_new_fields_when_they_keep_their_rules(widened, tmp_path, capsys):
    """A text of 2–200 characters and a year from 1948 to today pass."""
    assert _validate(tmp_path, capsys, funding=FUNDER, evaluated=2024) == ""


@pytest.mark.parametrize(("added", "code"), [
    ({"funding": "£"}, "text-length"),
    ({"funding": {"amount": 10}}, "wrong-type"),
    ({"evaluated": 1900}, "invalid-date"),
    ({"evaluated": "last year"}, "wrong-type"),
])
def test_validate_refuses_a_new_field_that_breaks_its_declared_rule(
        widened, tmp_path, capsys, added, code):
    """Each field is checked as its kind says, at its key."""
    report = json.loads(_validate(tmp_path, capsys, **added))
    found = [(d["code"], d["message"]) for d in report]
    assert [c for c, _m in found] == [code], found


def test_without_the_table_entry_the_field_is_unknown(tmp_path, capsys):
    """The control: the unwidened contract refuses the field, so the entry is what adds it."""
    report = json.loads(_validate(tmp_path, capsys, funding=FUNDER))
    assert [d["code"] for d in report] == ["unknown-field"]


def test_the_schema_has_the_new_fields_with_their_rules(widened, taxonomy):
    """Properties with their descriptions and rules, optional."""
    generated = schema.case_schema(taxonomy)
    assert generated["properties"]["funding"] == {
        "description": FUNDING.description, "type": "string", "minLength": 2, "maxLength": 200}
    assert generated["properties"]["evaluated"] == {
        "description": EVALUATED.description, "type": "integer", "minimum": 1948}
    assert not {"funding", "evaluated"} & set(generated["required"])


def test_the_new_case_template_lists_the_new_fields_with_their_examples(widened):
    """Commented out, with the example the contract gives."""
    lines = new.optional_lines("2026-01-01")
    assert '# funding: "£10,000 from the integrated care board"' in lines
    assert "# evaluated: 2024" in lines


def test_the_issue_form_asks_for_the_new_fields_in_their_words(widened, taxonomy):
    """The question, guidance and example answer of `ask`; a label from the name without."""
    form = {q.id: q for q in issue_form.questions(taxonomy, CHECKLIST)}
    funding, evaluated = form["funding"], form["evaluated"]
    assert (funding.type, funding.label, funding.required) == (
        "input", "Who paid for the work", False)
    assert "Name the body, not a person." in funding.description
    assert (evaluated.label, evaluated.required) == ("Evaluated", False)
    assert "placeholder: The integrated care board" in issue_form.form_yaml(taxonomy, CHECKLIST)


def test_open_data_has_a_column_and_a_value_for_the_new_fields(widened, tmp_path):
    """cases.csv gains columns, cases.json keys, with the case's values; null when absent."""
    given = _library(tmp_path / "given", funding=FUNDER, evaluated=2024).cases
    absent = _library(tmp_path / "absent").cases
    files = dict(opendata.open_data(given))
    record = json.loads(files[opendata.JSON_PATH])["cases"][0]
    assert (record["funding"], record["evaluated"]) == (FUNDER, 2024)
    rows = list(csv.DictReader(io.StringIO(files[opendata.CSV_PATH].lstrip("\ufeff"))))
    assert (rows[0]["funding"], rows[0]["evaluated"]) == (FUNDER, "2024")
    record = json.loads(opendata.cases_json(absent))["cases"][0]
    assert (record["funding"], record["evaluated"]) == (None, None)


def test_no_contract_field_takes_a_name_a_case_keeps_for_itself():
    """`build_case` fills attributes by field name: the slug, path, body and `extra` are not
    fields, and no field shares a name with a method or property of Case."""
    attributes = {f.name for f in dataclasses.fields(Case)}
    own = attributes - set(contract.FIELD_NAMES)
    assert own == {"slug", "path", "body", "body_line", "extra"}
    assert not set(contract.FIELD_NAMES) & (set(dir(Case)) - attributes)


def test_every_optional_field_of_the_contract_has_an_example_for_the_template():
    """A field added without an example would show an empty line in `casebook new`."""
    assert [f.name for f in FIELDS if not f.required and not f.example] == []
