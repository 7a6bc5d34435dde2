"""Checks on a case's Markdown body: headings, unsafe HTML and links, personal data, wording."""

from __future__ import annotations

import bisect
import copy
import html
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import accumulate, islice, pairwise
from pathlib import Path
from urllib.parse import unquote

from casebook.diagnostics.catalogue import Diagnostic, Pos, diagnostic
from casebook.library.anchors import heading_ids
from casebook.library.cases import split_front_matter
from casebook.library.contract import REQUIRED_HEADINGS, WHAT_DID_NOT_WORK
from casebook.library.sourcefile import read_text

_FAILURE_HINT = ("The outcome is mixed, no-change-yet or did-not-work: say what did not work, "
                 "and why, under '## What did not work', after '## Impact'.")
_ORDERED_HEADINGS = ("The challenge", "What they did", "Impact", WHAT_DID_NOT_WORK, "Lessons")
MAX_WORDS = 3000
LISTED_PER_RULE = 100  # diagnostics of one line rule in one body; then a note that more follow

# A fenced code block exactly as Python-Markdown's fenced_code finds one: the opening fence
# at the start of a line, with at most a language or {attributes} after it, and closed by
# the same fence later. Anything else (an indented or an unclosed fence) is not code to
# Markdown, so it must not be exempt from the checks either.
_FENCE = re.compile(r"^(`{3,}|~{3,})[ ]*"
                    r"(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|')[^\n]*?\2[ ]*)?)$")
_CLOSING_FENCE = re.compile(r"^(`{3,}|~{3,})[ ]*$")
_INLINE_CODE = re.compile(r"`[^`\n]*+`")
# The title is tidied in Python: a pattern such as r"(.+?)\s*#*\s*$" backtracks
# cubically over a heading followed by thousands of spaces, and never finishes.
_H2 = re.compile(r"^##\s+(\S.*)$")
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

# From the start of a run of address characters only: from every word boundary inside a
# run of "a.a.a.a…" each attempt scanned to the end of the run.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
_UK_PHONE = re.compile(r"(?<![\d+])(?:\+44[^\S\n]?\(?0?\)?[^\S\n]?|0)\d{2,4}(?:[^\S\n]|-)?\d{3,4}"
                       r"(?:[^\S\n]|-)?\d{3,4}(?!\d)")
_NHS_NUMBER = re.compile(r"(?<!\d)(\d{3})(?:[^\S\n]|-)?(\d{3})(?:[^\S\n]|-)?(\d{4})(?!\d)")

# (pattern, what it is, suggested wording). BME is handled apart: it is right in WRES context.
_DISCOURAGED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bBAME\b"), "'ethnic minority' (for example 'ethnic minority staff')"),
    (re.compile(r"\bnon[- ]white\b", re.IGNORECASE), "'ethnic minority'"),
    (re.compile(r"\bpeople of colou?r\b", re.IGNORECASE), "'ethnic minority people'"),
)
_BME = re.compile(r"\bBME\b")
_WRES_CONTEXT = re.compile(r"\bWRES\b|Workforce Race Equality Standard", re.IGNORECASE)
_QUOTED = re.compile(r"“[^“”\n]*+”|\"[^\"\n]*+\"")


# Substrings that any line rule needs in order to match, looked for in the whole body at
# once: most prose lines have none of them, and a search per line (or one regular expression
# over the body) costs more than every check on the few lines that do. Three digits in a row
# are needed by the phone and NHS number rules.
_MARKUP_TOKENS = ("<", "](", "]:", "=")       # the HTML and link rules
_WORDING_TOKENS = ("bme", "bame", "white", "colo")  # the wording rules, lowered
_SUSPECT_TOKENS = (*_MARKUP_TOKENS, "@", *_WORDING_TOKENS)
_THREE_DIGITS = re.compile(r"\d{3}")
# Every ASCII byte but the digits and the newline turned into a space, so that b"000" marks
# three ASCII digits in a row (bytes.translate and bytes.find run at memory speed).
_DIGITS_ONLY = bytes(
    b if b == 10 else (48 if 48 <= b <= 57 else 32) for b in range(128)) + bytes(range(128, 256))
_ASCII = bytes(range(128))


def _lines_with(text: str, needle: str) -> Iterator[int]:
    """The indexes of the lines of `text` that contain `needle`, in order."""
    line, start = 0, 0
    while (at := text.find(needle, start)) != -1:
        line += text.count("\n", start, at)
        yield line
        end = text.find("\n", at)
        if end == -1:
            return
        line, start = line + 1, end + 1


class _Lowered:
    """A body lowered, searched for tokens line by line where a token is on many lines."""

    def __init__(self, body: str) -> None:
        self.text = body.lower()  # lowering never adds or removes a line break
        self.lines: list[str] | None = None

    def lines_with(self, token: str) -> Iterable[int]:
        if self.text.count(token) < _MANY:
            return _lines_with(self.text, token)  # one find a line that has it: most bodies
        if self.lines is None:  # one test a line: 300,000 lines of '](' in 0.03 s, not 0.5 s
            self.lines = self.text.split("\n")
        return [index for index, line in enumerate(self.lines) if token in line]


_MANY = 1000


def _rule_lines(body: str) -> tuple[set[int], set[int], set[int]]:
    """The indexes of the lines that the markup rules, the personal data rules and the
    wording rules could match: a line of a thousand '](' needs no phone number rule."""
    lowered = _Lowered(body)
    markup: set[int] = set()
    for token in _MARKUP_TOKENS:
        markup.update(lowered.lines_with(token))
    wording: set[int] = set()
    for token in _WORDING_TOKENS:
        wording.update(lowered.lines_with(token))
    personal = set(_lines_with(body, "@"))
    encoded = body.encode("utf-8", "surrogatepass")  # a lone surrogate too, never an error
    others = encoded.translate(None, _ASCII).decode("utf-8", "surrogatepass")  # non-ASCII
    if any(c.isdecimal() for c in others):  # digits other than 0-9, which \d also matches
        personal.update(body.count("\n", 0, m.start()) for m in _THREE_DIGITS.finditer(body))
    else:
        # Latin-1 turns each byte into one character, keeping every line break where it was.
        personal.update(_lines_with(encoded.translate(_DIGITS_ONLY).decode("latin-1"), "000"))
    return markup, personal, wording


def fenced_lines(texts: list[str]) -> set[int]:
    """The indexes of the lines in fenced code blocks, fences included."""
    closings: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        match = _CLOSING_FENCE.match(text) if text[:1] in "`~" else None
        if match:
            closings.setdefault(match.group(1), []).append(index)
    code: set[int] = set()
    index = 0
    while index < len(texts):
        match = _FENCE.match(texts[index]) if texts[index][:1] in "`~" else None
        ends = closings.get(match.group(1), []) if match else []
        end = bisect.bisect_right(ends, index)
        if match and end < len(ends):
            code.update(range(index, ends[end] + 1))
            index = ends[end]
        index += 1
    return code


def check_body(body: str, first_line: int, path: Path, case_exists: Callable[[str], bool],
               cases_dir: Path, *, required: tuple[str, ...] = REQUIRED_HEADINGS
               ) -> list[Diagnostic]:
    """Every body rule over one case's body; `required` are the headings it must have."""
    texts = body.split("\n")
    code = fenced_lines(texts) if "```" in body or "~~~" in body else set()
    found: list[Diagnostic] = []
    found += _check_headings(body, texts, code, path, first_line, required=required)
    markup, personal, wording = _rule_lines(body)
    # Each rule searches the lines it could match joined into one text: one search a pattern,
    # not one a line, so 300,000 lines of '](' cost what their characters cost. A fence shows
    # its HTML and links as text; but code is published and indexed like prose, so personal
    # data and wording count in it, as in a code span.
    html = _Joined(texts, sorted(markup - code))
    # Unsafe HTML counts even inside a code span: Markdown's rules for spans (escaped
    # backticks, raw HTML blocks that keep backticks as text) are too subtle to mirror.
    links = html.without_code_spans()
    links_to = _Links(case_exists, cases_dir, lambda: heading_ids(body, code))
    personal_lines = _Joined(texts, sorted(personal))
    wording_lines = _Joined(texts, sorted(wording))
    lines: list[Diagnostic] = []
    for joined, findings in ((html, _html_findings(html.text)),
                             (links, _link_findings(links.text, links_to)),
                             (personal_lines, _personal_findings(personal_lines.text)),
                             (wording_lines, _wording_findings(wording_lines.text))):
        lines += _listed(joined.diagnostics(findings, path, first_line))
    found += sorted(lines, key=lambda d: d.line)  # line by line, each line's rules in order
    prose = "\n".join("" if i in code else t for i, t in enumerate(texts)) if code else body
    found += _listed(_split_url_findings(prose, first_line, path))
    # A word is at least one character and a space, so a short body needs no count.
    words = len(body.split()) if len(body) > 2 * MAX_WORDS else 0
    if words > MAX_WORDS:
        found.append(diagnostic("long-body", path, Pos(first_line, 1),
                                f"the body has {words:,} words; aim for at most {MAX_WORDS:,}"))
    return list(dict.fromkeys(found))  # one diagnostic for one mistake, in order


# A finding of a rule: where in the text it searched (an offset), the code, the message and
# a hint ('' for the catalogue's).
Finding = tuple[int, str, str, str]


class _Joined:
    """Some lines of a body joined into one text, and the way back from an offset in it to
    the line and column in the body."""

    def __init__(self, texts: list[str], indexes: list[int]) -> None:
        self.indexes = indexes
        self.text = "\n".join(texts[i] for i in indexes)
        self.starts = list(accumulate((len(texts[i]) + 1 for i in indexes), initial=0))

    def without_code_spans(self) -> _Joined:
        joined = copy.copy(self)
        if "`" in self.text:  # a code span never spans a line here, so offsets stay put
            joined.text = _INLINE_CODE.sub(lambda m: " " * len(m.group()), self.text)
        return joined

    def diagnostics(self, findings: Iterable[Finding], path: Path, first_line: int
                    ) -> Iterator[Diagnostic]:
        for offset, code, message, hint in findings:
            at = bisect.bisect_right(self.starts, offset) - 1
            yield diagnostic(code, path, Pos(first_line + self.indexes[at],
                                             offset - self.starts[at] + 1), message, hint)


def _listed(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The first LISTED_PER_RULE diagnostics of a rule, and then a note that more follow: a
    body of 100,000 broken links needs its first hundred fixed, not 100,000 lines of report
    (building them took longer than finding them), and the rule stops searching there."""
    found = list(islice(diagnostics, LISTED_PER_RULE + 1))
    if len(found) > LISTED_PER_RULE:
        more = found.pop()
        found.append(replace(more, message=f"{more.message}; more problems like it follow "
                                            f"from here, not listed after the first "
                                            f"{LISTED_PER_RULE}"))
    return found


# Addresses that Markdown or a browser joins across a line break: a link whose address starts
# on the next line, a reference definition whose address is on the next line, and an HTML
# attribute value with a line break inside ('java\nscript:' runs, since browsers drop it).
# Each with a substring it cannot match without: most bodies lack it, and the search of the
# whole body, the third above all, is the slowest check of a case.
# Only an address with a ':' or an '&' (a scheme, written or as an entity) can be unsafe, so
# each pattern looks ahead for one within the address before taking it: a megabyte of
# harmless split links is then no work beyond the search.
_SPLIT_URLS = (
    ("](", re.compile(r"\]\([ \t]*\n\s*<?(?=[^)\s>]*[:&])([^)\s>]*)")),
    ("]:", re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\n\s*<?(?=\S*[:&])(\S+?)>?(?:\s|$)",
                      re.MULTILINE)),
    ("=", re.compile(r"\b(?:href|src|action|formaction|poster|background)\s*=\s*"
                     r"(?:\"(?=[^\"<>]*[:&])([^\"<>\n]*+\n[^\"<>]*+)\""
                     r"|'(?=[^'<>]*[:&])([^'<>\n]*+\n[^'<>]*+)')", re.IGNORECASE)),
)


def _split_url_findings(text: str, first_line: int, path: Path) -> Iterator[Diagnostic]:
    """`text` is the body with the lines of code blocks emptied."""
    if "\n" not in text:
        return
    for needle, pattern in _SPLIT_URLS:
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
                                 f"'{_shorten(' '.join(url.split()))}' is not a safe address")


def _check_headings(body: str, texts: list[str], code: set[int], path: Path,
                    first_line: int, *, required: tuple[str, ...]) -> list[Diagnostic]:
    positions: dict[str, int] = {}
    for index in _lines_with(body, "##"):
        match = _H2.match(texts[index]) if index not in code else None
        if match:
            title = match.group(1).rstrip().rstrip("#").strip().casefold()
            for heading in _ORDERED_HEADINGS:
                if title == heading.casefold() and heading not in positions:
                    positions[heading] = first_line + index
    found = [
        diagnostic("missing-heading", path, Pos(first_line, 1),
                   f"the body has no '## {heading}' heading",
                   _FAILURE_HINT if heading == WHAT_DID_NOT_WORK else "")
        for heading in required if heading not in positions
    ]
    present = [h for h in _ORDERED_HEADINGS if h in positions]
    for earlier, later in pairwise(present):
        if positions[later] < positions[earlier]:
            found.append(diagnostic(
                "heading-order", path, Pos(positions[later], 1),
                f"'## {later}' comes before '## {earlier}'",
            ))
    return found


def check_html(text: str, path: Path | str, line: int, col_offset: int = 0) -> list[Diagnostic]:
    """Unsafe tags, event-handler attributes and unsafe URLs in one line of text."""
    return _placed(_html_findings(text), path, line, col_offset)


def _placed(findings: Iterable[Finding], path: Path | str, line: int, col_offset: int
            ) -> list[Diagnostic]:
    return [diagnostic(code, path, Pos(line, offset + 1 + col_offset), message, hint)
            for offset, code, message, hint in findings]


def _html_findings(text: str) -> Iterator[Finding]:
    # Each pattern only where the character it cannot match without is: over a megabyte of
    # lines picked for their '](' the others would search for nothing.
    for match in _UNSAFE_TAG.finditer(text) if "<" in text else ():
        yield match.start(), "unsafe-html", f"<{match.group(1).lower()}> is not allowed", ""
    for match in _EVENT_ATTR.finditer(text) if "=" in text else ():
        yield (match.start(), "unsafe-html", "event-handler attributes (on…=) are not allowed",
               "")
    for url, offset in _urls(text):
        if is_unsafe_url(url):
            yield offset, "unsafe-url", f"'{_shorten(url)}' is not a safe address", ""


def check_field(text: str, path: Path | str, pos: Pos, label: str) -> list[Diagnostic]:
    """The HTML and wording rules over one front-matter value shown as text (a title, say),
    placed from the value's position."""
    lowered = text.lower()
    if not any(token in lowered for token in _SUSPECT_TOKENS):
        return []  # as for body lines: no rule can match without one of them
    return (check_html(text, path, pos.line, pos.col - 1)
            + check_wording(text, path, pos.line, pos.col - 1, label=label))


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


def _link_findings(text: str, links: _Links) -> Iterator[Finding]:
    for url, offset, markdown in _addresses(text):
        if url.startswith(("/", "\\")) and not url.startswith(("//", "\\\\")):
            # MkDocs refuses a link from the site's root, and it breaks a site published in
            # a folder (a GitHub project's Pages): both ways the link is wrong.
            yield (offset, "root-relative-link",
                   f"'{_shorten(url)}' is a link from the root of the site", "")
            continue
        if not url or url.startswith("mailto:") or _SCHEME.match(url):
            continue
        if is_unsafe_url(url):
            continue  # reported as unsafe-url: one diagnostic per mistake
        address, _, anchor = url.partition("#")
        target = address.split("?", 1)[0]
        if target and not links.resolves(target):
            yield (offset, "broken-link",
                   f"'{_shorten(url)}' does not lead to a case or image in the library", "")
        elif anchor and markdown and not links.has_anchor(target, anchor):
            yield (offset, "missing-anchor",
                   f"'{_shorten(url)}': the page has no heading with the id '{anchor}'", "")


class _Links:
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
    # on the way (Path.resolve took 0.1 ms a link, seconds for a file of links).
    target = unquote(target)
    slug = _case_slug(target)  # 'other-slug.md', or '../other-slug/' as the page links it
    if slug is not None and (case_exists(slug) or target.endswith(".md")):
        return case_exists(slug)
    relative = posixpath.normpath(target)
    if relative in (".", "..") or relative.startswith(("../", "/")) or "\0" in relative:
        return False
    # os.path, not Path.is_file, which raises for a name too long instead of saying False.
    return os.path.isfile(cases_dir / relative)  # noqa: PTH113


def _personal_findings(text: str) -> Iterator[Finding]:
    for match in _EMAIL.finditer(text):
        yield match.start(), "personal-data", f"'{match.group()}' looks like an e-mail address", ""
    nhs_spans = []
    for match in _NHS_NUMBER.finditer(text):
        if is_nhs_number("".join(match.groups())):
            nhs_spans.append(match.span())
            yield match.start(), "personal-data", f"'{match.group()}' looks like an NHS number", ""
    for match in _UK_PHONE.finditer(text):
        if not _inside(nhs_spans, match.start()):
            yield (match.start(), "personal-data",
                   f"'{match.group()}' looks like a UK phone number", "")


def is_nhs_number(digits: str) -> bool:
    """The NHS number's modulus 11 check digit, to avoid flagging every 10-digit figure."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def check_wording(text: str, path: Path | str, line: int, col_offset: int = 0,
                  label: str = "") -> list[Diagnostic]:
    """Terms that current NHS guidance advises against, each with the suggested wording."""
    return _placed(_wording_findings(text, f"{label}: " if label else ""), path, line,
                   col_offset)


def _wording_findings(text: str, prefix: str = "") -> Iterator[Finding]:
    """The wording rules over `text`, line by line: BME is right on a line in a WRES context
    or a quotation."""
    for pattern, instead in _DISCOURAGED:
        for match in pattern.finditer(text):
            yield (match.start(), "discouraged-term",
                   f"{prefix}'{match.group()}' is advised against in current NHS guidance",
                   f"Write {instead} instead.")
    if "BME" not in text:
        return
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    end, exempt = -1, False  # the end of the line of the last match, and whether BME is
    for match in _BME.finditer(text):  # right on it; each line is looked at once
        if match.start() > end:
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.start())
            end = len(text) if end == -1 else end
            exempt = bool(_WRES_CONTEXT.search(text, start, end)
                          or text[start:end].lstrip().startswith(">"))
        if not exempt and not _inside(quoted, match.start()):
            yield (match.start(), "discouraged-term",
                   f"{prefix}'BME' outside a WRES context or a quotation",
                   "Write 'ethnic minority' instead; keep 'BME' only when quoting the WRES.")


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether `at` falls in one of `spans` (in order, not overlapping): a search, not a scan
    of every span for every match, which a line of a thousand of each made quadratic."""
    index = bisect.bisect_right(spans, (at, _AFTER_ANY)) - 1
    return index >= 0 and spans[index][0] <= at < spans[index][1]


_AFTER_ANY = float("inf")


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
