"""Indexing the built site with Pagefind, through the binary that ships in the pagefind wheel.

The Python API starts the same binary as a service and feeds it over pipes: the binary run
directly is faster, 3.4 times on 100 pages and 1.1 to 1.3 times from 1,000 to 10,000 (see
README, Performance), so the build runs it directly.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"
# Only case pages carry data-pagefind-body (theme/case.html), so only they are searched.
# Pagefind would still read every other page to find that out, and the area, term and Browse
# pages, which list hundreds of cases each, are a third of the site's HTML: it reads case
# pages only (the same index, about a third less work).
INDEXED_PAGES = "cases/**/*.{html}"
TIMEOUT_SECONDS = 600


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why in plain words."""


@dataclass(frozen=True)
class IndexReport:
    pages: int
    output: Path


def pagefind_binary() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise SearchIndexError(
            "the pagefind binary is not installed; install the package with "
            "'pip install \"pagefind[bin]\"' (make setup does this)") from exc
    return Path(get_executable())


def index_site(site_dir: Path) -> IndexReport:
    """Write the search index into `site_dir/pagefind`; raise SearchIndexError on failure."""
    command = [str(pagefind_binary()), "--site", str(site_dir),
               "--output-subdir", OUTPUT_SUBDIR, "--glob", INDEXED_PAGES,
               # Heading permalinks ('¶') are controls, not content.
               "--exclude-selectors", ".headerlink"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False,
                                timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}") from exc
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise SearchIndexError("Pagefind failed to index the site:\n  " + "\n  ".join(detail))
    pages = _indexed_pages(result.stdout)
    if pages == 0:
        raise SearchIndexError("Pagefind indexed no pages: no case page carries "
                               "data-pagefind-body, so search would find nothing")
    return IndexReport(pages=pages, output=site_dir / OUTPUT_SUBDIR)


def _indexed_pages(stdout: str) -> int:
    """The page count from Pagefind's summary ('Indexed 25 pages')."""
    for line in stdout.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] == "Indexed" and words[2].startswith("page"):
            return int(words[1].replace(",", ""))
    return -1
