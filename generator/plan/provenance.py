"""Provenance: when each case's file last changed, its history, and links to verify it.

The history comes from one `git log` over the whole cases/ folder, parsed once, so it costs
the same whether the library has ten cases or ten thousand; never one call per file. When
git is not installed, the library is not in a repository, or git fails for any reason, the
history is empty and the case pages say nothing about it.

A shallow clone (as CI checkouts often are) knows only its last commit, so every case would
seem to have changed then: fetch the full history where the dates matter.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from casebook.library.cases import Case
from casebook.library.contents import CASES_DIR
from casebook.library.urls import link_address
from casebook.plan.fragments import render
from casebook.plan.views import long_date

GIT_TIMEOUT_S = 60


@dataclass(frozen=True)
class FileHistory:
    """The last commit that changed one case file."""

    path: str           # relative to the repository's top level, as the history URL needs
    commit: str
    changed: dt.datetime


def _git(root: Path, *args: str) -> str | None:
    """git's output, or None when git is absent or fails. Never raises."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", "-C", str(root), *args],
            capture_output=True, text=True, encoding="utf-8", errors="replace",
            timeout=GIT_TIMEOUT_S, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(root: Path, folder: str = CASES_DIR) -> dict[str, FileHistory]:
    """slug → the last change to `<root>/<folder>/<slug>.md`, from one `git log` call."""
    prefix = _git(root, "rev-parse", "--show-prefix")
    if prefix is None:
        return {}
    log = _git(root, "log", "--format=%H%x09%cI", "--name-only", "--", f"{folder}/")
    if log is None:
        return {}
    return parse_log(log, prefix.strip() + folder + "/")


def parse_log(log: str, cases_path: str) -> dict[str, FileHistory]:
    """slug → FileHistory from `git log --format=%H%x09%cI --name-only` output, newest
    commit first. Each line is read once; the first commit naming a file is its last change."""
    found: dict[str, FileHistory] = {}
    commit, changed = "", None
    for line in log.splitlines():
        if "\t" in line:
            commit, _, stamp = line.partition("\t")
            try:
                changed = dt.datetime.fromisoformat(stamp.strip())
            except ValueError:
                changed = None
            continue
        name = line.strip()
        if not name or changed is None or not name.startswith(cases_path):
            continue
        stem = name[len(cases_path):]
        if "/" in stem or not stem.endswith(".md"):
            continue
        found.setdefault(stem[:-3], FileHistory(name, commit, changed))
    return found


def history_url(repo_url: str, path: str) -> str:
    """The page listing every commit to `path`, for the hosts whose address scheme is known;
    the repository's own address otherwise."""
    if not repo_url:
        return ""
    base = _repository(repo_url)
    host = urlsplit(base).hostname or ""
    quoted = quote(path)
    if host == "github.com" or host.endswith(".github.com"):
        return f"{base}/commits/HEAD/{quoted}"
    if "gitlab" in host:
        return f"{base}/-/commits/HEAD/{quoted}"
    return base


def verify_section(case: Case, history: FileHistory | None, repo_url: str = "") -> Markup:
    """The body of '## Verify this case' as HTML: its published evidence, and when its text
    last changed; empty when there is neither."""
    if not case.links and history is None:
        return Markup("")
    links = [{"title": link.title, "host": _host(link.url),
              "url": link_address(link.url)} for link in case.links]
    changed, kind, url = None, "", ""
    if history is not None:
        changed = history.changed.date()
        url = history_url(repo_url, history.path)
        if url.startswith(_repository(repo_url) + "/"):
            kind = "file"
        elif url:
            kind = "repository"
    return Markup(render("case-verify.html", links=links, changed=changed,
                         changed_text=long_date(changed) if changed else "",
                         history_kind=kind, history_url=url))


def _repository(repo_url: str) -> str:
    return repo_url.rstrip("/").removesuffix(".git")


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")
