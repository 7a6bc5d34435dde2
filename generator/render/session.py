"""One build's work, hook by hook, and the state it keeps: the plugin hands every hook to a
`BuildSession`, made new for each build. What outlives a build (a `casebook serve`'s
preview, the cases' rendered Lessons, compiled templates) is the `Run`'s."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from casebook.diagnostics.report import format_text
from casebook.library.load import Library, load_library
from casebook.plan import pack_text
from casebook.plan.lessons import HEADING as LESSONS_HEADING
from casebook.plan.lessons import INTRO as LESSONS_INTRO
from casebook.plan.lessons import LESSONS_MARKER
from casebook.plan.lessons import assemble as assemble_lessons
from casebook.plan.lessons import extract as extract_lessons
from casebook.plan.lessons import place as place_lessons
from casebook.plan.pack_pages import text_marker
from casebook.plan.page import Gathering, Output, Page
from casebook.plan.pitfalls import extract as extract_pitfalls
from casebook.plan.pitfalls import highlight
from casebook.plan.repository import host_name, repository_links
from casebook.plan.site import plan
from casebook.publish.publication import Publication
from casebook.render import templates
from casebook.render.case_html import article, case_body
from casebook.render.files import PlannedFile, add_assets, add_planned, remove_built
from casebook.render.glossary import Glossary
from casebook.render.parallel import available
from casebook.render.preview import Changes, tree_stamp
from casebook.render.process import return_freed_memory
from casebook.render.run import Run
from casebook.render.sharing import CaseSharing
from casebook.render.theme_listing import list_without_hidden_folders
from casebook.render.titles import plain_title_and_description
from casebook.render.toc import anchor_ids, insert_at_lessons, slugify_for
from casebook.search.pagefind import (
    OUTPUT_SUBDIR,
    SearchIndex,
    SearchIndexError,
    writes_beside_templates,
)

log = logging.getLogger("mkdocs.plugins.casebook")


@dataclass
class BuildSession:
    """From `on_config` to `on_post_build` (or `on_build_error`) of one build."""

    run: Run
    jobs: int
    repository: str
    started: float = field(default_factory=time.perf_counter)
    pages: dict[str, Page] = field(default_factory=dict)
    outputs: list[Output] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)  # the cases' images and documents
    glossary: Glossary = field(default_factory=lambda: Glossary(()))
    case_count: int = 0
    page_count: int = 0
    changes: Changes = field(default_factory=lambda: Changes(full=True))
    publication: Publication | None = None
    search: SearchIndex | None = None
    sharing: CaseSharing = field(default_factory=CaseSharing)
    replanned: bool = False
    texts_of: frozenset[str] = frozenset()  # the cases whose text a pack handout shows
    files: Files | None = None  # this build's, kept to let go of at its end

    # ------------------------------------------------------------------ plan

    def configure(self, config: MkDocsConfig) -> None:
        """Load and validate the library (stop on errors), plan every page, and send a
        `mkdocs build` to a staging folder so that a failed build publishes nothing."""
        run = self.run
        library = load_library(Path(config.config_file_path).parent, today=dt.date.today(),
                               cache=run.preview.documents if run.preview else None,
                               jobs=self.jobs if run.share else 1)
        if not library.ok:
            raise PluginError(
                "the library has errors, so nothing was built or published:\n\n"
                + format_text(library.diagnostics, library.files_checked))
        for warning in (d for d in library.diagnostics if not d.is_error):
            log.info("%s:%s: %s %s", warning.path, warning.line, warning.code, warning.message)
        self.case_count = len(library.cases)
        self.assets = library.assets
        self.glossary = Glossary(library.taxonomy.glossary)
        site_url = config.site_url or ""
        repo_url, edit_uri = repository_links(config.repo_url, self.repository, config.extra,
                                              os.environ)
        if repo_url and not config.repo_url:  # from the GitHub Actions run: for the theme too
            config.repo_url = repo_url
            config.repo_name = config.repo_name or host_name(repo_url)
        if run.preview is None:
            pages, self.outputs = plan(library, site_url=site_url, repo_url=repo_url,
                                       edit_uri=edit_uri, git_history=True)
        else:
            pages, self.outputs, self.changes = run.preview.rebuild(
                library, _render_context(config, library), site_url=site_url,
                repo_url=repo_url, edit_uri=edit_uri, git_history=True)
            self.replanned = True
        self.pages = {page.src: page for page in pages}
        self.texts_of = frozenset(slug for page in pages for slug in page.case_texts)
        self.page_count = len(self.pages)
        list_without_hidden_folders(config.theme)
        if run.command in ("build", "gh-deploy"):
            self.publication = Publication(Path(config.site_dir), strict=bool(config.strict))
            config.site_dir = str(self.publication.staging)

    def start_search(self, config: MkDocsConfig) -> None:
        """Start Pagefind beside a full build."""
        if not self.changes.full:
            return
        self.stop_search()
        try:
            self.search = SearchIndex(Path(config.site_dir) / OUTPUT_SUBDIR,
                                      language=config.theme.get("language") or "en")
        except SearchIndexError as exc:
            raise PluginError(f"{exc}\nNothing was published.") from exc

    def add_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The planned pages as virtual files (cases out of the navigation), the planned
        outputs, and the cases' images and documents."""
        add_planned(files, config, self.pages.values(), self.outputs, self.changes.modified)
        for src in self.changes.removed:
            remove_built(config, src)
        add_assets(files, config, Path(config.config_file_path).parent, self.assets)
        return files

    # ------------------------------------------------------------------ render

    def share_case_pages(self, config: MkDocsConfig, files: Files) -> None:
        """On a full build of `casebook build` or `serve`: fork helpers that render case pages
        from the back while the build renders from the front."""
        if not (self.run.share and self.changes.full and available(self.jobs)):
            return
        shared = [file for file in files.documentation_pages(
                      inclusion=InclusionLevel.is_included)
                  if isinstance(file, PlannedFile) and self._is_case(file.src_uri)]
        if len(shared) > 1:
            self.sharing.start(shared, config, files, jobs=self.jobs,
                               on_helper_start=self._become_helper, keep=self._kept_of)

    def page_markdown(self, page: MkDocsPage, markdown: str, config: MkDocsConfig) -> None:
        """Hand the page its planned meta, and its title and description as plain text."""
        planned = self.pages.get(page.file.src_uri)
        if planned is not None:
            page.meta.update(planned.front_matter())
            # Cases are reached through index pages; the wide layout gives them room.
            page.meta.setdefault("hide", ["navigation"])
        plain_title_and_description(page, planned, markdown, config)

    def page_content(self, html: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        """A case page's body cleaned and completed, wrapped in its article, its Lessons
        kept for its area pages; on every page, the glossary's abbreviations marked."""
        planned = self.pages.get(page.file.src_uri)
        if planned is None or planned.case is None:
            return self.glossary.annotate(html)
        html = case_body(html, page, planned.case, slugify_for(config))
        html = self.glossary.annotate(html)
        self.run.lessons[planned.case.slug] = extract_lessons(html)
        self.run.pitfalls[planned.case.slug] = extract_pitfalls(html)
        if planned.case.slug in self.texts_of:
            self.run.case_texts[planned.case.slug] = pack_text.extract(html)
        return article(planned.case, highlight(html, planned.root))

    def prepare_templates(self, env: jinja2.Environment, files: Files) -> jinja2.Environment:
        """Every page's Markdown is rendered: take the helpers' pages, hand every case's
        article to Pagefind, which writes the index while the templates render."""
        for page, kept in self.sharing.adopt():
            planned = self.pages.get(page.file.src_uri)
            if planned is not None and planned.case is not None and kept is not None:
                slug = planned.case.slug
                self.run.lessons[slug], self.run.pitfalls[slug], texts = kept
                if texts:
                    self.run.case_texts[slug] = texts
        templates.prepare(env, self.run.bytecode if self.run.preview is not None else None)
        self.files = files
        if self.search is not None:
            self._index_cases(files)
            if writes_beside_templates(self.case_count):
                self.search.write()
        return env

    def page_context(self, page: MkDocsPage, config: MkDocsConfig) -> None:
        """Every page's content is rendered by now: an area page gathers its cases' "What
        did not work" sections and Lessons, /learning-from-failure/ their sections."""
        planned = self.pages.get(page.file.src_uri)
        if planned is None or not page.content:
            return
        # Lessons first, though an area page shows them second: their headings keep the ids
        # they had before the pages gathered pitfalls too, so links to them hold.
        if planned.lessons:
            self._gather(page, config, Gathering(LESSONS_MARKER, LESSONS_HEADING, LESSONS_INTRO,
                                                 planned.lessons), self.run.lessons)
        for group in planned.pitfalls:
            self._gather(page, config, group, self.run.pitfalls)
        for slug in planned.case_texts:
            self._place_text(page, config, slug)

    def _gather(self, page: MkDocsPage, config: MkDocsConfig, group: Gathering,
                captured: dict[str, str]) -> None:
        """Put the section `group` gathers from its cases' `captured` HTML at its marker."""
        if group.marker not in (page.content or ""):
            return
        fragment, headings = assemble_lessons(
            group.entries, captured, page.url, anchor_ids(page), slugify_for(config),
            heading=group.heading, intro=group.intro, empty=group.empty)
        fragment = self.glossary.annotate(fragment)
        if headings:
            insert_at_lessons(page, headings, group.marker)
        page.content = place_lessons(page.content or "", fragment, group.marker)

    def _place_text(self, page: MkDocsPage, config: MkDocsConfig, slug: str) -> None:
        """Put a case's sections at its marker on a pack handout."""
        marker = text_marker(slug)
        if marker not in (page.content or ""):
            return
        fragment, headings = pack_text.assemble(slug, self.run.case_texts.get(slug, {}),
                                                page.url, anchor_ids(page), slugify_for(config))
        fragment = self.glossary.annotate(fragment)
        if headings:
            insert_at_lessons(page, headings, marker)
        page.content = place_lessons(page.content or "", fragment, marker)

    # ------------------------------------------------------------------ finish

    def finish(self, config: MkDocsConfig) -> None:
        """Wait for the search index (a large library's is written only now, once the build
        has let go of its pages), then swap the finished site into place."""
        if not self.changes.full:
            log.info("Casebook: rebuilt %s in %.2f s; search still uses the index of the "
                     "first build", self.changes.summary(), time.perf_counter() - self.started)
            self.run.after_quick_rebuild()
            return
        search, self.search = self.search, None
        assert search is not None
        try:
            if not search.writing:
                if self.run.command == "build":
                    self.let_go_of_pages()
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

    def fail(self) -> None:
        self.close()
        if self.publication is not None:
            self.publication.discard()
        if self.run.preview is not None and self.replanned:
            # Some changed pages may not have been written: render everything next time.
            # (A library with errors stops before planning: the last plan still holds.)
            self.run.preview.forget()

    def close(self) -> None:
        self.sharing.stop()
        self.stop_search()

    def stop_search(self) -> None:
        if self.search is not None:
            self.search.close()
            self.search = None

    def let_go_of_pages(self) -> None:
        """Every page is written: drop what the build held of them (the plan, each page's
        Markdown, HTML and meta) and hand the freed memory back to the system."""
        self.pages, self.outputs = {}, []
        self.run.lessons.clear()
        self.run.pitfalls.clear()
        self.run.case_texts.clear()
        for file in self.files or ():
            if file.page is not None:
                file.page.markdown = file.page.content = None
                file.page.meta = {}
            if file.generated_by:
                file.content_bytes = b""
        self.files = None
        return_freed_memory()

    # ------------------------------------------------------------------ helpers

    def _is_case(self, src: str) -> bool:
        planned = self.pages.get(src)
        return planned is not None and planned.is_case

    def _become_helper(self) -> None:
        """In a helper: render pages, nothing more. Search, publishing and the pages' end of
        build belong to the build, which is handed what it needs of each page."""
        self.search = None
        self.publication = None
        self.sharing.forget()

    def _kept_of(self, page: MkDocsPage) -> Any:
        """What the plugin kept of a page a helper rendered: its Lessons, its "What did
        not work" and, for a case in a pack, the sections its handout shows."""
        planned = self.pages.get(page.file.src_uri)
        if planned is None or planned.case is None:
            return None
        slug = planned.case.slug
        return (self.run.lessons.get(slug, ""), self.run.pitfalls.get(slug, ""),
                self.run.case_texts.get(slug))

    def _index_cases(self, files: Files) -> None:
        """Hand Pagefind every case's article, in the order MkDocs reads the pages, so it is
        given the same pages in the same order whichever process rendered which case. It
        indexes them on another core while the templates render."""
        assert self.search is not None
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            page = file.page
            if page is not None and self._is_case(file.src_uri):
                self.search.add(page.url, page.content or "", title=page.title or "")


def _render_context(config: MkDocsConfig, library: Library) -> Any:
    """What every page's HTML depends on besides its plan: mkdocs.yml, the theme's overrides
    and the glossary. A change to any of them makes the next rebuild a full one."""
    paths = [Path(config.config_file_path)]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    return tree_stamp(paths), library.taxonomy.glossary
