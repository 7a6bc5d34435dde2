"""The MkDocs plugin: with its helper processes (generator/parallel.py), the only module that
knows MkDocs. Hooks guard and hand off.

on_config    load and validate the library (stop on errors), plan every page, and send a
             `mkdocs build` to a temporary folder so a failed build publishes nothing
on_pre_build start Pagefind beside the build (a full build only)
on_files     add the planned pages as virtual files; cases stay out of the navigation
on_nav       a full build of `casebook build` or `casebook serve`: fork helpers that render
             case pages from the back while the build renders from the front
             (generator/parallel.py)
on_page_markdown  hand each page its planned meta
on_page_content   append a case page's sections after its body (their headings join the
                  table of contents), sanitise case pages (allow-list), mark glossary
                  abbreviations, keep each case's rendered Lessons, wrap the case in its
                  article
on_env            every page's Markdown is rendered: take the helpers' pages, hand every
                  case's article to Pagefind, which writes the index while the templates
                  render
on_page_context   every page is rendered by now: put each area page's gathered Lessons in
on_post_build     wait for the search index (a large library's is written only now, once
                  the build has let go of its pages), then swap the finished site into place
on_serve     watch cases/, packs/, taxonomy.yml and CONTRIBUTING.md

`casebook serve` builds "dirty": the first build renders everything; after an edit, a quick
rebuild renders the edited cases' own pages, and the rebuild it asks the server for at once
(through a watched folder of its own) renders every other page and file whose plan changed
(generator/preview.py). Neither indexes the site for search again.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import functools
import gc
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markdown.extensions import toc as toc_extension
from markupsafe import escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import AnchorLink

from .case_sections import place, place_impact
from .contents import CASES_DIR, PACKS_DIR, AssetError, copy_asset
from .glossary import Glossary
from .headings import Heading, ids_in, renumber, without_permalink
from .lessons import LESSONS_MARKER
from .lessons import assemble as assemble_lessons
from .lessons import extract as extract_lessons
from .lessons import place as place_lessons
from .library import TAXONOMY_FILE, Library, load_library
from .pages import Output, Page, plan
from .parallel import SharedRendering, available, default_jobs
from .preview import Changes, Preview, tree_stamp
from .publish import Publication
from .report import format_text
from .repository import host_name, repository_url
from .sanitise import sanitise_case_html, sanitise_contributed_html
from .search import OUTPUT_SUBDIR, SearchIndex, SearchIndexError
from .theme_listing import list_without_hidden_folders

log = logging.getLogger("mkdocs.plugins.casebook")
# Up to this many cases, Pagefind writes the index while the templates render, which is
# faster. Above it, it writes once the renderer has let go of its pages: building its
# index, Pagefind holds three times what it held while reading (about 0.16 MB a case), and
# beside the renderer's pages (about 0.08 MB a case) a build of 10,000 cases would pass
# 2 GB. At 5,000 the two together stay under 1.5 GB.
WRITE_INDEX_BESIDE_TEMPLATES_UP_TO = 5_000
_DIRTY_WARNING = "A 'dirty' build is being performed"
_FIRST_HEADING = re.compile(r"^#[ \t]+([^\n]+)", re.MULTILINE)


class _PlannedFile(File):
    """A generated file that says whether the last plan changed it: a dirty build renders
    only the files that report themselves modified (and MkDocs' own generated files always
    do)."""

    modified = True
    # While a build shares its case pages with helpers (generator/parallel.py): whether the
    # build reads this page itself, which MkDocs asks as it comes to the page.
    claim: Callable[[], bool] | None = None

    def is_modified(self) -> bool:
        if self.claim is not None:
            return self.claim()
        return self.modified


class _CaseAsset(File):
    """An image or document of the cases, which generator/contents.py has checked: copied
    into the site without following a link at any step of its path, so a file swapped for
    a link after the check fails the build instead of being published."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        target = Path(self.abs_dest_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            copy_asset(Path(self.src_dir or "."), self.src_uri, target)
        except AssetError as exc:
            raise PluginError(f"{exc}\nNothing was published.") from exc


class _BytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory between rebuilds under `casebook serve`:
    MkDocs makes a new template environment for every build, and compiling Material's
    templates again costs more than rendering the few pages an edit changes. Jinja checks
    each template's source checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that navigation and links may be inaccurate. Casebook
    re-plans the whole site and renders every page whose plan changed, so the warning does
    not apply; under `strict: true` it would also fail every rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


class _SameOnEveryCase:
    """Parts of a case page that come out the same on every case page, rendered once a build:
    Material's tabs and site navigation. They list the site's sections, never a case (cases
    are not in the navigation), by links relative to the page, and a key holds the page's
    way back to the site root (`base_url`), which is the same for every case. They were
    about a quarter of the time of templating a case page; theme/case.html uses this as
    `casebook_same_for_every_case(name, base_url, super)`."""

    def __init__(self) -> None:
        self.fragments: dict[tuple[str, str], str] = {}

    def __call__(self, name: str, base_url: str, render: Callable[[], str]) -> str:
        key = (name, base_url)
        if key not in self.fragments:
            self.fragments[key] = render()
        return self.fragments[key]


class CasebookConfig(Config):
    # The repository's web address, for "history of this case" links, when MkDocs' own
    # `repo_url` is not set (generator/repository.py). `repo_url` is safe to set now: the
    # theme's partials/source.html is a plain link, so Material's header no longer fetches
    # star counts from GitHub (the site makes no request to another host).
    repository = config_options.Type(str, default="")


class CasebookPlugin(BasePlugin[CasebookConfig]):
    """Validates the library, adds its pages, and publishes the site all or nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.pages: dict[str, Page] = {}
        self.outputs: list[Output] = []
        self.assets: list[str] = []  # the images and documents of the cases to publish
        self.glossary = Glossary(())
        self.publication: Publication | None = None
        self.search: SearchIndex | None = None
        self.started = 0.0
        self.case_count = 0
        self.page_count = 0
        self._files: Files | None = None  # this build's, kept to let go of at its end
        # Each case page's rendered Lessons (slug → HTML), which its area pages gather. Kept
        # between the rebuilds of `casebook serve`, which render only the pages that changed.
        self.lessons: dict[str, str] = {}
        # Under `casebook serve` (a dirty serve): the previous plan, and what changed since.
        self.preview: Preview | None = None
        self.changes = Changes(full=True)
        self._no_dirty_warning = _NoDirtyWarning()
        self._bytecode = _BytecodeCache()
        # A folder of our own that the server watches: a file written into it asks for one
        # more rebuild (the full step after a quick one) through MkDocs' public watch().
        self._wake: Path | None = None
        self._replanned = False
        self._gc_threshold = gc.get_threshold()
        # Processes that read and render case pages (one a core); `casebook build --jobs`.
        self.jobs = default_jobs()
        self._share = False
        self._sharing: SharedRendering | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        # A build makes millions of short-lived objects and few reference cycles; Python's
        # default collects the youngest generation every 700 allocations, which cost about
        # 4% of a build of 1,000 cases. Collect a hundred times less often.
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(70_000, *self._gc_threshold[1:])
        # `casebook build` builds "dirty" to share pages: MkDocs then asks each page whether
        # to read it (generator/parallel.py). The staging folder it builds into is new.
        # `casebook serve` builds dirty anyway: its first build, which renders everything
        # before the server starts its threads, is shared too.
        self._share = command in ("build", "serve") and dirty
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(self._no_dirty_warning)
        if command == "serve" and dirty:
            self.preview = Preview()
            self._wake = Path(tempfile.mkdtemp(prefix="casebook-serve-"))

    def on_shutdown(self) -> None:
        self._stop_sharing()
        self._stop_search()
        gc.set_threshold(*self._gc_threshold)
        logging.getLogger("mkdocs.commands.build").removeFilter(self._no_dirty_warning)
        if self._wake is not None:
            shutil.rmtree(self._wake, ignore_errors=True)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.started = time.perf_counter()
        self._replanned = False
        root = Path(config.config_file_path).parent
        library = load_library(root, today=dt.date.today(),
                               cache=self.preview.documents if self.preview else None,
                               jobs=self.jobs if self._share else 1)
        if not library.ok:
            raise PluginError(
                "the library has errors, so nothing was built or published:\n\n"
                + format_text(library.diagnostics, library.files_checked))
        for warning in (d for d in library.diagnostics if not d.is_error):
            log.info("%s:%s: %s %s", warning.path, warning.line, warning.code, warning.message)
        assert library.taxonomy is not None
        self.case_count = len(library.cases)
        self.assets = library.assets
        self.glossary = Glossary(library.taxonomy.glossary)
        repo_url = repository_url(config.repo_url or self.config.repository, os.environ)
        if repo_url and not config.repo_url:  # from the GitHub Actions run: for the theme too
            config.repo_url = repo_url
            config.repo_name = config.repo_name or host_name(repo_url)
        settings = config.extra.get("casebook") or {}
        options = {"site_url": config.site_url or "", "repo_url": repo_url,
                   "edit_uri": str(settings.get("edit_uri") or ""), "git_history": True}
        if self.preview is None:
            pages, self.outputs = plan(library, **options)
        else:
            pages, self.outputs, self.changes = self.preview.rebuild(
                library, _render_context(config, library), **options)
            self._replanned = True
        self.pages = {page.src: page for page in pages}
        self.page_count = len(self.pages)
        list_without_hidden_folders(config.theme)
        if self.command in ("build", "gh-deploy"):
            self.publication = Publication(Path(config.site_dir), strict=bool(config.strict))
            config.site_dir = str(self.publication.staging)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.changes.full:
            self._stop_search()
            try:
                self.search = SearchIndex(Path(config.site_dir) / OUTPUT_SUBDIR,
                                          language=config.theme.get("language") or "en")
            except SearchIndexError as exc:
                raise PluginError(f"{exc}\nNothing was published.") from exc

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for src, page in self.pages.items():
            if files.get_file_from_path(src) is not None:
                raise PluginError(f"docs/{src} clashes with a page Casebook generates; "
                                  "rename or remove it")
            file = _PlannedFile.generated(config, src, content=page.markdown)
            file.modified = self.changes.modified(src)
            if not page.in_nav:
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        for output in self.outputs:
            file = _PlannedFile.generated(config, output.path, content=output.content)
            file.modified = self.changes.modified(output.path)
            files.append(file)
        for src in self.changes.removed:
            _remove_built(config, src)
        root = Path(config.config_file_path).parent
        for name in self.assets:
            files.append(_CaseAsset(name, src_dir=str(root), dest_dir=config.site_dir,
                                    use_directory_urls=config.use_directory_urls))
        return files

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self._share and self.changes.full and available(self.jobs):
            shared = [file for file in files.documentation_pages(
                          inclusion=InclusionLevel.is_included)
                      if isinstance(file, _PlannedFile) and self._is_case(file.src_uri)]
            if len(shared) > 1:
                self._start_sharing(shared, config, files)
        return nav

    def _start_sharing(self, shared: list[_PlannedFile], config: MkDocsConfig,
                       files: Files) -> None:
        sharing = None
        try:
            sharing = SharedRendering(shared, config, files, jobs=self.jobs,
                                      on_helper_start=self._become_helper, keep=self._kept_of)
            sharing.start()
        except OSError as exc:  # no semaphores or no processes to be had: one process it is
            if sharing is not None:
                sharing.close()
            log.info("Casebook: rendering in one process (%s)", exc)
            return
        self._sharing = sharing
        for index, file in enumerate(shared):
            file.claim = functools.partial(sharing.is_mine, index)

    def _is_case(self, src: str) -> bool:
        planned = self.pages.get(src)
        return planned is not None and _is_case_meta(planned.meta)

    def _become_helper(self) -> None:
        """In a helper: render pages, nothing more. Search, publishing and the pages' end of
        build belong to the build, which is handed what it needs of each page."""
        self.search = None
        self.publication = None
        self._sharing = None

    def _kept_of(self, page: MkDocsPage) -> Any:
        """What the plugin kept of a page a helper rendered: its Lessons."""
        return self.lessons.get(page.meta.get("casebook_case", ""))

    def _adopt_shared_pages(self) -> None:
        sharing = self._end_sharing()
        if sharing is None:
            return
        for page, lessons in sharing.results():
            if slug := page.meta.get("casebook_case"):
                self.lessons[slug] = lessons
        log.info("Casebook: %d of %d case pages rendered by %d helper process%s",
                 sharing.by_helpers, len(sharing.files), len(sharing.helpers),
                 "" if len(sharing.helpers) == 1 else "es")

    def _index_cases(self, files: Files) -> None:
        """Hand Pagefind every case's article, in the order MkDocs reads the pages, so it is
        given the same pages in the same order whichever process rendered which case. It
        indexes them on another core while the templates render."""
        assert self.search is not None
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            page = file.page
            if page is not None and _is_case_meta(page.meta):
                self.search.add(page.url, page.content or "", title=page.title or "")

    def _stop_sharing(self) -> None:
        sharing = self._end_sharing()
        if sharing is not None:
            sharing.close()

    def _end_sharing(self) -> SharedRendering | None:
        """The build's sharing, if any, let go of: its pages answer `is_modified()` from
        their plan again (the templates' turn, and any later build)."""
        sharing, self._sharing = self._sharing, None
        for file in sharing.files if sharing is not None else ():
            file.claim = None
        return sharing

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        self._adopt_shared_pages()
        if self.preview is not None:
            env.bytecode_cache = self._bytecode
        # MkDocs makes a new environment for every build, so checking a template's file for
        # changes each time a page includes it (thousands of times a build) finds nothing.
        env.auto_reload = False
        self._files = files
        if self.search is not None:
            self._index_cases(files)
            if self.case_count <= WRITE_INDEX_BESIDE_TEMPLATES_UP_TO:
                self.search.write()
        env.globals["casebook_same_for_every_case"] = _SameOnEveryCase()
        return env

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig,
                         files: Files) -> str:
        planned = self.pages.get(page.file.src_uri)
        if planned is not None:
            page.meta.update(planned.meta)
            # Cases are reached through index pages; the wide layout gives them room.
            page.meta.setdefault("hide", ["navigation"])
        _plain_title_and_description(page, planned, markdown, config)
        return markdown

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig,
                        files: Files) -> str:
        if _is_case_meta(page.meta):
            html = _case_body(html, page, _slugify(config))
            html = self.glossary.annotate(html)
            if slug := page.meta.get("casebook_case"):
                self.lessons[slug] = extract_lessons(html)
            return _article(page, html)
        return self.glossary.annotate(html)

    def on_page_context(self, context: dict[str, Any], *, page: MkDocsPage,
                        config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        # Every page's content is rendered by now: an area page gathers its cases' lessons.
        entries = page.meta.get("casebook_lessons")
        if entries and page.content and LESSONS_MARKER in page.content:
            fragment, headings = assemble_lessons(
                entries, self.lessons, page.url, _anchor_ids(page), _slugify(config))
            fragment = self.glossary.annotate(fragment)
            if headings:
                _insert_in_toc(page, headings)
            page.content = place_lessons(page.content, fragment)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.changes.full:
            log.info("Casebook: rebuilt %s in %.2f s; search still uses the index of the "
                     "first build", self.changes.summary(), time.perf_counter() - self.started)
            if self.preview is not None and self.preview.pending and self._wake is not None:
                log.info("Casebook: the pages that list the edited cases follow")
                (self._wake / "rebuild").write_text(str(time.time_ns()), encoding="utf-8")
            return
        search, self.search = self.search, None
        assert search is not None
        try:
            if not search.writing:
                if self.command == "build":
                    self._let_go_of_pages()
                search.write()
            report = search.finish()
        except SearchIndexError as exc:
            raise PluginError(f"{exc}\nNothing was published.") from exc
        finally:
            search.close()
        log.info("Casebook: search index of %d pages", report.pages)
        # MkDocs aborts a strict build for warnings only after this hook, so the
        # publication counts them itself and keeps the previous site when there are any.
        if self.publication is not None and self.publication.publish():
            config.site_dir = str(self.publication.target)
        log.info("Casebook: %d cases, %d generated pages in %.1f s", self.case_count,
                 self.page_count, time.perf_counter() - self.started)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_sharing()
        self._stop_search()
        if self.publication is not None:
            self.publication.discard()
        if self.preview is not None and self._replanned:
            # Some changed pages may not have been written: render everything next time.
            # (A library with errors stops before planning: the last plan still holds.)
            self.preview.forget()

    def _let_go_of_pages(self) -> None:
        """Every page is written: drop what the build held of them (the plan, each page's
        Markdown, HTML and meta) and hand the freed memory back to the system."""
        self.pages, self.outputs, self.lessons = {}, [], {}
        for file in self._files or ():
            if file.page is not None:
                file.page.markdown = file.page.content = None
                file.page.meta = {}
            if file.generated_by:
                file.content_bytes = b""
        self._files = None
        gc.collect()
        _return_freed_memory()

    def _stop_search(self) -> None:
        if self.search is not None:
            self.search.close()
            self.search = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path).parent
        for path in (root / CASES_DIR, root / TAXONOMY_FILE, root / "CONTRIBUTING.md",
                     root / PACKS_DIR):
            if path.exists():
                server.watch(str(path))
        if self._wake is not None:
            server.watch(str(self._wake))
        return server


def _return_freed_memory() -> None:
    """Ask the C library to give freed memory back to the system: Python frees the pages'
    strings, but glibc keeps most of the space for later unless asked (0.8 GB → 0.2 GB
    after a build of 10,000 cases). Elsewhere than glibc, nothing happens."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _plain_title_and_description(page: MkDocsPage, planned: Page | None, markdown: str,
                                 config: MkDocsConfig) -> None:
    """Every page's title and description as plain text in its meta, escaped here, once:
    MkDocs' templates do not autoescape, and the theme prints both as they are (<title>,
    <meta name="description">, Open Graph, the header). The title is the one mkdocs.yml's
    navigation gives the page, or the planned page's own, never the text of its rendered
    heading: Material's fallback, `page.title | striptags`, turns an escaped '&lt;/title&gt;'
    in a heading back into markup. A page Casebook does not plan (docs/) is titled by the
    Markdown of its first heading."""
    meta = page.meta
    if "title" not in meta:
        from_nav = vars(page).get("title")  # MkDocs sets it on the page for a nav entry
        meta["title"] = from_nav or (planned.title if planned is not None else (
            _first_heading(markdown) or config.site_name))
    meta.setdefault("description", config.site_description or "")
    for key in ("title", "description"):
        if isinstance(meta[key], str):
            meta[key] = escape(meta[key])


def _first_heading(markdown: str) -> str:
    """The text of a page's first '# ' heading, '' if it has none."""
    match = _FIRST_HEADING.search(markdown)
    return match.group(1).strip().rstrip("#").strip() if match else ""


def _is_case_meta(meta: dict[str, Any]) -> bool:
    """Whether a page's meta is a case page's (the core plans cases with this template)."""
    return meta.get("template") == "case.html"


def _article(page: MkDocsPage, html: str) -> str:
    """A case page's content: its header (title, summary, metadata panel, rendered by the
    core) and its body in the article search indexes. The theme prints it as it is, and
    Pagefind is given the same string."""
    header = page.meta.get("casebook_header", "")
    return f'<article class="cb-case" data-pagefind-body>\n{header}\n{html}\n</article>'


def _anchor_ids(page: MkDocsPage) -> set[str]:
    """The ids on the page (headings and others), which the page keeps up to date as the
    plugin adds headings, so MkDocs checks links to them."""
    if page.present_anchor_ids is None:
        page.present_anchor_ids = set()
    return page.present_anchor_ids


def _slugify(config: MkDocsConfig) -> Callable[[str], str]:
    """The toc extension's slugify, as mkdocs.yml configures it."""
    options = (config.mdx_configs or {}).get("toc", {})
    function = options.get("slugify", toc_extension.slugify)
    separator = options.get("separator", "-")
    return lambda text: function(text, separator)


def _insert_in_toc(page: MkDocsPage, headings: list[Heading]) -> None:
    """Add headings the plugin put at LESSONS_MARKER to the page's table of contents, in
    document order: each under the last open entry of a higher level, as the toc extension
    nests them."""
    content = page.content or ""
    marker = content.find(LESSONS_MARKER)
    items = page.toc.items
    while True:  # down to the list the first heading belongs in
        before = [i for i in items if content.find(f'id="{i.id}"') < marker]
        if not before or before[-1].level >= headings[0].level:
            break
        items = before[-1].children
    first = AnchorLink(headings[0].title, headings[0].id, headings[0].level)
    items.insert(len(before), first)
    for heading in headings[1:]:
        _add_to_toc([first], AnchorLink(heading.title, heading.id, heading.level))


def _case_body(html: str, page: MkDocsPage, slugify: Callable[[str], str]) -> str:
    """A case's body as a reader gets it. The contributed HTML is cleaned against its own
    allow-list, whatever the validator may have missed, and its headings are given ids from
    their text, never one the page's own parts hold; then Casebook's impact table and the
    sections after the body are placed, cleaned against theirs. The table of contents lists
    the headings with the ids they have now."""
    meta = page.meta
    impact, sections = meta.get("casebook_impact", ""), meta.get("casebook_sections", "")
    reserved = ids_in(meta.get("casebook_header", "")) | ids_in(impact) | ids_in(sections)
    body, headings = renumber(sanitise_contributed_html(without_permalink(html)), reserved,
                              slugify)
    page.toc.items[:] = []
    for heading in headings:
        _add_to_toc(page.toc.items, AnchorLink(heading.title, heading.id, heading.level))
    used = {heading.id for heading in headings} | ids_in(impact)
    body = _with_sections(place_impact(body, sanitise_case_html(impact)), page, used)
    # The ids Markdown gave stay known to MkDocs' link check: a link a contributor wrote to
    # an id that is gone is the link checker's to report (`casebook linkcheck`), never a
    # reason for a build to fail that `casebook validate` passed.
    page.present_anchor_ids = set(page.present_anchor_ids or ()) | used
    return body


def _with_sections(html: str, page: MkDocsPage, used: set[str]) -> str:
    """A case body's HTML followed by the sections the core rendered after it, whose headings
    join the page's table of contents and anchors as Markdown headings would. `used` are the
    body's ids, to which the sections' are added."""
    fragment = page.meta.get("casebook_sections")
    if not fragment:
        return html
    fragment, headings = place(fragment, page.meta.get("casebook_sections_toc", []), used)
    for heading_id, title in headings:
        _add_to_toc(page.toc.items, AnchorLink(title, heading_id, 2))
    return f"{html}\n{sanitise_case_html(fragment).strip()}"


def _add_to_toc(items: list[AnchorLink], link: AnchorLink) -> None:
    """Add `link` where Python-Markdown would nest it: under the last open heading of a
    higher level, if any."""
    while items and items[-1].level < link.level:
        items = items[-1].children
    items.append(link)


def _render_context(config: MkDocsConfig, library: Library) -> Any:
    """What every page's HTML depends on besides its plan: mkdocs.yml, the theme's overrides
    and the glossary. A change to any of them makes the next rebuild a full one."""
    paths = [Path(config.config_file_path)]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    glossary = library.taxonomy.glossary if library.taxonomy else ()
    return tree_stamp(paths), glossary


def _remove_built(config: MkDocsConfig, src: str) -> None:
    """Delete what an earlier build wrote for a page or file that is no longer planned."""
    built = Path(File(src, src_dir=None, dest_dir=config.site_dir,
                      use_directory_urls=config.use_directory_urls).abs_dest_path)
    built.unlink(missing_ok=True)
