"""The library: the taxonomy and every case, loaded and validated in one pass.

This is the function every front door calls (the CLI, the MkDocs plugin, the tests): it
reads everything, checks everything, and returns the cases with every diagnostic.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, ParamSpec, TypeVar

from casebook.diagnostics.catalogue import Diagnostic, Pos, diagnostic, has_errors
from casebook.fanout import map_forked
from casebook.library.body import check_body, check_field
from casebook.library.cases import Case, CaseDocument, build_case, read_case
from casebook.library.contents import (
    CASES_DIR,
    TAXONOMY_FILE,
    Contents,
    linked_assets,
    megabytes,
    published_assets,
    reserved_slug,
    survey_cases,
    survey_files,
    survey_library,
)
from casebook.library.contract import is_slug, suggest_slug
from casebook.library.honesty import required_headings
from casebook.library.packs import Pack, load_packs
from casebook.library.review import REVIEW_YEARS, is_review_overdue
from casebook.library.shapes import did_you_mean
from casebook.library.taxonomy import Taxonomy, load_taxonomy
from casebook.library.urls import is_reserved

# Limits that keep a build from exhausting memory or time on a library nobody meant to build
# (a generated folder, a mistaken copy): refused with a clear message instead. Each case file
# is also limited to 1 MB (sourcefile.MAX_BYTES).
MAX_CASES = 20_000
MAX_TOTAL_BYTES = 200_000_000
# Fewer files than this are checked in one process: for a handful of files, as a pre-commit
# check gives, a second process saves nothing worth starting it (docs/performance.md).
FAN_OUT_FROM = 100
# The fields whose positions checks across files (_check_slugs) report at.
_POSITIONS_ACROSS_FILES = ("aliases",)


@dataclass
class Library:
    """What a build works from: a valid taxonomy and the cases, with every diagnostic.

    Its cases were checked against the taxonomy; those with errors are left out, so `ok`
    says whether the library may be built."""

    root: Path
    taxonomy: Taxonomy
    cases: list[Case] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0
    packs: list[Pack] = field(default_factory=list)
    # The images and documents to publish beside the cases ('cases/…' paths), which
    # generator/library/contents.py has checked; no other file of the content folders is published.
    assets: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    def case(self, slug: str) -> Case | None:
        return next((c for c in self.cases if c.slug == slug), None)


@dataclass
class Unchecked:
    """A library whose cases were not checked: its taxonomy has errors, so there is nothing
    to check them against, or it is too large to build. Only those problems are reported.

    `ok` is always False, so `if not library.ok: ...` leaves a `Library`, taxonomy and all."""

    root: Path
    diagnostics: list[Diagnostic]
    files_checked: int

    @property
    def ok(self) -> Literal[False]:
        return False


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _without_gc_pauses(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `function` with the cycle collector paused, as bulk loaders do.

    Reading a library allocates hundreds of thousands of small objects that all stay alive,
    and the collector keeps re-scanning them (docs/performance.md). Reference counting still
    frees temporaries at once, and the collector, resumed afterwards, takes any cycle left.
    """
    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()
    return paused


@_without_gc_pauses
def load_library(root: Path, paths: list[Path] | None = None,
                 today: dt.date | None = None, taxonomy_path: Path | None = None, *,
                 cache: DocumentCache | None = None, jobs: int = 1) -> Library | Unchecked:
    """Load and validate the library under `root` (or just the case files in `paths`).

    With a `cache` (`casebook serve`), case files unchanged since the last load are not read
    or checked again. Otherwise a library of FAN_OUT_FROM files or more is shared out over
    `jobs` processes (generator/fanout.py), the results the same as one process gives."""
    today = today or dt.date.today()
    cases_dir = root / CASES_DIR
    taxonomy, diagnostics = load_taxonomy(taxonomy_path or root / TAXONOMY_FILE)
    contents = survey(root, paths)
    diagnostics.extend(contents.diagnostics)
    files = contents.cases
    if len(files) > MAX_CASES:
        diagnostics.append(diagnostic(
            "library-too-large", cases_dir, Pos(),
            f"{len(files):,} case files; Casebook builds at most {MAX_CASES:,}"))
        return Unchecked(root, diagnostics, len(files))
    stats = [_stat(path) for path in files]  # one look at each file, for its size and stamp
    total = sum(info.st_size for info in stats if info is not None)
    if total > MAX_TOTAL_BYTES:
        diagnostics.append(diagnostic(
            "library-too-large", cases_dir, Pos(),
            f"the case files add up to {megabytes(total)}; Casebook builds at most "
            f"{megabytes(MAX_TOTAL_BYTES, 0)}"))
        return Unchecked(root, diagnostics, len(files))
    if taxonomy is None:
        return Unchecked(root, diagnostics, len(files))
    library = Library(root=root, taxonomy=taxonomy, diagnostics=diagnostics,
                      files_checked=len(files))
    known = _known_slugs(files, cases_dir if paths is not None else None)
    if cache is not None:
        documents = cache.checked(files, stats, known=known, taxonomy=taxonomy, today=today,
                                  cases_dir=cases_dir)
    else:
        check = functools.partial(_checked_alone, known=known, taxonomy=taxonomy, today=today,
                                  cases_dir=cases_dir)
        documents = map_forked(check, files, jobs if len(files) >= FAN_OUT_FROM else 1)
    _check_slugs(documents)
    for doc in documents:
        library.diagnostics.extend(doc.diagnostics)
        if not has_errors(doc.diagnostics):
            library.cases.append(doc.case or build_case(doc))
    linked = set().union(*(linked_assets(doc.body) for doc in documents))
    library.assets, problems = published_assets(contents.assets, linked)
    library.diagnostics.extend(problems)
    if paths is None:  # packs are part of the whole library, not of a check of some files
        library.packs, problems = load_packs(root, known, library.cases, contents.packs)
        library.diagnostics.extend(problems)
    library.diagnostics.sort(key=lambda d: (d.path, d.line, d.col, d.code))
    return library


def survey(root: Path, paths: list[Path] | None) -> Contents:
    """What the library's content folders hold (generator/library/contents.py), or, for a check of
    some `paths`, what those files and folders hold: a folder is checked whole."""
    if paths is None:
        return survey_library(root)
    contents = Contents()
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            survey_cases(path, contents)
        else:
            survey_files([path], contents)
    return contents


def _stat(path: Path) -> os.stat_result | None:
    """The file's status, or None when it cannot be read (reported when it is read)."""
    try:
        return path.stat()
    except OSError:
        return None


def _known_slugs(files: list[Path], cases_dir: Path | None) -> set[str]:
    """Slugs a case may link to: those being checked and every case in `cases_dir` (None
    when `files` are the whole folder already)."""
    known = {path.stem for path in files}
    if cases_dir is not None and cases_dir.is_dir():
        known.update(p.stem for p in cases_dir.glob("*.md"))
    return known


def _read_and_check(path: Path, known: set[str], taxonomy: Taxonomy, today: dt.date,
                    cases_dir: Path) -> CaseDocument:
    """One case file, read and given every check that looks at that file alone."""
    doc = read_case(path, taxonomy, today)
    _check_document(doc, known, cases_dir, today)
    return doc


def _checked_alone(path: Path, *, known: set[str], taxonomy: Taxonomy, today: dt.date,
                   cases_dir: Path) -> CaseDocument:
    """`_read_and_check`, keeping only the positions that checks across files use: the rest
    would be most of what a forked process sends back."""
    doc = _read_and_check(path, known, taxonomy, today, cases_dir)
    doc.front = doc.front.narrowed(_POSITIONS_ACROSS_FILES)
    return doc


# (mtime, ctime, size, inode): an editor that saves by renaming a new file changes the inode.
_Stamp = tuple[int, int, int, int]


def _stamp(info: os.stat_result) -> _Stamp:
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)


@dataclass
class DocumentCache:
    """Checked case documents kept between loads of one library, for `casebook serve`.

    A file whose modification time, size and inode are those of the last load is not read or
    checked again. A document's checks also depend on the taxonomy, the day and the slugs in
    the library (links and `related` must name a case), so a change to any of those empties
    the cache. `reads` counts the files read by the last load, and `edited` names those of
    them that the load before had read too (they changed in between).
    """

    reads: int = 0
    edited: list[Path] = field(default_factory=list)
    _documents: dict[Path, tuple[_Stamp, CaseDocument]] = field(default_factory=dict)
    _context: tuple[Taxonomy, dt.date, frozenset[str]] | None = None

    def checked(self, files: list[Path], stats: list[os.stat_result | None], *,
                known: set[str], taxonomy: Taxonomy, today: dt.date,
                cases_dir: Path) -> list[CaseDocument]:
        context = (taxonomy, today, frozenset(known))
        if context != self._context:
            self._documents.clear()
            self._context = context
        kept = dict.fromkeys(files)
        for path in [p for p in self._documents if p not in kept]:
            del self._documents[path]
        self.reads = 0
        self.edited = []
        documents = []
        for path, info in zip(files, stats, strict=True):
            stamp = _stamp(info) if info is not None else None
            entry = self._documents.get(path)
            if stamp is None or entry is None or entry[0] != stamp:
                if entry is not None:
                    self.edited.append(path)
                doc = _read_and_check(path, known, taxonomy, today, cases_dir)
                if not has_errors(doc.diagnostics):
                    doc.case = build_case(doc)  # built once, not on every rebuild
                self.reads += 1
                if stamp is not None:
                    self._documents[path] = (stamp, doc)
            else:
                doc = entry[1]
            # Checks across documents add to the list they are given: give them a copy.
            documents.append(replace(doc, diagnostics=list(doc.diagnostics)))
        return documents


def _check_document(doc: CaseDocument, known: set[str], cases_dir: Path,
                    today: dt.date) -> None:
    path = doc.path
    if not is_slug(doc.slug):
        doc.diagnostics.append(diagnostic(
            "invalid-slug", path, Pos(1, 1), f"'{doc.slug}' is not a valid slug",
            f"Rename the file to '{suggest_slug(doc.slug)}.md'."))
    elif is_reserved(doc.slug):
        doc.diagnostics.append(reserved_slug(path, Pos(1, 1), doc.slug, "the file name"))
    for index, alias in enumerate(doc.values.get("aliases", ())):
        if is_reserved(alias):
            doc.diagnostics.append(reserved_slug(path, doc.pos(("aliases", index)), alias,
                                                 f"aliases[{index}]"))
    if doc.readable:
        doc.diagnostics.extend(
            check_body(doc.body, doc.body_line, path, known.__contains__, cases_dir,
                       required=required_headings(doc.values)))
    values = doc.values
    for key in ("title", "summary", "organisation"):
        if key in values:
            doc.diagnostics.extend(check_field(values[key], path, doc.pos((key,)), key))
    for index, slug in enumerate(values.get("related", ())):
        if slug not in known:
            doc.diagnostics.append(diagnostic(
                "unknown-related", path, doc.pos(("related", index)),
                f"related[{index}]: no case '{slug}' in the library",
                _closest_hint(slug, known)))
    published, reviewed = values.get("published"), values.get("reviewed")
    if published and reviewed and reviewed < published:
        doc.diagnostics.append(diagnostic(
            "reviewed-before-published", path, doc.pos(("reviewed",)),
            f"reviewed: {reviewed.isoformat()} is before published ({published.isoformat()})"))
    last = reviewed or published
    if last and is_review_overdue(last, today):
        key = "reviewed" if reviewed else "published"
        doc.diagnostics.append(diagnostic(
            "review-overdue", path, doc.pos((key,)),
            f"{key}: last checked {last.isoformat()}, more than {REVIEW_YEARS} years ago"))


def _check_slugs(documents: list[CaseDocument]) -> None:
    """Slugs and aliases share one namespace: a collision would break a permanent URL."""
    owners: dict[str, str] = {doc.slug: f"the case '{doc.slug}'" for doc in documents}
    for doc in documents:
        for index, alias in enumerate(doc.values.get("aliases", ())):
            if alias in owners:
                doc.diagnostics.append(diagnostic(
                    "duplicate-slug", doc.path, doc.pos(("aliases", index)),
                    f"aliases[{index}]: '{alias}' is already used by {owners[alias]}"))
            else:
                owners[alias] = f"an alias of '{doc.slug}'"




def _closest_hint(slug: str, known: set[str]) -> str:
    return did_you_mean(slug, sorted(known)).strip()
