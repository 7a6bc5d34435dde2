"""The library: the taxonomy and every case, loaded and validated in one pass.

This is the function every front door calls (the CLI, the MkDocs plugin, the tests): it
reads everything, checks everything, and returns the cases with every diagnostic.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .body import check_body, check_html, check_wording
from .cases import Case, CaseDocument, build_case, read_case
from .contract import is_slug
from .diagnostics import Diagnostic, Pos, diagnostic, has_errors
from .packs import Pack, load_packs
from .shapes import did_you_mean
from .taxonomy import Taxonomy, load_taxonomy

REVIEW_YEARS = 3
MAX_CASES = 20_000
TAXONOMY_FILE = "taxonomy.yml"
CASES_DIR = "cases"


@dataclass
class Library:
    """What a build works from: a valid taxonomy and the cases, with every diagnostic."""

    root: Path
    taxonomy: Taxonomy | None
    cases: list[Case] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0
    packs: list[Pack] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.taxonomy is not None and not has_errors(self.diagnostics)

    def case(self, slug: str) -> Case | None:
        return next((c for c in self.cases if c.slug == slug), None)


def case_files(paths: list[Path]) -> list[Path]:
    """The case files named by `paths`: files as given, folders' `*.md` in name order."""
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.glob("*.md")) if path.is_dir() else [path])
    return found


def load_library(root: Path, paths: list[Path] | None = None,
                 today: dt.date | None = None, taxonomy_path: Path | None = None) -> Library:
    """Load and validate the library under `root` (or just the case files in `paths`)."""
    today = today or dt.date.today()
    cases_dir = root / CASES_DIR
    taxonomy, diagnostics = load_taxonomy(taxonomy_path or root / TAXONOMY_FILE)
    library = Library(root=root, taxonomy=taxonomy, diagnostics=diagnostics)
    files = case_files(paths if paths is not None else [cases_dir])
    library.files_checked = len(files)
    if len(files) > MAX_CASES:
        library.diagnostics.append(diagnostic(
            "library-too-large", cases_dir, Pos(),
            f"{len(files):,} case files; Casebook builds at most {MAX_CASES:,}"))
        return library
    if taxonomy is None:
        return library
    documents = [read_case(path, taxonomy, today) for path in files]
    known = _known_slugs(documents, cases_dir)
    for doc in documents:
        _check_document(doc, known, cases_dir, today)
    _check_slugs(documents)
    for doc in documents:
        library.diagnostics.extend(doc.diagnostics)
        if not has_errors(doc.diagnostics):
            library.cases.append(build_case(doc))
    if paths is None:  # packs are part of the whole library, not of a check of some files
        library.packs, problems = load_packs(root, known, library.cases)
        library.diagnostics.extend(problems)
    library.diagnostics.sort(key=lambda d: (d.path, d.line, d.col, d.code))
    return library


def _known_slugs(documents: list[CaseDocument], cases_dir: Path) -> set[str]:
    """Slugs a case may link to: those being checked and every case in the library."""
    known = {doc.slug for doc in documents}
    if cases_dir.is_dir():
        known.update(p.stem for p in cases_dir.glob("*.md"))
    return known


def _check_document(doc: CaseDocument, known: set[str], cases_dir: Path,
                    today: dt.date) -> None:
    path = doc.path
    if not is_slug(doc.slug):
        doc.diagnostics.append(diagnostic(
            "invalid-slug", path, Pos(1, 1), f"'{doc.slug}' is not a valid slug",
            f"Rename the file to '{suggest_slug(doc.slug)}.md'."))
    if doc.readable:
        doc.diagnostics.extend(
            check_body(doc.body, doc.body_line, path, known.__contains__, cases_dir))
    values = doc.values
    for key in ("title", "summary", "organisation"):
        if key in values:
            pos = doc.pos((key,))
            doc.diagnostics.extend(check_html(values[key], path, pos.line, pos.col - 1))
            doc.diagnostics.extend(
                check_wording(values[key], path, pos.line, pos.col - 1, label=key))
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


def is_review_overdue(last_checked: dt.date, today: dt.date) -> bool:
    """True when a case was last checked more than REVIEW_YEARS whole years before today."""
    years = today.year - last_checked.year
    years -= (today.month, today.day) < (last_checked.month, last_checked.day)
    return years >= REVIEW_YEARS


def suggest_slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:80].rstrip("-") or "case"


def _closest_hint(slug: str, known: set[str]) -> str:
    return did_you_mean(slug, sorted(known)).strip()
