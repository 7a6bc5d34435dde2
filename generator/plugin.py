"""The MkDocs plugin: the only module that knows MkDocs. Hooks guard and hand off.

on_config    load and validate the library (stop on errors), plan every page, and send a
             `mkdocs build` to a temporary folder so a failed build publishes nothing
on_files     add the planned pages as virtual files; cases stay out of the navigation
on_page_markdown  hand each page its planned meta and the glossary abbreviations
on_post_build     index the site with Pagefind, then swap the finished site into place
on_serve     watch cases/, taxonomy.yml and CONTRIBUTING.md
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from .library import CASES_DIR, TAXONOMY_FILE, load_library
from .pages import Output, Page, abbreviations, plan
from .publish import Publication
from .report import format_text
from .search import SearchIndexError, index_site

log = logging.getLogger("mkdocs.plugins.casebook")


class CasebookPlugin(BasePlugin):  # type: ignore[type-arg]
    """Validates the library, adds its pages, and publishes the site all or nothing."""

    def __init__(self) -> None:
        self.command = "build"
        self.pages: dict[str, Page] = {}
        self.outputs: list[Output] = []
        self.glossary = ""
        self.publication: Publication | None = None
        self.started = 0.0
        self.case_count = 0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.started = time.perf_counter()
        root = Path(config.config_file_path).parent
        library = load_library(root, today=dt.date.today())
        if not library.ok:
            raise PluginError(
                "the library has errors, so nothing was built or published:\n\n"
                + format_text(library.diagnostics, library.files_checked))
        for warning in (d for d in library.diagnostics if not d.is_error):
            log.info("%s:%s: %s %s", warning.path, warning.line, warning.code, warning.message)
        assert library.taxonomy is not None
        self.case_count = len(library.cases)
        self.glossary = abbreviations(library.taxonomy)
        pages, self.outputs = plan(library)
        self.pages = {page.src: page for page in pages}
        if self.command in ("build", "gh-deploy"):
            self.publication = Publication(Path(config.site_dir), strict=bool(config.strict))
            config.site_dir = str(self.publication.staging)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for src, page in self.pages.items():
            if files.get_file_from_path(src) is not None:
                raise PluginError(f"docs/{src} clashes with a page Casebook generates; "
                                  "rename or remove it")
            file = File.generated(config, src, content=page.markdown)
            if not page.in_nav:
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        for output in self.outputs:
            files.append(File.generated(config, output.path, content=output.content))
        return files

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig,
                         files: Files) -> str:
        planned = self.pages.get(page.file.src_uri)
        if planned is not None:
            page.meta.update(planned.meta)
            # Cases are reached through index pages; the wide layout gives them room.
            page.meta.setdefault("hide", ["navigation"])
        return markdown + self.glossary

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            report = index_site(Path(config.site_dir))
        except SearchIndexError as exc:
            raise PluginError(f"{exc}\nNothing was published.") from exc
        log.info("Casebook: search index of %d pages", report.pages)
        # MkDocs aborts a strict build for warnings only after this hook, so the
        # publication counts them itself and keeps the previous site when there are any.
        if self.publication is not None and self.publication.publish():
            config.site_dir = str(self.publication.target)
        log.info("Casebook: %d cases, %d generated pages in %.1f s", self.case_count,
                 len(self.pages), time.perf_counter() - self.started)

    def on_build_error(self, *, error: Exception) -> None:
        if self.publication is not None:
            self.publication.discard()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path).parent
        for path in (root / CASES_DIR, root / TAXONOMY_FILE, root / "CONTRIBUTING.md"):
            if path.exists():
                server.watch(str(path))
        return server
