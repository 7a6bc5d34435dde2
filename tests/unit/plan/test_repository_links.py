"""The repository's address (generator/plan/repository.py) and the links a case page makes from
it: "Edit this case" and "Suggest a correction", whatever the case's title holds."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from casebook.library.load import load_library
from casebook.library.urls import case_src
from casebook.plan.repository import (
    CORRECTION_PREFIX,
    correction_url,
    edit_url,
    host_name,
    repository_url,
)
from casebook.plan.site import plan
from tests.helpers.library import ROOT, TODAY, make_library

REPO = "https://github.com/example/casebook"
ACTIONS = {"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com",
           "GITHUB_REPOSITORY": "example/casebook"}
HOSTILE_TITLE = ("Fish & chips #1? a=b&title=x+y %0A%23 <b>bold</b> 'quoted' \"twice\" / \\ "
                 "?body=@maintainers")
HOSTILE_CASE = ROOT / "tests" / "hostile" / "cases" / "title-that-would-break-an-issue-link.md"
_HREF = re.compile(r'<a href="([^"]*)">(Suggest a correction|Edit this case)</a>')
# What a percent-encoded query may hold: unreserved characters, '%XX', and '=' and '&'
# between the names and values urlencode writes.
_ENCODED_QUERY = re.compile(r"(?:[A-Za-z0-9._~-]|%[0-9A-F]{2}|[=&])*")


# ---------------------------------------------------------------- the address


def test_mkdocs_yml_s_address_wins_and_is_tidied() -> None:
    """repo_url as written, without a trailing '/' or '.git', whatever the environment."""
    assert repository_url(REPO + ".git", ACTIONS | {"GITHUB_REPOSITORY": "other/repo"}) == REPO
    assert repository_url(REPO + "/", {}) == REPO


def test_a_github_actions_run_names_the_repository_it_builds() -> None:
    assert repository_url(None, ACTIONS) == REPO
    assert repository_url("", ACTIONS | {"GITHUB_SERVER_URL": "https://git.nhs.example/"}) == (
        "https://git.nhs.example/example/casebook")


def test_outside_github_actions_no_address_is_guessed() -> None:
    """GITHUB_REPOSITORY alone (set by other tools, or by hand) is not taken."""
    assert repository_url(None, {k: v for k, v in ACTIONS.items()
                                 if k != "GITHUB_ACTIONS"}) == ""
    assert repository_url(None, {}) == ""


@pytest.mark.parametrize(("key", "value"), [
    ("GITHUB_SERVER_URL", "javascript:alert(1)"),
    ("GITHUB_SERVER_URL", "http://github.com"),
    ("GITHUB_SERVER_URL", "https://github.com/path"),
    ("GITHUB_SERVER_URL", "https://github.com?x=1"),
    ("GITHUB_SERVER_URL", ""),
    ("GITHUB_REPOSITORY", "example/casebook/extra"),
    ("GITHUB_REPOSITORY", "../casebook"),
    ("GITHUB_REPOSITORY", "example/casebook?x=1"),
    ("GITHUB_REPOSITORY", 'example/"><script>'),
    ("GITHUB_REPOSITORY", "example/.."),
    ("GITHUB_REPOSITORY", ""),
])
def test_an_odd_environment_gives_no_address_rather_than_a_strange_one(key: str,
                                                                      value: str) -> None:
    assert repository_url(None, ACTIONS | {key: value}) == ""


def test_the_host_is_named_as_readers_know_it() -> None:
    assert host_name(REPO) == "GitHub"
    assert host_name("https://gitlab.com/a/b") == "GitLab"
    assert host_name("https://git.nhs.example/a/b") == "Git"
    assert host_name("") == ""


# ---------------------------------------------------------------- the links


def test_edit_this_case_opens_the_case_file_in_the_host_s_editor() -> None:
    assert edit_url(REPO, "edit/main/", "cases/shadow-board.md") == (
        f"{REPO}/edit/main/cases/shadow-board.md")
    assert edit_url(REPO, "edit/main", "cases/a.md") == f"{REPO}/edit/main/cases/a.md"
    assert edit_url(REPO, "https://other.example/edit/", "cases/a.md") == (
        "https://other.example/edit/cases/a.md")


def test_without_an_address_or_an_edit_uri_there_is_no_edit_link() -> None:
    assert edit_url("", "edit/main/", "cases/a.md") == ""
    assert edit_url(REPO, "", "cases/a.md") == ""


@pytest.mark.parametrize("title", [
    HOSTILE_TITLE,
    "A title with a line\nbreak and a tab\there",
    "A right-to-left \u202eoverride and a zero\u200bwidth space",
    "Ends in a percent sign %",
    "Ünïcödé — en dash – and emoji 🙂",
])
def test_a_correction_link_carries_the_case_title_and_nothing_else(title: str) -> None:
    """Whatever the title holds, the link is a new issue with two fields, title and body;
    the title is the case's, on one line, without invisible characters; nothing in it ends
    the query, starts a fragment or adds a field."""
    url = correction_url(REPO, title, "cases/a-case.md", "https://cases.example/cases/a-case/")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO}/issues/new"
    assert parts.fragment == "" and "#" not in url
    assert _ENCODED_QUERY.fullmatch(parts.query), parts.query
    fields = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert set(fields) == {"title", "body"} and all(len(v) == 1 for v in fields.values())
    shown = fields["title"][0]
    assert shown.startswith(CORRECTION_PREFIX)
    assert shown == CORRECTION_PREFIX + " ".join(shown[len(CORRECTION_PREFIX):].split())
    assert not re.search("[\u200b\u202e\n\t]", shown)
    assert "Page: https://cases.example/cases/a-case/\nFile: cases/a-case.md\n" in (
        fields["body"][0])


def test_the_title_s_words_reach_the_issue_unchanged() -> None:
    fields = parse_qs(urlsplit(correction_url(REPO, HOSTILE_TITLE, "cases/a.md")).query)
    assert fields["title"] == [CORRECTION_PREFIX + HOSTILE_TITLE]
    assert fields["body"][0].startswith("File: cases/a.md\n")  # no page address: none known


def test_gitlab_gets_its_own_new_issue_address_and_other_hosts_none() -> None:
    gitlab = urlsplit(correction_url("https://gitlab.com/a/b", "Title & more", "cases/a.md"))
    assert gitlab.path == "/a/b/-/issues/new"
    assert parse_qs(gitlab.query)["issue[title]"] == [CORRECTION_PREFIX + "Title & more"]
    assert correction_url("https://git.nhs.example/a/b", "A title", "cases/a.md") == ""


# ---------------------------------------------------------------- on the case page


@pytest.fixture(scope="module")
def hostile_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of one case: the hostile corpus's title that would break an issue link."""
    root = make_library(tmp_path_factory.mktemp("issue-link"))
    shutil.copyfile(HOSTILE_CASE, root / "cases" / HOSTILE_CASE.name)
    return root


def _links(root: Path, repo_url: str, edit_uri: str = "edit/main/") -> dict[str, str]:
    """The case page's correction links (text → address, as the browser reads it)."""
    library = load_library(root, today=TODAY)
    assert library.ok, library.diagnostics
    pages = {p.src: p for p in plan(library, TODAY, site_url="https://cases.example/",
                                    repo_url=repo_url, edit_uri=edit_uri)[0]}
    sections = pages[case_src(HOSTILE_CASE.stem)].case.sections
    return {text: html.unescape(href) for href, text in _HREF.findall(sections)}


def test_a_case_page_links_to_edit_and_correct_the_case(hostile_library: Path) -> None:
    """Both links, in the Verify section, escaped once for HTML: the browser reads back the
    address that was built, with the hostile title intact in the new issue's title."""
    links = _links(hostile_library, REPO)
    assert links["Edit this case"] == f"{REPO}/edit/main/cases/{HOSTILE_CASE.stem}.md"
    fields = parse_qs(urlsplit(links["Suggest a correction"]).query)
    assert fields["title"] == [CORRECTION_PREFIX + HOSTILE_TITLE]
    assert fields["body"][0].startswith(
        f"Page: https://cases.example/cases/{HOSTILE_CASE.stem}/\n")


def test_without_a_repository_a_case_page_offers_neither_link(hostile_library: Path) -> None:
    assert _links(hostile_library, "") == {}


def test_without_an_edit_uri_only_the_correction_is_offered(hostile_library: Path) -> None:
    assert set(_links(hostile_library, REPO, edit_uri="")) == {"Suggest a correction"}


def test_on_a_host_with_unknown_addresses_and_no_edit_uri_there_is_nothing_to_offer(
        hostile_library: Path) -> None:
    """No 'Something wrong?' line above an empty list."""
    library = load_library(hostile_library, today=TODAY)
    pages = {p.src: p for p in plan(library, TODAY, repo_url="https://git.nhs.example/a/b")[0]}
    assert "Something wrong" not in pages[case_src(HOSTILE_CASE.stem)].case.sections
