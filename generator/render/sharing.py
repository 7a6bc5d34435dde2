"""The build's side of rendering case pages in helper processes (generator/render/parallel.py):
which pages to share, starting and ending the sharing, and taking back what helpers kept."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage

from casebook.render.files import PlannedFile
from casebook.render.parallel import SharedRendering

log = logging.getLogger("mkdocs.plugins.casebook")


class CaseSharing:
    """At most one sharing of a build's case pages at a time."""

    def __init__(self) -> None:
        self._sharing: SharedRendering | None = None

    def start(self, shared: list[PlannedFile], config: MkDocsConfig, files: Files, *,
              jobs: int, on_helper_start: Callable[[], None],
              keep: Callable[[MkDocsPage], Any]) -> None:
        """Fork helpers for `shared`; each file then asks the sharing whether the build reads
        it itself. Without semaphores or processes to be had, the build renders them all."""
        sharing = None
        try:
            sharing = SharedRendering(shared, config, files, jobs=jobs,
                                      on_helper_start=on_helper_start, keep=keep)
            sharing.start()
        except OSError as exc:
            if sharing is not None:
                sharing.close()
            log.info("Casebook: rendering in one process (%s)", exc)
            return
        self._sharing = sharing
        for index, file in enumerate(shared):
            file.claim = functools.partial(sharing.is_mine, index)

    def forget(self) -> None:
        """In a helper: the sharing is the build's, not this process's."""
        self._sharing = None

    def adopt(self) -> Iterator[tuple[MkDocsPage, Any]]:
        """The pages helpers rendered, each with what the plugin kept of it, once the sharing
        has ended."""
        sharing = self._end()
        if sharing is None:
            return
        yield from sharing.results()
        log.info("Casebook: %d of %d case pages rendered by %d helper process%s",
                 sharing.by_helpers, len(sharing.files), len(sharing.helpers),
                 "" if len(sharing.helpers) == 1 else "es")

    def stop(self) -> None:
        sharing = self._end()
        if sharing is not None:
            sharing.close()

    def _end(self) -> SharedRendering | None:
        """The build's sharing, if any, let go of: its pages answer `is_modified()` from
        their plan again (the templates' turn, and any later build)."""
        sharing, self._sharing = self._sharing, None
        for file in sharing.files if sharing is not None else ():
            if isinstance(file, PlannedFile):
                file.claim = None
        return sharing
