"""Property tests over the whole pipeline: load → validate → plan → render → sanitise.

Hypothesis writes small libraries of one to three cases: front-matter that is mostly valid
with a few mutations, and bodies of headings, prose, links, HTML snippets and injection
strings. For every library:

- loading and validating never raises;
- each file becomes exactly one case, or has at least one error, never both, never neither;
- planning the valid cases never raises and plans exactly one page per valid case (and one
  redirect per alias): no page for an invalid case, none missing for a valid one;
- every planned case page, rendered with the site's Markdown settings, has no live script,
  event handler or script address: neither before the sanitiser (the validator's job) nor
  after it (the sanitiser's).

Runs are derandomized and keep no example database, so CI sees the same inputs every time.
"""

from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from casebook.library.links import is_unsafe_url
from casebook.library.load import Library, load_library
from casebook.library.urls import case_src
from casebook.plan.page import Kind
from casebook.plan.site import plan_site
from casebook.render.sanitise import sanitise_case_html
from tests.helpers.library import ROOT, TAXONOMY, TODAY, VALID_FRONT

PIPELINE = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
SLUGS = ("case-a", "case-b", "case-c")
HEADINGS = ("The challenge", "What they did", "Impact", "Lessons")

BASE_FRONT: dict[str, Any] = {
    **VALID_FRONT,  # the shared valid case, with every optional field added below
    "source": {"type": "published", "publisher": "NHS Providers", "year": 2024,
               "title": "Race 2.0", "url": "https://example.org/race-2"},
    "region": "midlands",
    "wres_indicators": [5, 8],
    "high_impact_actions": [6],
    "keywords": ["reverse mentoring"],
    "impact": [{"measure": "Ethnic minority staff at band 8a and above", "unit": "%",
                "baseline": {"value": 10, "year": 2019}, "latest": {"value": 12.5,
                                                                   "year": 2023},
                "quote": "The share rose from 10% to 12.5%."}],
    "links": [{"title": "The trust's WRES report", "url": "https://example.org/wres"}],
    "contact": {"name": "EDI team", "role": "Head of EDI", "email": "edi@example.org"},
}

INJECTIONS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>', '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>", "<style>p{}</style>", "<form></form>",
    '<p onclick="alert(1)">x</p>', '{ onclick="alert(1)" }', "[x](javascript:alert(1))",
    "![x](data:image/png;base64,AAAA)", "<javascript:alert(1)>", "[x]: javascript:alert(1)",
    "<img\nsrc=x\nonerror=alert(1)>", "[x](\njavascript:alert(1))", "\\`<b onmouseover=x>\\`",
    "<div>`<img src=x onerror=alert(1)>`</div>", "```\n<script>alert(1)</script>",
    "<details open ontoggle=alert(1)>", '<a href="java\nscript:alert(1)">x</a>',
    "<math><maction xlink:href=javascript:alert(1)>x</maction></math>",
    "<object data=x></object>", "<base href=https://evil.example/>",
]
SAFE_SNIPPETS = [
    "A paragraph about the trust's WRES data.", "- a list item\n- another",
    "[a source](https://example.org/report)", "[another case](../case-a/)",
    "[a case file](case-a.md#impact)", "**bold** and *emphasis*", "`inline code`",
    "```\n<script>alert(1)</script>\n```", "> a quotation", "| a | b |\n| - | - |\n| 1 | 2 |",
    "### A smaller heading", '<abbr title="Workforce Race Equality Standard">WRES</abbr>',
    "Paragraph with attributes.\n{ .cb-note #a-note }", "<div markdown>**in html**</div>",
]

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 3000), st.floats(allow_nan=True),
    st.text(max_size=40), st.sampled_from(INJECTIONS), st.dates(dt.date(1900, 1, 1),
                                                               dt.date(2100, 1, 1)),
    st.sampled_from(["2023-02-30", "acute", "data", "../../etc/passwd", "case-b", "Case B",
                     "https://example.org", "javascript:alert(1)"]),
)
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=8)


@st.composite
def fronts(draw: st.DrawFn) -> dict[str, Any]:
    """A valid front-matter with zero to three mutations (none, half of the time)."""
    front = yaml.safe_load(yaml.safe_dump(BASE_FRONT))  # a deep copy
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2, 3]))):
        kind = draw(st.sampled_from(["drop", "replace", "inject", "add", "slugs"]))
        key = draw(st.sampled_from(sorted(front) or ["title"]))
        if kind == "drop":
            front.pop(key, None)
        elif kind == "replace":
            front[key] = draw(_values)
        elif kind == "inject" and isinstance(front.get(key), str):
            front[key] = front[key] + " " + draw(st.sampled_from(INJECTIONS))
        elif kind == "add":
            front[draw(st.sampled_from(["titel", "notes", "aliases", "related"]))] = \
                draw(_values)
        else:
            field = draw(st.sampled_from(["aliases", "related"]))
            front[field] = draw(st.lists(st.sampled_from(
                [*SLUGS, "a-former-name", "../../etc/passwd", "Bad Slug"]), max_size=3))
    return front


@st.composite
def bodies(draw: st.DrawFn) -> str:
    """Markdown with the required headings (mostly), prose, links and HTML, some hostile."""
    headings = list(HEADINGS)
    if draw(st.integers(0, 9)) == 0:
        headings = draw(st.permutations(headings))[: draw(st.integers(2, 4))]
    blocks = [draw(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                           max_size=60))]
    for heading in headings:
        blocks.append(f"## {heading}")
        for _ in range(draw(st.integers(0, 2))):
            pool = INJECTIONS if draw(st.integers(0, 7)) == 0 else SAFE_SNIPPETS
            blocks.append(draw(st.sampled_from(pool)))
    return "\n" + "\n\n".join(blocks) + "\n"


@st.composite
def libraries(draw: st.DrawFn) -> dict[str, tuple[dict[str, Any], str]]:
    count = draw(st.integers(1, 3))
    return {slug: (draw(fronts()), draw(bodies())) for slug in SLUGS[:count]}


# ---------------------------------------------------------------- helpers


class _Live(HTMLParser):
    """Every construct in HTML that would run a script or load from elsewhere."""

    DANGEROUS_TAGS = frozenset({"script", "iframe", "object", "embed", "style", "form", "base",
                                "meta", "link", "frame", "frameset", "applet"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "poster") and (
                    is_unsafe_url(value or "")):
                self.found.append(f"<{tag} {name}={value!r}>")


def live_constructs(html: str) -> list[str]:
    parser = _Live()
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.fixture(scope="module")
def renderer() -> markdown.Markdown:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions,
                             extension_configs=config.mdx_configs)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "cases").mkdir()
    shutil.copyfile(TAXONOMY, tmp_path / "taxonomy.yml")
    return tmp_path


def write(root: Path, files: dict[str, tuple[dict[str, Any], str]]) -> None:
    cases = root / "cases"
    for old in cases.iterdir():
        old.unlink()
    for slug, (front, body) in files.items():
        text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
        (cases / f"{slug}.md").write_text(f"---\n{text}---\n{body}", encoding="utf-8")


# ---------------------------------------------------------------- the property


@PIPELINE
@given(files=libraries())
def test_the_pipeline_never_raises_and_plans_a_page_for_exactly_the_valid_cases(
        root: Path, renderer: markdown.Markdown,
        files: dict[str, tuple[dict[str, Any], str]]) -> None:
    """Load, validate, plan, render and sanitise a small random library."""
    write(root, files)
    library = load_library(root, today=TODAY)

    valid = {case.slug for case in library.cases}
    failed = {Path(d.path).stem for d in library.diagnostics if d.is_error}
    assert valid.isdisjoint(failed), "a case with an error was accepted"
    assert valid | failed == set(files), "a file was neither accepted nor refused"
    assert library.ok == (valid == set(files))
    event(f"{len(valid)} of {len(files)} cases valid")

    accepted = Library(root=root, taxonomy=library.taxonomy, cases=library.cases)
    pages = plan_site(accepted, today=TODAY)
    case_pages = {p.src: p for p in pages if p.is_case}
    redirects = {p.src for p in pages if p.kind is Kind.REDIRECT}
    assert set(case_pages) == {case_src(slug) for slug in valid}
    assert redirects == {case_src(alias) for case in library.cases for alias in case.aliases}

    for src, page in case_pages.items():
        renderer.reset()
        html = renderer.convert(page.markdown)
        assert live_constructs(html) == [], f"{src}: the validator let this through"
        assert live_constructs(sanitise_case_html(html)) == [], f"{src}: the sanitiser did"


def test_the_base_front_matter_of_the_strategies_is_valid(root: Path) -> None:
    """With no mutation and the plain body, the generated case is valid: mutations matter."""
    body = "\n" + "\n\n".join(f"## {h}\n\nText." for h in HEADINGS) + "\n"
    write(root, {"case-a": (BASE_FRONT, body)})
    library = load_library(root, today=TODAY)
    assert library.ok, library.diagnostics
    assert [c.slug for c in library.cases] == ["case-a"]
