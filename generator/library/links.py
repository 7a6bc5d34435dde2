"""The markup rules: unsafe HTML, unsafe addresses (however disguised), and links that lead
nowhere in the library or to an anchor the page does not have."""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

from casebook.diagnostics.catalogue import Diagnostic, Pos, diagnostic
from casebook.library.anchors import fenced_lines, heading_ids
from casebook.library.cases import split_front_matter
from casebook.library.findings import Finding, placed, shorten
from casebook.library.sourcefile import read_text

_UNSAFE_TAG = re.compile(
    r"<[^\S\n]*(script|iframe|object|embed|style|form|frame|frameset|applet|base|meta|link)\b",
    re.IGNORECASE,
)


# An event-handler attribute wherever it is: in a tag (even one whose quoted values hold
# a '>'), or in an attribute list ('{ onclick=... }'), which Markdown turns into a real
# attribute. A token, not a whole tag: r"<[a-z][^>]*?on..." takes time quadratic in the
# length of a line of '<a <a <a ...'. Query strings ('?a=1&onload=2') are not handlers.
_EVENT_ATTR = re.compile(r"(?<![\w&?.=-])on[a-z]{3,}[^\S\n]*=", re.IGNORECASE)


# Every pattern below runs in time linear in the line: no part of one can scan past the
# point where another attempt would start ('](' for links, '<' for autolinks), and the parts
# that scan are possessive (`*+`), so a line of 30,000 '[](' or '<a:' costs what prose does.
# A link is found from its '](' alone: the text before it does not change where it leads,
# and scanning back for its '[' is what made '[[[[…](' quadratic.
# What is inside is taken apart as Python-Markdown does it (_destination): an address may hold
# white space ('a\tb.md' is a link to "a  b.md", which the build looks for).
_MD_LINK = re.compile(r"\]\(((?:[^)\n\]]|\](?!\())*+)\)")


_TITLE = re.compile(r"\s+[\"']")  # Python-Markdown reads no '(title)' in a link


_REF_DEF = re.compile(r"^[^\S\n]{0,3}\[[^\]\n]++\]:[^\S\n]*+<?(\S+?)>?(?:\s|$)", re.MULTILINE)


_HTML_URL = re.compile(r"\b(?:href|src|action|formaction|poster|background)[^\S\n]*=[^\S\n]*"
                       r"(?:\"([^\"\n]*)\"|'([^'\n]*)'|([^\s>]+))", re.IGNORECASE)


# An autolink holds no "<" (CommonMark), so one attempt never runs past the next.
_AUTOLINK = re.compile(r"<([a-z][a-z0-9+.-]*+:[^<>\s]*+)>", re.IGNORECASE)


_UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.IGNORECASE)


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


_INVISIBLE = re.compile(r"[\x00-\x20\u200b-\u200f\u2028-\u202f\ufeff]")


def check_html(text: str, path: Path | str, line: int, col_offset: int = 0) -> list[Diagnostic]:
    """Unsafe tags, event-handler attributes and unsafe URLs in one line of text."""
    return placed(html_findings(text), path, line, col_offset)


def html_findings(text: str) -> Iterator[Finding]:
    # Each pattern only where the character it cannot match without is: over a megabyte of
    # lines picked for their '](' the others would search for nothing.
    for match in _UNSAFE_TAG.finditer(text) if "<" in text else ():
        yield match.start(), "unsafe-html", f"<{match.group(1).lower()}> is not allowed", ""
    for match in _EVENT_ATTR.finditer(text) if "=" in text else ():
        yield (match.start(), "unsafe-html", "event-handler attributes (on…=) are not allowed",
               "")
    for url, offset in _urls(text):
        if is_unsafe_url(url):
            yield offset, "unsafe-url", f"'{shorten(url)}' is not a safe address", ""


def is_unsafe_url(url: str) -> bool:
    """True for script-running or embedded-data schemes, however they are disguised."""
    if ":" not in url and "&" not in url:
        return False  # no scheme, written or as an entity: most addresses, decided at once
    cleaned = _INVISIBLE.sub("", html.unescape(url))
    return bool(_UNSAFE_SCHEME.match(cleaned))


def _urls(text: str) -> Iterator[tuple[str, int]]:
    """Every link, image and attribute address in `text`, with its offset."""
    for url, offset, _markdown in _addresses(text):
        yield url, offset


def _addresses(text: str) -> Iterator[tuple[str, int, bool]]:
    """Every address in `text`: (address, offset, whether MkDocs sees it as a link)."""
    for match in _MD_LINK.finditer(text) if "](" in text else ():
        url, start = _destination(match.group(1))
        yield url, match.start(1) + start, True
    for match in _REF_DEF.finditer(text) if "]:" in text else ():
        yield match.group(1), match.start(1), True
    for match in _AUTOLINK.finditer(text) if "<" in text else ():
        yield match.group(1), match.start(1), True
    for match in _HTML_URL.finditer(text) if "=" in text else ():
        group = next(i for i in (1, 2, 3) if match.group(i) is not None)
        yield match.group(group), match.start(group), False


def _destination(inside: str) -> tuple[str, int]:
    """The address of a Markdown link from what is between its parentheses, and where it
    starts: '<a b.md>' is 'a b.md'; a title ('a.md "T"') is not part of it; white space
    inside is, as Python-Markdown reads it."""
    start = len(inside) - len(inside.lstrip())
    rest = inside[start:]
    if rest.startswith("<"):
        end = rest.find(">")
        after = rest[end + 1:].strip() if end != -1 else ""
        if end != -1 and (not after or after[0] in "\"'"):
            return rest[1:end], start + 1
        return rest.rstrip(), start  # '<a.md> (T)' is no '<…>' address: all of it is one
    title = _TITLE.search(rest)
    return (rest[:title.start()] if title else rest).rstrip(), start


def link_findings(text: str, links: Links) -> Iterator[Finding]:
    for url, offset, markdown in _addresses(text):
        if url.startswith(("/", "\\")) and not url.startswith(("//", "\\\\")):
            # MkDocs refuses a link from the site's root, and it breaks a site published in
            # a folder (a GitHub project's Pages): both ways the link is wrong.
            yield (offset, "root-relative-link",
                   f"'{shorten(url)}' is a link from the root of the site", "")
            continue
        if not url or url.startswith("mailto:") or _SCHEME.match(url):
            continue
        if is_unsafe_url(url):
            continue  # reported as unsafe-url: one diagnostic per mistake
        address, _, anchor = url.partition("#")
        target = address.split("?", 1)[0]
        if target and not links.resolves(target):
            yield (offset, "broken-link",
                   f"'{shorten(url)}' does not lead to a case or image in the library", "")
        elif anchor and markdown and not links.has_anchor(target, anchor):
            yield (offset, "missing-anchor",
                   f"'{shorten(url)}': the page has no heading with the id '{anchor}'", "")


class Links:
    """Whether a link's target is in the library and has the anchor asked for, each target
    looked up once a body."""

    def __init__(self, case_exists: Callable[[str], bool], cases_dir: Path,
                 own_anchors: Callable[[], set[str]]) -> None:
        self.case_exists = case_exists
        self.cases_dir = cases_dir
        self.own_anchors = own_anchors
        self.known: dict[str, bool] = {}
        self.anchors: dict[str, set[str] | None] = {}

    def resolves(self, target: str) -> bool:
        if target not in self.known:
            self.known[target] = _link_resolves(target, self.case_exists, self.cases_dir)
        return self.known[target]

    def has_anchor(self, target: str, anchor: str) -> bool:
        """Whether the case page `target` leads to ('' for this one) has the anchor; True
        for a target that is not a case page (an image has no anchors to check)."""
        if target not in self.anchors:
            self.anchors[target] = self._anchors(target)
        found = self.anchors[target]
        return found is None or anchor in found

    def _anchors(self, target: str) -> set[str] | None:
        if not target:
            return self.own_anchors()
        slug = _case_slug(unquote(target))
        if slug is None or not self.case_exists(slug):
            return None
        text, _problems = read_text(self.cases_dir / f"{slug}.md")
        parts = split_front_matter(text) if text is not None else None
        if parts is None:
            return set()  # reported in its own file; no anchor of it can be trusted
        body = parts[1]
        return heading_ids(body, fenced_lines(body.split("\n")))


def _case_slug(target: str) -> str | None:
    """The slug of the case page a link leads to ('x.md', './x.md', '../x/'), or None."""
    # '../other-slug/' is how a case page links to a sibling case page.
    if target.startswith("../") and target.count("/") <= 2 and not target.endswith(".md"):
        slug = target[3:].rstrip("/")
        return slug if "/" not in slug else None
    relative = posixpath.normpath(target)
    return relative[:-3] if relative.endswith(".md") and "/" not in relative else None


def _link_resolves(target: str, case_exists: Callable[[str], bool], cases_dir: Path) -> bool:
    # Decoded and resolved as MkDocs resolves a link ('%20' is a space; 'a/../b' is 'b'), by
    # name alone: one look at the disk for the file it names, never a walk of every folder
    # on the way (Path.resolve took seconds for a file of links: docs/performance.md).
    target = unquote(target)
    slug = _case_slug(target)  # 'other-slug.md', or '../other-slug/' as the page links it
    if slug is not None and (case_exists(slug) or target.endswith(".md")):
        return case_exists(slug)
    relative = posixpath.normpath(target)
    if relative in (".", "..") or relative.startswith(("../", "/")) or "\0" in relative:
        return False
    # os.path, not Path.is_file, which raises for a name too long instead of saying False.
    return os.path.isfile(cases_dir / relative)  # noqa: PTH113


# Addresses that Markdown or a browser joins across a line break: a link whose address starts
# on the next line, a reference definition whose address is on the next line, and an HTML
# attribute value with a line break inside ('java\nscript:' runs, since browsers drop it).
# Each with a substring it cannot match without: most bodies lack it, and the search of the
# whole body, the third above all, is the slowest check of a case.
# Only an address with a ':' or an '&' (a scheme, written or as an entity) can be unsafe, so
# each pattern looks ahead for one within the address before taking it: a megabyte of
# harmless split links is then no work beyond the search.
SPLIT_URLS = (
    ("](", re.compile(r"\]\([ \t]*\n\s*<?(?=[^)\s>]*[:&])([^)\s>]*)")),
    ("]:", re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\n\s*<?(?=\S*[:&])(\S+?)>?(?:\s|$)",
                      re.MULTILINE)),
    ("=", re.compile(r"\b(?:href|src|action|formaction|poster|background)\s*=\s*"
                     r"(?:\"(?=[^\"<>]*[:&])([^\"<>\n]*+\n[^\"<>]*+)\""
                     r"|'(?=[^'<>]*[:&])([^'<>\n]*+\n[^'<>]*+)')", re.IGNORECASE)),
)


def split_url_findings(text: str, first_line: int, path: Path) -> Iterator[Diagnostic]:
    """`text` is the body with the lines of code blocks emptied."""
    if "\n" not in text:
        return
    for needle, pattern in SPLIT_URLS:
        if needle not in text:
            continue
        for match in pattern.finditer(text):
            start = next(match.start(i) for i in range(1, pattern.groups + 1)
                         if match.group(i) is not None)
            url = next(g for g in match.groups() if g is not None)
            if is_unsafe_url(url):
                line = first_line + text.count("\n", 0, start)
                col = start - (text.rfind("\n", 0, start) + 1) + 1
                yield diagnostic("unsafe-url", path, Pos(line, col),
                                 f"'{shorten(' '.join(url.split()))}' is not a safe address")
