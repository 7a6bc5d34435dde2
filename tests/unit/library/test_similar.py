"""generator/library/similar.py: which trust types are similar, as checked data."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.library.taxonomy import load_taxonomy
from tests.helpers.library import valid_taxonomy

HOSTILE = Path(__file__).resolve().parents[2] / "hostile" / "taxonomy"


def test_the_repository_lists_combined_trusts_as_similar_to_what_they_combine():
    """A combined trust is similar to each type it combines, and each of those to it."""
    types = valid_taxonomy()["trust_type"]
    assert types.get("mental-health").similar == ("combined-mental-health-community",)
    assert types.get("combined-mental-health-community").similar == ("mental-health",
                                                                     "community")
    assert types.get("combined-acute-community").similar == ("acute", "community")
    assert types.get("ambulance").similar == ()


def test_every_similarity_in_the_repository_is_mutual_and_within_the_facet():
    """Read from either side, the file says the same; no term names itself."""
    types = valid_taxonomy()["trust_type"]
    for term in types:
        for other in term.similar:
            assert other in types.ids and other != term.id
            assert term.id in types.get(other).similar, (term.id, other)


def test_a_bad_similar_id_is_named_at_its_place_with_a_suggestion():
    """Markup, another facet's term and a typo: each reported at its own column."""
    taxonomy, found = load_taxonomy(HOSTILE / "similar-unknown-and-markup-ids.yml")
    assert taxonomy is None
    rows = [(d.code, d.line, d.col) for d in found]
    assert rows == [("unknown-term", 25, 19), ("unknown-term", 25, 48),
                    ("unknown-term", 25, 57), ("unknown-term", 25, 69)]
    assert "Did you mean 'community'?" in found[2].hint
    assert "similar[0]: unknown term '<script>alert(1)</script>'" in found[0].message


def test_a_one_sided_similarity_says_which_side_to_add():
    """The hint names the term to add and where."""
    _, found = load_taxonomy(HOSTILE / "similar-one-sided.yml")
    assert [d.code for d in found] == ["similar-not-mutual"]
    assert found[0].hint == ("Add 'acute' to the similar list of 'community', or remove "
                             "'community' here.")


def test_items_that_are_not_text_keep_the_positions_of_the_others():
    """[[acute], 7, null, true]: four wrong types, each at its own column."""
    _, found = load_taxonomy(HOSTILE / "similar-wrong-shapes.yml")
    assert [(d.code, d.line, d.col) for d in found if d.line == 33] == [
        ("wrong-type", 33, 19), ("wrong-type", 33, 28), ("wrong-type", 33, 31),
        ("wrong-type", 33, 37)]


@pytest.mark.parametrize(("name", "code", "line", "col"), [
    ("similar-to-itself.yml", "similar-to-itself", 25, 19),
    ("similar-listed-twice.yml", "similar-listed-twice", 25, 30),
    ("similar-one-sided.yml", "similar-not-mutual", 25, 19),
])
def test_each_mistake_in_a_similar_list_has_its_code_at_the_listed_id(name, code, line, col):
    """One diagnostic, at the id that is wrong, and no taxonomy to build from."""
    taxonomy, found = load_taxonomy(HOSTILE / name)
    assert taxonomy is None
    assert [(d.code, d.line, d.col) for d in found] == [(code, line, col)]
