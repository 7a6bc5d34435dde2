"""Session packs: `packs/<slug>.yml`, a few cases chosen for one peer-learning session.

A pack is checked with the same machinery as a case (positions from `parse_yaml`, shape
checks from `Checker`, codes from the catalogue), so a facilitator sees every problem at
once with file:line. Valid packs become printable handouts (generator/plan/pack_pages.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from casebook.diagnostics.catalogue import Diagnostic, Pos, diagnostic, has_errors
from casebook.library.cases import Case
from casebook.library.contents import PACKS_DIR, reserved_slug
from casebook.library.contract import is_slug, suggest_slug
from casebook.library.shapes import Checker, did_you_mean
from casebook.library.sourcefile import read_text
from casebook.library.urls import is_reserved
from casebook.library.wording import check_wording
from casebook.library.yamldoc import KeyPath, YamlResult, dotted, parse_yaml

MAX_CASES = 12
MAX_QUESTIONS = 3
MAX_FILES = 500

# field → (limits on its length, what to write). Declared once: checks and hints use it.
_TEXT_FIELDS: dict[str, tuple[int, int, str]] = {
    "title": (10, 120, "the pack's title, 10–120 characters"),
    "purpose": (40, 600, "what the session is for, in a sentence or two"),
    "audience": (3, 200, "who the session is for, e.g. 'Trust chairs and non-executive "
                         "directors'"),
    "duration": (3, 40, "how long the session takes, e.g. '90 minutes'"),
    "facilitator_notes": (40, 3000, "notes for whoever runs the session"),
}
FIELDS = ("title", "purpose", "audience", "duration", "cases", "facilitator_notes")
_ENTRY_FIELDS = ("case", "why", "questions")
_WHY = (20, 600, "why this case is in the pack: what it shows, honestly")
_QUESTION = (10, 300, "a question for the group to discuss")
# Every text's (shortest, longest), for what writes packs elsewhere: the session page's
# "Download as packs/<slug>.yml" (generator/plan/session_page.py) writes within them.
TEXT_LIMITS: dict[str, tuple[int, int]] = {
    **{key: (lo, hi) for key, (lo, hi, _what) in _TEXT_FIELDS.items()},
    "why": _WHY[:2], "question": _QUESTION[:2]}


@dataclass(frozen=True)
class PackCase:
    """One case in a pack: why it is there, and what to ask about it."""

    slug: str
    why: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Pack:
    slug: str
    path: Path
    title: str
    purpose: str
    audience: str
    duration: str
    cases: tuple[PackCase, ...]
    facilitator_notes: str

    @cached_property
    def case_slugs(self) -> frozenset[str]:
        return frozenset(entry.slug for entry in self.cases)


# ---------------------------------------------------------------- loading and checking


def pack_files(root: Path) -> list[Path]:
    folder = root / PACKS_DIR
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


def load_packs(root: Path, known: set[str], cases: list[Case],
               files: list[Path] | None = None) -> tuple[list[Pack], list[Diagnostic]]:
    """Read and check every `packs/*.yml` (or the pack `files` generator/library/contents.py found
    there); `known` holds the slug of every case file."""
    files = pack_files(root) if files is None else files
    if len(files) > MAX_FILES:
        return [], [diagnostic("library-too-large", root / PACKS_DIR, Pos(),
                               f"{len(files):,} packs; Casebook builds at most {MAX_FILES:,}")]
    renamed = {alias: case.slug for case in cases for alias in case.aliases}
    packs: list[Pack] = []
    problems: list[Diagnostic] = []
    for path in files:
        pack, found = read_pack(path, known, renamed)
        problems.extend(found)
        if pack is not None:
            packs.append(pack)
    return packs, problems


def read_pack(path: Path, known: set[str],
              renamed: dict[str, str] | None = None) -> tuple[Pack | None, list[Diagnostic]]:
    """One pack file, or None with every reason why not. Never raises for its content."""
    problems: list[Diagnostic] = []
    if not is_slug(path.stem):
        problems.append(diagnostic(
            "invalid-slug", path, Pos(1, 1), f"'{path.stem}' is not a valid slug",
            f"Rename the file to '{suggest_slug(path.stem)}.yml'."))
    elif is_reserved(path.stem):
        problems.append(reserved_slug(path, Pos(1, 1), path.stem, "the file name"))
    text, unreadable = read_text(path)
    if text is None:
        return None, problems + unreadable
    doc = parse_yaml(text, str(path))
    problems.extend(doc.diagnostics)
    if doc.value is None:
        if not doc.diagnostics:
            problems.append(diagnostic("missing-field", path, Pos(1, 1), "the file is empty",
                                       "Write the fields title, purpose, audience, duration, "
                                       "cases and facilitator_notes."))
        return None, problems
    checker = _PackChecker(doc, str(path), known, renamed or {})
    pack = checker.pack(path)
    problems.extend(checker.diagnostics)
    return (None if has_errors(problems) else pack), problems


class _PackChecker(Checker):
    """The shape checks of a pack, reported the way a case's are."""

    def __init__(self, doc: YamlResult, path: str, known: set[str],
                 renamed: dict[str, str]) -> None:
        super().__init__(doc, path)
        self.known = known
        self.renamed = renamed

    def pack(self, path: Path) -> Pack | None:
        data = self.doc.value
        if not self.expect(data, dict, (), "Write one 'field: value' per line."):
            return None
        self.unknown_keys(data, FIELDS, ())
        texts = {key: self.limited_text(data, key, (), rule)
                 for key, rule in _TEXT_FIELDS.items()}
        entries = self.entries(data)
        return Pack(slug=path.stem, path=path, cases=entries, **texts)

    def missing(self, key_path: KeyPath, what: str) -> None:
        key = str(key_path[-1])
        self.report("missing-field", key_path, f"required field '{key}' is missing",
                    f"Add '{key}:' with {what}.", at_value=False)

    def limited_text(self, data: dict[str, Any], key: str, key_path: KeyPath,
                     rule: tuple[int, int, str]) -> str:
        """A required text field within the (shortest, longest, what to write) of `rule`."""
        lo, hi, what = rule
        full = (*key_path, key)
        if data.get(key) is None:
            self.missing(full, what)
            return ""
        return self.sized(data[key], full, lo, hi)

    def sized(self, value: Any, key_path: KeyPath, lo: int, hi: int) -> str:
        if not self.expect(value, str, key_path):
            return ""
        text = value.strip()
        if not lo <= len(text) <= hi:
            self.report("text-length", key_path,
                        f"{len(text)} characters; expected {lo} to {hi}")
        pos = self.doc.pos((*key_path, "="))
        # The column of a word is exact only for text on one line; the line always is.
        self.diagnostics.extend(check_wording(text, self.path, pos.line, pos.col - 1,
                                              label=dotted(key_path)))
        return text

    def entries(self, data: dict[str, Any]) -> tuple[PackCase, ...]:
        key_path: KeyPath = ("cases",)
        items = data.get("cases")
        if items is None:
            self.missing(key_path, "a list of cases, each with 'case', 'why' and 'questions'")
            return ()
        if not self.expect(items, list, key_path):
            return ()
        if not items:
            self.report("empty-list", key_path, "the list is empty",
                        f"List one to {MAX_CASES} cases.")
        elif len(items) > MAX_CASES:
            self.report("text-length", key_path,
                        f"{len(items)} cases; a pack holds at most {MAX_CASES}",
                        "Split the session into two packs.")
        entries: list[PackCase] = []
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            entry = self.entry(item, (*key_path, index))
            if entry is None:
                continue
            if entry.slug in first:
                self.report("duplicate-value", (*key_path, index, "case"),
                            f"'{entry.slug}' is listed twice (first as cases[{first[entry.slug]}])",
                            "Give each case once; put everything to say about it in one entry.")
                continue
            first[entry.slug] = index
            entries.append(entry)
        return tuple(entries)

    def entry(self, item: Any, key_path: KeyPath) -> PackCase | None:
        if not self.expect(item, dict, key_path,
                           "Write each case as '- case: slug' with 'why:' and 'questions:' "
                           "below it, indented."):
            return None
        self.unknown_keys(item, _ENTRY_FIELDS, key_path)
        slug = self.case_slug(item, key_path)
        why = self.limited_text(item, "why", key_path, _WHY)
        questions = self.questions(item, (*key_path, "questions"))
        return PackCase(slug, why, questions) if slug else None

    def case_slug(self, item: dict[str, Any], key_path: KeyPath) -> str:
        full = (*key_path, "case")
        slug = item.get("case")
        if slug is None:
            self.missing(full, "the slug of a case: its file name without '.md'")
            return ""
        if not self.expect(slug, str, full):
            return ""
        if not is_slug(slug):
            self.report("invalid-slug", full, f"'{slug}' is not a valid slug",
                        "Use the case's file name without '.md': lower-case words joined "
                        "by hyphens.")
            return ""
        if slug in self.renamed:
            self.report("unknown-case", full,
                        f"'{slug}' is a former slug of '{self.renamed[slug]}'",
                        f"Use '{self.renamed[slug]}', the case's current slug.")
            return ""
        if slug not in self.known:
            self.report("unknown-case", full, f"no case '{slug}' in the library",
                        f"{did_you_mean(slug, sorted(self.known))}Use the slug of an "
                        "existing case: its file name without '.md'.")
            return ""
        return slug

    def questions(self, item: dict[str, Any], key_path: KeyPath) -> tuple[str, ...]:
        value = item.get("questions")
        if value is None:
            self.missing(key_path, f"a list of one to {MAX_QUESTIONS} discussion questions")
            return ()
        if not self.expect(value, list, key_path,
                           "Write each question on its own line starting with '- '."):
            return ()
        if not value:
            self.report("empty-list", key_path, "the list is empty",
                        f"Give one to {MAX_QUESTIONS} questions.")
        elif len(value) > MAX_QUESTIONS:
            self.report("text-length", key_path,
                        f"{len(value)} questions; expected 1 to {MAX_QUESTIONS}",
                        "Keep the questions the group can discuss in the time.")
        lo, hi, _what = _QUESTION
        questions = [self.sized(q, (*key_path, i), lo, hi) for i, q in enumerate(value)]
        return tuple(q for q in questions if q)
