"""The folder `casebook stage` writes for a renderer without the plugin
(generator/plan/standalone.py) and the Markdown extension that puts a case page together there
(generator/render/standalone_markdown.py).

tests/test_zensical.py builds the folder with Zensical; these check its parts without it.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import markdown
import pytest
import yaml

from casebook.library.load import Library, load_library
from casebook.plan import standalone as markers
from casebook.plan.page import Page
from casebook.plan.standalone import (
    MARK,
    StageError,
    case_markdown,
    from_source_folder,
    plan_options,
    stage,
    standalone_config,
    standalone_front_matter,
    standalone_page,
)
from tests.helpers.library import ROOT
from tests.regenerate_golden import FIXTURE_LIBRARY, plan_fixture_library

THEME = ROOT / "theme"
MKDOCS_EXTENSIONS = ["attr_list", "tables", "admonition",
                     {"toc": {"permalink": True, "permalink_title": "Link to this section"}}]


def render(text: str) -> tuple[str, list[dict]]:
    """`text` as the staged mkdocs.yml has Markdown render it, and its table of contents."""
    names = [e if isinstance(e, str) else next(iter(e)) for e in MKDOCS_EXTENSIONS]
    configs = {next(iter(e)): next(iter(e.values())) for e in MKDOCS_EXTENSIONS
               if isinstance(e, dict)}
    md = markdown.Markdown(extensions=[*names, markers.MARKDOWN_EXTENSION],
                           extension_configs=configs)
    return md.convert(text), md.toc_tokens  # type: ignore[attr-defined]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """A copy of the fixture library that finds the real theme from its new place."""
    root = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "custom_dir: ../../../theme", f"custom_dir: {THEME}"), encoding="utf-8")
    return load_library(root)


def case_page(slug: str = "pay-and-progression-review") -> Page:
    return next(p for p in plan_fixture_library() if p.src == f"cases/{slug}.md")


# ---------------------------------------------------------------- pages


def test_a_case_page_holds_its_header_body_impact_and_sections_in_order() -> None:
    """The fragments the plugin places are in the Markdown, in its order, and out of the meta."""
    page = case_page()
    assert page.case and page.case.impact, "the fixture case must have an impact table"
    staged = standalone_page(page)
    text = staged.markdown
    order = [text.index(part) for part in (
        'class="cb-case__title"', markers.BODY_START, "## The challenge",
        markers.BODY_END, markers.IMPACT_START, 'class="cb-impact"',
        'id="questions-for-your-board"')]
    assert order == sorted(order)
    meta = standalone_front_matter(staged)
    assert not {"casebook_header", "casebook_impact", "casebook_sections",
                "casebook_sections_toc"} & set(meta)
    assert meta["hide"] == ["navigation"]
    assert meta["template"] == "case.html"


def test_the_description_is_escaped_once_and_the_title_left_as_text() -> None:
    """Material's and Zensical's base.html print the description as it is; the theme escapes
    the title itself."""
    page = case_page()
    hostile = dataclasses.replace(page, title='A <b>"title"</b> & more',
                                  description='Ends" http-equiv="refresh')
    meta = standalone_front_matter(standalone_page(hostile))
    assert meta["description"] == "Ends&#34; http-equiv=&#34;refresh"
    assert meta["casebook_description"] == 'Ends" http-equiv="refresh'
    assert meta["title"] == 'A <b>"title"</b> & more'


def test_another_page_ends_with_the_fragment_its_template_adds() -> None:
    page = next(p for p in plan_fixture_library() if p.after)
    staged = standalone_page(page)
    assert "casebook_after" not in standalone_front_matter(staged)
    assert staged.markdown.rstrip().endswith(from_source_folder(page.after, page).rstrip())


def test_raw_html_addresses_are_written_from_the_source_folder() -> None:
    """Zensical reads them as Markdown links, from the source file's folder: 'areas/data.md'
    is at 'areas/data/', so '../../cases/x/' is written '../cases/x/'. Markdown links,
    anchors, outside addresses and fenced code stay as they are."""
    text = ('<a href="../../cases/x/">x</a> <a href="#top">top</a> '
            '<a href="https://example.org/">out</a> <img src="../../cases/a.png">\n'
            "[md](../cases/x.md)\n```\n<a href=\"../../cases/x/\">code</a>\n```")
    page = Page("areas/data.md", "Data", text)
    assert from_source_folder(text, page) == (
        '<a href="../cases/x/">x</a> <a href="#top">top</a> '
        '<a href="https://example.org/">out</a> <img src="../cases/a.png">\n'
        "[md](../cases/x.md)\n```\n<a href=\"../../cases/x/\">code</a>\n```")
    index = Page("areas/index.md", "Areas", text)
    assert from_source_folder(text, index) == text


# ---------------------------------------------------------------- the Markdown extension


def test_the_extension_puts_a_case_page_together_as_the_plugin_does() -> None:
    """Impact table before Lessons, the table of contents with the sections after the body,
    the markers gone."""
    html, toc = render(case_markdown(case_page()))
    assert html.index('class="cb-impact"') < html.index('id="lessons"')
    assert "casebook:" not in html
    ids = [token["id"] for token in toc]
    assert ids[:2] == ["the-challenge", "what-they-did"]
    assert ids[-3:] == ["source", "verify-this-case", "how-to-cite-this-case"]


def test_the_extension_cleans_the_body_against_the_contributed_allow_list() -> None:
    """A <title> in the body would take the rest of the page for its text; classes, ids and
    data- attributes would drive the site's scripts; a heading may not take an id the page
    holds."""
    page = case_page()
    body = ('<p class="cb-badge" data-cb-copy="x" id="cb-data">A <title>title</title>.</p>\n\n'
            "## Source\n\n" + page.markdown)
    html, toc = render(case_markdown(dataclasses.replace(page, markdown=body)))
    article_body = html[html.index("</aside>"):html.index('class="cb-case__after"')]
    for forbidden in ("<title>", 'class="cb-badge"', "data-cb-copy", 'id="cb-data"'):
        assert forbidden not in article_body
    assert html.count('id="source"') == 1
    assert 'id="source_1"' in html
    assert [t["id"] for t in toc].count("source") == 1


def test_the_extension_leaves_other_pages_as_they_are() -> None:
    assert render("# Title\n\n<p class=\"cb-x\">kept</p>")[0] == (
        '<h1 id="title">Title<a class="headerlink" href="#title" title="Link to this section">'
        '&para;</a></h1>\n<p class="cb-x">kept</p>')


def test_a_forged_end_marker_in_the_body_does_not_end_the_cleaning() -> None:
    """Everything a body writes lies between the first start and the last end marker."""
    page = case_page()
    body = f"{markers.BODY_END}\n\n<p class=\"cb-forged\">x</p>\n\n{page.markdown}"
    html, _ = render(case_markdown(dataclasses.replace(page, markdown=body)))
    assert "cb-forged" not in html


# ---------------------------------------------------------------- the folder


def test_the_staged_config_drops_only_the_casebook_plugin_and_names_the_extension() -> None:
    config = {"site_name": "S", "site_url": "https://example.org/", "docs_dir": "content",
              "theme": {"name": "material", "custom_dir": "../theme"},
              "plugins": ["search", {"casebook": {"repository": "https://git.example/r"}}],
              "markdown_extensions": ["tables"]}
    staged = standalone_config(config, with_theme=True)
    assert staged["plugins"] == ["search"]
    assert staged["docs_dir"] == "docs"
    assert staged["site_dir"] == "site"
    assert staged["theme"] == {"name": "material", "custom_dir": "theme", "variant": "classic"}
    assert staged["markdown_extensions"] == ["tables", markers.MARKDOWN_EXTENSION]
    assert plan_options(config) == {"site_url": "https://example.org/",
                                    "repo_url": "https://git.example/r", "edit_uri": "",
                                    "git_history": True}


def test_stage_writes_the_folder_a_renderer_without_the_plugin_builds(
        library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "staged"
    staged = stage(library, folder)
    config_text = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert config_text.startswith(MARK + "\n")
    config = yaml.safe_load(config_text)
    assert "plugins" not in config
    assert config["theme"]["custom_dir"] == "theme"
    assert (folder / "theme" / "case.html").read_bytes() == (THEME / "case.html").read_bytes()
    written = sorted(p.relative_to(folder / "docs").as_posix()
                     for p in (folder / "docs").rglob("*.md"))
    assert len(written) == staged.pages
    assert "cases/pay-and-progression-review.md" in written


def test_staging_again_replaces_what_the_last_stage_wrote(library: Library,
                                                          tmp_path: Path) -> None:
    """A case removed since is not built again from the last stage's leftovers."""
    folder = tmp_path / "staged"
    stage(library, folder)
    leftover = folder / "docs" / "cases" / "a-removed-case.md"
    leftover.write_text("---\ntitle: Gone\n---\n", encoding="utf-8")
    stage(library, folder)
    assert not leftover.exists()


@pytest.mark.parametrize("where", ["", "cases", "cases/inner", "docs/inner", "packs"])
def test_stage_never_writes_into_the_library_or_its_sources(library: Library,
                                                             where: str) -> None:
    with pytest.raises(StageError, match="the library or inside its own files"):
        stage(library, library.root / where)


def test_stage_refuses_a_folder_it_did_not_write(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "somebody-elses"
    folder.mkdir()
    (folder / "mkdocs.yml").write_text("site_name: Theirs\n", encoding="utf-8")
    with pytest.raises(StageError, match="not empty"):
        stage(library, folder)
    assert (folder / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Theirs\n"


def test_a_library_without_mkdocs_yml_is_refused_with_the_reason(library: Library,
                                                                  tmp_path: Path) -> None:
    (library.root / "mkdocs.yml").unlink()
    with pytest.raises(StageError, match=r"mkdocs\.yml not found"):
        stage(library, tmp_path / "staged")


def test_a_link_in_docs_is_refused_not_followed(library: Library, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site", encoding="utf-8")
    (library.root / "docs" / "notes.md").symlink_to(secret)
    with pytest.raises(StageError, match="symbolic link"):
        stage(library, tmp_path / "staged")
    assert not (tmp_path / "staged").exists()


def test_a_docs_page_that_clashes_with_a_generated_one_is_refused(library: Library,
                                                                  tmp_path: Path) -> None:
    (library.root / "docs" / "about.md").write_text("# Mine\n", encoding="utf-8")
    with pytest.raises(StageError, match="clashes with a page Casebook generates"):
        stage(library, tmp_path / "staged")
    assert not (tmp_path / "staged").exists()
