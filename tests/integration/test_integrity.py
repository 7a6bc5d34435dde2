"""Publishing integrity: a build that fails or is interrupted leaves the previous site exactly.

Each test builds a small library once, hashes every file of the published site, breaks the
next build in one way, and hashes again. The builds run in this process through
`casebook.cli.main`, so a test can make Pagefind fail or interrupt a hook.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.cli import main
from casebook.search.pagefind import SearchIndex, SearchIndexError
from tests.helpers.library import ROOT, case_text, generated_case, make_library

CASES = 3


def _library(folder: Path) -> Path:
    """The repository's configuration, theme and docs, and a few generated valid cases."""
    root = make_library(folder)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copyfile(ROOT / name, root / name)
    shutil.copytree(ROOT / "theme", root / "theme")
    shutil.copytree(ROOT / "docs", root / "docs")
    for index in range(CASES):
        slug, text = generated_case(index, dt.date.today())
        # Each case links to its neighbour; the last one's neighbour is the first.
        text = text.replace(f"../generated-case-{CASES:05d}/", "../generated-case-00000/")
        (root / "cases" / f"{slug}.md").write_text(text, "utf-8")
    return root


def fingerprint(site: Path) -> dict[str, str]:
    """Every file and folder of the site: relative path → SHA-256 (folders → 'folder')."""
    found = {}
    for path in sorted(site.rglob("*")):
        key = path.relative_to(site).as_posix()
        found[key] = "folder" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def leftovers(site: Path) -> list[str]:
    """Hidden staging or previous-site folders beside the site."""
    return sorted(p.name for p in site.parent.iterdir()
                  if p.name.startswith((f".{site.name}.building-", f".{site.name}.previous-")))


def pagefind_processes() -> list[int]:
    """The Pagefind processes this test process started that have not been stopped."""
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            stat = stat_file.read_text()
        except OSError:
            continue  # it ended while we looked
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        parent = stat[stat.rindex(")") + 2:].split()[1]
        if name == "pagefind" and int(parent) == os.getpid():
            found.append(int(stat_file.parent.name))
    return found


def build(root: Path, site: Path) -> int:
    return main(["--root", str(root), "build", "--site-dir", str(site), "--quiet"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(library, site) after one good build, made once for the module."""
    folder = tmp_path_factory.mktemp("integrity")
    root = _library(folder / "library")
    site = folder / "public" / "site"
    assert build(root, site) == 0
    assert (site / "cases" / "generated-case-00000" / "index.html").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    return root, site


@pytest.fixture
def published(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """(library, site, fingerprint of the site): a test's own copy of the good build."""
    root, site = tmp_path / "library", tmp_path / "public" / "site"
    shutil.copytree(built[0], root)
    shutil.copytree(built[1], site)
    return root, site, fingerprint(site)


def test_a_broken_case_leaves_the_previous_site_untouched(published, caplog) -> None:
    """A case with broken front-matter: exit 1, and every file of the site as it was."""
    root, site, before = published
    (root / "cases" / "broken.md").write_text("---\ntitle: [unclosed\n---\n", "utf-8")
    assert build(root, site) == 1
    assert "broken.md" in caplog.text
    assert fingerprint(site) == before
    assert leftovers(site) == []


def test_a_broken_taxonomy_leaves_the_previous_site_untouched(published, caplog) -> None:
    """A truncated taxonomy.yml: exit 1, and every file of the site as it was."""
    root, site, before = published
    text = (root / "taxonomy.yml").read_text("utf-8")
    (root / "taxonomy.yml").write_text(text[: len(text) // 2] + "\n  - [", "utf-8")
    assert build(root, site) == 1
    assert "taxonomy.yml" in caplog.text
    assert fingerprint(site) == before
    assert leftovers(site) == []


def test_a_pagefind_failure_leaves_the_previous_site_untouched(
        published, monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    """Pagefind failing after every page was written: exit 1, nothing published."""
    root, site, before = published

    def fail(self: SearchIndex, timeout: float = 0) -> None:
        raise SearchIndexError("Pagefind failed to index the site: (a test)")

    monkeypatch.setattr("casebook.search.pagefind.SearchIndex.finish", fail)
    assert build(root, site) == 1
    assert "Pagefind failed" in caplog.text
    assert fingerprint(site) == before
    assert pagefind_processes() == []
    assert leftovers(site) == []


def test_a_failing_pagefind_binary_leaves_the_previous_site_untouched(
        published, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    """The real search service running a pagefind that exits 1: exit 1, nothing published."""
    root, site, before = published
    stub = tmp_path / "pagefind"
    stub.write_text("#!/bin/sh\necho 'Error: the index is broken' >&2\nexit 1\n", "utf-8")
    stub.chmod(stub.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr("casebook.search.pagefind.pagefind_binary", lambda: stub)
    assert build(root, site) == 1
    assert "the index is broken" in caplog.text
    assert fingerprint(site) == before
    assert leftovers(site) == []


@pytest.mark.parametrize("hook", ["casebook.render.session.plan",
                                  "casebook.search.pagefind.SearchIndex.add",
                                  "casebook.search.pagefind.SearchIndex.finish"])
def test_an_interrupted_build_leaves_the_previous_site_untouched(
        published, hook: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while planning, while pages render and go to Pagefind, or after every page was
    written: exit 130, the site as it was, Pagefind stopped; the next build clears what the
    interrupted one left behind and publishes."""
    root, site, before = published

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(hook, interrupt)
        assert build(root, site) == 130
    assert fingerprint(site) == before
    assert pagefind_processes() == []
    (root / "cases" / "added-after-the-interrupt.md").write_text(case_text(), "utf-8")
    assert build(root, site) == 0
    assert leftovers(site) == []
    after = fingerprint(site)
    assert "cases/added-after-the-interrupt/index.html" in after
    assert "cases/generated-case-00002/index.html" in after


def _dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_build_cut_off_between_the_two_renames_gets_its_site_back(
        published, monkeypatch: pytest.MonkeyPatch) -> None:
    """If a build died after moving the old site aside and before moving the new one in,
    the next build puts the old site back first, even if that build then fails."""
    root, site, before = published
    site.rename(site.with_name(f".{site.name}.previous-{_dead_pid()}"))
    assert not site.exists()

    def fail(self: SearchIndex, timeout: float = 0) -> None:
        raise SearchIndexError("Pagefind failed to index the site: (a test)")

    monkeypatch.setattr("casebook.search.pagefind.SearchIndex.finish", fail)
    assert build(root, site) == 1
    assert fingerprint(site) == before
    assert leftovers(site) == []


def test_a_staging_folder_of_a_running_build_is_left_alone(published) -> None:
    """Another build of the same site that is still running keeps its staging folder;
    the stale one of an ended build is removed."""
    root, site, _ = published
    running = site.with_name(f".{site.name}.building-{os.getppid()}-abc123")
    stale = site.with_name(f".{site.name}.building-{_dead_pid()}-def456")
    other_site = site.with_name(".other.building-1-ghi789")
    for folder in (running, stale, other_site):
        folder.mkdir()
    assert build(root, site) == 0
    assert running.is_dir() and other_site.is_dir()
    assert not stale.exists()
