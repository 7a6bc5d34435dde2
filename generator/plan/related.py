"""Related cases: a case's own `related` list, then the closest cases by what they share.

Comparing every pair of cases is quadratic (50 million pairs at 10,000 cases), so the search
walks a few buckets of likely neighbours, best bucket first, and scores only those.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable

from casebook.library.cases import Case
from casebook.plan.index import newest_first

LIMIT = 4
PER_BUCKET = 40

# Buckets of likely neighbours, most alike first.
_BUCKETS: tuple[Callable[[Case], Hashable], ...] = (
    lambda c: (c.primary_area, c.trust_type, c.population_profile),
    lambda c: (c.primary_area, c.trust_type),
    lambda c: (c.primary_area, c.population_profile),
    lambda c: c.primary_area,
)


def similarity(a: Case, b: Case) -> int:
    """Shared areas weigh most; the same trust type and population profile count too."""
    shared = len(set(a.areas) & set(b.areas))
    return (3 * shared + 2 * (a.primary_area == b.primary_area)
            + 2 * (a.trust_type == b.trust_type)
            + (a.population_profile == b.population_profile))


def related_cases(cases: list[Case], limit: int = LIMIT) -> dict[str, list[Case]]:
    """slug → up to `limit` related cases, stated ones first. Linear in the number of cases."""
    finder = RelatedFinder(cases, limit)
    return {c.slug: finder(c) for c in cases}


class RelatedFinder:
    """The buckets of likely neighbours, built once (linear in the number of cases); a case's
    related cases are then found among them when asked for."""

    def __init__(self, cases: list[Case], limit: int = LIMIT) -> None:
        self.limit = limit
        self.by_slug = {c.slug: c for c in cases}
        ordered = newest_first(cases)
        self.buckets: list[dict[Hashable, list[Case]]] = []
        for key in _BUCKETS:
            bucket: dict[Hashable, list[Case]] = defaultdict(list)
            for case in ordered:
                bucket[key(case)].append(case)
            self.buckets.append(bucket)
        self.area_bucket: dict[str, list[Case]] = defaultdict(list)
        for case in ordered:
            for area in case.areas[1:]:
                self.area_bucket[area].append(case)

    def __call__(self, case: Case) -> list[Case]:
        return _for_case(case, self.by_slug, self.buckets, self.area_bucket, self.limit)


def _for_case(case: Case, by_slug: dict[str, Case], buckets: list[dict[Hashable, list[Case]]],
              area_bucket: dict[str, list[Case]], limit: int) -> list[Case]:
    chosen = [by_slug[s] for s in case.related if s in by_slug and s != case.slug][:limit]
    seen = {case.slug, *(c.slug for c in chosen)}
    candidates: dict[str, Case] = {}
    pools = [bucket.get(key(case), []) for bucket, key in zip(buckets, _BUCKETS, strict=True)]
    pools += [area_bucket.get(area, []) for area in case.areas]
    for pool in pools:
        if len(candidates) >= limit * 4:
            break
        for other in pool[:PER_BUCKET]:
            if other.slug not in seen:
                candidates[other.slug] = other
    ranked = sorted(candidates.values(), key=lambda o: -similarity(case, o))
    return (chosen + ranked)[:limit]
