"""The taxonomy: facets and their terms, read from taxonomy.yml into frozen dataclasses.

The file is checked with the same diagnostics as cases, so a broken taxonomy is reported
with file:line like any other problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from casebook.diagnostics.catalogue import Diagnostic, Pos, diagnostic
from casebook.library.shapes import Checker
from casebook.library.similar import SIMILAR, SIMILAR_FACETS, check_similar, listed_ids
from casebook.library.sourcefile import read_text
from casebook.library.yamldoc import KeyPath, parse_yaml

AREAS = "areas"
WRES = "wres_indicator"
HIGH_IMPACT = "high_impact_action"

# Every facet of the front-matter contract, in the order the site shows them.
FACET_IDS = (
    AREAS,
    "trust_type",
    "population_profile",
    "region",
    "evidence",
    "outcome",
    WRES,
    HIGH_IMPACT,
)

_TERM_KEYS = ("id", "label", "description")
_EXTRA_KEYS: dict[str, tuple[str, ...]] = {
    AREAS: ("number", "title", "summary", "what_good_looks_like", "board_questions",
            "wres_indicators", "high_impact_actions"),
    "population_profile": ("threshold",),
    "evidence": ("qualifies",),
    "outcome": ("qualifies",),
    **dict.fromkeys(SIMILAR_FACETS, (SIMILAR,)),
}
_REQUIRED_EXTRA: dict[str, tuple[str, ...]] = {
    AREAS: ("title", "summary"),
    "population_profile": ("threshold",),
    "evidence": ("qualifies",),
    "outcome": ("qualifies",),
}
_AREA_LISTS = {"what_good_looks_like": (3, 6), "board_questions": (3, 5)}


@dataclass(frozen=True)
class Term:
    """One value of a facet, with the words a board member reads for it."""

    facet: str
    id: str
    label: str
    description: str
    number: int = 0
    title: str = ""
    summary: str = ""
    what_good_looks_like: tuple[str, ...] = ()
    board_questions: tuple[str, ...] = ()
    wres_indicators: tuple[str, ...] = ()
    high_impact_actions: tuple[str, ...] = ()
    threshold: str = ""
    qualifies: str = ""
    # The ids of the terms of the same facet that come closest to this one (trust types:
    # generator/library/similar.py), mutual and checked.
    similar: tuple[str, ...] = ()


@dataclass(frozen=True)
class Facet:
    id: str
    label: str
    description: str
    terms: tuple[Term, ...]

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    @cached_property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.terms)

    @cached_property
    def _by_id(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}

    def get(self, term_id: str) -> Term | None:
        return self._by_id.get(term_id)

    def label_of(self, term_id: str) -> str:
        term = self.get(term_id)
        return term.label if term else term_id


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    meaning: str


@dataclass(frozen=True)
class Taxonomy:
    facets: dict[str, Facet]
    glossary: tuple[GlossaryEntry, ...] = field(default=())

    def __getitem__(self, facet_id: str) -> Facet:
        return self.facets[facet_id]

    @property
    def areas(self) -> Facet:
        return self.facets[AREAS]


def load_taxonomy(path: Path) -> tuple[Taxonomy | None, list[Diagnostic]]:
    """Read and check taxonomy.yml; the taxonomy is None when it has errors."""
    if not path.is_file():
        return None, [diagnostic("taxonomy-missing", path, Pos(),
                                 f"no taxonomy file at '{path}'")]
    text, problems = read_text(path)
    if text is None:
        return None, problems
    doc = parse_yaml(text, str(path))
    checker = Checker(doc, str(path))
    checker.diagnostics.extend(problems + doc.diagnostics)
    taxonomy = _build(doc.value, checker) if not doc.diagnostics else None
    if any(d.is_error for d in checker.diagnostics):
        return None, checker.diagnostics
    return taxonomy, checker.diagnostics


def _build(data: Any, checker: Checker) -> Taxonomy | None:
    if not checker.expect(data, dict, ()):
        return None
    checker.unknown_keys(data, ("version", "facets", "glossary"), ())
    facets_data = data.get("facets")
    if not checker.expect(facets_data, dict, ("facets",)):
        return None
    checker.unknown_keys(facets_data, FACET_IDS, ("facets",))
    facets: dict[str, Facet] = {}
    for facet_id in FACET_IDS:
        if facet_id not in facets_data:
            checker.report("missing-facet", ("facets",), f"facet '{facet_id}' is not declared",
                           at_value=False)
            continue
        facet = _facet(facet_id, facets_data[facet_id], ("facets", facet_id), checker)
        if facet:
            facets[facet_id] = facet
    if len(facets) == len(FACET_IDS):
        _check_area_links(facets, checker)
    glossary = _glossary(data.get("glossary", []), checker)
    return Taxonomy(facets=facets, glossary=glossary)


def _facet(facet_id: str, data: Any, key_path: KeyPath, checker: Checker) -> Facet | None:
    if not checker.expect(data, dict, key_path):
        return None
    checker.unknown_keys(data, ("label", "description", "terms"), key_path)
    label = checker.text(data, "label", key_path)
    description = checker.text(data, "description", key_path)
    terms_data = data.get("terms")
    if not checker.expect(terms_data, list, (*key_path, "terms")):
        return None
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(terms_data):
        term = _term(facet_id, item, (*key_path, "terms", index), checker)
        if term is None:
            continue
        if term.id in seen:
            checker.report("duplicate-id", (*key_path, "terms", index, "id"),
                           f"term id '{term.id}' is already used by term {seen[term.id] + 1}")
            continue
        seen[term.id] = index
        terms.append(term)
    if facet_id == AREAS:
        _check_area_numbers(terms, key_path, checker)
    if facet_id in SIMILAR_FACETS:
        similar = check_similar([(seen[t.id], t.id, t.similar) for t in terms],
                                (*key_path, "terms"), checker)
        terms = [replace(t, similar=similar[t.id]) for t in terms]
    return Facet(id=facet_id, label=label, description=description, terms=tuple(terms))


def _term(facet_id: str, data: Any, key_path: KeyPath, checker: Checker) -> Term | None:
    if not checker.expect(data, dict, key_path):
        return None
    extra = _EXTRA_KEYS.get(facet_id, ())
    checker.unknown_keys(data, (*_TERM_KEYS, *extra), key_path)
    raw_id = data.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)  # the numbered facets may write ids as bare numbers
    if raw_id is None:
        checker.report("missing-field", (*key_path, "id"), "required field missing",
                       at_value=False)
        return None
    if not checker.expect(raw_id, str, (*key_path, "id")):
        return None
    values: dict[str, Any] = {
        "label": checker.text(data, "label", key_path),
        "description": checker.text(data, "description", key_path),
    }
    required = _REQUIRED_EXTRA.get(facet_id, ())
    for key in extra:
        values.update(_extra(key, data, key_path, checker, key in required))
    return Term(facet=facet_id, id=raw_id, **values)


def _extra(key: str, data: dict[str, Any], key_path: KeyPath, checker: Checker,
           required: bool) -> dict[str, Any]:
    full = (*key_path, key)
    if key == "number":
        if "number" not in data:
            checker.report("missing-field", full, "required field missing", at_value=False)
            return {}
        return {"number": data["number"]} if checker.expect(data["number"], int, full) else {}
    if key == SIMILAR:
        return {key: listed_ids(data, key_path, checker)}
    if key in _AREA_LISTS or key in ("wres_indicators", "high_impact_actions"):
        items = checker.text_list(data, key, key_path, required=key in _AREA_LISTS)
        bounds = _AREA_LISTS.get(key)
        if bounds and items and not bounds[0] <= len(items) <= bounds[1]:
            checker.report("text-length", full,
                           f"expected {bounds[0]} to {bounds[1]} points, got {len(items)}")
        return {key: tuple(items)}
    return {key: checker.text(data, key, key_path, required=required)}


def _check_area_numbers(terms: list[Term], key_path: KeyPath, checker: Checker) -> None:
    for index, term in enumerate(terms):
        if term.number != index + 1:
            checker.report("wrong-type", (*key_path, "terms", index, "number"),
                           f"area '{term.id}' should be number {index + 1} (the areas are "
                           f"listed in the order of Race 2.0), got {term.number}")


def _check_area_links(facets: dict[str, Facet], checker: Checker) -> None:
    for index, area in enumerate(facets[AREAS].terms):
        for key, facet_id in (("wres_indicators", WRES), ("high_impact_actions", HIGH_IMPACT)):
            known = facets[facet_id].ids
            for pos, ref in enumerate(getattr(area, key)):
                if ref not in known:
                    checker.report("unknown-term",
                                   ("facets", AREAS, "terms", index, key, pos),
                                   f"unknown {facet_id} '{ref}'",
                                   f"Expected one of: {', '.join(known)}.")


def _glossary(data: Any, checker: Checker) -> tuple[GlossaryEntry, ...]:
    if not checker.expect(data, list, ("glossary",)):
        return ()
    entries = []
    for index, item in enumerate(data):
        key_path = ("glossary", index)
        if not checker.expect(item, dict, key_path):
            continue
        checker.unknown_keys(item, ("term", "meaning"), key_path)
        term = checker.text(item, "term", key_path)
        meaning = checker.text(item, "meaning", key_path)
        if term and meaning:
            entries.append(GlossaryEntry(term, meaning))
    return tuple(entries)
