"""The site built by Zensical, which runs no MkDocs plugin, from the folder `casebook stage`
writes (generator/plan/standalone.py), against the site `casebook build` makes of the same library.

Zensical is the successor of Material for MkDocs. Built once per module, as a user would
(`casebook stage DIR`, then `zensical build` in DIR), over the fixture library and two cases
whose title and summary try to break out of the markup they are printed into. Zensical makes
no network request while building (checked with strace, 2026-12-03).
"""

from __future__ import annotations

import html
import importlib.util
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from casebook.plan.failure import FAILURE_SRC
from casebook.plan.lessons import HEADING as LESSONS_HEADING
from casebook.plan.pitfalls import AREA_HEADING, PANEL_CLASS
from casebook.publish.linkcheck import check_site
from tests.helpers.library import ROOT
from tests.regenerate_golden import FIXTURE_LIBRARY

REPOSITORY = ROOT
HOSTILE = ROOT / "tests" / "hostile" / "cases"
HOSTILE_CASES = ("title-that-closes-the-title-element",
                 "summary-that-breaks-out-of-the-description-attribute")
# Markup the hostile titles and summaries hold, which must reach every page as text only.
INJECTED = ("<b>bold</b>", "<i>italics</i>", "<h1>Fake heading</h1>", "</title><h1>",
            'http-equiv="refresh" content="0;url=https://example.org/')
# ... nor escaped twice, which shows the entities to the reader.
ESCAPED_TWICE = ("&amp;lt;", "&amp;#34;", "&amp;quot;", "&amp;#x27;", "&amp;#39;")
TIMEOUT = 300
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_MAIN = re.compile(r'<article class="md-content__inner.*</article>', re.DOTALL)
_CASE_ARTICLE = re.compile(r'<article class="cb-case".*?\n\s*</article>', re.DOTALL)
_ADDRESS = re.compile(r'\s(?:href|src)="([^"]*)"')
_HEADING_ID = re.compile(r'<h[1-6][^>]*\sid="([^"]+)"')
_ABBR = re.compile(r"</?abbr\b[^>]*>")  # the glossary's, which only the plugin adds
# An area page's section of its cases' Lessons, up to the next level-2 heading.
# An area page's sections gathered from its cases' rendered pages (Lessons, Pitfalls others
# met), up to the next level-2 heading: only the plugin can gather them.
_GATHERED = re.compile(rf'<h2 id="(?:{LESSONS_HEADING[0]}|{AREA_HEADING[0]})".*?(?=<h2\b)',
                       re.DOTALL)
# The plugin's link from a case's "What did not work" panel to the other cases'.
_PANEL_LINK = re.compile(rf'<p class="{PANEL_CLASS}__more".*?</p>', re.DOTALL)
# A page made of gathered sections: under Zensical it lists the cases, and links to each.
_GATHERING_PAGES = {FAILURE_SRC.replace(".md", ".html")}
_TOC = re.compile(r'data-md-type="toc".*?</nav>', re.DOTALL)
_TOC_LINK = re.compile(r'<a href="(#[^"]*)" class="md-nav__link">')
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Sites:
    library: Path
    staged: Path
    zensical: Path  # what `zensical build` made of the staged folder
    mkdocs: Path  # what `casebook build` made of the library
    output: str  # what `zensical build` printed


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT,
                          check=False)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    if importlib.util.find_spec("zensical") is None:
        pytest.fail("zensical is not installed: `make setup` installs it (pyproject.toml, "
                    "the test extra)")
    work = tmp_path_factory.mktemp("zensical")
    library = work / "library"
    shutil.copytree(FIXTURE_LIBRARY, library)
    config = library / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "custom_dir: ../../../theme", f"custom_dir: {REPOSITORY / 'theme'}"), encoding="utf-8")
    for name in HOSTILE_CASES:
        shutil.copyfile(HOSTILE / f"{name}.md", library / "cases" / f"{name}.md")
    casebook = [sys.executable, "-m", "casebook.cli", "--root", str(library)]
    staged = run([*casebook, "stage", str(work / "staged")], REPOSITORY)
    assert staged.returncode == 0, staged.stderr
    built = run([*casebook, "build", "--quiet", "--site-dir", str(work / "mkdocs")], REPOSITORY)
    assert built.returncode == 0, built.stderr
    zensical = run([sys.executable, "-m", "zensical", "build"], work / "staged")
    output = _ANSI.sub("", zensical.stdout + zensical.stderr)
    assert zensical.returncode == 0, output
    return Sites(library, work / "staged", work / "staged" / "site", work / "mkdocs", output)


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")
            if not p.relative_to(site).as_posix().startswith("pagefind/")}


def main_content(path: Path) -> str:
    match = _MAIN.search(path.read_text(encoding="utf-8"))
    return match.group(0) if match else ""


def targets(page: str, fragment: str) -> set[str]:
    """The pages and files `fragment` (of the page at `page`) links to, as site paths."""
    base = "/" + page.removesuffix("index.html")
    found = set()
    for address in _ADDRESS.findall(fragment):
        parts = urlsplit(urljoin(base, html.unescape(address)))
        if not parts.scheme and not parts.netloc:
            found.add(parts.path)
    return found


def toc(path: Path) -> list[str]:
    """The anchors the page's table of contents links to, in order."""
    match = _TOC.search(path.read_text(encoding="utf-8"))
    return _TOC_LINK.findall(match.group(0)) if match else []


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", _ABBR.sub("", fragment))).split())


def case_pages(sites: Sites) -> list[str]:
    return [f"cases/{p.stem}/index.html" for p in sorted((sites.library / "cases").glob("*.md"))]


def test_zensical_builds_the_staged_folder_strictly_and_without_a_warning(sites: Sites) -> None:
    """The staged mkdocs.yml keeps `strict: true`, and Zensical finds nothing to warn of."""
    assert "strict: true" in (sites.staged / "mkdocs.yml").read_text(encoding="utf-8")
    assert "No issues found" in sites.output
    assert "Warning" not in sites.output


def test_every_page_of_the_mkdocs_build_is_in_the_zensical_site(sites: Sites) -> None:
    """Case, term, index, pack and redirect pages: the same HTML files in both sites."""
    assert pages(sites.zensical) == pages(sites.mkdocs)
    assert {f"cases/{name}/index.html" for name in HOSTILE_CASES} <= pages(sites.zensical)


def test_every_case_page_reads_as_in_the_mkdocs_build(sites: Sites) -> None:
    """Each case's article (title, summary, panel, body, impact table, the sections after
    the body) has the same text, headings, links and table of contents; only the glossary's
    abbreviations and the "What did not work" panel's link to other cases, which the plugin
    adds, are missing."""
    for page in case_pages(sites):
        built = _CASE_ARTICLE.search(_PANEL_LINK.sub("", main_content(sites.mkdocs / page)))
        staged = _CASE_ARTICLE.search(main_content(sites.zensical / page))
        assert built and staged, page
        assert text_of(staged.group(0)) == text_of(built.group(0)), page
        assert _HEADING_ID.findall(staged.group(0)) == _HEADING_ID.findall(built.group(0))
        assert targets(page, staged.group(0)) == targets(page, built.group(0)), page
        assert toc(sites.zensical / page) == toc(sites.mkdocs / page), page


def test_every_page_reads_and_links_as_in_the_mkdocs_build(sites: Sites) -> None:
    """Term pages list the same cases, index pages the same terms, with the same text: the
    same pages and files linked from every page's content (raw HTML's addresses included,
    which Zensical reads from the source file's folder and MkDocs from the page's address).
    An area page lacks only the Lessons and pitfalls it gathers from its cases, which only
    the plugin can gather; /learning-from-failure/ lists its cases instead."""
    for page in sorted(pages(sites.mkdocs)):
        if page in _GATHERING_PAGES:
            continue
        built = _PANEL_LINK.sub("", _GATHERED.sub("", main_content(sites.mkdocs / page)))
        staged = _GATHERED.sub("", main_content(sites.zensical / page))
        assert text_of(staged) == text_of(built), page
        assert targets(page, staged) == targets(page, built), page


def test_no_link_of_the_zensical_site_is_broken(sites: Sites) -> None:
    """`casebook linkcheck` over the Zensical site: every internal link, anchor and alias."""
    assert check_site(sites.zensical) == []


def test_titles_and_summaries_reach_the_zensical_site_as_text(sites: Sites) -> None:
    """No page holds the markup of a hostile title or summary, nor shows it escaped twice:
    Zensical's base.html prints the description into an attribute as it is, so stage escapes
    it once; the theme escapes the title wherever it prints it."""
    for page in sorted(pages(sites.zensical)):
        text = (sites.zensical / page).read_text(encoding="utf-8")
        for markup in (*INJECTED, *ESCAPED_TWICE):
            assert markup not in text, (page, markup)
    case = (sites.zensical / "cases" / HOSTILE_CASES[1] / "index.html").read_text("utf-8")
    assert 'content="A summary that, printed into an attribute as it is, ends it' in case
    assert "<title>A title that ends an attribute &quot; data-x=&quot;1 and opens" in case
