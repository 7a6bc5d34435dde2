"""Counts in words, so that no page says "1 cases" or "1 case match"."""

from __future__ import annotations


def counted(n: int, singular: str, plural: str = "") -> str:
    """'1 case', '2 cases', '0 cases'; `plural` for a noun that is not made with an 's'
    ('case study', 'case studies')."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
