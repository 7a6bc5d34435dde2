"""All-or-nothing publishing: build into a sibling folder, then swap it into place.

A build that fails at any point leaves the previous site exactly as it was. A build that is
killed or interrupted (Ctrl-C is not an error MkDocs reports to plugins) can leave its hidden
staging folder behind, or, if cut off between the two renames of the swap, the previous site
moved aside: the next build of the same site tidies both up before it starts.
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
        self._recover()
        # A sibling on the same file system, so the final swap is a pair of renames. The
        # process id in its name tells a later build whether its builder is still running.
        self.staging = Path(tempfile.mkdtemp(prefix=f"{self._prefix('building')}{os.getpid()}-",
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

    def _prefix(self, kind: str) -> str:
        return f".{self.target.name}.{kind}-"

    def _leftovers(self, kind: str) -> list[Path]:
        """This site's hidden folders of `kind` whose builder is no longer running."""
        prefix = self._prefix(kind)
        found = []
        for path in sorted(self.target.parent.iterdir()):
            if not path.name.startswith(prefix):
                continue
            pid = path.name[len(prefix):].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and _running(int(pid)):
                continue  # another build of this site, still at work
            found.append(path)
        return found

    def _recover(self) -> None:
        """Undo what interrupted builds of this site left: a site moved aside goes back,
        staging folders go."""
        for previous in self._leftovers("previous"):
            if not self.target.exists():
                previous.rename(self.target)
            else:
                shutil.rmtree(previous, ignore_errors=True)
        for staging in self._leftovers("building"):
            shutil.rmtree(staging, ignore_errors=True)

    def discard(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        shutil.rmtree(self.staging, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
