"""A newcomer's first case, end to end: `casebook new`, fill in the body, `casebook
validate`, `casebook build`, and the case is on its area's page and in Browse.

Runs the real command line in a copy of the library, from the library folder, as a
contributor would.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.library.contract import REQUIRED_HEADINGS
from tests.helpers.library import ROOT, copy_site_files

# Two real cases that relate only to each other, so the copy has no broken links.
REAL_CASES = ("black-and-asian-shadow-board",
              "ethnic-minority-council-of-the-board-during-the-pandemic")
TITLE = "Ethnic minority nurses on every shortlisting panel for band 6 and above"
SLUG = "ethnic-minority-nurses-on-every-shortlisting-panel-for-band-6-and-above"
NEW_FLAGS = [
    "--title", TITLE,
    "--summary", "A community trust trained ethnic minority nurses to sit on every "
                 "shortlisting panel for band 6 posts and above, and tracked who was appointed.",
    "--organisation", "A community trust in the North West",
    "--trust-type", "community",
    "--population-profile", "moderately-diverse",
    "--areas", "hr-processes, staff-and-community-networks",
    "--evidence", "promising",
    "--outcome", "improved",
    "--source-type", "first-hand",
    "--approved-by", "Director of Nursing",
    "--contact-role", "EDI lead",
    "--region", "north-west",
    "--published", "2025-06-30",
]
BODY = {
    "The challenge": "White nurses who were shortlisted for band 6 posts were far more likely "
                     "to be appointed than ethnic minority nurses.",
    "What they did": "- Trained 20 volunteers from the staff network.\n"
                     "- Made a trained panel member a requirement for band 6 and above.",
    "Impact": "The gap in appointment from shortlisting narrowed over two years.",
    "Lessons": "Panel members needed protected time, agreed with their managers in advance.",
}


def casebook(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line from the library folder, as a contributor would."""
    return subprocess.run([sys.executable, "-m", "casebook.cli", *args], cwd=library,
                          capture_output=True, text=True, timeout=300, check=False)


def fill_in(text: str) -> str:
    """Replace the template's placeholder paragraph under each heading, keeping its
    guidance comment."""
    for heading, paragraph in BODY.items():
        section = re.compile(rf"(^## {re.escape(heading)}\n\n(?:<!--.*?-->\n)?)(.*?)(?=\n## |\Z)",
                             re.MULTILINE | re.DOTALL)
        text, count = section.subn(lambda m, p=paragraph: f"{m.group(1)}{p}\n", text)
        assert count == 1, heading
    return text


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what the build needs, with two real cases."""
    root = tmp_path_factory.mktemp("newcomer") / "library"
    root.mkdir()
    copy_site_files(root)
    (root / "cases").mkdir()
    if (ROOT / "packs").is_dir():
        # mkdocs.yml's nav links the packs index, which the build writes for a packs/
        # folder; the real packs name cases this two-case copy does not have.
        (root / "packs").mkdir()
    for slug in REAL_CASES:
        shutil.copyfile(ROOT / "cases" / f"{slug}.md", root / "cases" / f"{slug}.md")
    return root


@pytest.fixture(scope="module")
def new_case(library: Path) -> Path:
    result = casebook(library, "new", "--no-input", *NEW_FLAGS)
    assert result.returncode == 0, result.stdout + result.stderr
    return library / "cases" / f"{SLUG}.md"


def test_the_docs_folder_is_kept_in_git_so_a_fresh_clone_can_build():
    """MkDocs refuses a missing docs_dir, and git does not keep empty folders."""
    assert any((ROOT / "docs").iterdir())


def test_casebook_new_writes_a_template_that_passes_strict_validation(library, new_case):
    """Straight from `casebook new`, headings, guidance comments and placeholder text in
    place, the case has no problems at all, not even warnings."""
    text = new_case.read_text(encoding="utf-8")
    assert [f"## {h}" for h in REQUIRED_HEADINGS] == re.findall(r"^## .+$", text, re.MULTILINE)
    assert "<!--" in text
    result = casebook(library, "validate", "--strict", f"cases/{SLUG}.md")
    assert result.returncode == 0, result.stdout
    assert "1 case checked: no problems" in result.stdout


def test_a_filled_in_case_validates_builds_and_appears_on_its_area_page_and_in_browse(
        library, new_case, tmp_path):
    """The newcomer's whole path: fill in, validate, build, find the case on the site."""
    new_case.write_text(fill_in(new_case.read_text(encoding="utf-8")), encoding="utf-8")
    validated = casebook(library, "validate")
    assert validated.returncode == 0, validated.stdout
    assert "3 cases checked: no problems" in validated.stdout

    site = tmp_path / "site"
    built = casebook(library, "build", "--quiet", "--site-dir", str(site))
    assert built.returncode == 0, built.stdout + built.stderr

    title = html.escape(TITLE, quote=False)
    area_page = (site / "areas" / "hr-processes" / "index.html").read_text(encoding="utf-8")
    assert title in area_page
    browse = (site / "browse" / "index.html").read_text(encoding="utf-8")
    card = re.search(rf'<article class="cb-card" id="case-{SLUG}">(.*?)</article>', browse,
                     re.DOTALL)
    assert card and title in card.group(1)
    case_page = (site / "cases" / SLUG / "index.html").read_text(encoding="utf-8")
    assert BODY["Lessons"] in case_page
    assert (site / "schema" / "case.schema.json").is_file()
