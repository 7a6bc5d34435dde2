"""Honesty rules across fields: checks no single field can make on its own.

- `outcome: improved` must be earned: an impact measure, or evidence above 'emerging';
- each impact `quote` contains the baseline and latest values, as the source writes them;
- a `period` does not end before it starts;
- a failure outcome needs a '## What did not work' section (the body checks look for it).

They run on the values that passed the field checks, so a value already reported as wrong
is not reported again here.
"""

from __future__ import annotations

import re
from typing import Any

from casebook.library.contract import (
    FAILURE_OUTCOMES,
    REQUIRED_HEADINGS,
    UNMEASURED_EVIDENCE,
    WHAT_DID_NOT_WORK,
)
from casebook.library.shapes import Checker


def check_honesty(values: dict[str, Any], checker: Checker) -> None:
    """Every rule across fields, reported through `checker`."""
    _improved_is_earned(values, checker)
    _quotes_hold_their_figures(values, checker)
    _period_in_order(values, checker)


def required_headings(values: dict[str, Any]) -> tuple[str, ...]:
    """The body's required headings for a case with these values."""
    if values.get("outcome") in FAILURE_OUTCOMES:
        return (*REQUIRED_HEADINGS[:-1], WHAT_DID_NOT_WORK, REQUIRED_HEADINGS[-1])
    return REQUIRED_HEADINGS


def _improved_is_earned(values: dict[str, Any], checker: Checker) -> None:
    evidence = values.get("evidence")
    if values.get("outcome") != "improved" or evidence not in UNMEASURED_EVIDENCE:
        return
    if not values.get("impact"):
        checker.report("improved-not-earned", ("outcome",),
                       f"'improved' with evidence '{evidence}' and no impact measure")


def _quotes_hold_their_figures(values: dict[str, Any], checker: Checker) -> None:
    for index, record in enumerate(values.get("impact", ())):
        quote = record.get("quote")
        if not quote:
            continue
        for when in ("baseline", "latest"):
            value = record.get(when, {}).get("value")
            if value is not None and not figure_in(value, quote):
                checker.report("quote-missing-figure", ("impact", index, "quote"),
                               f"the {when} value {value} is not in the quote")


def _period_in_order(values: dict[str, Any], checker: Checker) -> None:
    period = values.get("period") or {}
    start, end = period.get("start"), period.get("end")
    if start is not None and end is not None and end < start:
        checker.report("period-end-before-start", ("period", "end"),
                       f"{end} is before the start, {start}")


def figure_in(value: float, text: str) -> bool:
    """True when `text` states `value` as a number: 1.56 as '1.56', 1.0 as '1' or '1.0',
    1000 as '1000' or '1,000', 30 in '30%'; a whole number below 100 also in words, as house
    styles write small numbers ('three times', 'Forty-eight per cent'); never inside another
    number (3 is not in '13', '0.3', '3.5', '3,000' or 'thirteen')."""
    if _figure_pattern(value).search(text):
        return True
    words = number_words(value)
    return bool(words) and re.search(rf"\b{words}\b", text, re.IGNORECASE) is not None


_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def number_words(value: float) -> str:
    """A pattern of `value` in English words ('forty-eight', 'forty eight'), or '' when it is
    not a whole number below 100."""
    if value != int(value) or not 0 <= value < 100:
        return ""
    number = int(value)
    if number < 20:
        return _UNITS[number]
    tens, units = divmod(number, 10)
    if units:
        return rf"{_TENS[tens - 2]}[- ]{_UNITS[units]}"
    return rf"{_TENS[tens - 2]}(?![- ](?:{'|'.join(_UNITS[1:10])})\b)"


# Not after a digit, or after a digit and a decimal point or thousands comma; not before a
# digit, or a point or comma followed by a digit.
_BEFORE = r"(?<!\d)(?<!\d[.,])"
_AFTER = r"(?![.,]?\d)"


def _figure_pattern(value: float) -> re.Pattern[str]:
    text = str(abs(value))
    if "e" in text.lower():  # too large or small for digits as written: look for it as is
        return re.compile(re.escape(text))
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    wholes = {whole, f"{int(whole):,}"}
    whole_part = "|".join(re.escape(w) for w in sorted(wholes, key=len, reverse=True))
    if whole == "0" and fraction:
        whole_part += "|"  # '.5' for 0.5
    decimals = rf"\.{fraction}0*" if fraction else r"(?:\.0+)?"
    return re.compile(rf"{_BEFORE}(?:{whole_part}){decimals}{_AFTER}")
