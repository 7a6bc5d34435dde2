"""The MkDocs plugin: the only module that knows MkDocs. Hooks guard and hand off.

on_config    load and validate the library (stop on errors), plan every page, and send a
             `mkdocs build` to a temporary folder so a failed build publishes nothing
on_files     add the planned pages as virtual files; cases stay out of the navigation
on_page_markdown  hand each page its planned meta
on_page_content   sanitise case pages (allow-list), mark glossary abbreviations
on_post_build     index the site with Pagefind, then swap the finished site into place
on_serve     watch cases/, packs/, taxonomy.yml and CONTRIBUTING.md
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from .glossary import Glossary
from .library import CASES_DIR, TAXONOMY_FILE, load_library
from .pages import Output, Page, plan
from .publish import Publication
from .report import format_text
from .sanitise import sanitise_case_html
from .search import SearchIndexError, index_site

log = logging.getLogger("mkdocs.plugins.casebook")


class CasebookConfig(Config):
    # The repository's web address, for "history of this case" links. Not MkDocs' own
    # `repo_url`: with that set, Material's header fetches star counts from GitHub, and the
    # site must make no request to another host.
    repository = config_options.Type(str, default="")


class CasebookPlugin(BasePlugin[CasebookConfig]):
    """Validates the library, adds its pages, and publishes the site all or nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.pages: dict[str, Page] = {}
        self.outputs: list[Output] = []
        self.glossary = Glossary(())
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
        self.glossary = Glossary(library.taxonomy.glossary)
        pages, self.outputs = plan(library, site_url=config.site_url or "",
                                   repo_url=self.config.repository, git_history=True)
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
        for asset in _case_assets(Path(config.config_file_path).parent, config):
            files.append(asset)
        return files

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig,
                         files: Files) -> str:
        planned = self.pages.get(page.file.src_uri)
        if planned is not None:
            page.meta.update(planned.meta)
            # Cases are reached through index pages; the wide layout gives them room.
            page.meta.setdefault("hide", ["navigation"])
        # MkDocs' templates do not autoescape and Material prints these as they are, so
        # contributor text is escaped here, once, before any template sees it.
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        return markdown

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig,
                        files: Files) -> str:
        if page.meta.get("template") == "case.html":
            # A case is contributor content: clean it against the allow-list before the
            # page sees it, whatever the validator may have missed.
            html = sanitise_case_html(html)
        return self.glossary.annotate(html)

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
        for path in (root / CASES_DIR, root / TAXONOMY_FILE, root / "CONTRIBUTING.md",
                     root / "packs"):
            if path.exists():
                server.watch(str(path))
        return server


def _case_assets(root: Path, config: MkDocsConfig) -> list[File]:
    """Images and other files beside the cases, which case bodies may link to."""
    assets = []
    for asset in sorted((root / CASES_DIR).rglob("*")):
        if asset.is_file() and asset.suffix != ".md" and not asset.name.startswith("."):
            assets.append(File(asset.relative_to(root).as_posix(), src_dir=str(root),
                               dest_dir=config.site_dir,
                               use_directory_urls=config.use_directory_urls))
    return assets
