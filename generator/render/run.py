"""What lasts from MkDocs' `on_startup` to its `on_shutdown`: one `casebook build`, or a whole
`casebook serve` with its many rebuilds.

`casebook serve` builds "dirty": the first build renders everything; after an edit, a quick
rebuild renders the edited cases' own pages, and the rebuild it asks the server for at once
(through a watched folder of its own) renders every other page and file whose plan changed
(generator/render/preview.py). Neither indexes the site for search again.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.library.contents import CASES_DIR, CONTRIBUTING_FILE, PACKS_DIR, TAXONOMY_FILE
from casebook.render.preview import Preview
from casebook.render.process import ProcessTuning
from casebook.render.templates import BytecodeCache

log = logging.getLogger("mkdocs.plugins.casebook")
# What `casebook serve` watches besides MkDocs' own (mkdocs.yml, docs/, the theme).
WATCHED = (CASES_DIR, TAXONOMY_FILE, CONTRIBUTING_FILE, PACKS_DIR)


@dataclass
class Run:
    command: str = "build"
    # Whether case pages are shared with helper processes: `casebook build` builds "dirty"
    # to share them (MkDocs then asks each page whether to read it); `casebook serve`
    # builds dirty anyway, and its first build, before the server starts, is shared too.
    share: bool = False
    preview: Preview | None = None
    # A folder of our own that the server watches: a file written into it asks for one
    # more rebuild (the full step after a quick one) through MkDocs' public watch().
    wake: Path | None = None
    # Each case page's rendered Lessons (slug → HTML), which its area pages gather. Kept
    # between the rebuilds of `casebook serve`, which render only the pages that changed.
    lessons: dict[str, str] = field(default_factory=dict)
    # And each one's "What did not work" section, which area pages and
    # /learning-from-failure/ gather the same way (generator/plan/pitfalls.py).
    pitfalls: dict[str, str] = field(default_factory=dict)
    # And the sections a pack handout shows of each of its cases (generator/plan/pack_text.py),
    # kept for the cases some pack holds.
    case_texts: dict[str, dict[str, str]] = field(default_factory=dict)
    bytecode: BytecodeCache = field(default_factory=BytecodeCache)
    tuning: ProcessTuning = field(default_factory=ProcessTuning)

    @classmethod
    def start(cls, command: str, *, dirty: bool) -> Run:
        run = cls(command=command, share=command in ("build", "serve") and dirty)
        run.tuning.start(dirty=dirty)
        if command == "serve" and dirty:
            run.preview = Preview()
            run.wake = Path(tempfile.mkdtemp(prefix="casebook-serve-"))
        return run

    def stop(self) -> None:
        self.tuning.stop()
        if self.wake is not None:
            shutil.rmtree(self.wake, ignore_errors=True)

    def after_quick_rebuild(self) -> None:
        """Ask the server for the full step a quick rebuild owes."""
        if self.preview is not None and self.preview.pending and self.wake is not None:
            log.info("Casebook: the pages that list the edited cases follow")
            (self.wake / "rebuild").write_text(str(time.time_ns()), encoding="utf-8")

    def watch(self, server: Any, root: Path) -> None:
        for path in (root / name for name in WATCHED):
            if path.exists():
                server.watch(str(path))
        if self.wake is not None:
            server.watch(str(self.wake))

