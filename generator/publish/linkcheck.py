"""Link check of a built site: every internal link leads to a file, every anchor to an id.

Facilitators paste Casebook's links into session plans, so a link that breaks after a build
is a promise broken. This reads every HTML file of a built site and checks, without a server:

- every internal `href` and `src` (links, stylesheets, scripts, images, feeds, forms)
  resolves to a file in the site, a folder URL to its `index.html`;
- every `#anchor` names an element `id` on the target page;
- every alias redirect (`<meta http-equiv="refresh">`) lands on a real case page;
- no link or image uses a script or data address (`javascript:`, `data:` ...).

Run it as `python -m casebook.publish.linkcheck [SITE_DIR]` (default `site`); exit 1 when something
is broken. Links to other sites are not followed: that needs the network and says nothing
about this build.
"""

from __future__ import annotations

import posixpath
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from casebook.library.links import is_unsafe_url

# (tag, attribute) pairs that name another resource.
_URL_ATTRIBUTES = {
    ("a", "href"), ("link", "href"), ("area", "href"), ("script", "src"), ("img", "src"),
    ("source", "src"), ("video", "src"), ("audio", "src"), ("video", "poster"),
    ("iframe", "src"), ("embed", "src"), ("form", "action"), ("track", "src"),
    ("input", "src"),
}
# Folders whose files are not pages: Pagefind's index and the theme's assets.
_SKIP_FOLDERS = ("pagefind/", "assets/")
_REFRESH = re.compile(r"^\s*\d+\s*;\s*url\s*=\s*['\"]?([^'\"]*)['\"]?\s*$", re.IGNORECASE)
_CASE_PAGE = re.compile(r"^cases/[a-z0-9]+(?:-[a-z0-9]+)*/index\.html$")


@dataclass(frozen=True)
class BrokenLink:
    """One link that does not lead where it says."""

    page: str  # the HTML file, relative to the site, such as 'cases/x/index.html'
    url: str  # the address as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: '{self.url}' {self.reason}"


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (kind, url)
    redirect: str | None = None
    is_case: bool = False


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "article" and "cb-case" in values.get("class", "").split():
            self.page.is_case = True
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = _REFRESH.match(values.get("content", ""))
            if match:
                self.page.redirect = match.group(1).strip()
        for name, value in values.items():
            if (tag, name) in _URL_ATTRIBUTES:
                self.page.links.append((f"{tag} {name}", value.strip()))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.page.links.append((f"{tag} srcset", candidate.split()[0]))

    handle_startendtag = handle_starttag


def _read(path: Path) -> _Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8", errors="replace"))
    reader.close()
    return reader.page


def check_site(site: Path) -> list[BrokenLink]:
    """Every broken internal link, anchor and redirect of the site built in `site`."""
    pages = {p.relative_to(site).as_posix(): _read(p) for p in sorted(site.rglob("*.html"))
             if not p.relative_to(site).as_posix().startswith(_SKIP_FOLDERS)}
    broken: list[BrokenLink] = []
    for name, page in pages.items():
        for _kind, url in page.links:
            problem = _check_url(site, pages, name, url)
            if problem:
                broken.append(BrokenLink(name, url, problem))
        if page.redirect is not None:
            problem = _check_url(site, pages, name, page.redirect)
            target = _resolve(name, page.redirect)
            if not problem and (target is None or not _CASE_PAGE.match(target)
                                or not pages.get(target, _Page()).is_case):
                problem = "is a redirect that does not land on a case page"
            if problem:
                broken.append(BrokenLink(name, page.redirect, f"(redirect) {problem}"))
    return broken


def _resolve(page: str, url: str) -> str | None:
    """The site-relative file a relative or root-relative URL names, or None outside the site."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(page), path)
    normal = posixpath.normpath(joined) if joined else posixpath.dirname(page)
    if normal.startswith("../") or normal == "..":
        return None
    normal = "" if normal == "." else normal
    if not path or path.endswith("/") or not posixpath.basename(normal):
        return posixpath.join(normal, "index.html") if normal else "index.html"
    return normal


def _check_url(site: Path, pages: dict[str, _Page], page: str, url: str) -> str:
    """Why `url` on `page` is broken, or '' when it is fine (or not this site's)."""
    if is_unsafe_url(url):
        return "is a script or data address"
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        return ""  # another site, or mailto: and friends
    if not url or (not parts.path and not parts.fragment):
        return ""  # the page itself (href="" or "?q=...")
    target = _resolve(page, url) if parts.path else page
    if target is None:
        return "leads outside the site"
    file = site / target
    if file.is_dir():
        target = posixpath.join(target, "index.html")
        file = site / target
    if not file.is_file():
        return f"leads to '{target}', which is not in the site"
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html"):
        ids = pages[target].ids if target in pages else _read(file).ids
        if fragment not in ids:
            return f"names '#{fragment}', which is not an id on '{target}'"
    return ""


def main(argv: list[str] | None = None) -> int:
    """`python -m casebook.publish.linkcheck [SITE_DIR]`: print every broken link; exit 1 if any."""
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0] if args else "site")
    if not (site / "index.html").is_file():
        print(f"linkcheck: no built site in '{site}' (no index.html)", file=sys.stderr)
        return 2
    broken = check_site(site)
    for link in broken:
        print(link)
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"linkcheck: {pages} pages, {len(broken)} broken link{'s' * (len(broken) != 1)}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
