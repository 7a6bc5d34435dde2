"""Page planning (plan/pages.py) over the fixture library and hand-made cases, no MkDocs."""

from __future__ import annotations

import html
import json
import posixpath
import random
import re
from pathlib import Path

import pytest
from markdown import markdown as render_markdown

from casebook.library.cases import Measure, Source
from casebook.library.load import Library
from casebook.library.taxonomy import AREAS, FACET_IDS, Taxonomy, load_taxonomy
from casebook.library.urls import QUERY_KEYS, case_src, facet_src, term_src
from casebook.plan.case_sections import place_impact
from casebook.plan.finder import BROWSE_FACETS
from casebook.plan.page import Kind, Page
from casebook.plan.related import LIMIT, related_cases
from casebook.plan.site import plan, plan_site
from tests.helpers.cases import make_case, synthetic_cases
from tests.regenerate_golden import FIXTURE_LIBRARY, FIXTURE_TODAY, load_fixture_library

_CB_DATA = re.compile(r'<script type="application/json" id="cb-data">(.*?)</script>', re.S)
_JSON_SCRIPT = re.compile(r'<script type="application/json" id="[\w-]+">[^<]*</script>')
_AREA_CARD = re.compile(r'<li class="cb-area-card"><a href="\./areas/([\w-]+)/">.*?'
                        r'<span class="cb-area-card__count">(\d+) cases?</span>')
_MD_LINK = re.compile(r"\]\(([^)\s]+?\.md)(#[^)\s]*)?\)")
_HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture(scope="module")
def library() -> Library:
    return load_fixture_library()


@pytest.fixture(scope="module")
def output_paths(library: Library) -> set[str]:
    """The generated files that are not pages (feeds, open data), by path."""
    return {output.path for output in plan(library, today=FIXTURE_TODAY)[1]}


def resolve(from_url: str, href: str) -> str:
    """Where a relative link on the page at `from_url` leads, as a folder-style URL."""
    path = re.split(r"[?#]", html.unescape(href), maxsplit=1)[0]
    target = posixpath.normpath(posixpath.join(from_url or ".", path))
    if target == ".":
        return ""
    return target if "." in posixpath.basename(target) else target.rstrip("/") + "/"


def fragments(page: Page) -> str:
    """The HTML fragments the core rendered for a page's template (casebook_* meta)."""
    return "\n".join(value for key, value in sorted(page.front_matter().items())
                     if key.startswith("casebook_") and key != "casebook_case"
                     and isinstance(value, str))


def shown(page: Page) -> str:
    """Everything of a page that is shown as markup: its Markdown and its fragments."""
    return page.markdown + "\n" + fragments(page)


# ---------------------------------------------------------------- which pages exist


def test_the_fixture_library_is_valid_with_one_overdue_warning(library: Library) -> None:
    """The fixture library loads without errors; its only warning is the overdue review."""
    assert library.ok
    assert len(library.cases) == 5
    assert [d.code for d in library.diagnostics] == ["review-overdue"]


def test_every_case_gets_a_page_at_cases_slug(library: Library, pages: dict[str, Page]) -> None:
    """Each case is planned at cases/<slug>.md with the case template and its escaped title."""
    for case in library.cases:
        page = pages[case_src(case.slug)]
        assert page.url == f"cases/{case.slug}/"
        assert page.is_case
        assert page.case.slug == case.slug
        assert page.title == case.title
        assert case.summary.split(",")[0] in shown(page)
        assert not page.in_nav


def test_an_alias_gets_a_redirect_page_to_the_case(library: Library,
                                                   pages: dict[str, Page]) -> None:
    """An alias is planned at cases/<alias>.md and redirects to ../<slug>/, not indexed."""
    aliased = [c for c in library.cases if c.aliases]
    assert aliased, "the fixture library must have an alias"
    for case in aliased:
        for alias in case.aliases:
            page = pages[case_src(alias)]
            assert page.kind is Kind.REDIRECT
            assert page.redirect_to == f"../{case.slug}/"
            assert page.robots == "noindex"
            assert resolve(page.url, page.redirect_to) == f"cases/{case.slug}/"
            assert f"]({case.slug}.md)" in page.markdown


def test_every_page_is_a_case_alias_facet_term_or_site_page(library: Library, taxonomy: Taxonomy,
                                                            pages: dict[str, Page]) -> None:
    """Nothing is planned twice or by accident: the page list is exactly what is expected."""
    expected = {"index.md", "browse/index.md", "coverage/index.md", "about.md", "contribute.md"}
    for facet_id in FACET_IDS:
        expected.add(facet_src(facet_id))
        expected.update(term_src(facet_id, term.id) for term in taxonomy[facet_id])
    for case in library.cases:
        expected.add(case_src(case.slug))
        expected.update(case_src(alias) for alias in case.aliases)
    assert expected <= set(pages)
    # Site pages may grow (search, feeds); they must not land among cases or facet terms.
    for src in set(pages) - expected:
        assert src.count("/") <= 1 and not src.startswith("cases/"), src


def test_every_facet_has_an_overview_and_a_page_per_term(taxonomy: Taxonomy,
                                                         pages: dict[str, Page]) -> None:
    """Each facet's overview lists every term, and each term has its own page."""
    for facet_id in FACET_IDS:
        overview = pages[facet_src(facet_id)]
        assert overview.kind is Kind.PAGE
        for term in taxonomy[facet_id]:
            term_page = pages[term_src(facet_id, term.id)]
            assert term_page.kind is Kind.PAGE
            assert "## Cases (" in term_page.markdown
            assert f"{term.id}/" in overview.markdown or f"{term.id}.md" in overview.markdown


def test_a_term_page_counts_and_shows_exactly_its_cases(library: Library, taxonomy: Taxonomy,
                                                        pages: dict[str, Page]) -> None:
    """'## Cases (n)' matches the cases tagged with the term, each shown as a card."""
    for facet_id in FACET_IDS:
        for term in taxonomy[facet_id]:
            tagged = [c for c in library.cases if term.id in c.facet_values(facet_id)]
            page = pages[term_src(facet_id, term.id)]
            assert f"## Cases ({len(tagged)})" in page.markdown
            cards = re.findall(r'<article class="cb-card" id="case-([\w-]+)"', fragments(page))
            assert sorted(cards) == sorted(c.slug for c in tagged)


def test_a_term_with_no_cases_says_so_and_links_to_the_contributor_guide(
        library: Library, taxonomy: Taxonomy, pages: dict[str, Page]) -> None:
    """An empty term page invites a contribution, through a link that reaches the guide."""
    contribute_url = pages["contribute.md"].url
    empty = 0
    for facet_id in FACET_IDS:
        for term in taxonomy[facet_id]:
            page = pages[term_src(facet_id, term.id)]
            fragment = fragments(page)
            has_cases = any(term.id in c.facet_values(facet_id) for c in library.cases)
            says_empty = "No case in the library carries this term yet" in fragment
            assert says_empty is not has_cases, page.src
            if says_empty:
                empty += 1
                links = [resolve(page.url, href) for href in _HREF.findall(fragment)]
                assert contribute_url in links, page.src
    assert empty > 0


# ---------------------------------------------------------------- home and browse


def test_the_home_page_lists_the_ten_areas_with_their_case_counts(
        library: Library, taxonomy: Taxonomy, pages: dict[str, Page]) -> None:
    """Ten area cards, in taxonomy order, each with the number of cases tagged with it."""
    home = pages["index.md"]
    cards = _AREA_CARD.findall(home.markdown)
    assert [area_id for area_id, _ in cards] == list(taxonomy[AREAS].ids)
    assert len(cards) == 10
    for area_id, count in cards:
        assert int(count) == sum(area_id in case.areas for case in library.cases), area_id
    assert f"A library of {len(library.cases)} case studies" in home.markdown


def browse_data(pages: dict[str, Page]) -> list[dict[str, object]]:
    match = _CB_DATA.search(pages["browse/index.md"].after)
    assert match is not None, "Browse has no <script id='cb-data'>"
    data = json.loads(match.group(1))
    assert isinstance(data, list)
    return data


def test_browse_embeds_one_record_per_case_with_its_facet_values(
        library: Library, pages: dict[str, Page]) -> None:
    """cb-data parses as JSON: one record per case, its facet values as term ids."""
    records = {record["s"]: record for record in browse_data(pages)}
    assert len(records) == len(library.cases) == len(browse_data(pages))
    for case in library.cases:
        record = records[case.slug]
        assert record["t"] == case.title
        assert record["d"] == case.published.isoformat()
        facets = record["f"]
        assert isinstance(facets, dict)
        assert set(facets) == {QUERY_KEYS[f] for f in BROWSE_FACETS}
        assert facets["area"] == list(case.areas)
        assert facets["trust_type"] == [case.trust_type]
        assert facets["population"] == [case.population_profile]
        assert facets["region"] == ([case.region] if case.region else [])
        assert facets["evidence"] == [case.evidence]
        assert facets["outcome"] == [case.outcome]
        assert facets["wres"] == [str(n) for n in case.wres_indicators]


def test_browse_lists_cases_newest_first(library: Library, pages: dict[str, Page]) -> None:
    """The records (and the cards shown without JavaScript) are newest first."""
    dates = [record["d"] for record in browse_data(pages)]
    assert dates == sorted(dates, reverse=True)
    cards = re.findall(r'id="case-([\w-]+)"', pages["browse/index.md"].after)
    assert cards == [record["s"] for record in browse_data(pages)]


# ---------------------------------------------------------------- links and escaping


def test_every_markdown_link_between_generated_pages_leads_to_a_planned_page(
        pages: dict[str, Page]) -> None:
    """'](x.md)' links are relative to the page's source and must reach a planned page."""
    for page in pages.values():
        for target, _anchor in _MD_LINK.findall(page.markdown):
            if "://" in target:
                continue
            src = posixpath.normpath(posixpath.join(posixpath.dirname(page.src), target))
            assert src in pages, f"{page.src}: link to {target} leads nowhere"


def test_every_relative_link_in_the_html_fragments_leads_to_a_planned_page(
        pages: dict[str, Page], output_paths: set[str]) -> None:
    """Links in the rendered cards, panels and forms (relative to the page URL) resolve."""
    urls = {page.url for page in pages.values()} | output_paths
    for page in pages.values():
        for href in _HREF.findall(shown(page)):
            if "://" in href or href.startswith(("#", "mailto:")):
                continue
            assert resolve(page.url, href) in urls, f"{page.src}: href {href} leads nowhere"


def test_a_sibling_case_link_becomes_a_link_mkdocs_checks(pages: dict[str, Page]) -> None:
    """'../other-slug/' in a body is planned as 'other-slug.md', keeping the anchor."""
    markdown = pages[case_src("pay-and-progression-review")].markdown
    assert "](reverse-mentoring-for-executives.md)" in markdown
    assert "](reverse-mentoring-for-executives.md#lessons)" in markdown
    assert "](../reverse-mentoring-for-executives/" not in markdown


def test_a_title_with_markdown_and_html_characters_is_shown_as_written(
        pages: dict[str, Page]) -> None:
    """'&', '<', '[' and '*' in a title are escaped on its page, in cards and related lists."""
    page = shown(pages[case_src("pay-and-progression-review")])
    as_markdown = (r"Pay &amp; progression: the &lt;band 8a&gt; gap \[phase 1\] and "
                   r"\*what\* staff networks found")
    as_html = "Pay &amp; progression: the &lt;band 8a&gt; gap [phase 1] and *what* staff networks"
    assert as_markdown in page or as_html in page
    assert as_html in shown(pages["index.md"])
    related = pages[case_src("fair-disciplinary-process")].case.sections
    assert ">Pay &amp; progression: the &lt;band 8a&gt; gap [phase 1] and *what*" in related
    for planned in pages.values():
        assert "<band 8a>" not in shown(planned), planned.src


def test_the_impact_table_sits_at_the_end_of_the_impact_section(pages: dict[str, Page]) -> None:
    """The table comes after the Impact text and before '## Lessons', one row per measure."""
    page = pages[case_src("pay-and-progression-review")]
    markdown = place_impact(render_markdown(page.markdown), page.case.impact)
    impact = markdown.index(">Impact</h2>")
    table = markdown.index('<div class="cb-impact">')
    assert impact < table < markdown.index(">Lessons</h2>")
    rows = re.findall(r'<tr><th scope="row">', markdown)
    assert len(rows) == 3
    assert "+4.5 percentage points" in markdown
    assert "no change" in markdown
    without = pages[case_src("shadow-board-for-ethnic-minority-staff")]
    assert 'class="cb-impact"' not in without.markdown
    assert not without.case.impact


def test_an_overdue_case_carries_the_review_notice(pages: dict[str, Page]) -> None:
    """Reviewed more than three years before 'today': the panel says so; others do not."""
    assert "Review overdue" in shown(pages[case_src("reverse-mentoring-for-executives")])
    assert "Review overdue" not in shown(pages[case_src("fair-disciplinary-process")])


def test_a_script_tag_in_an_unvalidated_title_is_escaped_everywhere(tmp_path: Path,
                                                                    taxonomy: Taxonomy) -> None:
    """Case fields with '<script>' (bypassing validation) never reach a page as markup."""
    hostile = "<script>alert('x')</script> & <SCRIPT src=x> [a](b) *c*"
    target = make_case(
        "hostile-case", title=hostile, summary=hostile, organisation=hostile,
        keywords=(hostile,), aliases=("old-hostile-case",), areas=("data", "hr-processes"),
        source=Source("published", hostile, 2022, hostile),
        impact=(Measure(hostile, 1, 2020, 2, 2024, unit="%", note=hostile),))
    neighbour = make_case("neighbour-case", related=("hostile-case",))
    library = Library(root=tmp_path, taxonomy=taxonomy, cases=[target, neighbour])
    planned = plan_site(library, today=FIXTURE_TODAY)
    escaped = 0
    for page in planned:
        text = _JSON_SCRIPT.sub("", shown(page))
        assert "<script" not in text.lower(), page.src
        escaped += "&lt;script&gt;" in text
    assert escaped >= 4  # the case page, its redirect, its neighbour's related list, cards
    browse = next(p for p in planned if p.src == "browse/index.md")
    match = _CB_DATA.search(browse.after)
    assert match is not None
    assert "<" not in match.group(1)
    assert hostile in [record["t"] for record in json.loads(match.group(1))]


# ---------------------------------------------------------------- related cases


def test_stated_related_cases_come_first_in_the_fixture(pages: dict[str, Page]) -> None:
    """The shadow board's page lists its two stated cases, in the order stated."""
    sections = pages[case_src("shadow-board-for-ethnic-minority-staff")].case.sections
    related = sections[sections.index('<h2 id="related-cases"'):]
    related = related[:related.index("<h2", 1)]
    links = re.findall(r'<a href="\.\./([\w-]+)/">', related)
    assert links == ["pay-and-progression-review", "reverse-mentoring-for-executives"]


def test_related_puts_stated_cases_first_never_itself_and_at_most_four() -> None:
    """Stated slugs first, in order; the case itself and unknown slugs are dropped; limit 4."""
    others = [make_case(f"other-{i}", areas=("data",)) for i in range(8)]
    case = make_case("the-case", areas=("data",),
                     related=("the-case", "other-5", "no-such-case", "other-2"))
    result = related_cases([case, *others])
    chosen = [c.slug for c in result["the-case"]]
    assert chosen[:2] == ["other-5", "other-2"]
    assert len(chosen) == LIMIT
    assert "the-case" not in chosen
    assert len(set(chosen)) == len(chosen)
    for slug, related in result.items():
        assert slug not in [c.slug for c in related]
        assert len(related) <= LIMIT


def test_related_keeps_only_the_first_four_stated_cases() -> None:
    """More than four stated cases: the first four, in the order stated."""
    others = [make_case(f"other-{i}") for i in range(6)]
    case = make_case("the-case", related=tuple(f"other-{i}" for i in (5, 4, 3, 2, 1, 0)))
    chosen = [c.slug for c in related_cases([case, *others])["the-case"]]
    assert chosen == ["other-5", "other-4", "other-3", "other-2"]


def test_related_prefers_cases_that_share_more(taxonomy: Taxonomy) -> None:
    """With nothing stated, a case sharing areas and trust type beats one sharing nothing."""
    case = make_case("the-case", areas=("data", "hr-processes"), trust_type="acute")
    alike = make_case("alike", areas=("data", "hr-processes"), trust_type="acute")
    unlike = make_case("unlike", areas=("health-inequalities",), trust_type="ambulance",
                       population_profile="less-diverse")
    chosen = [c.slug for c in related_cases([unlike, case, alike])["the-case"]]
    assert chosen[0] == "alike"
    assert "unlike" not in chosen


def test_related_cases_are_deterministic_whatever_the_input_order(taxonomy: Taxonomy) -> None:
    """The same library in another order gives the same related cases, run after run."""
    cases = synthetic_cases(500, taxonomy)
    first = {s: [c.slug for c in r] for s, r in related_cases(cases).items()}
    shuffled = cases[:]
    random.Random(7).shuffle(shuffled)
    again = {s: [c.slug for c in r] for s, r in related_cases(shuffled).items()}
    assert first == again
    assert all(len(r) == LIMIT for r in first.values())


def test_the_fixture_library_folder_is_where_the_tests_expect_it() -> None:
    """The fixture library has its own taxonomy, configuration, guide and docs folder."""
    for name in ("taxonomy.yml", "mkdocs.yml", "CONTRIBUTING.md", "docs", "cases"):
        assert (FIXTURE_LIBRARY / name).exists(), name
    taxonomy, diagnostics = load_taxonomy(FIXTURE_LIBRARY / "taxonomy.yml")
    assert taxonomy is not None and not diagnostics
