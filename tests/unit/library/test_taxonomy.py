"""generator/library/taxonomy.py: taxonomy.yml into frozen dataclasses, checked like a case."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.library.load import Unchecked, load_library
from casebook.library.taxonomy import AREAS, FACET_IDS, load_taxonomy
from tests.helpers.library import FIXTURES, TAXONOMY, TODAY, case_text, make_library, valid_taxonomy

VALID = FIXTURES / "taxonomy" / "valid-taxonomy.yml"

# The term ids of the design (docs: "Facets in taxonomy.yml"); ids are a public contract.
DESIGN_IDS = {
    "areas": ("encourage-accountability", "education-on-race", "foster-safe-spaces",
              "personal-values-and-behaviours", "challenge-discrimination",
              "culture-of-challenge", "staff-and-community-networks", "hr-processes", "data",
              "health-inequalities"),
    "trust_type": ("acute", "mental-health", "community", "ambulance", "specialist",
                   "combined-acute-community", "combined-mental-health-community",
                   "integrated-care-system", "regional", "not-stated"),
    "population_profile": ("highly-diverse", "diverse", "moderately-diverse", "less-diverse",
                           "not-stated"),
    "region": ("london", "south-east", "south-west", "east-of-england", "midlands",
               "north-west", "north-east-and-yorkshire", "national"),
    "evidence": ("emerging", "promising", "established", "evaluated"),
    "outcome": ("improved", "mixed", "no-change-yet", "did-not-work", "too-early"),
    "wres_indicator": tuple(str(n) for n in range(1, 10)),
    "high_impact_action": tuple(str(n) for n in range(1, 7)),
}


def _variant(tmp_path: Path, old: str, new: str) -> list[tuple[str, int, int, str]]:
    """Load the valid fixture taxonomy with `old` replaced by `new`."""
    text = VALID.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "taxonomy.yml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    taxonomy, found = load_taxonomy(path)
    if any(d.is_error for d in found):
        assert taxonomy is None
    return [(d.code, d.line, d.col, d.message) for d in found]


def test_the_repository_taxonomy_loads_with_every_facet_in_order():
    """No diagnostics, and the facets in the order the site shows them."""
    taxonomy, found = load_taxonomy(TAXONOMY)
    assert found == []
    assert taxonomy is not None
    assert tuple(taxonomy.facets) == FACET_IDS


@pytest.mark.parametrize("facet_id", FACET_IDS)
def test_the_repository_taxonomy_has_exactly_the_term_ids_of_the_design(facet_id):
    """Term ids never change: cases, links and other tools rely on them."""
    taxonomy = valid_taxonomy()
    assert taxonomy[facet_id].ids == DESIGN_IDS[facet_id]


def test_every_term_has_a_label_and_a_description_a_board_member_can_read():
    """No term is shown with an empty label or an empty explanation."""
    taxonomy = valid_taxonomy()
    for facet in taxonomy.facets.values():
        assert facet.label and facet.description
        for term in facet:
            assert term.label.strip() and term.description.strip(), (facet.id, term.id)


def test_the_ten_areas_are_numbered_in_order_with_their_board_material():
    """Each area: its number, what good looks like, board questions and its crosswalk."""
    taxonomy = valid_taxonomy()
    wres, actions = taxonomy["wres_indicator"].ids, taxonomy["high_impact_action"].ids
    for number, area in enumerate(taxonomy.areas, start=1):
        assert area.number == number
        assert 3 <= len(area.what_good_looks_like) <= 6
        assert 3 <= len(area.board_questions) <= 5
        assert set(area.wres_indicators) <= set(wres)
        assert set(area.high_impact_actions) <= set(actions)


def test_a_facet_finds_its_terms_and_labels_by_id():
    """get() and label_of() serve the pages; an unknown id is shown as itself."""
    taxonomy = valid_taxonomy()
    trust_type = taxonomy["trust_type"]
    assert trust_type.get("acute") is not None
    assert trust_type.get("nowhere") is None
    assert trust_type.label_of("nowhere") == "nowhere"
    assert [t.id for t in trust_type][:2] == ["acute", "mental-health"]


def test_numbered_facets_accept_ids_written_as_bare_numbers(tmp_path):
    """'id: 1' and 'id: "1"' are the same WRES indicator."""
    assert _variant(tmp_path, '      - id: "1"\n        label: Representation',
                    "      - id: 1\n        label: Representation") == []


def test_areas_out_of_order_are_reported_at_the_wrong_number(tmp_path):
    """Areas follow the numbering of Race 2.0."""
    found = _variant(tmp_path, "        number: 2\n", "        number: 3\n")
    assert [(code, line) for code, line, _c, _m in found] == [("wrong-type", 25)]
    assert "should be number 2" in found[0][3]


def test_an_area_linked_to_an_unknown_wres_indicator_is_reported_at_the_link(tmp_path):
    """The crosswalk can only name indicators the taxonomy declares."""
    found = _variant(tmp_path, 'wres_indicators: ["1"]', 'wres_indicators: ["1", "12"]')
    assert [(code, line, col) for code, line, col, _m in found] == [("unknown-term", 22, 32)]


def test_an_unknown_facet_suggests_the_closest_name(tmp_path):
    """A misspelt facet is an unknown field with a did-you-mean, plus the facet it meant."""
    found = _variant(tmp_path, "  trust_type:\n", "  trust_types:\n")
    assert [code for code, _l, _c, _m in found] == ["unknown-field", "missing-facet"]


def test_too_few_board_questions_is_reported(tmp_path):
    """Each area needs three to five questions a board can ask itself."""
    found = _variant(tmp_path, "          - Who sees it?\n          - What did we change because "
                     "of it?\n", "")
    assert [(code, line) for code, line, _c, _m in found] == [("text-length", 35)]


def test_a_key_given_twice_in_the_taxonomy_is_reported(tmp_path):
    """The same YAML reader as cases, so the same duplicate check."""
    found = _variant(tmp_path, "        label: Acute trust\n",
                     "        label: Acute trust\n        label: Acute hospital\n")
    assert [(code, line, col) for code, line, col, _m in found] == [("duplicate-key", 44, 9)]


def test_a_taxonomy_that_is_not_utf8_is_reported(tmp_path):
    """Read with the same reader as cases."""
    path = tmp_path / "taxonomy.yml"
    path.write_bytes(VALID.read_bytes().replace(b"Data\n", b"D\xe4ta\n", 1))
    taxonomy, found = load_taxonomy(path)
    assert taxonomy is None
    assert [d.code for d in found] == ["not-utf8"]


def test_an_empty_taxonomy_is_one_diagnostic(tmp_path):
    """Not a traceback: the file needs its facets."""
    path = tmp_path / "taxonomy.yml"
    path.write_text("", encoding="utf-8")
    taxonomy, found = load_taxonomy(path)
    assert taxonomy is None
    assert [d.code for d in found] == ["wrong-type"]


def test_a_broken_taxonomy_stops_case_checks_and_is_the_only_problem_reported(tmp_path):
    """Cases cannot be checked against a broken taxonomy, so only it is reported."""
    make_library(tmp_path, {"a-case": case_text()})
    (tmp_path / "taxonomy.yml").write_bytes(
        (FIXTURES / "taxonomy" / "facet-missing.yml").read_bytes())
    library = load_library(tmp_path, today=TODAY)
    assert [(d.code, d.path) for d in library.diagnostics] == [
        ("missing-facet", str(tmp_path / "taxonomy.yml"))]
    assert isinstance(library, Unchecked) and not library.ok


def test_the_areas_facet_is_the_first(tmp_path):
    """Cards and the home page list the ten areas first."""
    taxonomy = valid_taxonomy(VALID)
    assert next(iter(taxonomy.facets)) == AREAS
    assert [g.term for g in taxonomy.glossary] == ["WRES"]
