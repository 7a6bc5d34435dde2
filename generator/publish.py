"""All-or-nothing publishing: build into a sibling folder, then swap it into place.

A build that fails at any point leaves the previous site exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Publication:
    """A build in progress: a staging folder that becomes the site only if all went well."""

    def __init__(self, target: Path, strict: bool = False) -> None:
        self.target = target.resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        # A sibling on the same file system, so the final swap is a pair of renames.
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.building-",
                                             dir=self.target.parent))
        self.warnings = _WarningCounter()
        self.strict = strict
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def publish(self) -> bool:
        """Put the finished build in place of the previous site; False if it was refused."""
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.strict and self.warnings.count:
            self.discard()
            return False
        previous = None
        if self.target.exists():
            previous = self.target.with_name(f".{self.target.name}.previous-{os.getpid()}")
            shutil.rmtree(previous, ignore_errors=True)
            self.target.rename(previous)
        self.staging.rename(self.target)
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
        return True

    def discard(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        shutil.rmtree(self.staging, ignore_errors=True)
