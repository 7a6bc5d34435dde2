"""Helpers on the other cores: forked processes that read and render a share of the case
pages while the build renders the rest.

MkDocs reads and renders pages one at a time, on one core; rendering the case pages'
Markdown is most of a build's work (README, Performance). `casebook build` shares it out.

Sharing. The case pages are numbered in the order MkDocs reads them and shared through
generator/fanout.py: the build claims them from the front, the helpers take them from the
back, one page at a time, until they meet; so no one waits for anyone, however the
machine's load falls. The build learns which pages are its own through `File.is_modified()`,
which MkDocs asks before reading each page of a dirty build, skipping a page that says it
has not changed.

A helper reads each of its pages through MkDocs' own page pipeline (every plugin hook,
Markdown, table of contents: generator/render/mkdocs_private.py) and sends back what that
left on the page; the build puts it on its own copy of the page before templates render.
What a helper logs is sent back and logged again by the build, so warnings are shown once
and counted (a strict build fails on them as it would without helpers).

A helper that fails, or dies, leaves the pages it did not deliver to the build, which
renders them itself, as it would have without helpers; an error in a page then surfaces
from the build exactly as it would have. Helpers are forked: the pages, plugins and Markdown
set-up they need are already in memory, and nothing but results is copied.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from casebook.fanout import Helpers, can_fork, cpu_jobs
from casebook.render import mkdocs_private

log = logging.getLogger("mkdocs.plugins.casebook")

MAX_JOBS = 4
# Pages claimed at a time: one, so that the build and the helpers meet within a page.
CHUNK = 1


def default_jobs() -> int:
    """One process a core, up to MAX_JOBS. A cap, because each helper adds memory (what it
    touches of the build's, copied on write) and the build takes in every helper's pages
    itself; only two processes were measured (README, Performance)."""
    return min(cpu_jobs(), MAX_JOBS)


def available(jobs: int) -> bool:
    """Helpers can be forked here: more than one job asked for, MkDocs' page pipeline as
    generator/render/mkdocs_private.py was written for, and a process that can fork safely
    (generator/fanout.py)."""
    if jobs < 2 or not can_fork():
        return False
    if problem := mkdocs_private.mismatch():
        log.info("Casebook: rendering in one process (%s)", problem)
        return False
    return True


@dataclass
class _Rendered:
    """One page as a helper left it: its state, what the plugin kept of it, and its log."""

    state: dict[str, Any]
    links_to_anchors: dict[str, dict[str, str]] | None
    kept: Any
    records: list[tuple[str, int, str]]


class _Capture(logging.Handler):
    """A helper's log, kept to send back with each page."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))

    def take(self) -> list[tuple[str, int, str]]:
        records, self.records = self.records, []
        return records


class SharedRendering:
    """The case pages of one build, shared between the build and its helpers."""

    def __init__(self, files: Sequence[File], config: MkDocsConfig, all_files: Files, *,
                 jobs: int, on_helper_start: Callable[[], None],
                 keep: Callable[[Page], Any]) -> None:
        self.files = list(files)
        self.config = config
        self.all_files = all_files
        self.on_helper_start = on_helper_start
        self.keep = keep
        self.by_helpers = 0  # pages whose rendering the build adopted
        self._shared = Helpers(self._render, len(self.files), jobs - 1, chunk=CHUNK,
                               setup=self._become_helper)
        self._capture = _Capture()  # in a helper: its log

    @property
    def helpers(self) -> Sequence[object]:
        """The helper processes, once started."""
        return self._shared.processes

    def start(self) -> None:
        self._shared.start()

    def is_mine(self, index: int) -> bool:
        """Whether the build reads the shared page `index` itself (it asks in order)."""
        return self._shared.claim(index)

    def results(self) -> Iterator[tuple[Page, Any]]:
        """Each page a helper rendered, once its state is on the build's page, with what the
        plugin kept of it. Then the build renders here any page no helper delivered."""
        try:
            for index, rendered in self._shared.delivered():
                self.by_helpers += 1
                yield self._adopt(index, rendered), rendered.kept
        finally:
            self.close()
        left = self._shared.left_over()
        if left:
            log.info("Casebook: a helper stopped; the build renders the %d pages it left",
                     len(left))
        for index in left:
            mkdocs_private.populate_page(self._page(self.files[index]), self.config,
                                         self.all_files)

    def close(self) -> None:
        self._shared.close()

    def _page(self, file: File) -> Page:
        return file.page if file.page is not None else Page(None, file, self.config)

    def _adopt(self, index: int, rendered: _Rendered) -> Page:
        page = self._page(self.files[index])
        for name, value in rendered.state.items():
            setattr(page, name, value)
        if rendered.links_to_anchors is not None:
            page.links_to_anchors = {
                target: links for src, links in rendered.links_to_anchors.items()
                if (target := self.all_files.get_file_from_path(src)) is not None}
        for name, level, message in rendered.records:
            logging.getLogger(name).log(level, "%s", message)
        return page

    def _become_helper(self) -> None:
        """A helper's start: it renders pages, nothing more."""
        gc.disable()  # short-lived; and collecting would copy the build's shared memory
        logger = logging.getLogger("mkdocs")
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(self._capture)
        self.on_helper_start()

    def _render(self, index: int) -> _Rendered:
        """In a helper: page `index` read and rendered, to send back. A page that fails
        stops the helper; the build renders it again, and reports what is wrong."""
        page = self._page(self.files[index])
        mkdocs_private.populate_page(page, self.config, self.all_files)
        return _Rendered(mkdocs_private.state_of(page), _by_path(page.links_to_anchors),
                         self.keep(page), self._capture.take())


def _by_path(links: dict[File, dict[str, str]] | None) -> dict[str, dict[str, str]] | None:
    """Links to anchors keyed by the linked file's path: a File does not travel between
    processes (it holds its page, and the page holds the site)."""
    if links is None:
        return None
    return {file.src_uri: anchors for file, anchors in links.items()}
