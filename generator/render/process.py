"""What a build asks of the Python process it runs in, and gives back at the end: a calmer
garbage collector, freed memory returned to the system, and no warning about dirty builds
that does not apply."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging

_DIRTY_WARNING = "A 'dirty' build is being performed"
_BUILD_LOGGER = "mkdocs.commands.build"
# A build makes millions of short-lived objects and few reference cycles; Python's default
# collects the youngest generation every 700 allocations (docs/performance.md). A hundred
# times less often.
_YOUNG_GENERATION_THRESHOLD = 70_000


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that navigation and links may be inaccurate. Casebook
    re-plans the whole site and renders every page whose plan changed, so the warning does
    not apply; under `strict: true` it would also fail every rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


class ProcessTuning:
    """Set on a run's start, undone at its end."""

    def __init__(self) -> None:
        self._threshold = gc.get_threshold()
        self._filter = _NoDirtyWarning()

    def start(self, *, dirty: bool) -> None:
        self._threshold = gc.get_threshold()
        gc.set_threshold(_YOUNG_GENERATION_THRESHOLD, *self._threshold[1:])
        if dirty:
            logging.getLogger(_BUILD_LOGGER).addFilter(self._filter)

    def stop(self) -> None:
        gc.set_threshold(*self._threshold)
        logging.getLogger(_BUILD_LOGGER).removeFilter(self._filter)


def return_freed_memory() -> None:
    """Collect, then ask the C library to give freed memory back to the system: Python frees
    the pages' strings, but glibc keeps most of the space for later unless asked
    (docs/performance.md). Elsewhere than glibc, nothing happens."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
