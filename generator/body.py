"""Checks on a case's Markdown body: headings, unsafe HTML and links, personal data, wording."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path

from .diagnostics import Diagnostic, Pos, diagnostic

REQUIRED_HEADINGS = ("The challenge", "What they did", "Impact", "Lessons")
# Required for a failure outcome (generator/honesty.py), after Impact and before Lessons.
WHAT_DID_NOT_WORK = "What did not work"
_FAILURE_HINT = ("The outcome is mixed, no-change-yet or did-not-work: say what did not work, "
                 "and why, under '## What did not work', after '## Impact'.")
_ORDERED_HEADINGS = ("The challenge", "What they did", "Impact", WHAT_DID_NOT_WORK, "Lessons")
MAX_WORDS = 3000

# A fenced code block exactly as Python-Markdown's fenced_code finds one: the opening fence
# at the start of a line, with at most a language or {attributes} after it, and closed by
# the same fence later. Anything else (an indented or an unclosed fence) is not code to
# Markdown, so it must not be exempt from the checks either.
_FENCE = re.compile(r"^(`{3,}|~{3,})[ ]*"
                    r"(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|')[^\n]*?\2[ ]*)?)$")
_CLOSING_FENCE = re.compile(r"^(`{3,}|~{3,})[ ]*$")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
# The title is tidied in Python: a pattern such as r"(.+?)\s*#*\s*$" backtracks
# cubically over a heading followed by thousands of spaces, and never finishes.
_H2 = re.compile(r"^##\s+(\S.*)$")
_UNSAFE_TAG = re.compile(
    r"<\s*(script|iframe|object|embed|style|form|frame|frameset|applet|base|meta|link)\b",
    re.IGNORECASE,
)
# An event-handler attribute wherever it is: in a tag (even one whose quoted values hold
# a '>'), or in an attribute list ('{ onclick=... }'), which Markdown turns into a real
# attribute. A token, not a whole tag: r"<[a-z][^>]*?on..." takes time quadratic in the
# length of a line of '<a <a <a ...'. Query strings ('?a=1&onload=2') are not handlers.
_EVENT_ATTR = re.compile(r"(?<![\w&?.=-])on[a-z]{3,}\s*=", re.IGNORECASE)
_MD_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_HTML_URL = re.compile(r"\b(?:href|src|action|formaction|poster|background)\s*=\s*"
                       r"(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_AUTOLINK = re.compile(r"<([a-z][a-z0-9+.-]*:[^>\s]*)>", re.IGNORECASE)
_UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\u200b-\u200f\u2028-\u202f\ufeff]")

_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
_UK_PHONE = re.compile(r"(?<![\d+])(?:\+44\s?\(?0?\)?\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")
_NHS_NUMBER = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?!\d)")

# (pattern, what it is, suggested wording). BME is handled apart: it is right in WRES context.
_DISCOURAGED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bBAME\b"), "'ethnic minority' (for example 'ethnic minority staff')"),
    (re.compile(r"\bnon[- ]white\b", re.IGNORECASE), "'ethnic minority'"),
    (re.compile(r"\bpeople of colou?r\b", re.IGNORECASE), "'ethnic minority people'"),
)
_BME = re.compile(r"\bBME\b")
_WRES_CONTEXT = re.compile(r"\bWRES\b|Workforce Race Equality Standard", re.IGNORECASE)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


# Substrings that any line rule needs in order to match, looked for in the whole body at
# once: most prose lines have none of them, and a search per line (or one regular expression
# over the body) costs more than every check on the few lines that do. Three digits in a row
# are needed by the phone and NHS number rules.
_SUSPECT_TOKENS = ("<", "](", "]:", "=", "@", "bme", "bame", "white", "colo")
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


def _suspect_lines(body: str) -> set[int]:
    """The indexes of the lines that some line rule could match."""
    lowered = body.lower()  # lowering never adds or removes a line break
    found: set[int] = set()
    for token in _SUSPECT_TOKENS:
        found.update(_lines_with(lowered, token))
    encoded = body.encode("utf-8", "surrogatepass")  # a lone surrogate too, never an error
    others = encoded.translate(None, _ASCII).decode("utf-8", "surrogatepass")  # non-ASCII
    if any(c.isdecimal() for c in others):  # digits other than 0-9, which \d also matches
        found.update(body.count("\n", 0, m.start()) for m in _THREE_DIGITS.finditer(body))
    else:
        # Latin-1 turns each byte into one character, keeping every line break where it was.
        found.update(_lines_with(encoded.translate(_DIGITS_ONLY).decode("latin-1"), "000"))
    return found


def _fenced_lines(texts: list[str]) -> set[int]:
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
    code = _fenced_lines(texts) if "```" in body or "~~~" in body else set()
    found: list[Diagnostic] = []
    found += _check_headings(body, texts, code, path, first_line, required=required)
    for index in sorted(_suspect_lines(body) - code):
        number, raw = first_line + index, texts[index]
        text = _INLINE_CODE.sub(lambda m: " " * len(m.group()), raw)
        # Unsafe HTML counts even inside a code span: Markdown's rules for spans (escaped
        # backticks, raw HTML blocks that keep backticks as text) are too subtle to mirror.
        found += check_html(raw, path, number)
        found += _check_links(text, path, number, case_exists, cases_dir)
        found += _check_personal_data(text, path, number)
        found += check_wording(text, path, number)
    prose = "\n".join("" if i in code else t for i, t in enumerate(texts)) if code else body
    found += _check_split_urls(prose, first_line, path)
    # A word is at least one character and a space, so a short body needs no count.
    words = len(body.split()) if len(body) > 2 * MAX_WORDS else 0
    if words > MAX_WORDS:
        found.append(diagnostic("long-body", path, Pos(first_line, 1),
                                f"the body has {words:,} words; aim for at most {MAX_WORDS:,}"))
    return list(dict.fromkeys(found))  # one diagnostic for one mistake, in order


# Addresses that Markdown or a browser joins across a line break: a link whose address starts
# on the next line, a reference definition whose address is on the next line, and an HTML
# attribute value with a line break inside ('java\nscript:' runs, since browsers drop it).
# Each with a substring it cannot match without: most bodies lack it, and the search of the
# whole body, the third above all, is the slowest check of a case.
_SPLIT_URLS = (
    ("](", re.compile(r"\]\([ \t]*\n\s*<?([^)\s>]*)")),
    ("]:", re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\n\s*<?(\S+?)>?(?:\s|$)",
                      re.MULTILINE)),
    ("=", re.compile(r"\b(?:href|src|action|formaction|poster|background)\s*=\s*"
                     r"(?:\"([^\"<>]*\n[^\"<>]*)\"|'([^'<>]*\n[^'<>]*)')", re.IGNORECASE)),
)


def _check_split_urls(text: str, first_line: int, path: Path) -> list[Diagnostic]:
    """`text` is the body with the lines of code blocks emptied."""
    if "\n" not in text:
        return []
    found = []
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
                found.append(diagnostic("unsafe-url", path, Pos(line, col),
                                        f"'{_shorten(' '.join(url.split()))}' is not a safe "
                                        "address"))
    return found


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
    found = []
    for match in _UNSAFE_TAG.finditer(text):
        found.append(diagnostic("unsafe-html", path, Pos(line, match.start() + 1 + col_offset),
                                f"<{match.group(1).lower()}> is not allowed"))
    for match in _EVENT_ATTR.finditer(text):
        found.append(diagnostic("unsafe-html", path, Pos(line, match.start() + 1 + col_offset),
                                "event-handler attributes (on…=) are not allowed"))
    for url, col in _urls(text):
        if is_unsafe_url(url):
            found.append(diagnostic("unsafe-url", path, Pos(line, col + col_offset),
                                    f"'{_shorten(url)}' is not a safe address"))
    return found


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
    cleaned = _INVISIBLE.sub("", html.unescape(url))
    return bool(_UNSAFE_SCHEME.match(cleaned))


def _urls(text: str) -> Iterator[tuple[str, int]]:
    for pattern in (_MD_LINK, _REF_DEF, _AUTOLINK):
        for match in pattern.finditer(text):
            yield match.group(1), match.start(1) + 1
    for match in _HTML_URL.finditer(text):
        group = next(i for i in (1, 2, 3) if match.group(i) is not None)
        yield match.group(group), match.start(group) + 1


def _check_links(text: str, path: Path, line: int, case_exists: Callable[[str], bool],
                 cases_dir: Path) -> list[Diagnostic]:
    found = []
    for url, col in _urls(text):
        if not url or url.startswith(("#", "/", "mailto:")) or _SCHEME.match(url):
            continue
        if is_unsafe_url(url):
            continue  # reported as unsafe-url: one diagnostic per mistake
        target = url.split("#", 1)[0].split("?", 1)[0]
        if not target:
            continue
        if not _link_resolves(target, case_exists, cases_dir):
            found.append(diagnostic(
                "broken-link", path, Pos(line, col),
                f"'{_shorten(url)}' does not lead to a case or image in the library",
            ))
    return found


def _link_resolves(target: str, case_exists: Callable[[str], bool], cases_dir: Path) -> bool:
    if target.endswith(".md") and "/" not in target:
        return case_exists(target[:-3])
    if target.startswith("../") and target.count("/") <= 2 and not target.endswith(".md"):
        # '../other-slug/' is how a case page links to a sibling case page.
        slug = target[3:].rstrip("/")
        if "/" not in slug and case_exists(slug):
            return True
    try:
        root = cases_dir.resolve()
        resolved = (cases_dir / target).resolve()
    except (OSError, ValueError):
        return False
    return resolved.is_relative_to(root) and resolved.is_file()


def _check_personal_data(text: str, path: Path, line: int) -> list[Diagnostic]:
    found = []
    for match in _EMAIL.finditer(text):
        found.append(diagnostic("personal-data", path, Pos(line, match.start() + 1),
                                f"'{match.group()}' looks like an e-mail address"))
    nhs_spans = []
    for match in _NHS_NUMBER.finditer(text):
        if is_nhs_number("".join(match.groups())):
            nhs_spans.append(match.span())
            found.append(diagnostic("personal-data", path, Pos(line, match.start() + 1),
                                    f"'{match.group()}' looks like an NHS number"))
    for match in _UK_PHONE.finditer(text):
        if not any(a <= match.start() < b for a, b in nhs_spans):
            found.append(diagnostic("personal-data", path, Pos(line, match.start() + 1),
                                    f"'{match.group()}' looks like a UK phone number"))
    return found


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
    found = []
    prefix = f"{label}: " if label else ""
    for pattern, instead in _DISCOURAGED:
        for match in pattern.finditer(text):
            found.append(diagnostic(
                "discouraged-term", path, Pos(line, match.start() + 1 + col_offset),
                f"{prefix}'{match.group()}' is advised against in current NHS guidance",
                f"Write {instead} instead.",
            ))
    if _WRES_CONTEXT.search(text) or text.lstrip().startswith(">"):
        return found
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    for match in _BME.finditer(text):
        if not any(a <= match.start() < b for a, b in quoted):
            found.append(diagnostic(
                "discouraged-term", path, Pos(line, match.start() + 1 + col_offset),
                f"{prefix}'BME' outside a WRES context or a quotation",
                "Write 'ethnic minority' instead; keep 'BME' only when quoting the WRES.",
            ))
    return found


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
