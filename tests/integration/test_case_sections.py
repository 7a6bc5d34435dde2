"""The sections after a case's body (generator/plan/case_sections.py), rendered by the core as one
HTML fragment and appended by the plugin: they must read, link and anchor as Markdown would."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import yaml

from casebook.library.anchors import unique_id
from casebook.library.urls import case_src
from casebook.plan.case_sections import place
from casebook.plan.headings import PERMALINK_TITLE
from casebook.plan.page import Page
from casebook.plan.site import plan_site
from tests.helpers.library import ROOT, VALID_FRONT, case_text
from tests.regenerate_golden import FIXTURE_LIBRARY, FIXTURE_TODAY, load_fixture_library

REPOSITORY = ROOT
# A body that already uses two of the sections' headings.
CLASHING_BODY = """
Intro, and [the source below](#source).

## The challenge

A.

## Source

What the trust itself published.

## What they did

B.

## Impact

C.

## Lessons

D.

### Related cases

Our own list.
"""


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {p.src: p for p in plan_site(load_fixture_library(), today=FIXTURE_TODAY)}


def test_the_headings_listed_are_the_headings_in_the_fragment(pages: dict[str, Page]) -> None:
    """Every case page's `casebook_sections_toc` names the fragment's h2s, in order, each with
    the id and permalink the toc extension would give it."""
    for page in pages.values():
        if not page.is_case:
            continue
        fragment = page.case.sections
        found = re.findall(r'<h2 id="([^"]+)">([^<]+)<a class="headerlink" href="#\1" '
                           rf'title="{PERMALINK_TITLE}">&para;</a></h2>', fragment)
        assert [tuple(h) for h in found] == list(page.case.sections_toc), page.src
        assert found[0] == ("questions-for-your-board", "Questions for your board")
        assert found[-1] == ("how-to-cite-this-case", "How to cite this case")
        assert "## " not in page.markdown.split("## Lessons", 1)[1], page.src


def test_the_sections_are_yaml_for_casebook_stage(pages: dict[str, Page]) -> None:
    """Plain strings and lists, so a staged page's front-matter holds them."""
    page = pages[case_src("pay-and-progression-review")]
    dumped = yaml.safe_dump(page.front_matter())
    assert yaml.safe_load(dumped)["casebook_sections_toc"] == [
        list(heading) for heading in page.case.sections_toc]


def test_the_permalink_is_the_one_mkdocs_yml_asks_the_toc_extension_for() -> None:
    """The core writes the toc extension's permalink itself: the settings must agree."""
    config = yaml.safe_load((REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8"))
    toc = next(e["toc"] for e in config["markdown_extensions"]
               if isinstance(e, dict) and "toc" in e)
    assert toc == {"permalink": True, "permalink_title": PERMALINK_TITLE}


def test_an_id_the_page_already_has_is_numbered_as_the_toc_extension_numbers_it() -> None:
    """'source' taken: 'source_1'; 'x_1' taken: 'x_2'; the permalink follows the id."""
    used = {"source", "x_1"}
    assert unique_id("source", used) == "source_1"
    assert unique_id("x_1", used) == "x_2"
    assert unique_id("free", used) == "free" and "free" in used
    fragment = ('\n<h2 id="source">Source<a class="headerlink" href="#source" title="t">'
                "&para;</a></h2>\n<p>s</p>")
    placed, headings = place(fragment, [["source", "Source"]], {"source"})
    assert 'id="source_1"' in placed and 'href="#source_1"' in placed
    assert headings == [("source_1", "Source")]


@pytest.fixture(scope="module")
def clashing_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The fixture library with one more case whose body has a 'Source' and a 'Related
    cases' heading, built by `casebook build` (strict)."""
    root = tmp_path_factory.mktemp("sections") / "library"
    shutil.copytree(FIXTURE_LIBRARY, root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "custom_dir: ../../../theme", f"custom_dir: {REPOSITORY / 'theme'}"), encoding="utf-8")
    front = {**VALID_FRONT, "title": "A case whose body has a Source heading",
             "related": ["pay-and-progression-review"]}
    (root / "cases" / "clashing-headings.md").write_text(case_text(front, CLASHING_BODY),
                                                         encoding="utf-8")
    site = root.parent / "site"
    done = subprocess.run([sys.executable, "-m", "casebook.cli", "--root", str(root), "build",
                           "--site-dir", str(site)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return (site / "cases" / "clashing-headings" / "index.html").read_text(encoding="utf-8")


def test_the_sections_keep_their_anchors_and_a_body_heading_of_the_same_name_moves(
        clashing_page: str) -> None:
    """The sections keep 'source' and 'related-cases', whatever the body says; the body's
    headings of the same names take 'source_1' and 'related-cases_1', and a link to
    '#source' in the body reaches the Source section."""
    ids = re.findall(r'\sid="([^"]+)"', clashing_page)
    assert len(ids) == len(set(ids))
    article = clashing_page[clashing_page.index('<article class="cb-case"'):]
    assert article.index('id="source_1"') < article.index('id="source"')
    assert article.index('id="related-cases_1"') < article.index('id="related-cases"')
    assert '<h2 id="source">Source<a class="headerlink" href="#source"' in article
    assert '<h2 id="source_1">Source<a class="headerlink" href="#source_1"' in article


def test_the_table_of_contents_lists_the_sections_after_the_body(clashing_page: str) -> None:
    """In document order, each entry an anchor on the page; the body's h3 nested under its
    h2, the sections at the top level."""
    toc = clashing_page[clashing_page.index('data-md-component="toc"'):
                        clashing_page.index('<div class="md-content"')]
    links = re.findall(r'<a href="#([^"]+)" class="md-nav__link">', toc)
    assert links == ["the-challenge", "source_1", "what-they-did", "impact", "lessons",
                     "related-cases_1", "questions-for-your-board", "related-cases",
                     "source", "how-to-cite-this-case"]
    lessons = toc[toc.index('href="#lessons"'):toc.index('href="#questions-for-your-board"')]
    assert '<nav class="md-nav" aria-label="Lessons">' in lessons
    for anchor in links:
        assert f'id="{anchor}"' in clashing_page
