"""Checks on a case's Markdown body: headings, unsafe HTML and links, personal data, wording."""

from __future__ import annotations

import bisect
import copy
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import accumulate, islice, pairwise
from pathlib import Path

from casebook.diagnostics.catalogue import Diagnostic, Pos, diagnostic
from casebook.library.anchors import fenced_lines, heading_ids
from casebook.library.contract import REQUIRED_HEADINGS, WHAT_DID_NOT_WORK
from casebook.library.findings import Finding
from casebook.library.links import (
    Links,
    check_html,
    html_findings,
    link_findings,
    split_url_findings,
)
from casebook.library.wording import check_wording, personal_findings, wording_findings

_FAILURE_HINT = ("The outcome is mixed, no-change-yet or did-not-work: say what did not work, "
                 "and why, under '## What did not work', after '## Impact'.")
_ORDERED_HEADINGS = ("The challenge", "What they did", "Impact", WHAT_DID_NOT_WORK, "Lessons")
MAX_WORDS = 3000
LISTED_PER_RULE = 100  # diagnostics of one line rule in one body; then a note that more follow

_INLINE_CODE = re.compile(r"`[^`\n]*+`")
# The title is tidied in Python: a pattern such as r"(.+?)\s*#*\s*$" backtracks
# cubically over a heading followed by thousands of spaces, and never finishes.
_H2 = re.compile(r"^##\s+(\S.*)$")


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
    links_to = Links(case_exists, cases_dir, lambda: heading_ids(body, code))
    personal_lines = _Joined(texts, sorted(personal))
    wording_lines = _Joined(texts, sorted(wording))
    lines: list[Diagnostic] = []
    for joined, findings in ((html, html_findings(html.text)),
                             (links, link_findings(links.text, links_to)),
                             (personal_lines, personal_findings(personal_lines.text)),
                             (wording_lines, wording_findings(wording_lines.text))):
        lines += _listed(joined.diagnostics(findings, path, first_line))
    found += sorted(lines, key=lambda d: d.line)  # line by line, each line's rules in order
    prose = "\n".join("" if i in code else t for i, t in enumerate(texts)) if code else body
    found += _listed(split_url_findings(prose, first_line, path))
    # A word is at least one character and a space, so a short body needs no count.
    words = len(body.split()) if len(body) > 2 * MAX_WORDS else 0
    if words > MAX_WORDS:
        found.append(diagnostic("long-body", path, Pos(first_line, 1),
                                f"the body has {words:,} words; aim for at most {MAX_WORDS:,}"))
    return list(dict.fromkeys(found))  # one diagnostic for one mistake, in order


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


def check_field(text: str, path: Path | str, pos: Pos, label: str) -> list[Diagnostic]:
    """The HTML and wording rules over one front-matter value shown as text (a title, say),
    placed from the value's position."""
    lowered = text.lower()
    if not any(token in lowered for token in _SUSPECT_TOKENS):
        return []  # as for body lines: no rule can match without one of them
    return (check_html(text, path, pos.line, pos.col - 1)
            + check_wording(text, path, pos.line, pos.col - 1, label=label))


