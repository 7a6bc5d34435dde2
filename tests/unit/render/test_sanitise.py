"""The sanitiser: hostile HTML in a case page is removed; Casebook's own HTML passes unchanged."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import markdown
import pytest

from casebook.library.load import load_library
from casebook.plan.site import plan_site
from casebook.render.sanitise import sanitise_case_html, sanitise_contributed_html
from tests.helpers.library import ROOT

HOSTILE_HTML = [
    # (what, HTML, text that must not survive)
    ("a script element", '<p>a</p><script>alert(1)</script>', "<script"),
    ("a script with an upper-case name", '<SCRIPT SRC="https://evil.example/x.js"></SCRIPT>',
     "evil.example"),
    ("a script inside SVG", "<svg><script>alert(1)</script></svg>", "alert"),
    ("an iframe", '<iframe src="https://evil.example"></iframe>', "<iframe"),
    ("an iframe with srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>', "alert"),
    ("a style element", "<style>body { display: none }</style>", "display"),
    ("a style attribute", '<p style="position:fixed;top:0">x</p>', "style="),
    ("a form", '<form action="https://evil.example"><input name="password"></form>',
     "password"),
    ("an object", '<object data="x.swf"></object>', "<object"),
    ("an embed", '<embed src="x.swf">', "<embed"),
    ("a base element", '<base href="https://evil.example/">', "<base"),
    ("a meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">',
     "refresh"),
    ("an event handler on an image", '<img src="x.png" onerror="alert(1)">', "onerror"),
    ("an event handler on a paragraph", '<p onclick="alert(1)">x</p>', "onclick"),
    ("an SVG onload", "<svg onload=alert(1)></svg>", "onload"),
    ("an event handler on details", "<details open ontoggle=alert(1)>x</details>",
     "ontoggle"),
    ("a javascript: link", '<a href="javascript:alert(1)">x</a>', "javascript"),
    ("a javascript: link in capitals", '<a href="JAVASCRIPT:alert(1)">x</a>', "alert"),
    ("a javascript: link with a tab entity", '<a href="jav&#x09;ascript:alert(1)">x</a>',
     "alert"),
    ("a javascript: link with a tab", '<a href="jav\tascript:alert(1)">x</a>', "alert"),
    ("a javascript: link with a newline entity", '<a href="java&#10;script:alert(1)">x</a>',
     "alert"),
    ("a javascript: link in decimal entities",
     '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',
     "alert"),
    ("a javascript: link with a leading space", '<a href=" javascript:alert(1)">x</a>',
     "alert"),
    ("a javascript: link with &colon;", '<a href="javascript&colon;alert(1)">x</a>', "alert"),
    ("a vbscript: link", '<a href="vbscript:msgbox(1)">x</a>', "msgbox"),
    ("a data: link", '<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"),
    ("a data: image", '<img src="data:image/svg+xml;base64,PHN2Zz4=">', "data:"),
    ("a javascript: image", '<img src="javascript:alert(1)">', "javascript"),
    ("a file: link", '<a href="file:///etc/passwd">x</a>', "file:"),
    ("an SVG link to javascript:", '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
     "javascript"),
    ("an SVG xlink:href", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
     "javascript"),
    ("an SVG animation that rewrites a link",
     '<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>',
     "animate"),
    ("a MathML action", '<math><maction actiontype="statusline">x</maction></math>',
     "maction"),
    ("a template", "<template><img src=x onerror=alert(1)></template>", "onerror"),
    ("a noscript trick", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
     "onerror"),
    ("a comment", "<!-- <script>alert(1)</script> -->", "<!--"),
    ("a formaction", '<button formaction="javascript:alert(1)">x</button>', "formaction"),
    ("an id that shadows Material's config", '<p id="__config">{}</p>', "__config"),
    ("an id that shadows Browse's data", '<p id="cb-data">[]</p>', "cb-data"),
    ("a Browse root in a case", '<div data-cb-browse>x</div>', "data-cb-browse"),
    ("a target", '<a href="https://example.org" target="_blank">x</a>', "target"),
    ("a name", '<a name="x">x</a>', "name="),
]


# Titles that are markup once decoded: Material's tooltips set a title as innerHTML.
HOSTILE_TITLES = [
    ("an iframe in a link title", '<a href="https://example.org" title="&lt;iframe srcdoc='
     '&quot;&lt;script&gt;parent.x=1&lt;/script&gt;&quot;&gt;">x</a>', "iframe"),
    ("a meta refresh in a title", '<p title="&lt;meta http-equiv=refresh content=0;url=https:'
     '//evil.example&gt;">x</p>', "evil.example"),
    ("numeric entities in a title", '<a href="x" title="&#60;b&#62;bold&#60;/b&#62;">x</a>',
     "bold"),
    ("an entity in a title", '<abbr title="&amp;lt;b&amp;gt;">x</abbr>', "title="),
    ("a raw tag in a title", "<a href=\"x\" title='<img src=x onerror=alert(1)>'>x</a>",
     "onerror"),
]


@pytest.mark.parametrize(("html", "forbidden"),
                         [pytest.param(h, f, id=what) for what, h, f in
                          HOSTILE_HTML + HOSTILE_TITLES])
@pytest.mark.parametrize("sanitise", [sanitise_case_html, sanitise_contributed_html],
                         ids=["own", "contributed"])
def test_the_sanitiser_removes_hostile_html(html: str, forbidden: str, sanitise: Any) -> None:
    """Each hostile construct is gone from the cleaned HTML, with either allow-list."""
    cleaned = sanitise(html)
    assert forbidden.lower() not in cleaned.lower(), cleaned


# What the site's own scripts, styles and Pagefind read: a contributed body keeps none of it.
MACHINERY = [
    ("a Pagefind filter", '<div data-pagefind-filter="Trust type:ambulance">x</div>',
     "data-pagefind"),
    ("a Pagefind title", '<span data-pagefind-meta="title:Best case">x</span>', "data-pagefind"),
    ("a Pagefind sort", '<span data-pagefind-sort="published:2099-01-01">x</span>',
     "data-pagefind"),
    ("a Pagefind weight", '<p data-pagefind-weight="10">x</p>', "data-pagefind"),
    ("a second Pagefind body", "<div data-pagefind-body>x</div>", "data-pagefind"),
    ("hidden text", "<p hidden>x</p>", "hidden"),
    ("a copy button", '<p data-cb-copy="Copy citation">x</p>', "data-cb"),
    ("an absolute link", '<a href="x" data-cb-absolute="true">x</a>', "data-cb"),
    ("a Browse root", "<div data-cb-browse>x</div>", "data-cb"),
    ("a fake evidence badge", '<a class="cb-badge cb-badge--evaluated" href="x">x</a>',
     "cb-badge"),
    ("a button", '<a class="md-button md-button--primary" href="x">x</a>', "md-button"),
    ("a class on an admonition", '<div class="admonition note cb-badge">x</div>', "cb-badge"),
    ("an id on a paragraph", '<p id="how-to-cite-this-case">x</p>', "id="),
    ("a role", '<div role="dialog">x</div>', "role"),
    ("an ARIA attribute", '<div aria-hidden="true">x</div>', "aria-"),
    ("inline SVG", '<svg viewBox="0 0 1 1"><rect class="cb-bar"></rect></svg>', "<svg"),
]


@pytest.mark.parametrize(("html", "forbidden"),
                         [pytest.param(h, f, id=what) for what, h, f in MACHINERY])
def test_a_contributed_body_keeps_nothing_the_site_reads(html: str, forbidden: str) -> None:
    """Each attribute (or element) that would drive the site's machinery is gone."""
    cleaned = sanitise_contributed_html(html)
    assert forbidden not in cleaned, cleaned


def test_a_contributed_body_keeps_its_text_and_what_markdown_writes() -> None:
    """Plain titles, admonitions, heading ids (for generator/plan/headings.py), links and images."""
    html = ('<h2 id="x">X</h2><div class="admonition note"><p class="admonition-title">Note'
            '</p><p>Text</p></div><p><a href="https://example.org" title="The report, 2024">r'
            '</a> <img src="a.png" alt="A chart" title="Quoted \'words\'"></p>')
    assert sanitise_contributed_html(html) == html


def test_only_an_empty_class_goes_with_the_classes_a_body_may_not_keep() -> None:
    """No `class=""` is left behind."""
    assert sanitise_contributed_html('<a class="cb-badge" href="x">x</a>') == '<a href="x">x</a>'


SAFE_HTML = [
    '<h2 id="the-challenge">The challenge<a class="headerlink" href="#the-challenge" '
    'title="Link to this section">¶</a></h2>',
    '<p class="cb-summary" data-pagefind-weight="6" data-pagefind-meta="summary">A case.</p>',
    '<aside class="cb-panel" aria-label="About this case"><dl class="cb-panel__list"><div>'
    '<dt>Trust type</dt><dd><a href="../../trust-types/acute/" '
    'data-pagefind-filter="Trust type" data-pagefind-meta="trust_type">Acute</a></dd></div>'
    '</dl></aside>',
    '<time datetime="2025-03-14" data-pagefind-sort="published:2025-03-14">14 March 2025</time>',
    '<div class="cb-impact"><table><caption>Impact</caption><thead><tr><th scope="col">Measure'
    '</th></tr></thead><tbody><tr><th scope="row">Staff<br><small>note</small></th><td>1</td>'
    '</tr></tbody></table></div>',
    '<figure class="cb-chart"><svg viewBox="0 0 100 20" role="img" aria-labelledby="c1-t">'
    '<title id="c1-t">Chart</title><desc>Bars</desc><g transform="translate(0,2)">'
    '<rect x="0" y="0" width="50" height="8" class="cb-bar"></rect>'
    '<line x1="0" y1="0" x2="0" y2="20"></line>'
    '<text x="52" y="6" text-anchor="start">50</text></g></svg>'
    '<figcaption>Staff</figcaption></figure>',
    '<p>See <a href="mailto:edi@example.org">the team</a>, <a href="https://example.org/x">a '
    'report</a> and <a href="../other-case/#impact">another case</a>.</p>',
    '<p class="cb-share__row" data-pagefind-ignore="all"><a class="cb-share__url" '
    'data-cb-absolute="true" data-cb-copy="Copy link" href="x/">x</a></p>',
    '<abbr title="Workforce Race Equality Standard">WRES</abbr>',
    '<div class="admonition note"><p class="admonition-title">Note</p><p>Text</p></div>',
    '<blockquote><p><strong>Bold</strong>, <em>em</em>, <code>code</code></p></blockquote>',
    '<ol><li>One</li></ol><ul><li>Two</li></ul><hr><pre><code>x</code></pre>',
    '<p><img src="chart.png" alt="A chart"></p>',
]


@pytest.mark.parametrize("html", SAFE_HTML)
def test_the_sanitiser_keeps_what_casebook_itself_writes(html: str) -> None:
    """Casebook's own markup comes through with the same shape."""
    assert _shape(sanitise_case_html(html)) == _shape(html)


# ---------------------------------------------------------------- every real case


class _Shape(HTMLParser):
    """What a page means: its elements and attributes, links, headings and words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: set[tuple[str, str]] = set()
        self.links: list[tuple[str, str]] = []
        self.headings: list[str] = []
        self.pagefind: list[tuple[str, str | None]] = []
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.pairs.add((tag, ""))
        for name, value in attrs:
            self.pairs.add((tag, name))
            if name in ("href", "src"):
                self.links.append((name, value or ""))
            if name.startswith("data-pagefind"):
                self.pagefind.append((name, value))
            if name == "id" and tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.headings.append(value or "")

    def handle_data(self, data: str) -> None:
        self.words.extend(data.split())


def _shape(html: str) -> tuple[object, ...]:
    shape = _Shape()
    shape.feed(html)
    shape.close()
    return shape.pairs, shape.links, shape.headings, shape.pagefind, shape.words


def _rendered_case_pages() -> list[tuple[str, str]]:
    """(src, HTML) of every real case page, rendered with the site's Markdown settings."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    renderer = markdown.Markdown(extensions=config.markdown_extensions,
                                 extension_configs=config.mdx_configs)
    library = load_library(ROOT)
    assert library.ok
    pages = []
    for page in plan_site(library):
        if page.is_case:
            renderer.reset()
            pages.append((page.src, renderer.convert(page.markdown)))
    return pages


def test_every_real_case_page_means_the_same_after_sanitising() -> None:
    """For every case in the library: the same elements and attributes, links, headings,
    data-pagefind attributes and words before and after the sanitiser."""
    pages = _rendered_case_pages()
    assert len(pages) >= 20
    for src, html in pages:
        before, after = _shape(html), _shape(sanitise_case_html(html))
        names = ("elements and attributes", "links", "headings", "data-pagefind", "words")
        for name, old, new in zip(names, before, after, strict=True):
            assert old == new, f"{src}: the sanitiser changed the {name}"
