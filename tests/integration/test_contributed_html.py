"""Contributed HTML drives nothing: the hostile corpus's cases of issue 13, built into a site.

Each case of the corpus's "html" section passes `casebook validate`; built, its page (and the
area page where its lessons are gathered) must carry no title holding markup (Material's
tooltips set a title as innerHTML), no attribute the site's scripts, styles or Pagefind read,
the fixed sections' anchors whatever the body says, and on every page a <title> and meta
description escaped once. A hostile case that slipped past the validator is built without
its hostile HTML: the sanitiser, in the build, cleaned it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from casebook.cli import main
from tests.helpers.library import CONTRIBUTED_HTML as CORPUS
from tests.helpers.library import VALID_BODY, case_text, contributed_html_library, copy_site_files

CLOSING_TITLE = "Closing the pay gap </title><h1>Fake heading</h1><b>bold</b> & more"
PACK = {
    "title": "A pack that closes </title><b>the title</b> & more",
    "purpose": "A purpose that closes </title><b>the description</b> & more, shown as text.",
    "audience": "Board members", "duration": "60 minutes",
    "cases": [{"case": "title-that-closes-the-title-element", "why": "Its title is hostile.",
               "questions": ["Does the title stay text?"]}],
    "facilitator_notes": "Notes for whoever runs the session, long enough to pass the check.",
}
# Classes a contributed body keeps (generator/render/sanitise.py): an admonition's, and the
# permalink the heading code writes itself.
BODY_CLASSES = re.compile(r"^(admonition( [a-z]+)*|admonition-title|headerlink)$")
AFTER_BODY = '<div class="cb-case__after"'
# Casebook's own panel around a body's "What did not work" (generator/plan/pitfalls.py):
# its start tag and its closing link are not the body's.
OWN_PANEL = re.compile(r'<section class="cb-failure"[^>]*>|<p class="cb-failure__more".*?</p>')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real configuration and taxonomy, the corpus's cases and a hostile pack, built by
    `casebook build` (strict) with the validator as it is."""
    folder = tmp_path_factory.mktemp("contributed")
    root = contributed_html_library(folder / "library")
    (root / "packs").mkdir()
    (root / "packs" / "hostile-pack.yml").write_text(yaml.safe_dump(PACK), encoding="utf-8")
    site = folder / "site"
    assert main(["--root", str(root), "build", "--site-dir", str(site), "--quiet"]) == 0
    return site


def page_html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def all_pages(site: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(site.rglob("*.html")):
        if "pagefind" not in path.parts and "assets" not in path.parts:
            yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")


class _Elements(HTMLParser):
    """Every start tag with its attributes (decoded), and what <head> holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.in_head = self.in_title = False
        self.head_tags: list[str] = []
        self.titles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "head":
            self.in_head = True
        elif self.in_head:
            self.head_tags.append(tag)
        if tag == "title" and self.in_head:
            self.in_title = True
            self.titles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.titles[-1] += data


def parsed(fragment: str) -> _Elements:
    parser = _Elements()
    parser.feed(fragment)
    parser.close()
    return parser


def case_body(site: Path, slug: str) -> str:
    """A case page's contributed body: after its metadata panel, before its sections."""
    page = page_html(site, f"cases/{slug}")
    start = page.index("</aside>", page.index('<article class="cb-case"'))
    return OWN_PANEL.sub("", page[start:page.index(AFTER_BODY)])


def gathered_lessons(site: Path) -> str:
    """The lessons the area page gathered from the corpus's cases."""
    page = page_html(site, "areas/data")
    start = page.index('id="lessons-from-these-cases"')
    return page[start:page.index('id="cases-', start)]


def gathered_pitfalls(site: Path) -> list[tuple[str, str]]:
    """What the area page and /learning-from-failure/ gathered of the corpus's "What did not
    work" sections: from the first gathered case's heading to the page's next h2 or end."""
    regions = []
    for url, heading in (("areas/data", 'id="pitfalls-others-met"'),
                         ("learning-from-failure", 'id="mixed"')):
        page = page_html(site, url)
        start = page.index("<h3", page.index(heading))
        end = page.find("<h2", start)
        regions.append((f"{url} (pitfalls)", page[start:end if end > 0 else
                                                     page.index("</article>")]))
    return regions


def contributed_regions(site: Path) -> list[tuple[str, str]]:
    return [*((slug, case_body(site, slug)) for slug in CORPUS),
            ("areas/data (lessons)", gathered_lessons(site)), *gathered_pitfalls(site)]


def test_no_title_holds_markup_on_any_page(site: Path) -> None:
    """No title attribute decodes to a tag anywhere; on case and area pages none holds '&'
    either. The link with a plain title keeps it."""
    for where, text in all_pages(site):
        for tag, attributes in parsed(text).tags:
            title = attributes.get("title") or ""
            assert "<" not in title and ">" not in title, (where, tag, title)
            if where.startswith(("cases/", "areas/")):
                assert "&" not in title, (where, tag, title)
    body = case_body(site, "link-title-with-encoded-markup")
    assert 'title="The trust\'s own report, 2024"' in body or (
        'title="The trust&#39;s own report, 2024"' in body)
    assert "iframe" not in body and "srcdoc" not in body


def test_the_gathered_lessons_lost_their_titles_too(site: Path) -> None:
    """The area page shows the case's lessons from its cleaned HTML: same links, no titles."""
    lessons = gathered_lessons(site)
    assert 'href="https://example.org/lesson"' in lessons
    assert 'href="https://example.org/raw"' in lessons
    assert "iframe" not in lessons and "title=\"&lt;" not in lessons


def test_no_contributed_element_carries_an_attribute_the_site_reads(site: Path) -> None:
    """In every body and in the gathered lessons: no data-* (Pagefind's or Casebook's), no
    hidden, role, ARIA or style; classes only an admonition's or a permalink's; ids only on
    headings."""
    for where, region in contributed_regions(site):
        for tag, attributes in parsed(region).tags:
            for name, value in attributes.items():
                assert not name.startswith(("data-", "aria-", "on")), (where, tag, name)
                assert name not in ("hidden", "role", "style"), (where, tag, name)
                if name == "class":
                    assert BODY_CLASSES.match(value or ""), (where, tag, value)
                if name == "id":
                    assert re.fullmatch(r"h[1-6]", tag), (where, tag, value)
    for where, region in contributed_regions(site):
        for fake in ("cb-badge", "md-button", "data-cb-", "data-pagefind-"):
            assert fake not in region, (where, fake)


def test_a_body_adds_no_copy_button_and_no_search_filter(site: Path) -> None:
    """The only copy controls are the case's own two; Pagefind is given only the panel's
    filters and the summary's meta."""
    page = page_html(site, "cases/casebook-data-attributes-in-body")
    assert page.count("data-cb-copy=") == 2
    page = page_html(site, "cases/pagefind-attributes-in-body")
    article = page[page.index('<article class="cb-case"'):page.index("</article>")]
    filters = re.findall(r'data-pagefind-filter="([^"]*)"', article)
    assert "Trust type:ambulance" not in filters and "Outcome:Improved" not in filters
    assert re.findall(r'data-pagefind-meta="([^"]*)"', article) == [
        "summary", "organisation", "trust_type"]
    assert "data-pagefind-sort=\"published:2099" not in article


def test_the_fixed_sections_keep_their_anchors_whatever_the_body_says(site: Path) -> None:
    """#source, #how-to-cite-this-case and #questions-for-your-board are the sections'; the
    body's headings take ids from their text (a chosen one is not kept, a reserved one
    moves), none the site's scripts own, and the body's link to its own heading follows."""
    page = page_html(site, "cases/reserved-anchors-in-body")
    ids = re.findall(r'\sid="([^"]*)"', page)
    assert len(ids) == len(set(ids))
    after = page[page.index(AFTER_BODY):]
    for anchor, title in (("source", "Source"), ("how-to-cite-this-case", "How to cite this case"),
                          ("questions-for-your-board", "Questions for your board")):
        assert f'<h2 id="{anchor}">{title}<a class="headerlink" href="#{anchor}"' in after
    body = case_body(site, "reserved-anchors-in-body")
    headings = re.findall(r'<h([23]) id="([^"]*)">', body)
    assert headings == [("2", "the-challenge"), ("3", "source_1"), ("2", "what-they-did"),
                        ("3", "the-plan"), ("3", "a-raw-heading-with-a-sections-id"),
                        ("2", "impact"), ("3", "numbers"), ("2", "lessons"),
                        ("3", "settings"), ("3", "our-plan")]
    assert 'href="#our-plan"' in body and 'href="#source"' in body
    toc = page[page.index('data-md-component="toc"'):page.index('<div class="md-content"')]
    listed = re.findall(r'<a href="#([^"]+)" class="md-nav__link">', toc)
    assert listed[:10] == [heading_id for _, heading_id in headings]
    assert listed[-2:] == ["source", "how-to-cite-this-case"]
    assert "questions-for-your-board" in listed


def test_every_page_gets_its_title_and_description_escaped_once(site: Path) -> None:
    """No page's <head> holds an element its text would make (a title that closes <title>);
    the hostile case's and pack's pages show their titles and descriptions as written."""
    for where, text in all_pages(site):
        head = parsed(text[:text.index("</head>")])
        assert len(head.titles) == 1, where
        assert not {"h1", "b"} & set(head.head_tags), (where, head.head_tags)
    expected = {
        "cases/title-that-closes-the-title-element": (CLOSING_TITLE, "A case whose title"),
        "packs/hostile-pack": (PACK["title"], PACK["purpose"]),
    }
    for url, (title, description) in expected.items():
        text = page_html(site, url)
        head = parsed(text[:text.index("</head>")])
        assert head.titles == [f"{title} - Casebook"], url
        content = {a.get("name") or a.get("property"): a.get("content")
                   for tag, a in head.tags if tag == "meta"}
        assert (content["description"] or "").startswith(description), url
        assert content["og:title"] == title, url
        assert "</title><b>" not in text[:text.index("</head>")].replace(
            html.escape("</title><b>"), ""), url


def test_what_did_not_work_cannot_leave_its_panel_or_carry_an_end_tag_away(site: Path) -> None:
    """A section that closes an element it did not open and opens one it never closes: the
    case page's one panel is Casebook's, and every page that shows the case opens and
    closes each element as often; what is gathered is the case's own text."""
    slug = "what-did-not-work-that-tries-to-leave-its-panel"
    for url in (f"cases/{slug}", "areas/data", "learning-from-failure"):
        page = page_html(site, url)
        for tag in ("section", "div", "article", "aside", "details"):
            opened = len(re.findall(rf"<{tag}[\s>]", page))
            assert opened == page.count(f"</{tag}>"), (url, tag)
        assert page.count('class="cb-failure"') == (1 if url.startswith("cases/") else 0), url
        assert 'cb-summary">A forged' not in page
    pitfalls = dict(gathered_pitfalls(site))
    for region in pitfalls.values():
        assert "An HTML heading before the real one." in region
        assert "The panel should end" not in region and "evil.example" not in region


# ---------------------------------------------------------------- past the validator


def test_the_build_sanitises_a_case_that_slipped_past_the_validator(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the body and field checks switched off, a hostile case is built, and its page
    carries none of the hostile HTML: the plugin's hook cleaned it."""
    root = tmp_path / "library"
    root.mkdir()
    copy_site_files(root)
    (root / "cases").mkdir()
    hostile = (VALID_BODY + "\n<script>window.pwned = 1</script>\n\n"
               '<img src="x.png" onerror="window.pwned = 2">\n\n'
               "[a link](javascript:window.pwned=3)\n\n"
               '<a href="jav&#x09;ascript:window.pwned=4">disguised</a>\n\n'
               'A paragraph.\n{ onclick="window.pwned = 5" }\n\n'
               '<iframe src="https://evil.example/"></iframe>\n\n'
               '<form action="https://evil.example/"><input name="q"></form>\n\n'
               "<style>body { display: none }</style>\n")
    (root / "cases" / "hostile-case.md").write_text(case_text(body=hostile), "utf-8")
    monkeypatch.setattr("casebook.library.load.check_body", lambda *args, **kwargs: [])
    monkeypatch.setattr("casebook.library.load.check_field", lambda *args, **kwargs: [])
    site = tmp_path / "site"
    assert main(["--root", str(root), "build", "--site-dir", str(site), "--quiet"]) == 0
    page = (site / "cases" / "hostile-case" / "index.html").read_text("utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    assert "A paragraph." in article and "disguised" in article
    for gone in ("<script", "pwned", "onerror", "onclick", "javascript", "<iframe", "<form",
                 "<style", "evil.example"):
        assert gone not in article, gone
