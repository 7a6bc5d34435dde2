"""Learning across cases (generator/plan/lessons.py): an area page's outcomes table and lessons.

The lessons are gathered from the case pages as the build renders them, so the requirement
(issue #6: every case's lessons on each of its area pages) is tested on a real build: the
fixture library, with cases added whose Lessons hold headings, links and code.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from casebook.library.load import Library, load_library
from casebook.library.taxonomy import AREAS
from casebook.library.urls import term_src
from casebook.plan import lessons
from casebook.plan.lessons import LESSONS_MARKER, assemble, extract, place, rebase
from casebook.plan.markdown_text import md_text
from casebook.plan.page import Lesson, Page
from casebook.plan.site import plan_site
from tests.helpers.library import ROOT, VALID_FRONT, case_text
from tests.regenerate_golden import FIXTURE_LIBRARY, FIXTURE_TODAY, load_fixture_library

REPOSITORY = ROOT
AREA = "data"
BODY = """
Intro.

## The challenge

A.

## What they did

B.

## Impact

C.

## What did not work

D.

## Lessons

{lessons}
"""

LESSONS = {
    "plain-lessons": "Start small, and keep the board involved.",
    "lessons-with-headings": ("Two things.\n\n### What worked\n\nThe board listened.\n\n"
                              "#### In detail\n\nEvery month.\n\n###### Deepest\n\nText."),
    "lessons-then-more": ("Read the [related case](../plain-lessons/) and "
                          "[its lessons](../plain-lessons/#lessons), or [above](#impact).\n\n"
                          "## Further reading\n\nThis is not a lesson."),
    "lessons-with-code": ("Keep a log:\n\n```\n## not a heading\n```\n\nAnd review it."),
    "same-headings-again": "### What worked\n\nThe same heading as another case's.",
}
OUTCOMES = ["improved", "mixed", "did-not-work", "improved", "improved"]


@dataclass(frozen=True)
class Site:
    root: Path
    library: Library

    def page(self, url: str) -> str:
        return (self.root / url / "index.html").read_text(encoding="utf-8")


def _library(target: Path) -> Path:
    """The fixture library with the LESSONS cases added (tagged with the data area), and
    one more case in another area."""
    shutil.copytree(FIXTURE_LIBRARY, target)
    config = target / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "custom_dir: ../../../theme", f"custom_dir: {REPOSITORY / 'theme'}"), encoding="utf-8")
    cases = dict(zip(LESSONS, OUTCOMES, strict=True))
    for slug, outcome in cases.items():
        front = {**VALID_FRONT, "title": f"The case called {slug}", "areas": [AREA],
                 "outcome": outcome}
        text = case_text(front, BODY.format(lessons=LESSONS[slug]))
        (target / "cases" / f"{slug}.md").write_text(text, encoding="utf-8")
    elsewhere = case_text({**VALID_FRONT, "areas": ["hr-processes"]},
                          BODY.format(lessons="Not in the data area."))
    (target / "cases" / "elsewhere.md").write_text(elsewhere, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The library, built once by `casebook build` (strict, as in the repository)."""
    root = _library(tmp_path_factory.mktemp("lessons") / "library")
    out = root.parent / "site"
    done = subprocess.run([sys.executable, "-m", "casebook.cli", "--root", str(root), "build",
                           "--site-dir", str(out)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    library = load_library(root)
    assert library.ok
    return Site(out, library)


# ---------------------------------------------------------------- reading a built page

_PERMALINK = re.compile(r'<a class="headerlink" href="[^"]*"[^>]*>[^<]*</a>')
_HREF = re.compile(r'\s(href|src)="([^"]*)"')


def section(page: str, heading_id: str) -> str:
    """The HTML after the h2 with this id, up to the next h1 or h2 or the sections after a
    case's body."""
    start = page.index(f'<h2 id="{heading_id}"')
    start = page.index("</h2>", start) + len("</h2>")
    end = re.compile(r'<h[12][ >]|<div class="cb-case__after"').search(page, start)
    return page[start:end.start() if end else page.index("</article>", start)]


def gathered(page: str) -> dict[str, str]:
    """slug → the lessons shown under that case's heading on a built area page."""
    found = {}
    chunks = re.split(r"(?=<h3 id=)", section(page, "lessons-from-these-cases"))
    for chunk in chunks[1:]:
        slug = re.search(r'^<h3 id="[^"]*"><a href="\.\./\.\./cases/([\w-]+)/">', chunk)
        assert slug, chunk[:200]
        about_end = chunk.index("</em></p>") + len("</em></p>")
        found[slug.group(1)] = chunk[about_end:]
    return found


def normalised(fragment: str, page_url: str, shift: int = 0) -> str:
    """What a reader gets from a fragment, wherever it is: no ids or permalinks, every
    address resolved to the site path it leads to, headings `shift` levels down (past h6,
    a bold line), white space collapsed."""
    fragment = _PERMALINK.sub("", fragment)
    fragment = re.sub(r'\sid="[^"]*"', "", fragment)

    def resolve(match: re.Match[str]) -> str:
        url = html.unescape(match.group(2))
        if re.match(r"^[a-z]+:|^/", url):
            return match.group(0)
        path, _, anchor = url.partition("#")
        target = posixpath.normpath(posixpath.join(page_url, path)) if path else page_url
        return f' {match.group(1)}="/{target.strip("/")}/#{anchor}"'

    def heading(match: re.Match[str]) -> str:
        level = int(match.group(2)) + shift
        if level > 6:
            return "<p><strong>" if not match.group(1) else "</strong></p>"
        return f"<{match.group(1)}h{level}>"

    fragment = _HREF.sub(resolve, fragment)
    fragment = re.sub(r"<(/?)h([1-6])>", heading, fragment)
    return " ".join(fragment.split())


def case_lessons(site: Site, slug: str) -> str:
    return section(site.page(f"cases/{slug}"), "lessons")


# ---------------------------------------------------------------- the requirement


def test_the_lessons_on_an_area_page_are_exactly_those_of_its_cases(site: Site) -> None:
    """On every area page: one entry per case of the area that has lessons, in the order of
    its case list, each the same as the Lessons section of the case's own page (headings one
    level down, links leading to the same places)."""
    areas = 0
    for area in site.library.taxonomy.areas:
        in_area = [c.slug for c in site.library.cases if area.id in c.areas]
        page = site.page(f"areas/{area.id}")
        if not in_area:
            assert "lessons-from-these-cases" not in page
            continue
        areas += 1
        shown = gathered(page)
        cards = re.findall(r'<article class="cb-card" id="case-([\w-]+)"', page)
        assert list(shown) == cards, area.id
        assert set(shown) == set(in_area), area.id
        for slug, fragment in shown.items():
            own = case_lessons(site, slug)
            assert own.strip(), slug
            assert normalised(fragment, f"areas/{area.id}/") == \
                normalised(own, f"cases/{slug}/", shift=1), (area.id, slug)
    assert areas >= 8


def test_each_case_s_lessons_sit_under_a_level_3_heading_linking_back_to_it(
        site: Site) -> None:
    """'Lessons from these cases' comes before 'Cases (n)'; each case's heading links to the
    case page, with a line about its organisation, outcome and evidence."""
    page = site.page(f"areas/{AREA}")
    assert page.index('id="lessons-from-these-cases"') < page.index('id="cases-')
    assert ('<h3 id="the-case-called-plain-lessons"><a href="../../cases/plain-lessons/">The '
            'case called plain-lessons</a><a class="headerlink" '
            'href="#the-case-called-plain-lessons" title="Link to this section">&para;</a>'
            '</h3>') in page
    org = md_text(VALID_FRONT["organisation"])
    assert f"<p><em>{org}. Outcome: Improved. Evidence: Promising.</em></p>" in page


def test_the_outline_stays_valid_inside_gathered_lessons(site: Site) -> None:
    """A case's h3 becomes h4 under the case's h3; h6 cannot go deeper and becomes bold."""
    lessons = gathered(site.page(f"areas/{AREA}"))["lessons-with-headings"]
    assert re.search(r'<h4 id="what-worked">What worked<a class="headerlink"', lessons)
    assert re.search(r'<h5 id="in-detail">In detail<a class="headerlink"', lessons)
    assert "<p><strong>Deepest</strong></p>" in lessons
    assert not re.search(r"<h[1-3][ >]", lessons)


def test_gathered_headings_keep_unique_anchors_and_their_place_in_the_contents(
        site: Site) -> None:
    """Two cases with the same heading: 'what-worked' and 'what-worked_1', as the toc
    extension numbers them; each is in the table of contents, under its case."""
    page = site.page(f"areas/{AREA}")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert 'id="what-worked"' in page and 'id="what-worked_1"' in page
    toc = page[page.index('data-md-component="toc"'):page.index('<div class="md-content"')]
    links = re.findall(r'<a href="#([^"]+)" class="md-nav__link">', toc)
    for anchor in links:
        assert f'id="{anchor}"' in page, anchor
    order = ["lessons-from-these-cases", "the-case-called-lessons-with-headings", "what-worked",
             "in-detail", "the-case-called-same-headings-again", "what-worked_1"]
    assert [a for a in links if a in order] == order
    assert links.index("lessons-from-these-cases") < links.index(
        next(a for a in links if a.startswith("cases-")))


def test_the_section_stops_at_the_next_level_2_heading(site: Site) -> None:
    """'## Further reading' after the Lessons is not a lesson."""
    lessons = gathered(site.page(f"areas/{AREA}"))["lessons-then-more"]
    assert "Further reading" not in lessons and "not a lesson" not in lessons


def test_a_heading_inside_a_code_block_is_text(site: Site) -> None:
    """'## not a heading' in a fence neither ends the section nor becomes a heading."""
    lessons = gathered(site.page(f"areas/{AREA}"))["lessons-with-code"]
    assert "<code>## not a heading" in lessons and "And review it." in lessons


def test_links_are_rebased_to_work_from_the_area_page(site: Site) -> None:
    """'../other/', '../other/#x' and '#x' (as the case page has them) lead to the same
    places from the area page."""
    lessons = gathered(site.page(f"areas/{AREA}"))["lessons-then-more"]
    assert '<a href="../../cases/plain-lessons/">related case</a>' in lessons
    assert '<a href="../../cases/plain-lessons/#lessons">its lessons</a>' in lessons
    assert '<a href="../../cases/lessons-then-more/#impact">above</a>' in lessons


def test_each_case_page_s_lessons_are_read_once_whatever_its_areas(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Linear: the build takes each case's Lessons (and its "What did not work", which its
    area pages and /learning-from-failure/ gather) from its page once, and the plan reads
    neither; a case in three areas is not read three times."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from casebook.render import session

    calls: dict[str, list[str]] = {"extract_lessons": [], "extract_pitfalls": []}
    for name, seen in calls.items():
        real = getattr(session, name)

        def counting(page_html: str, real: Any = real, seen: list[str] = seen) -> str:
            seen.append(page_html)
            return real(page_html)

        monkeypatch.setattr(session, name, counting)
    root = _library(tmp_path / "library")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    library = load_library(root)
    assert [len(seen) for seen in calls.values()] == [len(library.cases)] * 2
    assert sum(len(c.areas) for c in library.cases) > len(library.cases)


# ---------------------------------------------------------------- the plan


@pytest.fixture(scope="module")
def fixture_pages() -> dict[str, Page]:
    return {p.src: p for p in plan_site(load_fixture_library(), today=FIXTURE_TODAY)}


def test_an_area_page_marks_where_the_lessons_go_and_lists_its_cases(
        fixture_pages: dict[str, Page]) -> None:
    """The marker sits between the outcomes table and 'Cases (n)'; the meta lists the area's
    cases in the order of its cards, with their titles."""
    page = fixture_pages[term_src(AREAS, "hr-processes")]
    markdown = page.markdown
    assert markdown.index("## How these cases turned out") < markdown.index(LESSONS_MARKER) \
        < markdown.index("## Cases (")
    entries = page.lessons
    cards = re.findall(r'id="case-([\w-]+)"', page.after)
    assert [e.slug for e in entries] == cards
    assert all(e.title and e.about.endswith(".") for e in entries)


def test_the_outcomes_table_counts_the_area_s_cases_by_outcome_and_evidence(
        site: Site) -> None:
    """Each outcome row has the right number of cases; the total is the area's count."""
    page = next(p for p in plan_site(site.library) if p.src == term_src(AREAS, AREA))
    markdown = page.markdown
    table = markdown[markdown.index('<div class="cb-outcomes">'):]
    table = table[:table.index("</div>")]
    assert "<caption>" in table and 'scope="col"' in table and 'scope="row"' in table
    in_area = [c for c in site.library.cases if AREA in c.areas]
    assert f"({len(in_area)} in all)" in table
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th>.*?<td>(\d+)</td></tr>', table))
    counts = {label: sum(c.outcome == outcome for c in in_area)
              for label, outcome in (("Improved", "improved"), ("Mixed", "mixed"),
                                     ("Did not work", "did-not-work"))}
    assert {k: int(rows[k]) for k in counts} == counts
    assert rows["All"] == str(len(in_area))


def test_an_area_with_no_cases_has_neither_table_nor_lessons(
        fixture_pages: dict[str, Page]) -> None:
    """Nothing to count or gather: both sections are left out."""
    page = fixture_pages[term_src(AREAS, "culture-of-challenge")]
    assert "cb-outcomes" not in page.markdown
    assert LESSONS_MARKER not in page.markdown
    assert not page.lessons


# ---------------------------------------------------------------- the pieces


def test_the_section_runs_to_the_next_level_1_or_2_heading() -> None:
    """Found by its text, whatever its id; an h3 inside it does not end it."""
    page = ('<h2 id="impact">Impact</h2><p>x</p><h2 id="lessons_1">Lessons<a class="headerlink"'
            ' href="#lessons_1" title="t">¶</a></h2>\n<p>A.</p>\n<h3 id="b">B</h3>\n'
            '<h2 id="questions">Questions</h2>')
    assert extract(page) == '<p>A.</p>\n<h3 id="b">B</h3>'
    assert extract('<h2 id="x">LESSONS</h2><p>end</p>') == "<p>end</p>"
    assert extract("<h2>Impact</h2><p>none</p>") == ""


def test_relative_addresses_are_rebased_and_absolute_ones_kept() -> None:
    """From cases/a/ to areas/b/: siblings, images beside the cases, anchors, self links."""
    fragment = ('<a href="../other/">o</a><a href="../other/#x">x</a><a href="#impact">i</a>'
                '<img src="../images/chart.png"><a href="./">self</a>'
                '<a href="../../areas/b/">here</a><a href="https://x.org/a">web</a>'
                '<a href="mailto:a@b.org">mail</a><a href="/root/">root</a>'
                '<a href="../../browse/?area=b&amp;x=1">browse</a>')
    assert rebase(fragment, "cases/a/", "areas/b/") == (
        '<a href="../../cases/other/">o</a><a href="../../cases/other/#x">x</a>'
        '<a href="../../cases/a/#impact">i</a><img src="../../cases/images/chart.png">'
        '<a href="../../cases/a/">self</a><a href="./">here</a><a href="https://x.org/a">web'
        '</a><a href="mailto:a@b.org">mail</a><a href="/root/">root</a>'
        '<a href="../../browse/?area=b&amp;x=1">browse</a>')


def test_ids_are_numbered_on_the_page_and_come_from_the_text_alone() -> None:
    """A generated id taken on the page gets the next number; an id that is not the text's
    ('{ #mine }', which the case page no longer keeps either) is given from the text, so
    nothing gathered can take an id the area page or its scripts own."""
    captured = {"a": '<h3 id="notes">Notes<a class="headerlink" href="#notes">¶</a></h3>',
                "b": '<h3 id="notes_2">Notes</h3><h3 id="mine">Other</h3>'
                     '<h3 id="cb-data">cb-data</h3>'}
    entries = [Lesson("a", "A case", "About a."), Lesson("b", "Notes", "About b.")]
    used = {"notes"}

    def slugify(text: str) -> str:
        return re.sub(r"\W+", "-", text.lower()).strip("-")

    fragment, headings = assemble(entries, captured, "areas/x/", used, slugify)
    assert [(h.level, h.id) for h in headings] == [
        (2, "lessons-from-these-cases"), (3, "a-case"), (4, "notes_1"), (3, "notes_2"),
        (4, "notes_3"), (4, "other"), (4, "section-cb-data")]
    assert '<h4 id="notes_1">Notes<a class="headerlink" href="#notes_1"' in fragment
    assert used >= {h.id for h in headings}


def test_the_gathered_section_replaces_the_marker() -> None:
    """In the marker's place, or nothing at all when no case has lessons."""
    page = f"<p>a</p>\n{LESSONS_MARKER}\n\n<h2>Cases</h2>"
    assert place(page, "<h2>L</h2>") == "<p>a</p>\n<h2>L</h2>\n<h2>Cases</h2>"
    assert place(page, "") == "<p>a</p>\n<h2>Cases</h2>"


def test_gathered_from_names_the_case_pages_an_area_page_shows() -> None:
    """What a preview renders again with the area page (generator/render/preview.py)."""
    area = Page("areas/x.md", "X", "# X", lessons=(Lesson("a", "A", "."), Lesson("b", "B", ".")))
    assert lessons.gathered_from(area) == {"cases/a.md", "cases/b.md"}
    assert lessons.gathered_from(Page("areas/y.md", "Y", "# Y")) == set()
