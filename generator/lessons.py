"""Learning across cases: an area page gathers what its cases found and what they learnt.

Two parts, both computed from the cases of one area in a single pass:
- how the cases split by outcome and strength of evidence (a small table of counts)
- the `## Lessons` section of every case, each under a level-3 heading that links back to
  the case, so a board can read what tends to go wrong before it starts.

A case's Lessons run from its '## Lessons' heading to the next level-1 or level-2 heading,
or the end of the body; headings inside it move down one level (h3 → h4) so the page's
outline stays valid, and its relative links are rewritten to work from the area page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .body import body_lines
from .cases import Case
from .fragments import render
from .markdown_text import md_link, md_text
from .taxonomy import Taxonomy

LESSONS = "lessons"
_ATX = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)(.*)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LIST_OR_QUOTE = re.compile(r"^ {0,3}(?:[-+*>]|\d+[.)])(?:[ \t]|$)")
# Relative link targets in Markdown links, reference definitions and HTML attributes.
_INLINE_LINK = re.compile(r"(\]\(\s*<?)([^)\s>]*)")
_REF_DEF = re.compile(r"^( {0,3}\[[^\]]+\]:\s*<?)(\S+?)(?=>?(?:\s|$))", re.MULTILINE)
_HTML_URL = re.compile(r"(\b(?:href|src)\s*=\s*[\"']?)([^\"'\s>]*)", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_SIBLING = re.compile(r"^\.\./([a-z0-9]+(?:-[a-z0-9]+)*)/?(#.*)?$")


def _heading_level(text: str, previous: str) -> int:
    """The level of the heading this line makes (0 if none). A setext underline makes the
    paragraph line above it a heading, so the section ends at that paragraph line."""
    match = _ATX.match(text)
    if match:
        return len(match.group(1))
    if previous.strip() and _SETEXT.match(text) and not _LIST_OR_QUOTE.match(previous) \
            and not _ATX.match(previous):
        return 1 if text.strip().startswith("=") else 2
    return 0


def lessons_of(body: str) -> str:
    """The Markdown under a body's '## Lessons' heading, without the heading; '' if none.
    Headings inside fenced code blocks are text, not headings."""
    lines = list(body_lines(body, 1))
    start = None
    end = len(lines)
    for index, line in enumerate(lines):
        if line.in_code:
            continue
        previous = lines[index - 1].text if index else ""
        level = _heading_level(line.text, previous)
        if start is None:
            match = _ATX.match(line.text)
            if level == 2 and match and _title(match.group(2)) == LESSONS:
                start = index + 1
        elif 0 < level <= 2:
            # A setext underline ends the section at the paragraph line above it.
            end = index if _ATX.match(line.text) else index - 1
            break
    if start is None:
        return ""
    return "\n".join(line.text for line in lines[start:end]).strip("\n")


def _title(text: str) -> str:
    """A heading's text without closing hashes or an attribute list, for comparison."""
    text = re.sub(r"\s*\{[^}]*\}\s*$", "", text)
    return re.sub(r"\s+#+\s*$", "", text).strip().rstrip("#").strip().casefold()


def demote(markdown: str, levels: int = 1) -> str:
    """Every ATX heading `levels` deeper; one that would pass h6 becomes a bold line."""
    out = []
    for line in body_lines(markdown, 1):
        match = None if line.in_code else _ATX.match(line.text)
        if not match:
            out.append(line.text)
            continue
        level = len(match.group(1)) + levels
        text = match.group(2).strip()
        out.append(f"{'#' * level} {text}" if level <= 6 else f"**{text.rstrip('#').strip()}**")
    return "\n".join(out)


def rebase_links(markdown: str, slug: str, prefix: str = "../cases/") -> str:
    """Relative links written for the case page (cases/<slug>.md), made to work from a page
    one folder down elsewhere: '../other/' and 'other.md' → '../cases/other.md', '#x' →
    '../cases/<slug>.md#x', 'images/a.png' → '../cases/images/a.png'."""

    def rebase(target: str) -> str:
        if not target or target.startswith(("/", "mailto:")) or _SCHEME.match(target):
            return target
        if target.startswith("#"):
            return f"{prefix}{slug}.md{target}"
        sibling = _SIBLING.match(target)
        if sibling:
            return f"{prefix}{sibling.group(1)}.md{sibling.group(2) or ''}"
        return prefix + target

    def replace(match: re.Match[str]) -> str:
        return match.group(1) + rebase(match.group(2))

    out = []
    for line in body_lines(markdown, 1):
        text = line.text
        if not line.in_code:
            for pattern in (_INLINE_LINK, _REF_DEF, _HTML_URL):
                text = pattern.sub(replace, text)
        out.append(text)
    return "\n".join(out)


def area_lessons(cases: Iterable[Case], taxonomy: Taxonomy) -> str:
    """'## Lessons from these cases': each case's Lessons under a heading linking to it."""
    parts = []
    for case in cases:
        lessons = lessons_of(case.body)
        if not lessons:
            continue
        outcome = taxonomy["outcome"].get(case.outcome)
        evidence = taxonomy["evidence"].get(case.evidence)
        about = [case.organisation.rstrip(".")]
        if outcome and evidence:
            about += [f"Outcome: {outcome.label}", f"Evidence: {evidence.label}"]
        parts += [f"### {md_link(case.title, f'../cases/{case.slug}.md')}",
                  f"*{md_text('. '.join(about))}.*",
                  rebase_links(demote(lessons), case.slug)]
    if not parts:
        return ""
    intro = ("What each case in this area says it learnt, including what did not work, in "
             "its own words. Follow a title to read the whole case.")
    return "\n\n".join(["## Lessons from these cases", intro, *parts])


def outcome_counts(cases: Iterable[Case], taxonomy: Taxonomy) -> str:
    """'## How these cases turned out': cases by outcome (rows) and evidence (columns)."""
    counts = Counter((c.outcome, c.evidence) for c in cases)
    total = sum(counts.values())
    if not total:
        return ""
    outcomes, evidence = taxonomy["outcome"], taxonomy["evidence"]
    rows = [{"label": o.label, "cells": [counts[(o.id, e.id)] for e in evidence],
             "total": sum(counts[(o.id, e.id)] for e in evidence)} for o in outcomes]
    columns = [sum(counts[(o.id, e.id)] for o in outcomes) for e in evidence]
    table = render("chart-outcomes.html", rows=rows, columns=[e.label for e in evidence],
                   column_totals=columns, total=total,
                   outcome_label=outcomes.label, evidence_label=evidence.label)
    return "\n\n".join(["## How these cases turned out", table])
