"""Cases from trusts like mine, never a dead end: the cases closest to a reader's choices.

When few cases (or none) have the reader's trust type, local population profile and areas,
the nearest ones are offered, ranked, each saying how it differs. Nearness is read from the
taxonomy, never decided here: similar trust types are its `similar` lists
(generator/library/similar.py), neighbouring population profiles its order of terms. The
ranking is deterministic from the metadata, so the build computes it for the trust-type
pages (generator/plan/nearest_pages.py), and Find cases runs the same rules in the browser
(theme/assets/casebook/nearest.js) from the model this module writes (`model_json`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from casebook.library.cases import Case
from casebook.library.packs import Pack
from casebook.library.taxonomy import AREAS, Taxonomy, Term

TRUST_TYPE = "trust_type"
POPULATION = "population_profile"
# The term of a facet for "the source does not say" (DESIGN.md, facets): it is nobody's
# neighbour, and a trust type not stated is said as such.
NOT_STATED = "not-stated"
# Fewer exact matches than this and the closest cases are offered; at most this many.
FEW = 3
LIMIT = 6
PACKS_LIMIT = 3
# Tiers of (trust type, area) nearness, nearest first: same type and area, similar type
# (same area), same type (other area), similar type (other area), other type (same area).
# A trust type scores 2 when it is one chosen (or none is), 1 when similar; an area 1 when
# the case has a chosen one (or none is). Within a tier, the population decides: the chosen
# profile, then a neighbouring one, then any other.
TIERS = ((2, 1), (1, 1), (2, 0), (1, 0), (0, 1))


@dataclass(frozen=True)
class Choice:
    """What the reader chose: term ids for each of the three facets; empty means any."""

    trust_types: frozenset[str] = frozenset()
    populations: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.trust_types or self.populations or self.areas)


@dataclass(frozen=True)
class Candidate:
    """A case as the ranking sees it: its ids, unchecked (a record may name unknown ones)."""

    slug: str
    title: str
    published: str  # YYYY-MM-DD
    trust_type: str
    population: str
    areas: tuple[str, ...]


def candidate(case: Case) -> Candidate:
    return Candidate(case.slug, case.title, case.published.isoformat(),
                     _first(case.facet_values(TRUST_TYPE)), _first(case.facet_values(POPULATION)),
                     case.facet_values(AREAS))


def _first(values: tuple[str, ...]) -> str:
    return values[0] if values else ""


@dataclass(frozen=True)
class Model:
    """What nearness needs from the taxonomy, and the words it says differences in."""

    similar: dict[str, tuple[str, ...]]  # trust type → similar types
    neighbours: dict[str, tuple[str, ...]]  # population profile → the profiles beside it
    type_phrases: dict[str, str]  # 'a combined mental health and community trust'
    population_phrases: dict[str, str]  # 'local population: not stated'
    area_labels: dict[str, str]


def model(taxonomy: Taxonomy) -> Model:
    types = taxonomy[TRUST_TYPE]
    profiles = [t.id for t in taxonomy[POPULATION] if t.id != NOT_STATED]
    neighbours = {p: tuple(profiles[j] for j in (i - 1, i + 1) if 0 <= j < len(profiles))
                  for i, p in enumerate(profiles)}
    neighbours[NOT_STATED] = ()
    return Model(
        similar={t.id: t.similar for t in types},
        neighbours={t.id: neighbours.get(t.id, ()) for t in taxonomy[POPULATION]},
        type_phrases={t.id: type_phrase(t) for t in types},
        population_phrases={t.id: f"local population: {_lower_first(t.label)}"
                            for t in taxonomy[POPULATION]},
        area_labels={t.id: t.label for t in taxonomy.areas},
    )


def type_phrase(term: Term) -> str:
    """A trust type as the subject of a sentence: 'a mental health trust', 'an acute trust'."""
    if term.id == NOT_STATED:
        return "trust type not stated"
    word = _lower_first(term.label)
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _lower_first(label: str) -> str:
    """'Acute trust' → 'acute trust'; an acronym ('NHS England …') stays as it is."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


@dataclass(frozen=True)
class Near:
    """One close case: its tier, and how it differs from the choice, in the taxonomy's words."""

    case: Candidate
    rank: tuple[int, int]  # (tier, population: 0 chosen, 1 neighbouring, 2 other)
    differs: str


def score(c: Candidate, choice: Choice, m: Model) -> tuple[int, int] | None:
    """(tier, population) for a case, or None when it is not near at all: it shares nothing
    chosen, it matches every choice exactly, or it names a term the taxonomy does not have
    (then nothing true could be said about how it differs)."""
    if (c.trust_type not in m.type_phrases or c.population not in m.population_phrases
            or any(a not in m.area_labels for a in c.areas)):
        return None
    kind = 2 if not choice.trust_types or c.trust_type in choice.trust_types else (
        1 if any(c.trust_type in m.similar.get(t, ()) for t in choice.trust_types) else 0)
    area = 1 if not choice.areas or choice.areas.intersection(c.areas) else 0
    people = 0 if not choice.populations or c.population in choice.populations else (
        1 if any(c.population in m.neighbours.get(p, ()) for p in choice.populations) else 2)
    if (kind, area) not in TIERS or (kind, area, people) == (2, 1, 0):
        return None
    shares = ((bool(choice.trust_types) and kind > 0) or (bool(choice.areas) and area > 0)
              or (bool(choice.populations) and people < 2))
    return (TIERS.index((kind, area)), people) if shares else None


def differences(c: Candidate, choice: Choice, m: Model) -> str:
    """How a case differs from the choice, e.g. 'A combined mental health and community
    trust; local population: not stated'. Every word is a label of the case's own terms."""
    parts = []
    if choice.trust_types and c.trust_type not in choice.trust_types:
        parts.append(m.type_phrases[c.trust_type])
    if choice.populations and c.population not in choice.populations:
        parts.append(m.population_phrases[c.population])
    if choice.areas and not choice.areas.intersection(c.areas):
        parts.append("other areas: " + ", ".join(m.area_labels[a] for a in c.areas))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def rank(cases: Iterable[Candidate], choice: Choice, m: Model, *,
         limit: int = LIMIT) -> list[Near]:
    """The closest cases to a choice, nearest first (then newest, then by slug); never an
    exact match, which the reader sees already."""
    if choice.empty:
        return []
    scored = [(s, c) for c in cases if (s := score(c, choice, m)) is not None]
    scored.sort(key=lambda sc: sc[1].slug)
    scored.sort(key=lambda sc: sc[1].published, reverse=True)
    scored.sort(key=lambda sc: sc[0])
    return [Near(c, s, differences(c, choice, m)) for s, c in scored[:limit]]


def exact(cases: Iterable[Candidate], choice: Choice) -> list[Candidate]:
    """The cases matching every choice (any chosen term of each facet)."""
    return [c for c in cases
            if (not choice.trust_types or c.trust_type in choice.trust_types)
            and (not choice.populations or c.population in choice.populations)
            and (not choice.areas or choice.areas.intersection(c.areas))]


# ---------------------------------------------------------------- packs that fit


@dataclass(frozen=True)
class PackSummary:
    """A pack as the fit sees it: the trust types and areas of its cases."""

    slug: str
    title: str
    trust_types: tuple[str, ...]
    areas: tuple[str, ...]  # in the taxonomy's order


def pack_summary(pack: Pack, by_slug: dict[str, Candidate], area_order: list[str]) -> PackSummary:
    cases = [by_slug[e.slug] for e in pack.cases if e.slug in by_slug]
    areas = {a for c in cases for a in c.areas}
    return PackSummary(pack.slug, pack.title, tuple(dict.fromkeys(c.trust_type for c in cases)),
                       tuple(a for a in area_order if a in areas))


@dataclass(frozen=True)
class PackFit:
    pack: PackSummary
    why: str  # 'Includes a case from a combined acute and community trust; areas: Data'


def fitting_packs(packs: Iterable[PackSummary], choice: Choice, shown: Iterable[Candidate],
                  m: Model, *, limit: int = PACKS_LIMIT) -> list[PackFit]:
    """Packs with a case of a chosen or similar trust type, or on the chosen areas (when
    none is chosen, the areas of the cases shown); most fitting first, then by title."""
    kinds = set(choice.trust_types)
    for t in choice.trust_types:
        kinds.update(m.similar.get(t, ()))
    areas = set(choice.areas) or {a for c in shown for a in c.areas}
    fits = []
    for pack in packs:
        types = [t for t in pack.trust_types if t in kinds and t in m.type_phrases]
        shared = [a for a in pack.areas if a in areas and a in m.area_labels]
        if not (types or shared):
            continue
        parts = []
        if types:
            parts.append("includes a case from "
                         + " and ".join(m.type_phrases[t] for t in types))
        if shared:
            parts.append("areas: " + ", ".join(m.area_labels[a] for a in shared))
        why = "; ".join(parts)
        fits.append(((-len(types), -len(shared), pack.title), PackFit(pack, why[:1].upper()
                                                                       + why[1:])))
    fits.sort(key=lambda kf: kf[0])
    return [f for _, f in fits[:limit]]


def model_json(m: Model, packs: list[PackSummary], pack_urls: dict[str, str]) -> dict[str, Any]:
    """The model as the browser's nearest.js reads it: the same rules, the same words."""
    return {
        "few": FEW, "limit": LIMIT, "packsLimit": PACKS_LIMIT,
        "tiers": [list(t) for t in TIERS],
        "similar": {k: list(v) for k, v in m.similar.items()},
        "neighbours": {k: list(v) for k, v in m.neighbours.items()},
        "types": m.type_phrases, "populations": m.population_phrases, "areas": m.area_labels,
        "packs": [{"s": p.slug, "t": p.title, "u": pack_urls[p.slug],
                   "types": list(p.trust_types), "areas": list(p.areas)} for p in packs],
    }
