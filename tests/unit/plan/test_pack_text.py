"""A pack handout's cases in their own words (generator/plan/pack_text.py): where the plan
puts each case's text, which sections of a case page are taken, and how they are put on the
pack page (headings down a level, ids unique on the page, links rebased)."""

from __future__ import annotations

from casebook.library.anchors import slugify
from casebook.library.load import load_library
from casebook.plan import pack_text
from casebook.plan.context import site_context
from casebook.plan.pack_pages import pack_pages, text_marker
from casebook.plan.site import plan_site
from tests.helpers.library import ROOT

CASE_PAGE = """<p>Context.</p>
<h2 id="the-challenge">The challenge<a class="headerlink" href="#the-challenge">&para;</a></h2>
<p>Challenge words.</p>
<h2 id="what-they-did">What they did<a class="headerlink" href="#what-they-did">&para;</a></h2>
<p>Did words, see <a href="../other-case/">another case</a>.</p>
<h3 id="facilitator-notes">Facilitator notes</h3>
<p><a href="#facilitator-notes">up</a></p>
<h2 id="impact">Impact<a class="headerlink" href="#impact">&para;</a></h2>
<p>Impact words.</p>
<figure class="cb-chart"><svg role="img" aria-labelledby="cb-chart-1-title">
<title id="cb-chart-1-title">A chart</title></svg></figure>
<h2 id="what-did-not-work">What did not work</h2>
<p>Failure words.</p>
<h2 id="lessons">Lessons<a class="headerlink" href="#lessons">&para;</a></h2>
<p>Lesson words.</p>
<div class="cb-case__after"><h2 id="source">Source</h2></div>"""


def test_each_pack_case_s_text_has_its_place_after_its_questions_in_the_pack_s_order() -> None:
    library = load_library(ROOT)
    assert library.packs, "the repository has packs"
    pages = {page.src: page for page in plan_site(library)}
    for pack in library.packs:
        page = pages[f"packs/{pack.slug}.md"]
        slugs = tuple(entry.slug for entry in pack.cases)
        assert page.case_texts == slugs
        assert page.front_matter()["casebook_case_texts"] == list(slugs)
        at = 0
        for slug in slugs:
            heading = page.markdown.index(f"(../cases/{slug}.md)", at)
            questions = page.markdown.index('<div class="cb-discuss">', heading)
            marker = page.markdown.index(text_marker(slug), questions)
            address = page.markdown.index(f"cases/{slug}/", marker)
            assert page.markdown.count(text_marker(slug)) == 1
            at = address
    assert all(not page.case_texts for page in pages.values()
               if page.src not in {f"packs/{p.slug}.md" for p in library.packs})


def test_the_packs_index_gathers_no_text() -> None:
    library = load_library(ROOT)
    index = pack_pages(site_context(library))[0]
    assert index.case_texts == ()


def test_a_pack_takes_what_they_did_impact_and_what_did_not_work_and_nothing_else() -> None:
    texts = pack_text.extract(CASE_PAGE)
    assert list(texts) == ["what they did", "impact", "what did not work"]
    assert "Did words" in texts["what they did"] and "Facilitator notes" in texts["what they did"]
    assert "cb-chart-1-title" in texts["impact"]
    joined = "".join(texts.values())
    assert "Challenge words" not in joined and "Lesson words" not in joined
    assert "Source" not in joined


def test_a_case_without_a_section_shows_the_others() -> None:
    page = CASE_PAGE.replace("What did not work", "Something else")
    assert list(pack_text.extract(page)) == ["what they did", "impact"]


def test_sections_move_down_a_level_with_ids_unique_on_the_pack_page() -> None:
    # The pack page already holds these ids: its own heading, a first case's sections and
    # a first case's chart.
    used = {"facilitator-notes", "what-they-did", "impact", "cb-chart-1-title"}
    fragment, headings = pack_text.assemble("a-case", pack_text.extract(CASE_PAGE),
                                            "packs/a-pack/", used, slugify)
    assert [(h.level, h.id) for h in headings] == [
        (3, "what-they-did_1"), (4, "facilitator-notes_1"), (3, "impact_1"),
        (3, "what-did-not-work")]
    assert fragment.startswith('<div class="cb-pack__text">') and fragment.endswith("</div>")
    assert fragment.index("Did words") < fragment.index("Impact words") < fragment.index(
        "Failure words")
    assert '<h4 id="facilitator-notes_1">Facilitator notes' in fragment
    assert "<h2" not in fragment
    # The chart's title has a new id, and the chart names it.
    assert 'aria-labelledby="cb-chart-1-title_1"' in fragment
    assert '<title id="cb-chart-1-title_1">' in fragment
    # A link to a heading goes to it on the case page, never to the pack's own of that id.
    assert '<a href="../../cases/a-case/#facilitator-notes">up</a>' in fragment
    # A link written for the case page works from the pack page.
    assert 'href="../../cases/other-case/"' in fragment
    assert {"what-they-did_1", "facilitator-notes_1", "impact_1", "what-did-not-work",
            "cb-chart-1-title_1"} <= used


def test_a_case_with_none_of_the_sections_adds_nothing() -> None:
    used = {"x"}
    assert pack_text.assemble("a-case", {}, "packs/a-pack/", used, slugify) == ("", [])
    assert used == {"x"}
