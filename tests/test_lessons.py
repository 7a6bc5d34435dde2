"""Learning across cases (generator/lessons.py): an area page's outcomes table and lessons."""

from __future__ import annotations

import re

import pytest
from support import TODAY, VALID_FRONT, case_text, make_library

from generator import lessons
from generator.lessons import demote, lessons_of, rebase_links
from generator.library import Library, load_library
from generator.pages import Page, plan_site
from generator.taxonomy import AREAS
from generator.urls import term_src

AREA = "data"
BODY = """
Intro.

## The challenge

A.

## What they did

B.

## Impact

C.

## Lessons

{lessons}
"""

LESSONS = {
    "plain-lessons": "Start small, and keep the board involved.",
    "lessons-with-headings": ("Two things.\n\n### What worked\n\nThe board listened.\n\n"
                              "#### In detail\n\nEvery month.\n\n###### Deepest\n\nText."),
    "lessons-then-more": ("Read the [related case](../plain-lessons/) and "
                          "[its lessons](../plain-lessons/#lessons).\n\n"
                          "## Further reading\n\nThis is not a lesson."),
    "lessons-with-code": ("Keep a log:\n\n```\n## not a heading\n```\n\nAnd review it."),
}


def direct_lessons(body: str) -> str:
    """The Lessons section read straight from the body, independently of generator.lessons:
    from '## Lessons' to the next level-2 heading outside a code fence, or the end."""
    lines = body.split("\n")
    start = lines.index("## Lessons") + 1
    fenced, end = False, len(lines)
    for index in range(start, len(lines)):
        if lines[index].startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"^#{1,2} ", lines[index]):
            end = index
            break
    return "\n".join(lines[start:end]).strip("\n")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    cases = {}
    outcomes = ["improved", "mixed", "did-not-work", "improved"]
    for (slug, text), outcome in zip(LESSONS.items(), outcomes, strict=True):
        front = {**VALID_FRONT, "title": f"The case called {slug}", "areas": [AREA],
                 "outcome": outcome}
        cases[slug] = case_text(front, BODY.format(lessons=text))
    cases["elsewhere"] = case_text({**VALID_FRONT, "areas": ["hr-processes"]},
                                   BODY.format(lessons="Not in the data area."))
    library = load_library(make_library(tmp_path_factory.mktemp("lessons"), cases),
                           today=TODAY)
    assert library.ok, [d.message for d in library.diagnostics]
    return library


@pytest.fixture(scope="module")
def area_page(library: Library) -> Page:
    return next(p for p in plan_site(library, today=TODAY) if p.src == term_src(AREAS, AREA))


def gathered(page: Page) -> dict[str, str]:
    """slug → the lessons shown under that case's heading on the area page."""
    section = page.markdown.split("## Lessons from these cases", 1)[1]
    section = section.split("\n## Cases (", 1)[0]
    found = {}
    for chunk in re.split(r"^### ", section, flags=re.MULTILINE)[1:]:
        heading, _, rest = chunk.partition("\n\n")
        slug = re.search(r"\]\(\.\./cases/([\w-]+)\.md\)$", heading)
        assert slug, heading
        _about, _, lessons = rest.partition("\n\n")
        found[slug.group(1)] = lessons.strip("\n")
    return found


def test_the_lessons_on_an_area_page_are_exactly_those_of_its_cases(
        library: Library, area_page: Page) -> None:
    """One entry per case in the area, each equal to a direct extraction of its Lessons
    (headings one level down, links rebased to work from the area page)."""
    shown = gathered(area_page)
    in_area = [c for c in library.cases if AREA in c.areas]
    assert set(shown) == {c.slug for c in in_area}
    for case in in_area:
        direct = direct_lessons(case.body)
        assert shown[case.slug] == rebase_links(demote(direct), case.slug)
        assert lessons_of(case.body) == direct


def test_each_case_s_lessons_sit_under_a_level_3_heading_linking_back_to_it(
        area_page: Page) -> None:
    """'### [Title](../cases/<slug>.md)', which MkDocs checks, under the gathered section."""
    markdown = area_page.markdown
    assert markdown.index("## Lessons from these cases") < markdown.index("## Cases (")
    assert "### [The case called plain-lessons](../cases/plain-lessons.md)" in markdown


def test_the_outline_stays_valid_inside_gathered_lessons(area_page: Page) -> None:
    """A case's h3 becomes h4 under the case's h3; h6 cannot go deeper and becomes bold."""
    lessons = gathered(area_page)["lessons-with-headings"]
    assert "#### What worked" in lessons
    assert "##### In detail" in lessons
    assert "**Deepest**" in lessons
    assert not re.search(r"^#{1,3} ", lessons, re.MULTILINE)


def test_the_section_stops_at_the_next_level_2_heading(area_page: Page) -> None:
    """'## Further reading' after the Lessons is not a lesson."""
    lessons = gathered(area_page)["lessons-then-more"]
    assert "Further reading" not in lessons and "not a lesson" not in lessons


def test_a_heading_inside_a_code_block_is_text(area_page: Page) -> None:
    """'## not a heading' in a fence neither ends the section nor gets demoted."""
    lessons = gathered(area_page)["lessons-with-code"]
    assert "```\n## not a heading\n```" in lessons and "And review it." in lessons


def test_links_to_other_cases_are_rebased_to_work_from_the_area_page(area_page: Page) -> None:
    """'../other/' and '../other/#x' (as a case page writes them) → '../cases/other.md'."""
    lessons = gathered(area_page)["lessons-then-more"]
    assert "[related case](../cases/plain-lessons.md)" in lessons
    assert "[its lessons](../cases/plain-lessons.md#lessons)" in lessons


def test_the_outcomes_table_counts_the_area_s_cases_by_outcome_and_evidence(
        library: Library, area_page: Page) -> None:
    """Each outcome row has the right number of cases; the total is the area's count."""
    markdown = area_page.markdown
    table = markdown[markdown.index('<div class="cb-outcomes">'):]
    table = table[:table.index("</div>")]
    assert "<caption>" in table and 'scope="col"' in table and 'scope="row"' in table
    in_area = [c for c in library.cases if AREA in c.areas]
    assert f"({len(in_area)} in all)" in table
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th>.*?<td>(\d+)</td></tr>', table))
    assert rows["Improved"] == "2" and rows["Mixed"] == "1" and rows["Did not work"] == "1"
    assert rows["All"] == str(len(in_area))


def test_an_area_with_no_cases_has_neither_table_nor_lessons(library: Library) -> None:
    """Nothing to count or gather: both sections are left out."""
    page = next(p for p in plan_site(library, today=TODAY)
                if p.src == term_src(AREAS, "health-inequalities"))
    assert "cb-outcomes" not in page.markdown
    assert "## Lessons from these cases" not in page.markdown


def test_a_body_without_lessons_gives_nothing() -> None:
    """No '## Lessons' heading (only possible for an unvalidated body): an empty string."""
    assert lessons_of("## Impact\n\nSome.\n") == ""


def test_a_setext_heading_ends_the_section_at_its_text_line() -> None:
    """'Further\\n-------' is a level-2 heading too; its text line is not part of the lessons."""
    body = "## Lessons\n\nKeep going.\n\nFurther\n-------\n\nNot a lesson.\n"
    assert lessons_of(body) == "Keep going."


def test_a_lessons_heading_with_an_anchor_or_closing_hashes_is_found() -> None:
    """'## Lessons { #lessons }' and '## Lessons ##' are the same heading."""
    assert lessons_of("## Lessons { #lessons }\n\nA.\n") == "A."
    assert lessons_of("## Lessons ##\n\nB.\n") == "B."


def test_relative_images_and_anchors_are_rebased_to_the_case_folder() -> None:
    """An image beside the case, or an anchor on the case page, still resolves."""
    text = "![chart](images/chart.png) and [above](#impact) and [web](https://x.org/)"
    assert rebase_links(text, "a-case") == ("![chart](../cases/images/chart.png) and "
                                            "[above](../cases/a-case.md#impact) and "
                                            "[web](https://x.org/)")


def test_each_case_s_body_is_read_once_per_area_it_carries(
        library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """Linear: gathering lessons reads each case once for each of its (at most four) areas."""
    calls: list[str] = []
    real = lessons.lessons_of

    def counting(body: str) -> str:
        calls.append(body)
        return real(body)

    monkeypatch.setattr(lessons, "lessons_of", counting)
    plan_site(library, today=TODAY)
    assert len(calls) == sum(len(c.areas) for c in library.cases)
