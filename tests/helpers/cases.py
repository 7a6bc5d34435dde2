"""Cases built directly as `Case` objects, bypassing the files and validation: for the tests
of what the plan does with a library of a given shape or size."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from casebook.library.cases import Case, Source
from casebook.library.taxonomy import AREAS, Taxonomy


def make_case(slug: str, **fields: object) -> Case:
    """A Case built directly, bypassing validation; `fields` override the defaults."""
    values: dict[str, object] = {
        "slug": slug,
        "path": Path(f"cases/{slug}.md"),
        "title": f"The case called {slug}",
        "summary": "A trust did something about race equality for its staff and measured it.",
        "organisation": "An acute trust",
        "trust_type": "acute",
        "population_profile": "diverse",
        "areas": ("data",),
        "evidence": "promising",
        "outcome": "improved",
        "published": dt.date(2025, 1, 1),
        "source": Source("NHS Providers", 2022),
        "body": "\n## The challenge\n\nA.\n\n## What they did\n\nB.\n\n## Impact\n\nC.\n\n"
                "## Lessons\n\nD.\n",
    }
    values.update(fields)
    return Case(**values)  # type: ignore[arg-type]


def synthetic_cases(count: int, taxonomy: Taxonomy) -> list[Case]:
    """`count` cases with facets spread over the taxonomy, some stating a related case."""
    areas = taxonomy[AREAS].ids
    trust_types = taxonomy["trust_type"].ids
    populations = taxonomy["population_profile"].ids
    cases = []
    for i in range(count):
        picked = tuple(dict.fromkeys(areas[(i * k + k) % len(areas)] for k in (1, 3, 7)))
        cases.append(make_case(
            f"case-{i:05d}", areas=picked[: 1 + i % 3],
            trust_type=trust_types[i % len(trust_types)],
            population_profile=populations[(i // 3) % len(populations)],
            published=dt.date(2020, 1, 1) + dt.timedelta(days=i % 2000),
            related=(f"case-{(i * 7919) % count:05d}",) if i % 4 == 0 else ()))
    return cases
