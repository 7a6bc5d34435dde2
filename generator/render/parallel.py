"""Helpers on the other cores: forked processes that read and render a share of the case
pages while the build renders the rest.

MkDocs reads and renders pages one at a time, on one core; rendering the case pages'
Markdown is most of a build's work (README, Performance). `casebook build` shares it out.

Sharing. The case pages are numbered in the order MkDocs reads them. The build takes them
from the front, the helpers from the back, one page at a time under a lock, until they
meet: so no one waits for anyone, however the machine's load falls. The build learns which
pages are its own through `File.is_modified()`, which MkDocs asks before reading each page
of a dirty build, skipping a page that says it has not changed.

A helper reads each of its pages through MkDocs' own page pipeline (every plugin hook,
Markdown, table of contents: `mkdocs.commands.build._populate_page`) and sends back what
that left on the page; the build puts it on its own copy of the page before templates
render. What a helper logs is sent back and logged again by the build, so warnings are
shown once and counted (a strict build fails on them as it would without helpers).

A helper that fails, or stops, leaves its pages to the build, which renders whatever did
not come back itself, as it would have without helpers; an error in a page then surfaces
from the build exactly as it would have. Helpers are forked: the pages, plugins and
Markdown set-up they need are already in memory, and nothing but results is copied.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import queue as queue_module
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from casebook.fanout import can_fork, cpu_jobs

if TYPE_CHECKING:
    from ctypes import c_int
    from multiprocessing.queues import Queue
    from multiprocessing.synchronize import Lock

_populate_page: Callable[[Page, MkDocsConfig, Files], None] | None
try:  # MkDocs' page pipeline; private, so without it Casebook renders on one core
    from mkdocs.commands.build import _populate_page
except ImportError:  # pragma: no cover - a future MkDocs
    _populate_page = None

log = logging.getLogger("mkdocs.plugins.casebook")

# What MkDocs' page pipeline leaves on a page, which a helper sends back.
_PAGE_STATE = ("markdown", "meta", "content", "toc", "_title_from_render",
               "present_anchor_ids")
# How often the build looks whether a helper it waits for is still alive.
_POLL_SECONDS = 1.0
MAX_JOBS = 4


def default_jobs() -> int:
    """One process a core, up to MAX_JOBS. A cap, because each helper adds memory (what it
    touches of the build's, copied on write) and the build takes in every helper's pages
    itself; only two processes were measured (README, Performance)."""
    return min(cpu_jobs(), MAX_JOBS)


def available(jobs: int) -> bool:
    """Helpers can be forked here: more than one job asked for, MkDocs' page pipeline
    found, and a process that can fork safely (generator/fanout.py)."""
    return jobs > 1 and _populate_page is not None and can_fork()


@dataclass
class _Rendered:
    """One page as a helper left it: its state, what the plugin kept of it, and its log."""

    index: int
    state: dict[str, Any]
    links_to_anchors: dict[str, dict[str, str]] | None
    kept: Any
    records: list[tuple[str, int, str]]


@dataclass
class _Claims:
    """Which shared page is next, from the front (the build) and from the back (helpers)."""

    lock: Lock
    front: c_int
    back: c_int
    mine: set[int] = field(default_factory=set)

    def claim_front(self, index: int) -> bool:
        with self.lock:
            if index > self.back.value:
                return False
            self.front.value = index + 1
        self.mine.add(index)
        return True

    def claim_back(self) -> int | None:
        with self.lock:
            index = self.back.value
            if index < self.front.value:
                return None
            self.back.value = index - 1
            return index


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
        context = multiprocessing.get_context("fork")
        self.claims = _Claims(context.Lock(), context.RawValue("i", 0),
                              context.RawValue("i", len(self.files) - 1))
        self.queue: Queue[_Rendered | None] = context.Queue()
        self.by_helpers = 0  # pages whose rendering the build adopted
        self.helpers = [context.Process(target=self._help, daemon=True,
                                         name=f"casebook-helper-{n}")
                        for n in range(jobs - 1)]

    def start(self) -> None:
        for helper in self.helpers:
            helper.start()

    def is_mine(self, index: int) -> bool:
        """Whether the build reads the shared page `index` itself (it asks in order)."""
        return self.claims.claim_front(index)

    def results(self) -> Iterator[tuple[Page, Any]]:
        """Each page a helper rendered, once its state is on the build's page, with what the
        plugin kept of it. Then the build renders here any page no helper delivered."""
        waiting = set(range(len(self.files))) - self.claims.mine
        try:
            while waiting and (rendered := self._next()) is not None:
                waiting.discard(rendered.index)
                self.by_helpers += 1
                yield self._adopt(rendered), rendered.kept
        finally:
            self.close()
        if waiting:
            log.info("Casebook: a helper stopped; the build renders the %d pages it left",
                     len(waiting))
        for index in sorted(waiting):
            assert _populate_page is not None
            _populate_page(self._page(self.files[index]), self.config, self.all_files)

    def close(self) -> None:
        for helper in self.helpers:
            if helper.pid is None:
                continue  # never started
            if helper.is_alive():
                helper.kill()
            helper.join()
        self.queue.close()
        self.queue.join_thread()

    def _next(self) -> _Rendered | None:
        """The next page any helper finished; None once none can send any more."""
        while True:
            try:
                message = self.queue.get(timeout=_POLL_SECONDS)
            except queue_module.Empty:
                if not any(helper.is_alive() for helper in self.helpers):
                    try:  # a last message may have arrived as the helper left
                        message = self.queue.get_nowait()
                    except queue_module.Empty:
                        return None
                else:
                    continue
            if message is not None:
                return message
            # A helper that is done sends None; the others may still be at work.

    def _page(self, file: File) -> Page:
        return file.page if file.page is not None else Page(None, file, self.config)

    def _adopt(self, rendered: _Rendered) -> Page:
        page = self._page(self.files[rendered.index])
        for name, value in rendered.state.items():
            setattr(page, name, value)
        if rendered.links_to_anchors is not None:
            page.links_to_anchors = {
                target: links for src, links in rendered.links_to_anchors.items()
                if (target := self.all_files.get_file_from_path(src)) is not None}
        for name, level, message in rendered.records:
            logging.getLogger(name).log(level, "%s", message)
        return page

    def _help(self) -> None:
        """A helper's life: claim pages from the back and render them until none are left."""
        gc.disable()  # short-lived; and collecting would copy the build's shared memory
        # Ctrl-C reaches every process of the terminal's group: the build stops and ends its
        # helpers; a helper has nothing to say about it.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        capture = _Capture()
        logger = logging.getLogger("mkdocs")
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(capture)
        self.on_helper_start()
        assert _populate_page is not None  # helpers start only where available() found it
        while (index := self.claims.claim_back()) is not None:
            file = self.files[index]
            page = self._page(file)
            try:
                _populate_page(page, self.config, self.all_files)
            except Exception:  # the build renders it again, and reports the error
                break
            self.queue.put(_Rendered(
                index, {name: getattr(page, name) for name in _PAGE_STATE},
                _by_path(page.links_to_anchors), self.keep(page), capture.take()))
            _forget(page)
        self.queue.put(None)


def _by_path(links: dict[File, dict[str, str]] | None) -> dict[str, dict[str, str]] | None:
    """Links to anchors keyed by the linked file's path: a File does not travel between
    processes (it holds its page, and the page holds the site)."""
    if links is None:
        return None
    return {file.src_uri: anchors for file, anchors in links.items()}


def _forget(page: Page) -> None:
    """What the helper no longer needs of a page it sent."""
    page.markdown = page.content = None
