"""What did not work, first-class, and a case page for a busy reader (issue #16):
generator/plan/pitfalls.py, failure.py and glance.py, and the case page's board questions and
panel.

The plan is tested on the fixture library; the gathered sections, which the plugin takes from
the rendered case pages, on a real build of it.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.library.cases import Case, Measure, Period, Source
from casebook.library.contract import FAILURE_OUTCOMES
from casebook.library.load import Library
from casebook.library.taxonomy import AREAS
from casebook.library.urls import case_src, term_src
from casebook.plan.case_sections import place_impact
from casebook.plan.failure import FAILURE_SRC, GROUPS
from casebook.plan.glance import glance
from casebook.plan.lessons import LESSONS_MARKER
from casebook.plan.page import Page
from casebook.plan.pitfalls import PITFALLS_MARKER, extract, has_pitfalls, highlight
from casebook.plan.site import plan_site
from tests.helpers.library import ROOT
from tests.regenerate_golden import FIXTURE_LIBRARY, FIXTURE_TODAY, load_fixture_library

REPOSITORY = ROOT
FAILED = "community-listening-events"  # did not work; areas 10 then 3; first-hand source
MIXED = "reverse-mentoring-for-executives"  # mixed; areas 4 then 2
MEASURED = "fair-disciplinary-process"  # improved; two measures; ran 2020 to 2024


@pytest.fixture(scope="module")
def library() -> Library:
    return load_fixture_library()


@pytest.fixture(scope="module")
def pages(library: Library) -> dict[str, Page]:
    return {p.src: p for p in plan_site(library, today=FIXTURE_TODAY)}


def _case(library: Library, slug: str) -> Case:
    case = library.case(slug)
    assert case is not None
    return case


# ---------------------------------------------------------------- which cases say it


@pytest.mark.parametrize(("body", "expected"), [
    ("## Impact\n\nA.\n\n## What did not work\n\nB.\n", True),
    ("## What did not work ##\n\nB.\n", True),
    ("## what did not work\n\nB.\n", True),
    ("```\n## What did not work\n```\n", False),  # in code, not a heading
    ("### What did not work\n\nB.\n", False),  # not the contract's level-2 section
    ("## What did not work well\n\nB.\n", False),
    ("## Impact\n\nIt did not work.\n", False),
])
def test_a_case_has_pitfalls_only_with_the_contract_s_level_2_heading(
        library: Library, body: str, expected: bool) -> None:
    """The '## What did not work' heading, outside code, in any case; nothing else."""
    case = dataclasses.replace(_case(library, MEASURED), body=body)
    assert has_pitfalls(case) is expected


# ---------------------------------------------------------------- the case page's panel

PAGE = ('<h2 id="impact">Impact</h2>\n<p>A.</p>\n'
        '<h2 id="what-did-not-work">What did not work<a class="headerlink" '
        'href="#what-did-not-work">&para;</a></h2>\n<p>B <a href="../other/">c</a>.</p>\n'
        '<h3 id="why">Why</h3>\n<p>D.</p>\n\n'
        '<h2 id="lessons">Lessons</h2>\n<p>E.</p>\n<div class="cb-case__after">F</div>')


def test_the_section_is_set_apart_in_a_panel_named_by_its_heading() -> None:
    """Heading (still a level-2 heading) and text, h3 and all, in one section labelled by the
    heading; the sections before and after it are where they were."""
    page = highlight(PAGE, "../../")
    start = page.index('<section class="cb-failure" aria-labelledby="what-did-not-work">')
    end = page.index("</section>")
    panel = page[start:end]
    assert '<h2 id="what-did-not-work">' in panel and "<p>D.</p>" in panel
    assert '<a href="../../learning-from-failure/">' in panel
    assert page.index("<p>A.</p>") < start and end < page.index('<h2 id="lessons">')
    assert page.replace(page[start:end + len("</section>")], "") == \
        PAGE.replace(PAGE[PAGE.index('<h2 id="what-did-not-work">'):PAGE.index("\n\n<h2")], "")


def test_a_page_without_the_section_is_left_as_it_is() -> None:
    page = PAGE.replace("What did not work", "What went well")
    assert highlight(page, "../../") == page


def test_the_section_is_taken_without_its_heading_for_the_pages_that_gather_it() -> None:
    """The text runs to the next level-2 heading; the Lessons are not in it."""
    assert extract(PAGE) == (
        '<p>B <a href="../other/">c</a>.</p>\n<h3 id="why">Why</h3>\n<p>D.</p>')
    assert extract(PAGE.replace("What did not work", "Costs")) == ""


def test_a_section_holding_an_end_tag_it_did_not_open_is_neither_taken_nor_wrapped() -> None:
    """A body's element left open before the section, closed after it (as the sanitiser
    closes it, at the end of the body): moving the section would move the end tag too."""
    page = PAGE.replace("<p>D.</p>", "<p>D.</p><section><p>E</p>").replace(
        '<div class="cb-case__after">', '</section><div class="cb-case__after">')
    assert extract(page) == ""
    assert highlight(page, "../../") == page


def test_the_impact_table_closes_impact_before_what_did_not_work() -> None:
    """With a 'What did not work' section the table ends Impact, not the failure panel."""
    body = '<h2 id="impact">Impact</h2>\n<p>A.</p>\n' + PAGE[PAGE.index("<h2 id=\"what"):]
    placed = place_impact(body, "<table>T</table>")
    assert placed.index("<p>A.</p>") < placed.index("<table>") \
        < placed.index('<h2 id="what-did-not-work">')


# ---------------------------------------------------------------- at a glance


def test_the_glance_gives_the_first_measure_with_its_years(library: Library) -> None:
    """The result is the first impact measure's figures, and the others are counted."""
    case = _case(library, MEASURED)
    seen = glance(case)
    first = case.impact[0]
    assert seen.result.startswith(f"{first.measure}: from ")
    assert f"in {first.baseline_year} to " in seen.result
    assert seen.result.endswith(f"in {first.latest_year}")
    assert seen.more_measures == len(case.impact) - 1
    assert seen.period == "From 2020 to 2024"
    assert seen.source == f"{case.source.publisher}, {case.source.year}"
    assert not seen.pitfalls


def test_the_glance_says_nothing_it_was_not_given(library: Library) -> None:
    """No measure, no figure; no period, none; a first-hand source without a year has none."""
    case = dataclasses.replace(_case(library, FAILED), impact=(), period=None,
                               source=Source("first-hand"))
    seen = glance(case)
    assert (seen.result, seen.more_measures, seen.period) == ("", 0, "")
    assert seen.source == "Written first-hand by the organisation"
    assert seen.pitfalls


def test_a_measure_in_percent_reads_as_written(library: Library) -> None:
    case = dataclasses.replace(_case(library, MEASURED), period=Period(2022, 2022), impact=(
        Measure("Staff who feel safe to speak up", 40.0, 2021, 52.5, 2023, unit="%"),))
    seen = glance(case)
    assert seen.result == "Staff who feel safe to speak up: from 40% in 2021 to 52.5% in 2023"
    assert seen.period == "In 2022"


def _header(pages: dict[str, Page], slug: str) -> str:
    case = pages[case_src(slug)].case
    assert case is not None
    return case.header


def test_the_case_page_opens_with_the_glance_then_the_panel(pages: dict[str, Page]) -> None:
    """Title, then the box (summary, result, evidence, source, when, what did not work),
    then the panel, which no longer repeats the labels or the dates."""
    header = _header(pages, FAILED)
    title, glance_at, panel = (header.index("<h1"), header.index('class="cb-glance"'),
                               header.index('class="cb-panel"'))
    assert title < glance_at < panel
    box, panel_html = header[glance_at:panel], header[panel:]
    labels = re.findall(r"<dt[^>]*>([^<]+)</dt>", box)
    assert labels == ["Result", "Evidence", "Source", "When", "What did not work"]
    assert 'class="cb-summary"' in box and 'href="#what-did-not-work"' in box
    assert "cb-badge--did-not-work" in box
    assert ">From 2024<" in box and "Written first-hand by the organisation" in box
    assert "cb-badge" not in panel_html and ">When<" not in panel_html
    # The labels still feed search's filters, once each.
    assert header.count('data-pagefind-filter="Outcome"') == 1
    assert header.count('data-pagefind-filter="Strength of evidence"') == 1


def test_a_case_that_says_nothing_failed_has_no_link_to_it(pages: dict[str, Page]) -> None:
    header = _header(pages, MEASURED)
    assert "#what-did-not-work" not in header and "What did not work" not in header


def test_the_panel_lists_areas_in_area_order_and_marks_the_primary(
        pages: dict[str, Page], library: Library) -> None:
    """Tagged 10 then 3, listed 3 then 10, with '(primary)' still on area 10."""
    assert _case(library, FAILED).areas == ("health-inequalities", "foster-safe-spaces")
    panel = _header(pages, FAILED).split('class="cb-panel"')[1]
    items = re.findall(r"<li>(\d+)\. <a [^>]*>[^<]*</a>( <span class=\"cb-primary\")?", panel)
    assert items == [("3", ""), ("10", ' <span class="cb-primary"')]


def test_board_questions_show_the_primary_area_and_fold_the_others(
        pages: dict[str, Page], library: Library) -> None:
    """The primary area's questions open; each other area's behind a summary naming it, in
    area order; a case with one area folds nothing."""
    case = pages[case_src(MIXED)].case
    assert case is not None
    questions = case.sections[:case.sections.index('id="source"')]
    primary = questions.index("4. Focus on personal values and behaviours")
    folded = questions.index('<details class="cb-questions">')
    assert primary < folded
    assert re.search(r"<summary>2\. Education on race \(\d+ questions\)</summary>", questions)
    assert "<details" not in questions[:folded]
    lone = pages[case_src("shadow-board-for-ethnic-minority-staff")].case
    assert lone is not None and "<details" not in lone.sections
    taxonomy = library.taxonomy
    assert taxonomy is not None
    three = pages[case_src("pay-and-progression-review")].case
    assert three is not None
    summaries = re.findall(r"<summary>(\d+)\.", three.sections)
    assert summaries == sorted(summaries, key=int) and len(summaries) == 2


# ---------------------------------------------------------------- the pages that gather it


def test_an_area_page_gathers_pitfalls_before_lessons_from_cases_that_have_them(
        pages: dict[str, Page], library: Library) -> None:
    """Only the area's cases with the section, in the order of its cards."""
    page = pages[term_src(AREAS, "foster-safe-spaces")]
    assert page.markdown.index(PITFALLS_MARKER) < page.markdown.index(LESSONS_MARKER)
    (group,) = page.pitfalls
    assert [e.slug for e in group.entries] == [FAILED]
    assert group.heading == ("pitfalls-others-met", "Pitfalls others met")
    without = pages[term_src(AREAS, "hr-processes")]
    assert not without.pitfalls and PITFALLS_MARKER not in without.markdown


def test_the_failure_page_groups_every_failure_case_by_outcome(
        pages: dict[str, Page], library: Library) -> None:
    """Each failure outcome with cases is a group, starkest first, listing all its cases;
    the page is in the navigation and its jump links name the groups' ids."""
    page = pages[FAILURE_SRC]
    assert page.in_nav and page.url == "learning-from-failure/"
    listed = {e.slug for group in page.pitfalls for e in group.entries}
    expected = {c.slug for c in library.cases if c.outcome in FAILURE_OUTCOMES}
    assert listed == expected and expected
    ids = [group.heading[0] for group in page.pitfalls]
    assert ids == [o for o in GROUPS if any(c.outcome == o for c in library.cases)]
    for group in page.pitfalls:
        assert f"](#{group.heading[0]})" in page.markdown
        assert page.markdown.index(group.marker) > page.markdown.index("](#")
        assert group.empty
    assert "outcome=did-not-work&amp;outcome=no-change-yet&amp;outcome=mixed" in page.markdown


def test_the_failure_page_adds_other_outcomes_that_say_what_did_not_work(
        library: Library) -> None:
    """A case that improved but has the section is listed after the groups, as such."""
    improved = _case(library, MEASURED)
    body = improved.body.replace("## Lessons", "## What did not work\n\nOne thing.\n\n## Lessons")
    changed = dataclasses.replace(library, cases=[
        dataclasses.replace(improved, body=body) if c is improved else c for c in library.cases])
    page = next(p for p in plan_site(changed, today=FIXTURE_TODAY) if p.src == FAILURE_SRC)
    last = page.pitfalls[-1]
    assert last.heading == ("other-outcomes", "Other outcomes")
    assert [e.slug for e in last.entries] == [MEASURED] and not last.empty
    assert "improved or too early to tell" in last.intro.lower()


def test_a_library_with_no_failures_says_so(library: Library) -> None:
    """No group, no jump list, no browse link: one sentence saying there are none yet."""
    cases = [dataclasses.replace(c, outcome="improved") if c.outcome in FAILURE_OUTCOMES
             else c for c in library.cases]
    cases = [dataclasses.replace(c, body=c.body.replace("## What did not work", "## Costs"))
             for c in cases]
    page = next(p for p in plan_site(dataclasses.replace(library, cases=cases),
                                     today=FIXTURE_TODAY) if p.src == FAILURE_SRC)
    assert not page.pitfalls
    assert "No case in the library" in page.markdown and "browse/" not in page.markdown


def test_the_home_and_about_pages_link_to_the_failure_page(pages: dict[str, Page]) -> None:
    home, about = pages["index.md"].markdown, pages["about.md"].markdown
    assert "](learning-from-failure/index.md) in the 2 cases" in home
    assert "[Learning from failure](learning-from-failure/index.md)" in about


# ---------------------------------------------------------------- a real build


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture library built by `casebook build` (strict, as in the repository)."""
    out = tmp_path_factory.mktemp("failure") / "site"
    done = subprocess.run([sys.executable, "-m", "casebook.cli", "--root", str(FIXTURE_LIBRARY),
                           "build", "--site-dir", str(out)], capture_output=True, text=True,
                          timeout=300, check=False, cwd=REPOSITORY)
    assert done.returncode == 0, done.stderr
    return out


def _html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def _case_text(slug: str, heading: str) -> str:
    """The words of a case file's level-2 section, as the reader sees them."""
    body = (FIXTURE_LIBRARY / "cases" / f"{slug}.md").read_text(encoding="utf-8")
    section = body.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return " ".join(section.split())


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_built_case_page_shows_what_did_not_work_in_its_panel(site: Path) -> None:
    """The section's words sit in the labelled panel, which the glance links to."""
    page = _html(site, f"cases/{FAILED}")
    panel = re.search(r'<section class="cb-failure" aria-labelledby="([^"]+)">(.*?)</section>',
                      page, re.DOTALL)
    assert panel is not None
    assert f'<h2 id="{panel.group(1)}">What did not work' in panel.group(2)
    assert _words(_case_text(FAILED, "What did not work"))[:60] in _words(panel.group(2))
    assert f'href="#{panel.group(1)}"' in page
    assert page.index('class="cb-glance"') < page.index('class="cb-panel"') \
        < page.index('<h2 id="the-challenge"')


def test_a_built_area_page_links_each_pitfall_to_its_case(site: Path) -> None:
    """'Pitfalls others met', before the lessons, with the case's words under a link to it;
    the lessons keep the anchors they had."""
    page = _html(site, "areas/foster-safe-spaces")
    start = page.index('<h2 id="pitfalls-others-met">')
    end = page.index('<h2 id="lessons-from-these-cases">')
    assert start < end
    section = page[start:end]
    assert f'<a href="../../cases/{FAILED}/">' in section
    assert _words(_case_text(FAILED, "What did not work"))[:60] in _words(section)
    lessons = page[end:]
    anchor = "listening-events-with-local-communities-that-did-not-change-the-plan"
    assert f'<h3 id="{anchor}"><a href="../../cases/{FAILED}/">' in lessons
    toc = page[page.index('data-md-component="toc"'):page.index('<div class="md-content"')]
    assert toc.index('href="#pitfalls-others-met"') < toc.index('href="#lessons-from-these-cases"')


def test_the_built_failure_page_lists_every_failure_case_under_its_outcome(
        site: Path, library: Library) -> None:
    """Every failure case, linked under its outcome's heading, with its own words."""
    page = _html(site, "learning-from-failure")
    for case in library.cases:
        link = f'<a href="../cases/{case.slug}/">'
        if case.outcome not in FAILURE_OUTCOMES:
            assert link not in page
            continue
        heading = page.index(f'<h2 id="{case.outcome}">')
        assert page.index(link) > heading
        later = [page.index(f'<h2 id="{o}">') for o in GROUPS
                 if f'<h2 id="{o}">' in page and page.index(f'<h2 id="{o}">') > heading]
        assert not later or page.index(link) < min(later)
        assert _words(_case_text(case.slug, "What did not work"))[:60] in _words(page)
