"""Helpers for the browser tests (tests/e2e): the library read as plain data, and building a
site. The fixtures that use them are in tests/e2e/conftest.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers.library import ROOT, copy_site_files


@dataclass(frozen=True)
class LibraryCase:
    """One case of the real library, read straight from its file (not through Casebook)."""

    slug: str
    front: dict[str, Any]
    body: str

    @property
    def title(self) -> str:
        return str(self.front["title"])

    def has(self, facet: str, term: str) -> bool:
        """Whether this case carries `term` of `facet` (`areas` is a list, others a value)."""
        value = self.front.get(facet)
        values = value if isinstance(value, list) else [value]
        return term in [str(v) for v in values]

    @property
    def words(self) -> str:
        """The text Browse's word filter searches: title, summary, organisation, keywords."""
        parts = [self.front["title"], self.front["summary"], self.front["organisation"],
                 *self.front.get("keywords", [])]
        return " ".join(str(p) for p in parts).casefold()


def read_case(path: Path) -> LibraryCase:
    """A case file split into its YAML front-matter and its Markdown body."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return LibraryCase(path.stem, yaml.safe_load(front), body)


@dataclass
class Site:
    """A built site served over HTTP."""

    folder: Path
    url: str  # 'http://127.0.0.1:PORT', without a trailing slash


# The repository the sites are built for, as a GitHub Actions run names it (the real one's
# address is not stated): the footer, "Edit this case" and "Suggest a correction" link to it.
REPOSITORY = "https://github.com/example/casebook"
BUILD_ENVIRONMENT = {"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com",
                     "GITHUB_REPOSITORY": "example/casebook"}


def build_site(root: Path, site_dir: Path) -> Path:
    """`casebook build` of the library at `root` into `site_dir`, as GitHub Actions would
    build it for REPOSITORY; fails the tests loudly."""
    command = [sys.executable, "-m", "casebook.cli", "--root", str(root), "build",
               "--site-dir", str(site_dir), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT,
                            env={**os.environ, **BUILD_ENVIRONMENT})
    if result.returncode != 0:
        pytest.fail(f"casebook build failed ({result.returncode}):\n{result.stdout}\n"
                    f"{result.stderr}", pytrace=False)
    return site_dir


_SIBLING_LINK = re.compile(r"\[([^\]]+)\]\(\.\./[^)]*\)")


def make_alias_library(folder: Path, cases: list[LibraryCase], aliases: list[str]) -> Path:
    """A small library: the real configuration and theme, two real cases, the first with
    `aliases`, and no session packs. Links between cases become plain text, since the other
    cases are not there."""
    folder.mkdir(parents=True)
    copy_site_files(folder)
    (folder / "cases").mkdir()
    for index, case in enumerate(cases):
        front = {k: v for k, v in case.front.items() if k not in ("related", "aliases")}
        if index == 0:
            front["aliases"] = aliases
        text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
        body = _SIBLING_LINK.sub(r"\1", case.body)
        (folder / "cases" / f"{case.slug}.md").write_text(f"---\n{text}---\n{body}",
                                                         encoding="utf-8")
    return folder


def page_addresses(library: list[LibraryCase], taxonomy: dict[str, Any]) -> dict[str, str]:
    """One address of each page type, picked from the real library (tests/e2e/test_frame.py
    checks the same pages for reflow)."""
    area = taxonomy["facets"]["areas"]["terms"][0]["id"]
    types = Counter(c.front["trust_type"] for c in library)
    trust_type = types.most_common(1)[0][0]
    unused = [t["id"] for t in taxonomy["facets"]["trust_type"]["terms"] if t["id"] not in types]
    ticked_area = library[0].front["areas"][0]
    ticked_type = library[0].front["trust_type"]
    failed = next(c for c in library if c.front["outcome"] in ("mixed", "no-change-yet",
                                                              "did-not-work"))
    # A trust type whose similar types have cases: its page lists the closest of them.
    near = next((t["id"] for t in taxonomy["facets"]["trust_type"]["terms"]
                 if any(types[s] for s in t.get("similar", []))), "")
    most_diverse = taxonomy["facets"]["population_profile"]["terms"][0]["id"]
    return {
        "home": "/",
        "case": f"/cases/{library[0].slug}/",
        # What did not work in its panel, and the other areas' questions folded.
        "case with what did not work": f"/cases/{failed.slug}/",
        "area with pitfalls": f"/areas/{failed.front['areas'][0]}/",
        "learning from failure": "/learning-from-failure/",
        "measured impact": "/impact/",
        "area term": f"/areas/{area}/",
        "trust-type term": f"/trust-types/{trust_type}/",
        # A term no case carries yet says so, and links to the contributor guide.
        "term with no cases": f"/trust-types/{unused[0]}/" if unused else "",
        "areas overview": "/areas/",
        "browse": "/browse/",
        "browse with two filters": f"/browse/?area={ticked_area}&trust_type={ticked_type}",
        "coverage": "/coverage/",
        # Find cases with words (Pagefind) and a filter: chips, excerpts, hidden options.
        "find cases with words": f"/browse/?q=board&area={ticked_area}",
        "packs": "/packs/",
        "pack handout": "/packs/board-accountability-for-race-equality/",
        "frameworks": "/frameworks/",
        "about": "/about/",
        "contribute": "/contribute/",
        "maintainer's guide": "/maintainers/",
        "sources": "/sources/",
        "wres term": "/wres/1/",
        "accessibility statement": "/accessibility/",
        "trust-type term with closest cases": f"/trust-types/{near}/" if near else "",
        "browse with closest cases": (f"/browse/?trust_type={near}&population={most_diverse}"
                                      if near else ""),
        # Three cases, one with "What did not work", drawn by the script (wait for
        # SESSION_READY) from the cases' own pages.
        "session": "/session/?cases=" + ",".join(list(dict.fromkeys(
            [library[0].slug, failed.slug, library[1].slug, library[2].slug]))[:3])
        + "&title=A%20board%20session",
    }


PAGE_TYPES = ["home", "case", "case with what did not work", "area with pitfalls",
              "learning from failure", "area term", "trust-type term", "term with no cases",
              "measured impact",
              "areas overview", "browse", "browse with two filters", "coverage",
              "find cases with words", "packs", "pack handout", "frameworks", "about", "contribute",
              "maintainer's guide",
              "sources", "wres term", "accessibility statement", "session",
              "trust-type term with closest cases", "browse with closest cases"]
# The session page has drawn its cases (theme/assets/casebook/session.js).
SESSION_READY = "[data-cb-session][data-cb-ready='true']"
