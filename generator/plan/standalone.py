"""The staged folder: the planned site as a project that a renderer running no MkDocs plugin
can build. Zensical, the successor of Material for MkDocs, reads mkdocs.yml but runs none.

`casebook stage DIR` writes
    DIR/mkdocs.yml  the library's mkdocs.yml without the casebook plugin, for docs/ and theme/
    DIR/docs/       every planned page and generated file, the library's own docs/ pages, and
                    the cases' pictures and documents
    DIR/theme/      a copy of the library's theme

While MkDocs renders, the plugin puts parts of some pages together (generator/render/plugin.py).
Here each page's Markdown holds them already, in the plugin's order:
- a case page: its header (title, summary, panel), its body, the impact table and the sections
  after the body; the staged mkdocs.yml names a Markdown extension that cleans the body and
  places the impact table as the plugin does (generator/render/standalone_markdown.py), and
  theme/case.html wraps the page's content in the case's article when the plugin is absent;
- any other page: its Markdown, then the fragment its template adds (`casebook_after`).
Zensical reads the addresses in raw HTML from the source file's folder, MkDocs from the page's
address: they are written here for Zensical (`from_source_folder`), so the folder is for
Zensical; MkDocs builds the library itself, with the plugin (`casebook build`).

What only the plugin does, so a site built from this folder lacks it: the glossary's
abbreviations, the Lessons an area page gathers from its cases, and search.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from casebook.library.anchors import fenced_lines
from casebook.library.contents import CASES_DIR, PACKS_DIR, AssetError, copy_asset
from casebook.library.load import Library
from casebook.library.urls import case_src
from casebook.plan.lessons import rebased
from casebook.plan.markdown_text import md_text
from casebook.plan.page import Gathering, Kind, Page
from casebook.plan.repository import repository_links
from casebook.plan.site import plan
from casebook.plan.stage import write_stage

CONFIG_FILE = "mkdocs.yml"
DOCS, THEME, SITE = "docs", "theme", "site"
# The first line of the staged mkdocs.yml: a folder that starts so may be staged over again.
MARK = "# Written by `casebook stage`: the library's site for a renderer without its plugin."
# The Markdown extension the staged mkdocs.yml names (generator/render/standalone_markdown.py),
# and the marks around the parts of a case page it puts together.
MARKDOWN_EXTENSION = "casebook.render.standalone_markdown"
BODY_START, BODY_END = "<!-- casebook:body -->", "<!-- casebook:/body -->"
IMPACT_START, IMPACT_END = "<!-- casebook:impact -->", "<!-- casebook:/impact -->"
# Meta the plugin places in the page while rendering, which the staged Markdown holds instead.
_PLACED = ("casebook_header", "casebook_impact", "casebook_sections", "casebook_sections_toc",
           "casebook_after")
# A relative or absolute address in raw HTML; empty ones and '#fragment' stay as they are.
_URL_ATTRIBUTE = re.compile(r'((?:^|\s)(?:href|src)=")([^"#][^"]*)(")')


class StageError(Exception):
    """The folder cannot be staged; the message says why and what to do."""


@dataclasses.dataclass(frozen=True)
class Staged:
    pages: int
    outputs: int


def stage(library: Library, folder: Path) -> Staged:
    """Write the library's site to `folder` as described above. Raises StageError."""
    root = library.root
    config = _read_config(root / CONFIG_FILE)
    theme = _theme_dir(config, root)
    docs = root / str(config.get("docs_dir") or DOCS)
    sources = (docs, theme, root / CASES_DIR, root / PACKS_DIR)
    _check_target(folder, root, sources)
    pages, outputs = plan(library, **plan_options(config))
    own_pages = _own_pages(docs, {page.src for page in pages} | {o.path for o in outputs})
    _prepare(folder)
    for path, name in own_pages:
        (folder / DOCS / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, folder / DOCS / name)
    _copy_assets(root, library.assets, folder / DOCS)
    write_stage([standalone_page(page) for page in pages], folder / DOCS, tuple(outputs),
                front_matter=standalone_front_matter)
    if theme is not None:
        shutil.copytree(theme, folder / THEME, ignore=shutil.ignore_patterns(".*"))
    text = yaml.safe_dump(standalone_config(config, with_theme=theme is not None),
                          sort_keys=False, allow_unicode=True, width=100)
    (folder / CONFIG_FILE).write_text(f"{MARK}\n{text}", encoding="utf-8")
    return Staged(len(pages), len(outputs))


def plan_options(config: dict[str, Any]) -> dict[str, Any]:
    """The plan options the plugin takes from mkdocs.yml, so the staged pages are the ones
    `casebook build` renders."""
    repo_url, edit_uri = repository_links(config.get("repo_url"),
                                          _casebook_options(config).get("repository"),
                                          config.get("extra"), os.environ)
    return {"site_url": str(config.get("site_url") or ""), "repo_url": repo_url,
            "edit_uri": edit_uri, "git_history": True}


def standalone_page(page: Page) -> Page:
    """The page with the fragments the plugin would place written into its Markdown."""
    markdown = case_markdown(page) if page.case is not None else _blocks(page.markdown, page.after)
    for gathering in page.pitfalls:
        markdown = markdown.replace(gathering.marker, _listed_only(gathering, page.src))
    return dataclasses.replace(page, markdown=from_source_folder(markdown, page))


def standalone_front_matter(page: Page) -> dict[str, Any]:
    """The page's front matter without what its Markdown now holds."""
    meta = {key: value for key, value in page.front_matter().items() if key not in _PLACED}
    # Material's base.html (and Zensical's) prints the description into an attribute as it
    # is, so it is escaped here once, as the plugin escapes it; the theme's own tags escape
    # it themselves, from the text (theme/partials/cb-social.html). The title stays plain
    # text: the theme escapes it wherever it prints it.
    if isinstance(meta.get("description"), str):
        meta["casebook_description"] = meta["description"]
        meta["description"] = str(escape(meta["description"]))
    if page.kind is Kind.CASE:
        meta.setdefault("hide", ["navigation"])  # as the plugin sets it: the wide layout
    return meta


def _listed_only(gathering: Gathering, src: str) -> str:
    """A gathering as a list of its cases: what each case's page says is gathered only while
    MkDocs renders (the plugin), so without it the reader is sent to the case."""
    heading_id, title = gathering.heading
    folder = posixpath.dirname(src) or "."
    lines = [f'<h2 id="{escape(heading_id)}">{escape(title)}</h2>', "",
             "Each case's own page says what did not work.", ""]
    for entry in gathering.entries:
        link = posixpath.relpath(case_src(entry.slug), folder)
        lines.append(f"- [{md_text(entry.title)}]({link}): {md_text(entry.about)}")
    return "\n".join(lines)


def from_source_folder(markdown: str, page: Page) -> str:
    """The page's Markdown with the relative addresses in its raw HTML written from the
    page's source folder ('cases/' for 'cases/x.md'), not from its address ('cases/x/'):
    MkDocs leaves raw HTML as it is, but Zensical reads its addresses as Markdown links,
    from the folder of the source file, and rewrites them for the page's address. Lines of
    fenced code are left as they are."""
    folder = posixpath.dirname(page.src)
    folder = f"{folder}/" if folder else ""
    if folder == page.url:  # an index page: its address is its source folder
        return markdown

    def rebase(match: re.Match[str]) -> str:
        return match.group(1) + rebased(match.group(2), page.url, folder) + match.group(3)

    lines = markdown.split("\n")
    code = fenced_lines(lines)
    return "\n".join(line if index in code else _URL_ATTRIBUTE.sub(rebase, line)
                     for index, line in enumerate(lines))


def case_markdown(page: Page) -> str:
    """A case page as one Markdown document: the header, the body, the impact table and the
    sections after the body, Casebook's HTML as raw HTML, which Markdown passes through. The
    body and the impact table are marked for the Markdown extension that puts the page
    together as the plugin does (generator/render/standalone_markdown.py)."""
    assert page.case is not None
    parts = page.case
    return _blocks(parts.header, BODY_START, page.markdown, BODY_END,
                   _blocks(IMPACT_START, parts.impact, IMPACT_END) if parts.impact else "",
                   parts.sections)


def standalone_config(config: dict[str, Any], *, with_theme: bool) -> dict[str, Any]:
    """The library's mkdocs.yml for the staged folder: its docs and theme, no casebook plugin."""
    staged = {**config, "docs_dir": DOCS, "site_dir": SITE}
    plugins = _without_casebook(config.get("plugins"))
    if plugins:
        staged["plugins"] = plugins
    else:
        staged.pop("plugins", None)
    theme = config.get("theme") or {}
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme}
    theme.pop("custom_dir", None)
    if with_theme:
        theme["custom_dir"] = THEME
    # Zensical's look of Material, for which the theme's stylesheet is written (its default,
    # "modern", restyles every page). Material itself ignores the key.
    theme.setdefault("variant", "classic")
    staged["theme"] = theme
    staged["markdown_extensions"] = [*_listed(config.get("markdown_extensions")),
                                     MARKDOWN_EXTENSION]
    return staged


def _listed(extensions: Any) -> list[Any]:
    """mkdocs.yml's Markdown extensions as a list (MkDocs also takes a mapping)."""
    if isinstance(extensions, dict):
        return [name if options is None else {name: options}
                for name, options in extensions.items()]
    return list(extensions or [])


def _read_config(path: Path) -> dict[str, Any]:
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StageError(f"{path} not found: the staged folder takes the site's settings "
                         "and theme from it") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise StageError(f"cannot read {path}: {exc}") from None
    if not isinstance(config, dict):
        raise StageError(f"{path} does not hold the site's settings (a YAML mapping)")
    return config


def _theme_dir(config: dict[str, Any], root: Path) -> Path | None:
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if not custom:
        return None
    folder = root / str(custom)
    if not folder.is_dir():
        raise StageError(f"the theme folder {folder} named in {CONFIG_FILE} does not exist")
    return folder


def _casebook_options(config: dict[str, Any]) -> dict[str, Any]:
    for name, options in _plugin_entries(config.get("plugins")):
        if name == "casebook":
            return options if isinstance(options, dict) else {}
    return {}


def _without_casebook(plugins: Any) -> list[Any]:
    """mkdocs.yml's other plugins, as `- name` or `- name: {options}` entries."""
    return [name if options is None else {name: options}
            for name, options in _plugin_entries(plugins) if name != "casebook"]


def _plugin_entries(plugins: Any) -> list[tuple[str, Any]]:
    """(name, options or None) of each plugin mkdocs.yml lists, as a list or a mapping."""
    if isinstance(plugins, dict):
        return list(plugins.items())
    entries: list[tuple[str, Any]] = []
    for entry in plugins if isinstance(plugins, list) else ():
        if isinstance(entry, str):
            entries.append((entry, None))
        elif isinstance(entry, dict) and len(entry) == 1:
            entries.append(next(iter(entry.items())))
    return entries


def _check_target(folder: Path, root: Path, sources: tuple[Path | None, ...]) -> None:
    """Refuse a folder that is the library's, or inside one of its sources, or not a folder
    `casebook stage` wrote (nothing is written when refused)."""
    target = folder.resolve()
    if target == root.resolve() or any(
            source is not None and _is_within(target, source.resolve()) for source in sources):
        raise StageError(f"{folder} is the library or inside its own files; stage into a "
                         "folder of its own, such as /tmp/casebook-staged")
    if target.exists() and not target.is_dir():
        raise StageError(f"{folder} is not a folder")
    if target.is_dir() and any(target.iterdir()) and not _staged_before(target):
        raise StageError(f"{folder} is not empty, and `casebook stage` did not write it; "
                         "give a new or empty folder")


def _prepare(folder: Path) -> None:
    """The folder, new, or emptied of the docs/ and theme/ the last stage wrote."""
    for name in (DOCS, THEME):
        shutil.rmtree(folder / name, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _staged_before(folder: Path) -> bool:
    config = folder / CONFIG_FILE
    try:
        with config.open(encoding="utf-8") as file:
            return file.readline().rstrip("\n") == MARK
    except (OSError, UnicodeDecodeError):
        return False


def _own_pages(source: Path, planned: set[str]) -> list[tuple[Path, str]]:
    """The library's own pages (docs/) to copy, with their names there: regular files only,
    as MkDocs reads them (hidden files left out); a link is refused rather than followed out
    of the folder, and a page Casebook generates is not overwritten."""
    found = []
    for path in _files(source):
        name = path.relative_to(source).as_posix()
        if path.is_symlink():
            raise StageError(f"{path} is a symbolic link; put the file itself in the folder")
        if name in planned:
            raise StageError(f"{path} clashes with a page Casebook generates; "
                             "rename or remove it")
        found.append((path, name))
    return found


def _files(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield from (Path(parent, f) for f in sorted(files) if not f.startswith("."))
        yield from (Path(parent, d) for d in dirs if Path(parent, d).is_symlink())


def _copy_assets(root: Path, assets: list[str], target: Path) -> None:
    for name in assets:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        try:
            copy_asset(root, name, target / name)
        except AssetError as exc:
            raise StageError(str(exc)) from None


def _blocks(*parts: str) -> str:
    """Markdown blocks (raw HTML among them) one blank line apart."""
    return "\n\n".join(part.strip("\n") for part in parts if part.strip())

