"""Shared test helpers: where the repository and the tests' data are, one valid case, and
libraries built from it.

Free of pytest: plain functions that a test or a script in a fresh process may call.
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path
from typing import Any

import yaml

from casebook.library.load import Library, load_library
from casebook.library.taxonomy import Taxonomy, load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
TAXONOMY = ROOT / "taxonomy.yml"
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
HOSTILE = TESTS / "hostile"
# What a library needs beside its cases to build as the real one does.
SITE_FILES = ("taxonomy.yml", "mkdocs.yml", "CONTRIBUTING.md")
SITE_FOLDERS = ("theme", "docs")
# Every fixture is dated against this day, so the tests never age.
TODAY = dt.date(2026, 1, 1)

VALID_FRONT: dict[str, Any] = {
    "title": "Reverse mentoring for the executive team",
    "summary": "Ethnic minority staff mentored each executive director for a year, and the "
               "board changed how it reviews disciplinary cases as a result.",
    "organisation": "An acute trust in the Midlands",
    "trust_type": "acute",
    "population_profile": "diverse",
    "areas": ["personal-values-and-behaviours", "education-on-race"],
    "evidence": "promising",
    "outcome": "improved",
    "published": dt.date(2025, 3, 14),
    "source": {"type": "published", "publisher": "NHS Providers", "year": 2024,
               "title": "Race 2.0: time for real change",
               "url": "https://nhsproviders.org/race-2-0-time-for-real-change"},
}

VALID_BODY = """
A short introduction to the case.

## The challenge

The trust's WRES data showed a gap in disciplinary cases.

## What they did

Each executive director was paired with a mentor for a year.

## Impact

Disciplinary cases fell.

## Lessons

Start small, and keep the board involved.
"""


def valid_taxonomy(path: Path = TAXONOMY) -> Taxonomy:
    """The taxonomy at `path` (the repository's by default); fails the calling test at once
    if it is invalid."""
    taxonomy, problems = load_taxonomy(path)
    assert taxonomy is not None, problems[:3]
    return taxonomy


def front_matter(front: dict[str, Any]) -> str:
    """YAML for `front`, keys in the order given."""
    return yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)


def case_text(front: dict[str, Any] | None = None, body: str = VALID_BODY) -> str:
    """A whole case file: '---', the front-matter, '---', the body."""
    return f"---\n{front_matter(VALID_FRONT if front is None else front)}---\n{body}"


def make_library(root: Path, cases: dict[str, str] | None = None) -> Path:
    """A library folder under `root` with the real taxonomy and the given `{slug: text}`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TAXONOMY, root / "taxonomy.yml")
    (root / "cases").mkdir(exist_ok=True)
    for slug, text in (cases or {}).items():
        (root / "cases" / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


# Term ids of the real taxonomy, cycled through so a generated library covers every facet.
_AREAS = ("encourage-accountability", "education-on-race", "foster-safe-spaces",
          "personal-values-and-behaviours", "challenge-discrimination", "culture-of-challenge",
          "staff-and-community-networks", "hr-processes", "data", "health-inequalities")
_TRUST_TYPES = ("acute", "mental-health", "community", "ambulance", "specialist",
                "combined-acute-community", "combined-mental-health-community",
                "integrated-care-system", "regional", "not-stated")
_POPULATIONS = ("highly-diverse", "diverse", "moderately-diverse", "less-diverse", "not-stated")
_REGIONS = ("london", "south-east", "south-west", "east-of-england", "midlands", "north-west",
            "north-east-and-yorkshire", "national")
_EVIDENCE = ("emerging", "promising", "established", "evaluated")
_OUTCOMES = ("improved", "mixed", "no-change-yet", "did-not-work", "too-early")

_PARAGRAPH = (
    "The trust looked again at its workforce data with its staff networks and found that "
    "ethnic minority colleagues were less likely to be appointed from shortlisting and more "
    "likely to enter a formal disciplinary process. The board agreed a plan with named owners, "
    "checked progress every quarter and asked staff whether they saw a difference. "
)


def _paragraphs(count: int) -> str:
    return "\n\n".join(textwrap.fill(_PARAGRAPH.strip(), 95) for _ in range(count))


def generated_case(index: int, today: dt.date) -> tuple[str, str]:
    """(slug, text) of the `index`-th case of a generated library: valid, facets varied."""
    slug = f"generated-case-{index:05d}"
    count = 1 + index % 4
    areas = [_AREAS[(index + step * 3) % len(_AREAS)] for step in range(count)]
    front: dict[str, Any] = {
        "title": f"Generated case number {index} on race equality",
        "summary": f"Case {index}: a trust reviewed its recruitment and disciplinary data with "
                   "its staff networks and changed its processes as a result.",
        "organisation": f"An NHS trust, number {index}",
        "trust_type": _TRUST_TYPES[index % len(_TRUST_TYPES)],
        "population_profile": _POPULATIONS[index % len(_POPULATIONS)],
        "areas": areas,
        "evidence": _EVIDENCE[index % len(_EVIDENCE)],
        "outcome": _OUTCOMES[index % len(_OUTCOMES)],
        "published": today - dt.timedelta(days=index % 900),
        "source": {"type": "published", "publisher": "NHS Providers", "year": 2020 + index % 5,
                   "title": f"Report number {index}",
                   "url": f"https://example.org/cases/{index}"},
        "wres_indicators": sorted({1 + index % 9, 1 + (index + 4) % 9}),
        "high_impact_actions": [1 + index % 6],
        "keywords": ["reverse mentoring", f"keyword {index % 50}"],
        "impact": [{"measure": "Ethnic minority staff at band 8a and above",
                    "unit": "%", "wres_indicator": 1 + index % 9,
                    "baseline": {"value": 10 + index % 7, "year": 2019},
                    "latest": {"value": 12.5 + index % 5, "year": 2023},
                    "quote": f"The share rose from {10 + index % 7}% to {12.5 + index % 5}%."}],
        "links": [{"title": "The trust's WRES report",
                   "url": f"https://example.org/wres/{index}"}],
    }
    if index % 3:
        front["region"] = _REGIONS[index % len(_REGIONS)]
    if index:
        front["related"] = [f"generated-case-{index - 1:05d}"]
    sibling = f"generated-case-{index + 1:05d}"
    # About 550 words in lines of under 100 characters, like the cases in the repository.
    body = (
        f"\nAn introduction to case {index}. See also [a related case](../{sibling}/).\n\n"
        f"## The challenge\n\n{_paragraphs(2)}\n\n"
        f"## What they did\n\n{_paragraphs(3)}\n\n- A first step.\n- A second step.\n\n"
        f"## Impact\n\n{_paragraphs(2)}\n\n"
        f"## What did not work\n\n{_paragraphs(1)}\n\n"
        f"## Lessons\n\n{_paragraphs(2)}\n"
    )
    return slug, case_text(front, body)


def copy_site_files(folder: Path) -> None:
    """The repository's taxonomy, site configuration, contributor guide, theme and docs, in
    `folder`: a library that builds as the real one does once it has cases."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        shutil.copyfile(ROOT / name, folder / name)
    for name in SITE_FOLDERS:
        shutil.copytree(ROOT / name, folder / name, dirs_exist_ok=True)


def write_library(root: Path, count: int, today: dt.date = TODAY) -> Path:
    """A library of `count` generated valid cases that link to their neighbours."""
    make_library(root)
    for index in range(count):
        slug, text = generated_case(index, today)
        if index == count - 1:
            # The last case's body links to the case after it; point it at the first instead.
            text = text.replace(f"../generated-case-{index + 1:05d}/", "../generated-case-00000/")
        (root / "cases" / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


def load_generated_library(root: Path, count: int, today: dt.date = TODAY) -> Library:
    """`write_library`, loaded; fails the calling test at once if the library is invalid."""
    library = load_library(write_library(root, count, today), today=today)
    assert library.ok, library.diagnostics[:3]
    return library


# The hostile corpus's cases of contributed HTML that would drive the site (issue 13): each
# passes validation, all in one area, so their lessons are gathered on one area page.
HOSTILE_CASES = HOSTILE / "cases"
CONTRIBUTED_HTML = ("link-title-with-encoded-markup", "pagefind-attributes-in-body",
                    "casebook-data-attributes-in-body", "fake-evidence-badge-and-classes",
                    "reserved-anchors-in-body", "title-that-closes-the-title-element",
                    "what-did-not-work-that-tries-to-leave-its-panel")


def contributed_html_library(root: Path) -> Path:
    """A library at `root`: the real configuration, theme and taxonomy, and the corpus's
    cases of contributed HTML, as they are."""
    root.mkdir(parents=True)
    copy_site_files(root)
    (root / "cases").mkdir()
    for name in CONTRIBUTED_HTML:
        shutil.copyfile(HOSTILE_CASES / f"{name}.md", root / "cases" / f"{name}.md")
    return root
