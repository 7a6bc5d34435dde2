"""The MkDocs plugin: hooks that hand off. Each build's work and state is a `BuildSession`
(generator/render/session.py); what outlives one build, a `Run` (generator/render/run.py).

on_config    load and validate the library (stop on errors), plan every page, and send a
             `mkdocs build` to a temporary folder so a failed build publishes nothing
on_pre_build start Pagefind beside the build (a full build only)
on_files     add the planned pages as virtual files; cases stay out of the navigation
on_nav       a full build of `casebook build` or `casebook serve`: fork helpers that render
             case pages from the back while the build renders from the front
             (generator/render/parallel.py)
on_page_markdown  hand each page its planned meta
on_page_content   clean and complete a case page's HTML (generator/render/case_html.py),
                  mark glossary abbreviations, keep each case's rendered Lessons
on_env            every page's Markdown is rendered: take the helpers' pages, hand every
                  case's article to Pagefind, which writes the index while the templates
                  render
on_page_context   every page is rendered by now: put each area page's gathered Lessons in
on_post_build     wait for the search index, then swap the finished site into place
on_serve     watch cases/, packs/, taxonomy.yml and CONTRIBUTING.md
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from casebook.render.parallel import default_jobs
from casebook.render.run import Run
from casebook.render.session import BuildSession


class CasebookConfig(Config):
    # The repository's web address, for "history of this case" links, when MkDocs' own
    # `repo_url` is not set (generator/plan/repository.py). `repo_url` is safe to set: the
    # theme's partials/source.html is a plain link, so Material's header fetches no star
    # counts from GitHub (the site makes no request to another host).
    repository = config_options.Type(str, default="")
    # Processes that read and render case pages; `casebook build --jobs`. Unset: one a core.
    jobs = config_options.Optional(config_options.Type(int))


class CasebookPlugin(BasePlugin[CasebookConfig]):
    """Validates the library, adds its pages, and publishes the site all or nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.run = Run()
        self.session: BuildSession | None = None

    @property
    def jobs(self) -> int:
        return self.config.jobs or default_jobs()

    def _session(self) -> BuildSession:
        if self.session is None:
            raise RuntimeError("a Casebook hook ran before on_config")
        return self.session

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.run = Run.start(command, dirty=dirty)

    def on_shutdown(self) -> None:
        if self.session is not None:
            self.session.close()
        self.run.stop()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.session = BuildSession(self.run, jobs=self.jobs,
                                    repository=self.config.repository)
        self.session.configure(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._session().start_search(config)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return self._session().add_files(files, config)

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._session().share_case_pages(config, files)
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        return self._session().prepare_templates(env, files)

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig,
                         files: Files) -> str:
        self._session().page_markdown(page, markdown, config)
        return markdown

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig,
                        files: Files) -> str:
        return self._session().page_content(html, page, config)

    def on_page_context(self, context: TemplateContext, *, page: MkDocsPage,
                        config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        self._session().page_context(page, config)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._session().finish(config)

    def on_build_error(self, *, error: Exception) -> None:
        if self.session is not None:
            self.session.fail()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        self.run.watch(server, Path(config.config_file_path).parent)
        return server
