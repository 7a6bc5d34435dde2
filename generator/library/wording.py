"""Personal data (e-mail addresses, UK phone numbers, NHS numbers) and wording that current
NHS guidance advises against, in a body or a field."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from pathlib import Path

from casebook.diagnostics.catalogue import Diagnostic
from casebook.library.findings import Finding, placed

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


def personal_findings(text: str) -> Iterator[Finding]:
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
    return placed(wording_findings(text, f"{label}: " if label else ""), path, line,
                   col_offset)


def wording_findings(text: str, prefix: str = "") -> Iterator[Finding]:
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
