"""Casebook and MkDocs run as a user runs them, each in a fresh process, and what a build
leaves behind: for the tests that build for real."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.library import ROOT
from tests.regenerate_golden import FIXTURE_LIBRARY

REPOSITORY = ROOT
THEME = REPOSITORY / "theme"
TIMEOUT = 180


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def casebook(*args: str | Path) -> Run:
    """Run the `casebook` command line in a fresh process, as a user would."""
    return _run([sys.executable, "-m", "casebook.cli", *map(str, args)])


def mkdocs(*args: str | Path) -> Run:
    return _run([sys.executable, "-m", "mkdocs", *map(str, args)])


def _run(command: list[str]) -> Run:
    done = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True,
                          timeout=TIMEOUT, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


def copy_library(target: Path) -> Path:
    """A copy of the fixture library that still finds the real theme from its new place."""
    shutil.copytree(FIXTURE_LIBRARY, target)
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "custom_dir: ../../../theme" in text
    config.write_text(text.replace("custom_dir: ../../../theme", f"custom_dir: {THEME}"),
                      encoding="utf-8")
    return target


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` → the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def indexed_pages(site: Path) -> dict[str, dict[str, object]]:
    """What Pagefind stored for each page (url → its fragment: the text search reads, meta
    and filters). A fragment is gzipped JSON after a short signature."""
    found = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        fragment = json.loads(raw[raw.index(b"{"):])
        found[fragment["url"]] = fragment
    return found
