"""`casebook build` for real (MkDocs + Material, no browser) on the fixture library.

The fixture library is built once per module; the tests that break it work on copies and
point their build at that same published site, which must come through unchanged.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from casebook.plan.headers import HEADERS_FILE, headers_file
from casebook.plan.page import Page
from casebook.search.pagefind import SearchIndex
from tests.helpers.builds import Run, casebook, copy_library, indexed_pages, mkdocs, snapshot
from tests.regenerate_golden import FIXTURE_LIBRARY, plan_fixture_library

# <script src>, <link href> and <img src> that leave the site (absolute or protocol-relative).
_EXTERNAL_ASSET = re.compile(
    r"<(script|link|img)\b[^>]*?\b(src|href)\s*=\s*[\"']?\s*(https?:)?//", re.IGNORECASE)
_CSS_EXTERNAL = re.compile(r"url\(\s*[\"']?\s*(https?:)?//|@import\s+[\"']?(https?:)?//",
                           re.IGNORECASE)
_FONT_HOSTS = ("fonts.googleapis", "fonts.gstatic")


def html_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}


def leftovers(site: Path) -> list[str]:
    """Staging or swap folders a build left next to the site."""
    return sorted(p.name for p in site.parent.iterdir()
                  if p.name.startswith((f".{site.name}.building-", f".{site.name}.previous-")))


@dataclass(frozen=True)
class Build:
    site: Path
    run: Run


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The fixture library, built once by `casebook build --site-dir`."""
    site = tmp_path_factory.mktemp("published") / "site"
    run = casebook("--root", FIXTURE_LIBRARY, "build", "--site-dir", site)
    assert run.returncode == 0, run.stderr
    return Build(site, run)


@pytest.fixture(scope="module")
def planned() -> list[Page]:
    return plan_fixture_library()


@pytest.fixture(scope="module")
def published(build: Build) -> dict[str, str]:
    """The published site's hashes, taken before any test tries to break it."""
    return snapshot(build.site)


@pytest.fixture
def broken_library(tmp_path: Path) -> Iterator[Path]:
    yield copy_library(tmp_path / "library")


# ---------------------------------------------------------------- a good build


def test_the_build_succeeds_and_prints_a_summary(build: Build, planned: list[Page]) -> None:
    """Exit 0, and one summary line with the cases, the pages and the seconds it took."""
    lines = [line for line in build.run.stdout.splitlines() if line.startswith("Built ")]
    assert len(lines) == 1, build.run.stdout
    match = re.match(r"Built (\d+) cases into (\d+) generated pages in (\d+\.\d) s: (.+)$",
                     lines[0])
    assert match, lines[0]
    assert int(match.group(1)) == 5
    assert int(match.group(2)) == len(planned)
    assert Path(match.group(4)) == build.site.resolve()


def test_the_build_writes_an_index_html_for_every_planned_page(build: Build,
                                                               planned: list[Page]) -> None:
    """Home, every case, every facet and term page and the redirect: each has index.html."""
    missing = [page.src for page in planned
               if not (build.site / page.url / "index.html").is_file()]
    assert not missing
    for must in ("index.html", "cases/pay-and-progression-review/index.html",
                 "areas/index.html", "areas/data/index.html", "wres/3/index.html",
                 "cases/reverse-mentoring/index.html"):
        assert (build.site / must).is_file(), must


def test_the_redirect_page_sends_readers_to_the_case(build: Build) -> None:
    """The alias page refreshes to ../<slug>/ and is kept out of search engines."""
    html = (build.site / "cases/reverse-mentoring/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../reverse-mentoring-for-executives/"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="../reverse-mentoring-for-executives/"' in html


def test_a_case_page_links_to_its_sibling_case(build: Build) -> None:
    """'../other-slug/' in the body is a working link in the built page, anchor kept."""
    html = (build.site / "cases/pay-and-progression-review/index.html").read_text(
        encoding="utf-8")
    assert 'href="../reverse-mentoring-for-executives/"' in html
    assert 'href="../reverse-mentoring-for-executives/#lessons"' in html


def test_the_built_site_loads_nothing_from_other_hosts(build: Build) -> None:
    """No <script>, <link> or <img> points off the site, no CSS url() does, no web fonts."""
    problems = []
    for path in sorted(build.site.rglob("*")):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        name = path.relative_to(build.site).as_posix()
        if path.suffix == ".html":
            problems += [f"{name}: {m.group(0)}" for m in _EXTERNAL_ASSET.finditer(text)]
        if path.suffix == ".css":
            problems += [f"{name}: {m.group(0)}" for m in _CSS_EXTERNAL.finditer(text)]
        problems += [f"{name}: {host}" for host in _FONT_HOSTS if host in text]
    assert not problems, "\n".join(problems)


def test_the_site_root_has_the_security_headers_file(build: Build) -> None:
    """Hosts that read `_headers` (Netlify, Cloudflare Pages) get the declared policy."""
    assert (build.site / HEADERS_FILE).read_text(encoding="utf-8") == headers_file()


def test_the_build_is_strict_and_warning_free(build: Build) -> None:
    """The configuration asks for strict mode, and the build logged no warning at all."""
    config = yaml.safe_load((FIXTURE_LIBRARY / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["strict"] is True
    assert "WARNING" not in build.run.stderr
    assert "ERROR" not in build.run.stderr


def test_plain_mkdocs_build_gives_the_same_html_files(build: Build, tmp_path: Path) -> None:
    """`mkdocs build --strict` works on its own and writes the same set of HTML files."""
    site = tmp_path / "mkdocs-site"
    run = mkdocs("build", "--strict", "-f", FIXTURE_LIBRARY / "mkdocs.yml", "-d", site)
    assert run.returncode == 0, run.stderr
    assert html_files(site) == html_files(build.site)
    assert not leftovers(site)


def test_stage_writes_as_many_pages_as_are_planned(tmp_path: Path,
                                                   planned: list[Page]) -> None:
    """`casebook stage DIR` writes one Markdown file per planned page to DIR/docs."""
    folder = tmp_path / "staged"
    run = casebook("--root", FIXTURE_LIBRARY, "stage", folder)
    assert run.returncode == 0, run.stderr
    written = sorted(p.relative_to(folder / "docs").as_posix() for p in folder.rglob("*.md"))
    assert written == sorted(page.src for page in planned)
    assert f"Wrote {len(planned)} pages" in run.stdout


# ---------------------------------------------------------------- a failed build publishes nothing


def assert_nothing_published(build: Build, published: dict[str, str], run: Run) -> None:
    assert run.returncode == 1, run.stdout + run.stderr
    assert "the previous site was left as it was" in run.stderr
    assert snapshot(build.site) == published
    assert not leftovers(build.site)


def test_a_broken_case_leaves_the_published_site_unchanged(
        build: Build, published: dict[str, str], broken_library: Path) -> None:
    """A case with an unknown term: exit 1, the site byte for byte as it was."""
    case = broken_library / "cases" / "reverse-mentoring-for-executives.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("trust_type: acute", "trust_type: acute-trust"),
                    encoding="utf-8")
    run = casebook("--root", broken_library, "build", "--site-dir", build.site)
    assert_nothing_published(build, published, run)
    assert "acute-trust" in run.stderr


def test_a_broken_taxonomy_leaves_the_published_site_unchanged(
        build: Build, published: dict[str, str], broken_library: Path) -> None:
    """taxonomy.yml that is not valid YAML: exit 1, the site byte for byte as it was."""
    taxonomy = broken_library / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n  - : [unclosed\n",
                        encoding="utf-8")
    run = casebook("--root", broken_library, "build", "--site-dir", build.site)
    assert_nothing_published(build, published, run)
    assert "taxonomy.yml" in run.stderr


def test_a_strict_mode_warning_from_a_docs_page_leaves_the_site_unchanged(
        build: Build, published: dict[str, str], broken_library: Path) -> None:
    """A docs/ page linking to a missing page: MkDocs warns, strict mode refuses to publish."""
    (broken_library / "docs" / "diagnostics.md").write_text(
        "# Diagnostics\n\nSee [the missing page](missing.md).\n", encoding="utf-8")
    run = casebook("--root", broken_library, "build", "--site-dir", build.site)
    assert_nothing_published(build, published, run)
    assert "missing.md" in run.stderr


def test_a_strict_mode_warning_from_a_case_leaves_the_site_unchanged(
        build: Build, published: dict[str, str], broken_library: Path) -> None:
    """A case that passes validation but links to a missing section of a sibling case."""
    case = broken_library / "cases" / "shadow-board-for-ethnic-minority-staff.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace(
        "It is too early to say.",
        "It is too early to say; see [the review](../pay-and-progression-review/#no-such)."),
        encoding="utf-8")
    run = casebook("--root", broken_library, "build", "--site-dir", build.site)
    assert_nothing_published(build, published, run)
    assert "no-such" in run.stderr


# ---------------------------------------------------------------- known bugs, kept visible


class _MetaTags(HTMLParser):
    """Collects the attributes of every <meta> tag, as the browser would read them."""

    def __init__(self) -> None:
        super().__init__()
        self.metas: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self.metas.append(dict(attrs))


def test_markup_in_a_case_title_is_never_raw_in_the_built_site(build: Build) -> None:
    """'<band 8a>' in a case title is text everywhere: <title>, header, cards, lists."""
    raw = [p.relative_to(build.site).as_posix() for p in sorted(build.site.rglob("*.html"))
           if "<band 8a>" in p.read_text(encoding="utf-8")]
    assert not raw


def test_a_quote_in_a_summary_stays_inside_the_meta_description(build: Build) -> None:
    """The browser reads the whole summary, quotes included, as the description."""
    parser = _MetaTags()
    parser.feed((build.site / "cases/community-listening-events/index.html").read_text(
        encoding="utf-8"))
    descriptions = [m for m in parser.metas if m.get("name") == "description"]
    assert len(descriptions) == 1
    content = descriptions[0].get("content") or ""
    assert content.startswith('An integrated care system held listening events on health '
                              'inequalities, but staff said they were "asked and never heard '
                              'back", and')
    assert set(descriptions[0]) == {"name", "content"}


def test_the_redirect_page_names_the_case_it_moved_to(build: Build) -> None:
    """The alias page's link text is the case title."""
    html = (build.site / "cases/reverse-mentoring/index.html").read_text(encoding="utf-8")
    assert ">Reverse mentoring for the executive team</a>" in html


def test_search_indexes_every_case_and_nothing_else(build: Build, planned: list[Page]) -> None:
    """Every case page is in the index, under its URL and title, and no other page is."""
    cases = {p.src.removesuffix(".md"): p for p in planned if p.is_case}
    indexed = indexed_pages(build.site)
    assert sorted(indexed) == sorted(f"/{src}/" for src in cases)
    for src, page in cases.items():
        assert indexed[f"/{src}/"]["meta"]["title"] == html.unescape(page.title)
    entry = json.loads((build.site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(cases)


def test_search_indexes_a_case_s_own_text_not_the_sections_after_it(build: Build) -> None:
    """A case's title, summary and body are searched; its board questions (the same for
    every case of an area), related cases, source and citation are not, or a word of a
    board question would find every case of the area."""
    for url, fragment in indexed_pages(build.site).items():
        page = (build.site / url.strip("/") / "index.html").read_text("utf-8")
        article = page[page.index('<article class="cb-case"'):page.index("</article>")]
        own, after = article.split('<div class="cb-case__after"')
        content = str(fragment["content"])
        assert "Questions for your board" in after and "How to cite" in after
        for label in re.findall(r"<dt[^>]*>(.*?)</dt>", own):  # the panel's labels
            assert f"{label} " not in content, (url, label)
        for heading in re.findall(r'<h2 id="[^"]*">(.*?)<a class="headerlink"', after):
            assert html.unescape(heading) not in content, (url, heading)
        for question in re.findall(r"<li>(.*?)</li>", after.split('id="related-cases"')[0]):
            assert html.unescape(re.sub(r"<[^>]+>", "", question)) not in content, url
        own_text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", own)).split())
        assert own_text[-40:] in " ".join(content.split()), url  # the body's last words


def test_parts_rendered_once_for_every_case_page_are_what_each_page_would_render(
        build: Build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Case pages share one rendering of the tabs and site navigation (theme/case.html);
    with every page rendering its own, every page of the site comes out byte for byte the
    same. The shared parts are really on the page: the tabs and the site's sections."""
    from casebook.cli import main

    def render_every_time(self: object, name: str, base_url: str,
                          render: Callable[[], str]) -> str:
        return render()

    monkeypatch.setattr("casebook.render.templates.SameOnEveryCase.__call__", render_every_time)
    site = tmp_path / "site"
    assert main(["--root", str(FIXTURE_LIBRARY), "build", "--site-dir", str(site),
                 "--quiet"]) == 0
    shared, own = snapshot(build.site), snapshot(site)
    pages = [path for path in shared if path.endswith(".html")]
    assert [p for p in pages if shared[p] != own[p]] == []
    case = (build.site / "cases" / "reverse-mentoring-for-executives" / "index.html")
    text = case.read_text("utf-8")
    assert 'class="md-tabs"' in text and 'class="md-nav md-nav--primary' in text
    assert 'href="../../browse/"' in text


def test_a_large_library_writes_its_index_after_letting_go_of_its_pages(
        build: Build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above WRITE_INDEX_BESIDE_TEMPLATES_UP_TO cases, Pagefind writes once every page is
    written and the build has dropped its pages (to keep the two peaks apart): the site and
    its index come out as they do when Pagefind writes beside the templates."""
    from casebook.cli import main
    from casebook.render.session import BuildSession

    order: list[str] = []
    let_go, write = BuildSession.let_go_of_pages, SearchIndex.write

    def logged_let_go(self: BuildSession) -> None:
        order.append("let go")
        let_go(self)

    def logged_write(self: SearchIndex) -> None:
        order.append("write")
        write(self)

    monkeypatch.setattr(BuildSession, "let_go_of_pages", logged_let_go)
    monkeypatch.setattr(SearchIndex, "write", logged_write)
    monkeypatch.setattr("casebook.search.pagefind.WRITE_INDEX_BESIDE_TEMPLATES_UP_TO", 0)
    site = tmp_path / "site"
    assert main(["--root", str(FIXTURE_LIBRARY), "build", "--site-dir", str(site),
                 "--quiet"]) == 0
    assert order == ["let go", "write"]
    before, after = snapshot(build.site), snapshot(site)
    html_pages = [path for path in before if path.endswith(".html")]
    assert [p for p in html_pages if before[p] != after.get(p)] == []
    assert indexed_pages(site) == indexed_pages(build.site)
