"""The facet index: which cases carry each term, computed once for the whole library."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from casebook.library.cases import Case
from casebook.library.taxonomy import FACET_IDS


def newest_first(cases: list[Case]) -> list[Case]:
    return sorted(cases, key=lambda c: (-c.published.toordinal(), c.title.casefold(), c.slug))


@dataclass(frozen=True)
class FacetIndex:
    """facet id → term id → cases (newest first). One pass over the library."""

    by_term: dict[str, dict[str, list[Case]]]

    @classmethod
    def build(cls, cases: list[Case]) -> FacetIndex:
        by_term: dict[str, dict[str, list[Case]]] = {f: defaultdict(list) for f in FACET_IDS}
        for case in newest_first(cases):
            for facet_id in FACET_IDS:
                for term_id in case.facet_values(facet_id):
                    by_term[facet_id][term_id].append(case)
        return cls({f: dict(terms) for f, terms in by_term.items()})

    def cases(self, facet_id: str, term_id: str) -> list[Case]:
        return self.by_term[facet_id].get(term_id, [])

    def count(self, facet_id: str, term_id: str) -> int:
        return len(self.cases(facet_id, term_id))
