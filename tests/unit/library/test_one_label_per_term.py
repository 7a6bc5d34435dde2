"""One name per term: a filter, a card, a case's panel and the term's own page call an area
the same, and so do the contributor guide and the proposal form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casebook.library.taxonomy import AREAS, Taxonomy, load_taxonomy
from tests.helpers.library import ROOT

FIXTURE_LIBRARY = ROOT / "tests" / "fixtures" / "library"


def _taxonomy(root: Path) -> Taxonomy:
    taxonomy, diagnostics = load_taxonomy(root / "taxonomy.yml")
    assert taxonomy is not None and not diagnostics, diagnostics
    return taxonomy


@pytest.mark.parametrize("root", [ROOT, FIXTURE_LIBRARY], ids=["repository", "fixture"])
def test_every_area_is_labelled_with_its_title(root: Path) -> None:
    """Filters show an area's label and its cards and page its title: they are one text."""
    taxonomy = _taxonomy(root)
    differ = {a.id: (a.label, a.title) for a in taxonomy[AREAS] if a.label != a.title}
    assert not differ, differ


def test_the_contributor_guide_names_each_area_as_the_taxonomy_does() -> None:
    """CONTRIBUTING.md's table of areas ('| `id` | 6. Name | …') uses each area's label."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for area in _taxonomy(ROOT)[AREAS]:
        row = re.search(rf"^\| `{re.escape(area.id)}` \| (\d+)\. ([^|]+?) \|", text, re.M)
        assert row, f"CONTRIBUTING.md has no row for {area.id}"
        assert (int(row.group(1)), row.group(2)) == (area.number, area.label)


def test_the_proposal_form_offers_each_area_by_its_label() -> None:
    """The issue form's dropdown option is 'id — label', the label the site shows."""
    form = (ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-a-case.yml").read_text(
        encoding="utf-8")
    for area in _taxonomy(ROOT)[AREAS]:
        assert f"- {area.id} — {area.label}\n" in form, area.id
