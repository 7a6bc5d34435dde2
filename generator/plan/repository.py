"""The library's repository: its web address, and the links each case page makes from it,
"Edit this case" (the case's file in the host's editor) and "Suggest a correction" (a new
issue, filled in with the case's title and address).

The address is mkdocs.yml's `repo_url`. When that is unset, a build on GitHub Actions (the
workflow that publishes the site) uses the repository the run belongs to, which GitHub names
in the run's environment; nothing else guesses an address. Without one, the links are left
out and the site says nothing about a repository.

A case's title is contributed text: it reaches the new issue's address only through
`urlencode`, with control and formatting characters (a right-to-left override) removed and
every other character percent-encoded, so nothing in a title can end the query or add a
parameter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import quote, urlencode, urljoin, urlsplit

from markupsafe import Markup

from casebook.library.cases import Case
from casebook.library.urls import case_src
from casebook.plan.fragments import render

# What GitHub Actions sets in every run: `GITHUB_SERVER_URL` (https://github.com, or a GitHub
# Enterprise server) and `GITHUB_REPOSITORY` ("owner/name").
_OWNER_AND_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
CORRECTION_PREFIX = "Correction: "


def repository_links(repo_url: object, repository: object, extra: Mapping[str, object] | None,
                     environ: Mapping[str, str]) -> tuple[str, str]:
    """The repository's address and the "Edit this case" path, as the planners take them
    from mkdocs.yml (`repo_url`, else the plugin's `repository`; `extra.casebook.edit_uri`),
    for `casebook build` and `casebook stage` alike."""
    settings = (extra or {}).get("casebook")
    edit_uri = settings.get("edit_uri") if isinstance(settings, Mapping) else None
    return repository_url(str(repo_url or repository or ""), environ), str(edit_uri or "")


def repository_url(configured: str | None, environ: Mapping[str, str]) -> str:
    """The repository's web address: `configured` (mkdocs.yml's `repo_url`) when set; else,
    in a GitHub Actions run, the repository it runs in; else ''."""
    if configured:
        return configured.rstrip("/").removesuffix(".git")
    if environ.get("GITHUB_ACTIONS") != "true":
        return ""
    server = environ.get("GITHUB_SERVER_URL", "").rstrip("/")
    name = environ.get("GITHUB_REPOSITORY", "")
    parts = urlsplit(server)
    if parts.scheme != "https" or not parts.hostname or parts.path or parts.query:
        return ""
    if not _OWNER_AND_NAME.fullmatch(name) or name.endswith((".", ".git")):
        return ""
    return f"{server}/{name}"


def host_name(repo_url: str) -> str:
    """The host as readers know it ('GitHub'), as MkDocs names it for `repo_name`."""
    host = (urlsplit(repo_url).hostname or "").lower()
    known = {"github.com": "GitHub", "gitlab.com": "GitLab", "bitbucket.org": "Bitbucket"}
    return known.get(host, host.split(".")[0].title() if host else "")


def edit_url(repo_url: str, edit_uri: str, path: str) -> str:
    """The page that edits `path` (from the repository's top) in the host's editor: the
    repository's address, then `edit_uri` ('edit/main/', mkdocs.yml's extra.casebook), then
    the path."""
    if not repo_url or not edit_uri:
        return ""
    base = urljoin(repo_url.rstrip("/") + "/", edit_uri)
    return base.rstrip("/") + "/" + quote(path)


def correction_url(repo_url: str, title: str, path: str, page_url: str = "") -> str:
    """A new issue on GitHub or GitLab, its title naming the case and its body where the
    case is; '' on another host, whose address for a new issue is not known."""
    host = (urlsplit(repo_url).hostname or "").lower()
    plain = " ".join(_printable(title).split())
    where = [f"Page: {page_url}"] if page_url else []
    body = "\n".join([*where, f"File: {path}", "",
                      "What is wrong or out of date:", "", "",
                      "What it should say, and where that comes from (a link if you have one):",
                      ""])
    fields = {"title": CORRECTION_PREFIX + plain, "body": body}
    if "github" in host:  # github.com, or a GitHub Enterprise server: the same addresses
        return f"{repo_url}/issues/new?{urlencode(fields, quote_via=quote)}"
    if "gitlab" in host:
        gitlab = {"issue[title]": fields["title"], "issue[description]": body}
        return f"{repo_url}/-/issues/new?{urlencode(gitlab, quote_via=quote)}"
    return ""


def correction_links(case: Case, repo_url: str, edit_uri: str, site_url: str = "") -> Markup:
    """The two links at the foot of a case page; empty when neither can be made (no
    repository, or a host whose addresses are not known and no `edit_uri`)."""
    path = case_src(case.slug)  # cases/<slug>.md, where the file is in the repository
    page = f"{site_url.rstrip('/')}/cases/{case.slug}/" if site_url else ""
    correct = correction_url(repo_url, str(case.title), path, page) if repo_url else ""
    edit = edit_url(repo_url, edit_uri, path)
    if not correct and not edit:
        return Markup("")
    return Markup(render("case-correct.html", host=host_name(repo_url),
                         correction_url=correct, edit_url=edit))


def _printable(text: str) -> str:
    """`text` without control or formatting characters (bidi overrides, zero-width joiners),
    which would make the issue's title read differently from the case's."""
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in text
                   if unicodedata.category(c) != "Cf")

