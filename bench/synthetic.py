"""Realistic synthetic libraries for benchmarks: every facet used, bodies of about 600 words.

    python -m bench.synthetic DIR COUNT      # write a library of COUNT cases into DIR
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
_VOCABULARY = (
    "board staff network recruitment panel data workforce equality race ethnic minority "
    "leadership programme culture review listening inclusion policy disciplinary progression "
    "mentoring accountability evidence survey indicator trust system partnership community "
    "patients services training development sponsorship objectives governance measures "
    "appointment shortlisting harassment bullying abuse careers promotion reverse shadow"
)
WORDS = _VOCABULARY.split()


def _paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _body(rng: random.Random, related: list[str]) -> str:
    sections = []
    # 'What did not work' is optional for most outcomes and required for failures: always there.
    for heading in ("The challenge", "What they did", "Impact", "What did not work", "Lessons"):
        paragraphs = [_paragraph(rng, 50) for _ in range(3)]
        sections.append(f"## {heading}\n\n" + "\n\n".join(paragraphs))
    if related:
        sections[1] += f"\n\nSee also [a related case]({related[0]}.md)."
    return "Context for this synthetic case.\n\n" + "\n\n".join(sections) + "\n"


def _terms(taxonomy: dict, facet: str) -> list[str]:
    return [str(t["id"]) for t in taxonomy["facets"][facet]["terms"]]


def copy_site_files(folder: Path) -> None:
    """The repository's taxonomy, site configuration, contributor guide, theme and docs:
    what a library needs beside its cases to build as the real one does."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("taxonomy.yml", "mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copyfile(REPO / name, folder / name)
    for name in ("theme", "docs"):
        shutil.rmtree(folder / name, ignore_errors=True)
        shutil.copytree(REPO / name, folder / name)


def write_library(folder: Path, count: int, seed: int = 1) -> Path:
    """A library of `count` valid cases in `folder`, with the repository's taxonomy and theme."""
    rng = random.Random(seed)
    copy_site_files(folder)
    taxonomy = yaml.safe_load((REPO / "taxonomy.yml").read_text(encoding="utf-8"))
    areas = _terms(taxonomy, "areas")
    cases = folder / "cases"
    shutil.rmtree(cases, ignore_errors=True)
    cases.mkdir()
    slugs = [f"synthetic-case-{n:05d}" for n in range(count)]
    for n, slug in enumerate(slugs):
        related = [slugs[(n * 7 + 3) % count]] if n % 3 == 0 and count > 1 else []
        front = {
            "title": f"Synthetic case {n}: {rng.choice(WORDS)} and {rng.choice(WORDS)} work",
            "summary": _paragraph(rng, 25)[:280],
            "organisation": f"Synthetic trust {n % 97}",
            "trust_type": rng.choice(_terms(taxonomy, "trust_type")),
            "population_profile": rng.choice(_terms(taxonomy, "population_profile")),
            "region": rng.choice(_terms(taxonomy, "region")),
            "areas": rng.sample(areas, rng.randint(1, 4)),
            "evidence": rng.choice(_terms(taxonomy, "evidence")),
            "outcome": rng.choice(_terms(taxonomy, "outcome")),
            "published": (f"20{rng.randint(24, 25)}-{rng.randint(1, 12):02d}-"
                          f"{rng.randint(1, 28):02d}"),
            "wres_indicators": sorted(rng.sample(range(1, 10), rng.randint(0, 3))),
            "keywords": [rng.choice(WORDS), rng.choice(WORDS) + " " + rng.choice(WORDS)],
            "source": {"type": "published", "publisher": "Synthetic publisher", "year": 2024,
                       "title": "Synthetic report", "url": f"https://example.org/{slug}"},
        }
        if not front["wres_indicators"]:
            del front["wres_indicators"]
        if related:
            front["related"] = related
        if n % 5 == 0:
            baseline, latest = 10 + n % 7, 12 + n % 9
            front["impact"] = [{"measure": "Share of ethnic minority staff in band 8a and above",
                                "unit": "%", "baseline": {"value": baseline, "year": 2019},
                                "latest": {"value": latest, "year": 2023},
                                "quote": f"The share rose from {baseline}% to {latest}%."}]
        elif front["outcome"] == "improved" and front["evidence"] == "emerging":
            front["evidence"] = "promising"  # 'improved' must be earned
        text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True)
        # Dates must stay YAML dates, not quoted strings.
        text = text.replace(f"published: '{front['published']}'",
                            f"published: {front['published']}")
        (cases / f"{slug}.md").write_text(f"---\n{text}---\n\n{_body(rng, related)}",
                                          encoding="utf-8")
    return folder


if __name__ == "__main__":
    write_library(Path(sys.argv[1]), int(sys.argv[2]))
