"""The baseline: the same case bodies as ordinary pages of a plain MkDocs + Material site.

Each case becomes `docs/cases/<slug>.md` ("# title", the summary, the body), out of the
navigation like Casebook's case pages, in a site whose only navigation entry is the home page.
Nothing of Casebook runs: no validation, no generated listings, no search index.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from casebook.library.cases import split_front_matter

MKDOCS_YML = {
    "site_name": "Baseline",
    "docs_dir": "docs",
    "site_dir": "site",
    "theme": {"name": "material", "font": False},
    "nav": [{"Home": "index.md"}],
    # The case pages are left out of the navigation on purpose, as Casebook's are.
    "not_in_nav": "/cases/",
}


def write_baseline(library: Path, target: Path) -> Path:
    """The baseline project for the cases of `library`, written into `target`."""
    shutil.rmtree(target, ignore_errors=True)
    pages = target / "docs" / "cases"
    pages.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(yaml.safe_dump(MKDOCS_YML, sort_keys=False),
                                       encoding="utf-8")
    (target / "docs" / "index.md").write_text(
        "# Baseline\n\nThe same case bodies as plain pages, not in the navigation.\n",
        encoding="utf-8")
    for path in sorted((library / "cases").glob("*.md")):
        parts = split_front_matter(path.read_text(encoding="utf-8"))
        assert parts is not None, f"{path} has no front-matter"
        front_text, body, _ = parts
        front = yaml.safe_load(front_text)
        (pages / path.name).write_text(f"# {front['title']}\n\n{front['summary']}\n\n{body}",
                                       encoding="utf-8")
    return target
