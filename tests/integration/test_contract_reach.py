"""One field added to the contract reaches every output declared from it: the JSON Schema,
`casebook new`'s template, the issue form and the open data, with no second declaration.

The added field lives only in a copy of `contract.FIELDS`, patched into each module that reads
the table, so the test shows the table is the one place to change.
"""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from casebook.commands import new
from casebook.intake import issue_form
from casebook.library.contract import FIELDS, Field, Kind
from casebook.library.load import load_library
from casebook.library.taxonomy import load_taxonomy
from casebook.plan import opendata, schema
from tests.helpers.library import TAXONOMY, TODAY, case_text, make_library

FUNDING = Field("funding", Kind.TEXT, False, "Where the money for the work came from.",
                min_len=2, max_len=200, example='"£10,000 from the integrated care board"')
CHECKLIST = ("The case contains no information that could identify a patient.",)


@pytest.fixture
def widened(monkeypatch: pytest.MonkeyPatch) -> tuple[Field, ...]:
    """The contract with one optional field more, in every module that reads the table."""
    fields = (*FIELDS, FUNDING)
    for module in (schema, issue_form, opendata, new):
        monkeypatch.setattr(module, "FIELDS", fields)
    return fields


def test_the_schema_has_the_new_field_with_its_rule(widened):
    """A property with its description and lengths, optional."""
    taxonomy, _ = load_taxonomy(TAXONOMY)
    generated = schema.case_schema(taxonomy)
    assert generated["properties"]["funding"] == {
        "description": FUNDING.description, "type": "string", "minLength": 2, "maxLength": 200}
    assert "funding" not in generated["required"]


def test_the_new_case_template_lists_the_new_field_with_its_example(widened):
    """Commented out, with the example the contract gives."""
    assert '# funding: "£10,000 from the integrated care board"' in new.optional_lines(
        "2026-01-01", fields=widened)


def test_the_issue_form_asks_for_the_new_field(widened):
    """A question whose id is the field's key, not required."""
    taxonomy, _ = load_taxonomy(TAXONOMY)
    assert taxonomy is not None
    question = next(q for q in issue_form.questions(taxonomy, CHECKLIST) if q.id == "funding")
    assert (question.type, question.label, question.required) == ("input", "Funding", False)


def test_open_data_has_a_column_and_a_value_for_the_new_field(widened, tmp_path):
    """cases.csv gains a column, cases.json a key, with the case's value."""
    library = load_library(make_library(tmp_path, {"a-case": case_text()}), today=TODAY)
    assert library.ok, library.diagnostics
    case = SimpleNamespace(**{f.name: getattr(library.cases[0], f.name)
                              for f in dataclasses.fields(library.cases[0])},
                           funding="£10,000 from the integrated care board")
    assert "funding" in opendata.csv_columns()
    assert opendata.case_record(case)["funding"] == "£10,000 from the integrated care board"
    assert "£10,000 from the integrated care board" in opendata.cases_csv([case])


def test_every_optional_field_of_the_contract_has_an_example_for_the_template():
    """A field added without an example would show an empty line in `casebook new`."""
    assert [f.name for f in FIELDS if not f.required and not f.example] == []
