"""The JSON Schema of the front-matter: generated from the contract, true to every real case.

`jsonschema` is not a dependency, so the schema is checked with the small validator below,
which knows exactly the keywords the generator uses (a test makes sure of that).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from casebook.cli import main
from casebook.library.cases import split_front_matter
from casebook.library.contract import FIELDS, URL, Kind
from casebook.library.load import load_library
from casebook.library.taxonomy import FACET_IDS, Taxonomy
from casebook.plan.page import Output
from casebook.plan.schema import SCHEMA_PATH, case_schema, ecma_pattern, schema_json
from casebook.plan.site import plan
from tests.helpers.library import ROOT, TODAY, VALID_FRONT, case_text, make_library, valid_taxonomy

CASES = sorted((ROOT / "cases").glob("*.md"))

# ---------------------------------------------------------------- a small validator

KEYWORDS = {"$schema", "title", "description", "type", "properties", "required",
            "additionalProperties", "items", "minItems", "maxItems", "uniqueItems", "enum",
            "anyOf", "const", "minLength", "maxLength", "minimum", "maximum", "pattern",
            "format", "allOf", "if", "then"}
_TYPES: dict[str, Any] = {"object": dict, "array": list, "string": str, "number": (int, float),
                          "integer": int}


def schema_errors(schema: dict[str, Any], value: Any, where: str = "") -> list[str]:
    """Every way `value` breaks `schema`, for the subset of draft 2020-12 used here."""
    errors: list[str] = []
    kind = schema.get("type")
    if kind and (isinstance(value, bool) or not isinstance(value, _TYPES[kind])):
        return [f"{where}: expected {kind}, got {value!r}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{where}: {value!r} is not {schema['const']!r}")
    if "anyOf" in schema and all(schema_errors(s, value, where) for s in schema["anyOf"]):
        errors.append(f"{where}: {value!r} matches none of anyOf")
    for rule in schema.get("allOf", ()):
        errors += schema_errors(rule, value, where)
    if "if" in schema and not schema_errors(schema["if"], value, where):
        errors += schema_errors(schema["then"], value, where)
    if isinstance(value, str):
        errors += _string_errors(schema, value, where)
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and not schema.get("minimum", value) <= value <= schema.get("maximum", value):
        errors.append(f"{where}: {value} is out of range")
    if isinstance(value, list):
        errors += _array_errors(schema, value, where)
    if isinstance(value, dict):
        errors += _object_errors(schema, value, where)
    return errors


def _string_errors(schema: dict[str, Any], value: str, where: str) -> list[str]:
    errors = []
    if not schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value)):
        errors.append(f"{where}: length {len(value)} is out of range")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if schema.get("format") == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            errors.append(f"{where}: {value!r} is not a date")
    return errors


def _array_errors(schema: dict[str, Any], value: list[Any], where: str) -> list[str]:
    errors = []
    if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
        errors.append(f"{where}: {len(value)} items is out of range")
    if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) < len(
            value):
        errors.append(f"{where}: items are not unique")
    for index, item in enumerate(value):
        errors += schema_errors(schema.get("items", {}), item, f"{where}[{index}]")
    return errors


def _object_errors(schema: dict[str, Any], value: dict[str, Any], where: str) -> list[str]:
    errors = [f"{where}.{key}: required" for key in schema.get("required", ())
              if key not in value]
    properties = schema.get("properties", {})
    for key, item in value.items():
        if key in properties:
            errors += schema_errors(properties[key], item, f"{where}.{key}")
        elif schema.get("additionalProperties") is False:
            errors.append(f"{where}.{key}: unknown field")
    return errors


def walk(schema: Any) -> list[dict[str, Any]]:
    """Every schema object nested in `schema` (not the property maps themselves)."""
    found = [schema]
    for key, value in schema.items():
        if key == "properties":
            for sub in value.values():
                found += walk(sub)
        elif key == "items":
            found += walk(value)
        elif key in ("anyOf", "allOf"):
            for sub in value:
                found += walk(sub)
        elif key in ("if", "then"):
            found += walk(value)
    return found


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return valid_taxonomy()


@pytest.fixture(scope="module")
def schema(taxonomy: Taxonomy) -> dict[str, Any]:
    return case_schema(taxonomy)


def as_json(value: Any) -> Any:
    """YAML values as an editor's JSON sees the text: dates become ISO strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


def front_matter_of(path: Path) -> Any:
    parts = split_front_matter(path.read_text(encoding="utf-8"))
    assert parts is not None, path
    return as_json(yaml.safe_load(parts[0]))


# ---------------------------------------------------------------- the tests


def test_the_schema_is_draft_2020_12_and_uses_only_keywords_the_test_validator_knows(schema):
    """The test validator understands every keyword, so none is silently ignored."""
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    used = {key for node in walk(schema) for key in node}
    assert used <= KEYWORDS, used - KEYWORDS


def test_unknown_fields_are_errors_at_every_level(schema):
    """Every object in the schema, nested ones too, forbids properties it does not declare."""
    objects = [node for node in walk(schema) if node.get("type") == "object"]
    assert len(objects) >= 6  # front-matter, source, impact and its two figures, contact, …
    assert all(node["additionalProperties"] is False for node in objects)


def test_every_contract_field_is_a_property_and_the_required_ones_are_required(schema):
    """The top level lists the contract's fields, in order, and its required fields."""
    assert list(schema["properties"]) == [f.name for f in FIELDS]
    assert schema["required"] == [f.name for f in FIELDS if f.required]
    source = schema["properties"]["source"]
    assert source["required"] == ["type"]
    assert source["properties"]["type"]["enum"] == ["published", "first-hand"]
    assert all(schema["properties"][f.name]["description"] == f.description for f in FIELDS)


def test_the_area_enum_is_exactly_the_taxonomy_ids(schema, taxonomy):
    """Areas: an array of one to four unique term ids, each with its label for editors."""
    areas = schema["properties"]["areas"]
    assert (areas["type"], areas["minItems"], areas["maxItems"], areas["uniqueItems"]) == (
        "array", 1, 4, True)
    assert areas["items"]["enum"] == list(taxonomy.areas.ids)
    assert [(o["const"], o["title"]) for o in areas["items"]["anyOf"]] == [
        (t.id, t.label) for t in taxonomy.areas]


@pytest.mark.parametrize("field", ["trust_type", "population_profile", "region", "evidence",
                                   "outcome"])
def test_each_term_field_lists_its_facet_terms_with_labels_and_descriptions(
        schema, taxonomy, field):
    """A term field's enum is its facet's ids; anyOf gives each a title and a description."""
    prop = schema["properties"][field]
    facet = taxonomy[field]
    assert prop["title"] == facet.label and prop["description"]
    assert prop["enum"] == list(facet.ids)
    assert [(o["const"], o["title"], o["description"]) for o in prop["anyOf"]] == [
        (t.id, t.label, t.description) for t in facet]


def test_wres_indicators_are_unique_integers_from_1_to_9(schema):
    """Numbered facets become integers, as cases write them."""
    wres = schema["properties"]["wres_indicators"]
    assert wres["uniqueItems"] is True
    assert wres["items"]["type"] == "integer"
    assert (wres["items"]["minimum"], wres["items"]["maximum"]) == (1, 9)
    assert wres["items"]["enum"] == list(range(1, 10))
    assert schema["properties"]["high_impact_actions"]["items"]["enum"] == list(range(1, 7))


def test_dates_are_strings_in_date_format(schema):
    """YAML reads dates as dates, but an editor checks their text: YYYY-MM-DD."""
    for prop in (schema["properties"]["published"], schema["properties"]["reviewed"],
                 schema["properties"]["consent"]["properties"]["date"]):
        assert (prop["type"], prop["format"]) == ("string", "date")


def test_text_lengths_come_from_the_contract(schema):
    """minLength and maxLength are the contract's limits."""
    for spec in FIELDS:
        if spec.kind is Kind.TEXT:
            prop = schema["properties"][spec.name]
            assert (prop["minLength"], prop["maxLength"]) == (spec.min_len, spec.max_len)


def test_a_case_insensitive_pattern_is_spelt_out_for_json_schema():
    """The URL rule is case-insensitive in Python; the schema spells each letter [hH]."""
    pattern = ecma_pattern(URL)
    assert "(?" not in pattern and pattern.startswith("^[hH][tT][tT][pP][sS]?://")
    for url in ("https://example.org/x", "HTTP://EXAMPLE.ORG", "ftp://example.org", "https://"):
        assert bool(re.search(pattern, url)) == bool(URL.match(url)), url


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_real_case_matches_the_schema(schema, path):
    """What the validator accepts, an editor checking against the schema accepts too."""
    assert schema_errors(schema, front_matter_of(path)) == []


def test_the_template_example_in_contributing_matches_the_schema(schema):
    """The complete example in CONTRIBUTING.md, every optional field included, is valid."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = text.split("```markdown\n", 1)[1].split("\n```", 1)[0]
    parts = split_front_matter(block)
    assert parts is not None
    assert schema_errors(schema, as_json(yaml.safe_load(parts[0]))) == []


@pytest.mark.parametrize(("change", "expected"), [
    ({"sumary": "A typo of summary"}, ".sumary: unknown field"),
    ({"trust_type": "acute-trust"}, ".trust_type: 'acute-trust' is not one of"),
    ({"areas": ["data", "hr-processes", "foster-safe-spaces", "education-on-race",
                "culture-of-challenge"]}, ".areas: 5 items is out of range"),
    ({"areas": ["data", "data"]}, ".areas: items are not unique"),
    ({"wres_indicators": [10]}, ".wres_indicators[0]: 10 is not one of"),
    ({"published": "31/03/2024"}, ".published: '31/03/2024' does not match"),
    ({"title": "Too short"}, ".title: length 9 is out of range"),
    ({"source": {**VALID_FRONT["source"], "isbn": "x"}}, ".source.isbn: unknown field"),
    ({"source": {**VALID_FRONT["source"], "type": "publised"}},
     ".source.type: 'publised' is not one of"),
    ({"period": {"start": "2019"}}, ".period.start: expected integer"),
])
def test_a_broken_front_matter_fails_the_schema(schema, change, expected):
    """Unknown fields, unknown terms, five areas and other broken values are errors."""
    front = as_json({**VALID_FRONT, **change})
    errors = schema_errors(schema, front)
    assert any(error.startswith(expected) for error in errors), errors


def test_a_missing_required_field_fails_the_schema(schema):
    """Leaving out a required field is an error."""
    front = as_json({k: v for k, v in VALID_FRONT.items() if k != "evidence"})
    assert schema_errors(schema, front) == [".evidence: required"]


@pytest.mark.parametrize(("change", "expected"), [
    ({"source": {"type": "published", "publisher": "NHS Providers", "year": 2024}},
     [".source.title: required", ".source.url: required"]),
    ({"impact": [{"measure": "Ethnic minority staff at band 8a+",
                  "baseline": {"value": 10, "year": 2019},
                  "latest": {"value": 12, "year": 2023}}]}, [".impact[0].quote: required"]),
    ({"source": {"type": "first-hand"}}, [".contact: required", ".consent: required"]),
    ({"source": {"type": "first-hand"}, "contact": {"role": "EDI lead"},
      "consent": {"approved_by": "Director of People", "date": "2025-03-01"}}, []),
])
def test_fields_required_for_one_kind_of_source_are_required_by_the_schema_too(
        schema, change, expected):
    """An editor flags a published source without its title and address, a figure without
    its quote, and a first-hand case without its contact and sign-off, as the validator does."""
    assert schema_errors(schema, as_json({**VALID_FRONT, **change})) == expected


def test_casebook_schema_prints_the_schema_or_writes_it_to_a_file(tmp_path, capsys, taxonomy):
    """`casebook schema` prints the JSON; with -o it writes the same text to the file."""
    assert main(["--root", str(ROOT), "schema"]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed) == case_schema(taxonomy)
    target = tmp_path / "editor" / "case.schema.json"
    assert main(["--root", str(ROOT), "schema", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == printed == schema_json(taxonomy)


def test_casebook_schema_reports_a_broken_taxonomy(tmp_path, capsys):
    """Without a taxonomy there is no schema: exit 1 and say why."""
    assert main(["--root", str(tmp_path), "schema"]) == 1
    assert "taxonomy" in capsys.readouterr().err


def test_the_site_publishes_the_schema_at_schema_case_schema_json(tmp_path, taxonomy):
    """plan() returns the schema as an output file at /schema/case.schema.json."""
    root = make_library(tmp_path / "lib", {"reverse-mentoring": case_text()})
    library = load_library(root, today=TODAY)
    assert library.ok, library.diagnostics
    _pages, outputs = plan(library, TODAY)
    assert SCHEMA_PATH == "schema/case.schema.json"
    assert Output(SCHEMA_PATH, schema_json(taxonomy)) in outputs


def test_every_facet_of_the_contract_is_covered_by_the_schema(schema):
    """Each facet a field uses appears in the schema as an enum (none forgotten)."""
    enums = [node["enum"] for node in walk(schema) if "enum" in node]
    facets_used = {f.facet for f in FIELDS if f.facet} | {
        sub.facet for f in FIELDS for sub in f.fields if sub.facet}
    assert facets_used <= set(FACET_IDS)
    assert len(enums) >= len(facets_used)
