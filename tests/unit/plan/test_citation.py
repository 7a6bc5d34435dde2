"""Citing and sharing (generator/plan/citation.py, share.js, theme/partials/cb-social.html)."""

from __future__ import annotations

import datetime as dt
import html as html_module
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
import yaml
from markupsafe import escape

from casebook.library.cases import Case, Source
from casebook.library.load import load_library
from casebook.library.urls import case_src
from casebook.plan.citation import citation_text, cite_section, permanent_url
from casebook.plan.site import plan
from tests.helpers.library import ROOT, TODAY, case_text, make_library

SITE = "https://casebook.example.org/"


def make_case(**fields: Any) -> Case:
    values: dict[str, Any] = {
        "slug": "shadow-board", "path": Path("cases/shadow-board.md"),
        "title": "A shadow board that receives the board's papers",
        "summary": "A trust set up a shadow board.", "organisation": "Leeds Teaching Hospitals",
        "trust_type": "acute", "population_profile": "diverse", "areas": ("data",),
        "evidence": "promising", "outcome": "improved", "published": dt.date(2024, 5, 2),
        "source": Source("first-hand"), "body": ""}
    values.update(fields)
    return Case(**values)


PUBLISHED = Source("published", "NHS Providers", 2022, "Race 2.0: time for real change",
                   "https://nhsproviders.org/race-2-0-time-for-real-change")


def test_a_first_hand_case_is_cited_as_the_organisation_s_with_the_case_s_own_dates() -> None:
    """Dated by publication and review, never by the day of the build."""
    case = make_case(reviewed=dt.date(2025, 2, 1))
    assert citation_text(case, SITE) == (
        "Leeds Teaching Hospitals (2024). A shadow board that receives the board's papers. "
        f"Casebook. {SITE}cases/shadow-board/ (published 2 May 2024; last reviewed "
        "1 February 2025).")
    assert str(dt.date.today().year) not in citation_text(make_case(), SITE).replace(
        "2024", "")


def test_a_case_from_a_published_source_is_cited_as_a_summary_crediting_the_source() -> None:
    """Publisher, year, title and address first, then the library's page; never the
    anonymised organisation as if it were the author."""
    case = make_case(source=PUBLISHED, organisation="Several NHS trusts")
    assert citation_text(case, SITE) == (
        "NHS Providers (2022). Race 2.0: time for real change. "
        "https://nhsproviders.org/race-2-0-time-for-real-change. Summarised in Casebook as "
        f"“A shadow board that receives the board's papers”. {SITE}cases/shadow-board/ "
        "(published 2 May 2024).")
    assert "Several NHS trusts" not in citation_text(case, SITE)


def test_the_published_source_s_citation_shows_its_title_in_italics_and_links_it() -> None:
    """The HTML says what the copied text says, with the source's address as a link."""
    html = cite_section(make_case(source=PUBLISHED), SITE)
    assert ("NHS Providers (2022). <em>Race 2.0: time for real change</em>. <a href="
            '"https://nhsproviders.org/race-2-0-time-for-real-change">') in html
    citation = re.search(r'<p class="[^"]*cb-citation[^"]*"[^>]*>(.*?)</p>', html)
    assert citation is not None
    text = html_module.unescape(re.sub(r"<[^>]+>", "", citation.group(1)))
    assert text == citation_text(make_case(source=PUBLISHED), SITE)


def test_the_section_shows_the_permanent_link_and_citation_as_text_without_javascript() -> None:
    """Both are visible text; the copy targets carry the labels share.js gives their buttons."""
    html = cite_section(make_case(reviewed=dt.date(2025, 2, 1)), SITE)
    url = f"{SITE}cases/shadow-board/"
    assert f'data-cb-copy="Copy link" href="./">{url}</a>' in html
    citation = re.search(r'<p class="[^"]*cb-citation[^"]*"([^>]*)>(.*?)</p>', html)
    assert citation is not None
    assert 'data-cb-copy="Copy citation"' in citation.group(1)
    text = html_module.unescape(re.sub(r"<[^>]+>", "", citation.group(2)))
    assert text == citation_text(make_case(reviewed=dt.date(2025, 2, 1)), SITE)
    assert "<button" not in html, "buttons are added by share.js, not written into the page"


def test_without_a_site_url_the_link_is_marked_for_share_js_to_complete() -> None:
    """The site-relative path is shown; share.js replaces it with the full address."""
    section = cite_section(make_case())
    assert permanent_url("shadow-board", "") == "cases/shadow-board/"
    assert ('<a class="cb-share__url" data-cb-absolute="true" data-cb-copy="Copy link" '
            'href="./">cases/shadow-board/</a>') in section
    assert "data-cb-absolute" not in cite_section(make_case(), SITE)


def test_text_with_markdown_and_html_characters_is_escaped_in_the_citation() -> None:
    """A title with '*', '[' and '<' is shown as written, not as markup."""
    case = make_case(title="Pay & progression: the <band 8a> gap [phase 1] *what*",
                     organisation="A *trust*")
    html = cite_section(case, SITE)
    assert "<em>Pay &amp; progression: the &lt;band 8a&gt; gap [phase 1] *what*</em>" in html
    assert "A *trust* (2024)" in html


def test_every_case_page_ends_with_how_to_cite_it(tmp_path: Path) -> None:
    """The planned case page carries the section, last, after its source."""
    root = make_library(tmp_path, {"a-case": case_text()})
    library = load_library(root, today=TODAY)
    pages = {p.src: p for p in plan(library, TODAY, site_url=SITE)[0]}
    meta = pages[case_src("a-case")].front_matter()
    headings = [title for _id, title in meta["casebook_sections_toc"]]
    assert headings[-2:] == ["Source", "How to cite this case"]
    sections = meta["casebook_sections"]
    assert sections.index(">Source<") < sections.index(">How to cite this case<")
    assert f"{SITE}cases/a-case/" in sections
    assert "published 14 March 2025" in sections


# ---------------------------------------------------------------- share.js and mkdocs.yml


def test_share_js_is_loaded_from_the_site_and_uses_no_inline_handlers() -> None:
    """Listed in extra_javascript as a module; neither it nor the clipboard module it imports
    has an external address, eval or inline handler."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {"path": "assets/casebook/share.js", "type": "module"} in config["extra_javascript"]
    folder = ROOT / "theme" / "assets" / "casebook"
    script = "\n".join((folder / name).read_text(encoding="utf-8")
                       for name in ("share.js", "clipboard.js"))
    assert "navigator.clipboard" in script and 'setAttribute("role", "status")' in script
    assert "Copied" in script
    for forbidden in ("http://", "https://", "eval(", "onclick", "innerHTML"):
        assert forbidden not in script, forbidden


# ---------------------------------------------------------------- Open Graph and feeds


def social(meta: dict[str, Any], title: str = "A page", canonical_url: str = "") -> str:
    """theme/partials/cb-social.html rendered as MkDocs renders it: without autoescaping."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme"), autoescape=False)
    env.filters["url"] = lambda value: f"../../{value}"
    page = SimpleNamespace(meta=meta, title=title, canonical_url=canonical_url)
    config = {"site_name": "Casebook", "site_description": "Case studies"}
    return env.get_template("partials/cb-social.html").render(page=page, config=config)


def test_a_case_page_is_an_article_with_its_title_description_and_url() -> None:
    """og:type article, og:title from the case, og:description from page.meta.description."""
    html = social({"casebook_case": "a-case", "title": "The case", "description": "Summary."},
                  title="The case", canonical_url=f"{SITE}cases/a-case/")
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="The case">' in html
    assert '<meta property="og:description" content="Summary.">' in html
    assert f'<meta property="og:url" content="{SITE}cases/a-case/">' in html


def test_other_pages_are_websites_and_og_url_needs_a_site_url() -> None:
    """No canonical URL (no site_url): no og:url; the site's description stands in."""
    html = social({}, title="About")
    assert '<meta property="og:type" content="website">' in html
    assert "og:url" not in html
    assert '<meta property="og:description" content="Case studies">' in html


@pytest.mark.parametrize("hostile", [
    '"><script>alert(1)</script>',
    "\" http-equiv=\"refresh\" content=\"0;url=https://evil.example",
])
def test_every_value_in_the_social_tags_is_escaped(hostile: str) -> None:
    """A quote in a title or summary cannot close the attribute and add markup."""
    html = social({"casebook_case": "x", "title": hostile, "description": hostile,
                   "casebook_feed": "areas/data/feed.xml", "casebook_feed_title": hostile},
                  title=hostile)
    assert "<script>" not in html
    assert 'http-equiv="refresh"' not in html
    for tag in re.findall(r"<[^>]+>", html):
        attributes = re.findall(r'\s([\w:-]+)="[^"]*"', tag)
        assert len(attributes) == len(set(attributes)), tag
        assert set(attributes) <= {"property", "content", "rel", "type", "title", "href"}, tag


def test_every_page_announces_the_library_feed_and_no_other() -> None:
    """One autodiscovery link, through MkDocs' `url` filter so it works from any page. Area
    feeds are linked in the page instead: Material's script reads every rel="alternate" link
    as a translation and requests a sitemap.xml beside it (a 404 beside an area feed)."""
    html = social({})
    assert ('<link rel="alternate" type="application/atom+xml" title="Casebook: new and '
            'updated cases" href="../../feed.xml">') in html
    assert html.count('rel="alternate"') == 1


def test_values_the_plugin_already_escaped_are_not_escaped_twice() -> None:
    """The plugin hands the theme title and description as escaped Markup: `e` keeps them."""
    html = social({"casebook_case": "x", "title": escape("Pay & progression"),
                   "description": escape('Staff said "asked and never heard back"')})
    assert '<meta property="og:title" content="Pay &amp; progression">' in html
    assert ('<meta property="og:description" content="Staff said &#34;asked and never heard '
            'back&#34;">') in html
