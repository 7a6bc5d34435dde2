"""One fixture per diagnostic code: each names its file and the exact line and column.

Every fixture under tests/fixtures/cases/ is a valid case with one mistake, named after it,
so it produces exactly one diagnostic. A test below checks that every code of the catalogue
is produced by some fixture, or says where the code is tested instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.diagnostics.catalogue import CATALOGUE, Diagnostic, Severity
from casebook.library import load as library_module
from casebook.library.load import Unchecked, load_library
from casebook.library.taxonomy import load_taxonomy
from tests.helpers.library import (
    FIXTURES,
    ROOT,
    TAXONOMY,
    TODAY,
    VALID_BODY,
    VALID_FRONT,
    case_text,
    make_library,
)

CASES = FIXTURES / "cases"
TAXONOMIES = FIXTURES / "taxonomy"
LIBRARIES = FIXTURES / "libraries"

# fixture file → the one (code, line, column) it must produce.
CASE_FIXTURES: dict[str, tuple[str, int, int] | None] = {
    "valid-case.md": None,
    "latin-1-byte.md": ("not-utf8", 32, 9),
    "control-character.md": ("control-character", 35, 13),
    "right-to-left-override-in-title.md": ("invisible-character", 2, 35),
    "no-front-matter.md": ("no-front-matter", 1, 1),
    "front-matter-not-closed.md": ("no-front-matter", 1, 1),
    "colon-in-unquoted-title.md": ("yaml-syntax", 2, 25),
    "tab-indentation.md": ("yaml-syntax", 16, 1),
    "alias-to-another-value.md": ("yaml-alias", 15, 3),
    "field-given-twice.md": ("duplicate-key", 10, 1),
    "front-matter-is-a-list.md": ("front-matter-not-mapping", 2, 1),
    "empty-front-matter.md": ("missing-field", 1, 1),
    "missing-organisation.md": ("missing-field", 2, 1),
    "misspelt-field-name.md": ("unknown-field", 10, 1),
    "source-written-as-text.md": ("wrong-type", 11, 9),
    "impact-value-too-large.md": ("number-out-of-range", 21, 21),
    "impossible-date.md": ("invalid-date", 10, 12),
    "published-in-the-future.md": ("future-date", 10, 12),
    "reviewed-before-published.md": ("reviewed-before-published", 11, 11),
    "unknown-area-term.md": ("unknown-term", 7, 41),
    "area-listed-twice.md": ("duplicate-value", 7, 60),
    "five-areas.md": ("too-many-areas", 7, 8),
    "empty-keywords-list.md": ("empty-list", 10, 11),
    "title-too-short.md": ("text-length", 2, 8),
    "source-url-without-scheme.md": ("invalid-url", 15, 8),
    "contact-email-without-at.md": ("invalid-email", 12, 10),
    "Capitals_And_Underscores.md": ("invalid-slug", 1, 1),
    "related-case-that-does-not-exist.md": ("unknown-related", 10, 11),
    "missing-lessons-heading.md": ("missing-heading", 18, 1),
    "impact-after-lessons.md": ("heading-order", 29, 1),
    "script-tag-in-body.md": ("unsafe-html", 33, 1),
    "javascript-link.md": ("unsafe-url", 31, 39),
    "link-to-missing-case.md": ("broken-link", 19, 49),
    "root-relative-link.md": ("root-relative-link", 19, 46),
    "link-to-a-missing-section.md": ("missing-anchor", 19, 43),
    "not-reviewed-for-three-years.md": ("review-overdue", 10, 12),
    "email-address-in-body.md": ("personal-data", 35, 52),
    "bame-in-body.md": ("discouraged-term", 27, 43),
    # Contract v1.1
    "source-type-not-a-choice.md": ("unknown-choice", 12, 9),
    "improved-on-one-unmeasured-sentence.md": ("improved-not-earned", 9, 10),
    "quote-without-its-baseline-figure.md": ("quote-missing-figure", 21, 12),
    "period-ending-before-it-starts.md": ("period-end-before-start", 17, 28),
    "mixed-outcome-without-what-did-not-work.md": ("missing-heading", 18, 1),
    "index.md": ("reserved-slug", 1, 1),
}

# mini library → (file, code, line, column) of its one diagnostic.
LIBRARY_FIXTURES: dict[str, tuple[str, str, int, int]] = {
    "alias-used-by-another-case": ("reverse-mentoring.md", "duplicate-slug", 10, 11),
    "image-no-case-links-to": ("chart.png", "unused-asset", 0, 0),
    "html-page-beside-the-cases": ("page.html", "file-not-allowed", 0, 0),
}

# taxonomy fixture → the one (code, line, column) it must produce.
TAXONOMY_FIXTURES: dict[str, tuple[str, int, int] | None] = {
    "valid-taxonomy.yml": None,
    "term-id-used-twice.yml": ("duplicate-id", 45, 13),
    "facet-missing.yml": ("missing-facet", 3, 1),
    "term-without-label.yml": ("missing-field", 45, 9),
    "terms-written-as-text.yml": ("wrong-type", 59, 12),
    "taxonomy-yaml-syntax.yml": ("yaml-syntax", 49, 22),
}

# Codes produced by the tests in this file without a fixture file, because the input is
# generated: a file over 1 MB, a body over 3,000 words, a taxonomy that is not there, a
# library over the case limit, a symbolic link, an image over 5 MB.
GENERATED = {"file-too-large", "long-body", "taxonomy-missing", "library-too-large",
             "symbolic-link", "asset-too-large"}

# Codes that never come from a case or taxonomy file, and the test file that covers each.
NOT_FOR_CASES: dict[str, str] = {
    # a session pack names a case that does not exist
    "unknown-case": "tests/unit/library/test_packs.py",
    # the 'Propose a case study' issue form
    "missing-answer": "tests/unit/intake/test_issue_form.py",
    "consent-not-confirmed": "tests/unit/intake/test_issue_form.py",
    "multi-line-answer": "tests/unit/intake/test_issue_form.py",
    # similar trust types in taxonomy.yml (cases like mine)
    "similar-to-itself": "tests/unit/library/test_similar.py",
    "similar-listed-twice": "tests/unit/library/test_similar.py",
    "similar-not-mutual": "tests/unit/library/test_similar.py",
}


def _only(diagnostics: list[Diagnostic]) -> Diagnostic:
    assert len(diagnostics) == 1, "\n".join(f"{d.code} {d.line}:{d.col} {d.message}"
                                            for d in diagnostics)
    return diagnostics[0]


def _check_fixture(path: Path) -> list[Diagnostic]:
    """Validate one fixture alone, against the repository's taxonomy, on a fixed day."""
    return load_library(FIXTURES, [path], today=TODAY, taxonomy_path=TAXONOMY).diagnostics


@pytest.mark.parametrize("name", sorted(CASE_FIXTURES))
def test_each_case_fixture_produces_exactly_its_one_diagnostic(name):
    """The fixture's one mistake is reported once, with the right code, file, line and column."""
    path = CASES / name
    diagnostics = _check_fixture(path)
    expected = CASE_FIXTURES[name]
    if expected is None:
        assert diagnostics == []
        return
    found = _only(diagnostics)
    assert (found.code, found.line, found.col) == expected
    assert found.path == str(path)
    assert found.message and found.hint


@pytest.mark.parametrize("name", sorted(LIBRARY_FIXTURES))
def test_each_mini_library_produces_exactly_its_one_diagnostic(name):
    """A mistake that needs two cases is reported once, in the file that makes it."""
    root = LIBRARIES / name
    file_name, code, line, col = LIBRARY_FIXTURES[name]
    found = _only(load_library(root, today=TODAY, taxonomy_path=TAXONOMY).diagnostics)
    assert (found.path, found.code, found.line, found.col) == (
        str(root / "cases" / file_name), code, line, col)


@pytest.mark.parametrize("name", sorted(TAXONOMY_FIXTURES))
def test_each_taxonomy_fixture_produces_exactly_its_one_diagnostic(name):
    """A broken taxonomy is reported with file:line like a case, and yields no taxonomy."""
    path = TAXONOMIES / name
    taxonomy, diagnostics = load_taxonomy(path)
    expected = TAXONOMY_FIXTURES[name]
    if expected is None:
        assert diagnostics == []
        assert taxonomy is not None
        return
    found = _only(diagnostics)
    assert taxonomy is None
    assert (found.path, found.code, found.line, found.col) == (str(path), *expected)


def test_every_fixture_file_is_listed_in_the_table():
    """No fixture sits in the folders without an expectation, and none listed is missing."""
    assert sorted(p.name for p in CASES.iterdir()) == sorted(CASE_FIXTURES)
    assert sorted(p.name for p in TAXONOMIES.iterdir()) == sorted(TAXONOMY_FIXTURES)
    assert sorted(p.name for p in LIBRARIES.iterdir()) == sorted(LIBRARY_FIXTURES)


def test_every_code_in_the_catalogue_is_produced_by_a_fixture_or_tested_elsewhere():
    """Adding a code to the catalogue without a fixture here (or a named test) fails."""
    covered = {e[0] for e in CASE_FIXTURES.values() if e}
    covered |= {e[1] for e in LIBRARY_FIXTURES.values()}
    covered |= {e[0] for e in TAXONOMY_FIXTURES.values() if e}
    covered |= GENERATED
    uncovered = set(CATALOGUE) - covered - set(NOT_FOR_CASES)
    assert not uncovered, f"codes with no fixture: {sorted(uncovered)}"
    for code, test_file in NOT_FOR_CASES.items():
        assert code in CATALOGUE
        assert f'"{code}"' in (ROOT / test_file).read_text(encoding="utf-8"), (code, test_file)


def test_a_file_larger_than_1_mb_is_refused_before_it_is_read(tmp_path):
    """file-too-large names the file, for the whole file (line 0), and nothing else."""
    path = make_library(tmp_path).joinpath("cases", "huge-case.md")
    path.write_text(case_text(body=VALID_BODY + "word " * 210_000), encoding="utf-8")
    found = _only(load_library(tmp_path, today=TODAY).diagnostics)
    assert (found.path, found.code, found.line, found.col) == (str(path), "file-too-large", 0, 0)
    assert "MB" in found.message


def test_a_body_longer_than_3000_words_is_a_warning_on_the_first_line_of_the_body(tmp_path):
    """long-body is a warning, so the case is still built."""
    text = case_text(body=VALID_BODY + "word " * 3_000)
    body_line = text.split("\n").index("---", 1) + 2
    make_library(tmp_path, {"long-case": text})
    library = load_library(tmp_path, today=TODAY)
    found = _only(library.diagnostics)
    assert (found.code, found.severity, found.line) == ("long-body", Severity.WARNING, body_line)
    assert [case.slug for case in library.cases] == ["long-case"]


def test_a_missing_taxonomy_is_one_error_and_no_case_is_checked(tmp_path):
    """taxonomy-missing names the path it looked for; cases are not checked without it."""
    make_library(tmp_path, {"a-case": case_text()})
    (tmp_path / "taxonomy.yml").unlink()
    library = load_library(tmp_path, today=TODAY)
    found = _only(library.diagnostics)
    assert (found.code, found.path, found.line) == (
        "taxonomy-missing", str(tmp_path / "taxonomy.yml"), 0)
    assert isinstance(library, Unchecked) and not library.ok


def test_a_library_over_the_case_limit_is_refused_as_a_whole(tmp_path, monkeypatch):
    """library-too-large names the cases folder, and no case is read."""
    monkeypatch.setattr(library_module, "MAX_CASES", 2)
    make_library(tmp_path, {f"case-number-{n}": case_text() for n in range(3)})
    library = load_library(tmp_path, today=TODAY)
    found = _only(library.diagnostics)
    assert (found.code, found.path, found.line) == (
        "library-too-large", str(tmp_path / "cases"), 0)
    assert isinstance(library, Unchecked)


def test_a_misspelt_field_name_suggests_the_right_one():
    """unknown-field's hint offers the closest field of the contract."""
    found = _only(_check_fixture(CASES / "misspelt-field-name.md"))
    assert found.hint.startswith("Did you mean 'keywords'?")


def test_an_unknown_term_suggests_the_closest_term_and_lists_the_others():
    """unknown-term's hint says 'Did you mean' and lists every valid id."""
    found = _only(_check_fixture(CASES / "unknown-area-term.md"))
    assert found.hint.startswith("Did you mean 'education-on-race'?")
    assert "health-inequalities" in found.hint


def test_ten_broken_files_give_ten_diagnostics_each_in_its_own_file(tmp_path):
    """A broken library reports one diagnostic per mistake, each in the right file."""
    names = ["latin-1-byte.md", "control-character.md", "colon-in-unquoted-title.md",
             "field-given-twice.md", "missing-organisation.md", "impossible-date.md",
             "unknown-area-term.md", "five-areas.md", "script-tag-in-body.md",
             "link-to-missing-case.md"]
    make_library(tmp_path)
    for name in names:
        (tmp_path / "cases" / name).write_bytes((CASES / name).read_bytes())
    library = load_library(tmp_path, today=TODAY)
    found = sorted((Path(d.path).name, d.code, d.line) for d in library.diagnostics)
    expected = sorted((name, CASE_FIXTURES[name][0], CASE_FIXTURES[name][1])
                      for name in names if CASE_FIXTURES[name])
    assert found == expected
    assert library.cases == []


def test_an_unknown_related_case_suggests_the_closest_slug(tmp_path):
    """A related slug one letter out points at the case it meant."""
    related = case_text({**VALID_FRONT, "related": ["shadow-board-for-staf"]})
    make_library(tmp_path, {"shadow-board-for-staff": case_text(), "mentoring": related})
    found = _only(load_library(tmp_path, today=TODAY).diagnostics)
    assert (found.code, found.hint) == ("unknown-related",
                                        "Did you mean 'shadow-board-for-staff'?")


@pytest.mark.parametrize("character", ["\u2028", "\u2029", "\u0085", "\u009b", "\ufffe"])
def test_invisible_line_breaks_and_c1_controls_are_control_characters_at_their_place(
        tmp_path, character):
    """YAML counts U+2028 as a line break, which would shift every line after it: refused."""
    text = case_text().replace("title: Reverse mentoring", f"title: Reverse{character}mentoring")
    make_library(tmp_path, {"pasted-title": text})
    found = _only(load_library(tmp_path, today=TODAY).diagnostics)
    assert (found.code, found.line, found.col) == ("control-character", 2, 15)
    assert f"U+{ord(character):04X}" in found.message


def test_a_symbolic_link_named_like_a_case_is_reported_and_never_read(tmp_path):
    """symbolic-link names the link, for the whole file; what it points at is not read."""
    make_library(tmp_path)
    link = tmp_path / "cases" / "a-case.md"
    link.symlink_to(CASES / "valid-case.md")
    library = load_library(tmp_path, today=TODAY)
    found = _only(library.diagnostics)
    assert (found.path, found.code, found.line) == (str(link), "symbolic-link", 0)
    assert library.cases == []


def test_an_image_over_5_mb_is_refused_before_it_is_read(tmp_path):
    """asset-too-large names the file and its size; the image is not published."""
    make_library(tmp_path, {"a-case": case_text(body=VALID_BODY + "\n![A chart](chart.png)\n")})
    image = tmp_path / "cases" / "chart.png"
    with image.open("wb") as handle:
        handle.truncate(5_000_001)
    library = load_library(tmp_path, today=TODAY)
    found = _only(library.diagnostics)
    assert (found.path, found.code, found.line) == (str(image), "asset-too-large", 0)
    assert "5.0 MB; the limit is 5 MB" in found.message
    assert library.assets == []
