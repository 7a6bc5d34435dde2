"""Provenance (generator/plan/provenance.py): last change from git, history links, verify links."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from casebook.library.load import load_library
from casebook.library.urls import case_src
from casebook.plan import provenance
from casebook.plan.page import Page
from casebook.plan.provenance import FileHistory, history_url, parse_log, read_history
from casebook.plan.site import plan, plan_site
from tests.helpers.library import TODAY, VALID_FRONT, case_text, make_library

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")
REPO = "https://github.com/example/casebook"


def git(root: Path, *args: str, when: str = "2025-01-01T12:00:00+00:00") -> str:
    """Run git in `root` as a fixed author at a fixed time, so dates are predictable."""
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "init.defaultBranch=main", *args],
                          cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository whose library sits in a subfolder, with three commits:
    two cases added, then one of them edited a year later."""
    root = make_library(tmp_path / "repo" / "library", {
        "first-case": case_text(),
        "second-case": case_text({**VALID_FRONT, "links": [
            {"title": "The trust's WRES report 2024",
             "url": "https://www.example.nhs.uk/wres-2024"}]}),
    })
    top = root.parent
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "Add two cases", when="2025-01-01T12:00:00+00:00")
    case = root / "cases" / "first-case.md"
    case.write_text(case.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    git(top, "commit", "-q", "-am", "Edit the first case", when="2025-06-30T09:30:00+01:00")
    (top / "unrelated.txt").write_text("not a case", encoding="utf-8")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "Unrelated", when="2025-12-01T00:00:00+00:00")
    return root


@needs_git
def test_history_gives_each_case_its_last_change_from_one_git_log(repository: Path) -> None:
    """The edit dates the first case; the second keeps its first commit; unrelated files
    and commits do not count. Paths are the repository's, for the history link."""
    history = read_history(repository)
    assert set(history) == {"first-case", "second-case"}
    first, second = history["first-case"], history["second-case"]
    assert first.changed == dt.datetime.fromisoformat("2025-06-30T09:30:00+01:00")
    assert second.changed == dt.datetime.fromisoformat("2025-01-01T12:00:00+00:00")
    assert first.path == "library/cases/first-case.md"
    assert first.commit == git(repository, "log", "-1", "--format=%H", "--",
                               "cases/first-case.md").strip()


@needs_git
def test_git_runs_twice_whatever_the_number_of_cases(repository: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """One `rev-parse` and one `log` for the whole folder, never one call per file."""
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args: list[str], **kwargs: Any) -> Any:
        calls.append(args)
        return real_run(args, **kwargs)

    monkeypatch.setattr(provenance.subprocess, "run", counting_run)
    read_history(repository)
    assert len(calls) == 2
    assert "log" in calls[1] and calls[1][-1] == "cases/"


@needs_git
def test_a_case_page_says_when_it_last_changed_and_links_to_its_history(
        repository: Path) -> None:
    """'## Verify this case' gives the date and the history of the file in the repository,
    and lists the case's links with their titles and addresses."""
    library = load_library(repository, today=TODAY)
    pages = {p.src: p for p in plan(library, TODAY, repo_url=REPO, git_history=True)[0]}
    first = pages[case_src("first-case")].front_matter()
    assert ["verify-this-case", "Verify this case"] in first["casebook_sections_toc"]
    sections = first["casebook_sections"]
    assert '<time datetime="2025-06-30">30 June 2025</time>' in sections
    assert f'href="{REPO}/commits/HEAD/library/cases/first-case.md"' in sections
    second = pages[case_src("second-case")].case.sections
    assert ('<a href="https://www.example.nhs.uk/wres-2024">The trust&#39;s WRES report '
            '2024</a>') in second
    assert "1 January 2025" in second


@needs_git
def test_history_is_off_unless_asked_for_so_planned_pages_stay_reproducible(
        repository: Path) -> None:
    """`plan_site` (golden tests) never reads git: the same library plans the same pages."""
    library = load_library(repository, today=TODAY)
    pages = {p.src: p for p in plan_site(library, today=TODAY)}
    assert "last changed" not in pages[case_src("first-case")].case.sections


def test_without_a_repository_there_is_no_history_and_the_page_says_nothing(
        tmp_path: Path) -> None:
    """A library outside any repository: no error, no 'last changed'; and no Verify
    section when the case has no links and no repository address is known either (with one,
    the section says how to correct the case: tests/test_repository_links.py)."""
    root = make_library(tmp_path / "plain", {"only-case": case_text()})
    if GIT is not None and subprocess.run(["git", "-C", str(root), "rev-parse"],
                                          capture_output=True, check=False).returncode == 0:
        pytest.skip("the temporary folder is inside a git repository")
    assert read_history(root) == {}
    library = load_library(root, today=TODAY)
    pages: dict[str, Page] = {
        p.src: p for p in plan(library, TODAY, repo_url=REPO, git_history=True)[0]}
    sections = pages[case_src("only-case")].case.sections
    assert "last changed" not in sections
    without_address = {p.src: p for p in plan(library, TODAY, git_history=True)[0]}
    assert "Verify this case" not in without_address[case_src("only-case")].case.sections


def test_without_git_installed_there_is_no_history(repository: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """git missing from PATH: an empty history, never an exception."""
    monkeypatch.setenv("PATH", "")
    assert read_history(repository) == {}


def test_a_failing_git_gives_no_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A timeout or any other failure of git is treated as no history."""
    def timeout(*args: Any, **kwargs: Any) -> Any:
        raise subprocess.TimeoutExpired(cmd="git", timeout=1)

    monkeypatch.setattr(provenance.subprocess, "run", timeout)
    assert read_history(tmp_path) == {}


def test_the_log_is_parsed_once_newest_commit_first() -> None:
    """The first commit that names a file is its last change; other folders are ignored,
    and so are files in subfolders of cases/ and files that are not Markdown."""
    log = ("c3\t2025-03-01T00:00:00+00:00\n\nlib/cases/a.md\nlib/cases/notes/x.md\n"
           "lib/cases/README.txt\n\n"
           "c2\t2025-02-01T00:00:00+00:00\n\nlib/cases/a.md\nlib/cases/b.md\nother/cases/c.md\n\n"
           "c1\t2025-01-01T00:00:00+00:00\n\nlib/cases/c.md\n")
    history = parse_log(log, "lib/cases/")

    def at(month: int) -> dt.datetime:
        return dt.datetime(2025, month, 1, tzinfo=dt.UTC)

    assert history == {"a": FileHistory("lib/cases/a.md", "c3", at(3)),
                       "b": FileHistory("lib/cases/b.md", "c2", at(2)),
                       "c": FileHistory("lib/cases/c.md", "c1", at(1))}


def test_history_links_follow_each_host_s_address_scheme() -> None:
    """GitHub and GitLab list a file's commits; elsewhere the link is the repository."""
    path = "cases/a b.md"
    assert history_url(REPO + ".git", path) == f"{REPO}/commits/HEAD/cases/a%20b.md"
    assert history_url("https://gitlab.com/nhs/casebook/", path) == (
        "https://gitlab.com/nhs/casebook/-/commits/HEAD/cases/a%20b.md")
    assert history_url("https://git.example.nhs.uk/casebook", path) == (
        "https://git.example.nhs.uk/casebook")
    assert history_url("", path) == ""
