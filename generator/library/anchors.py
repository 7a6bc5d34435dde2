"""The anchors a case page's own Markdown gives its headings, as far as they can be known
without rendering it: what `casebook validate` checks a link's '#anchor' against, so that a
link the strict build would refuse ("does not contain an anchor") is refused first.

A heading gets the id Python-Markdown's toc extension gives it (mkdocs.yml: `toc`, default
slugify, duplicates numbered `_1`, `_2`…), or the one its attribute list sets
(`## Title {: #id }`). A heading with inline markup in it (emphasis, code, links, HTML,
entities) is rendered before it is slugified, which this module does not do: its id is
left out, so a link to it is reported even though the build might accept it. Leaving out
is the safe side: what validate accepts, the build builds.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

# The sections every case page has after its body (generator/plan/case_sections.py), whose
# headings take the next free id when the body already uses theirs: '#source_1' is the fixed
# Source section of a case whose body has a '## Source' of its own. The other sections
# (related cases, packs, verify) are not on every page, so they are not counted.
FIXED_SECTIONS = ("questions-for-your-board", "source", "how-to-cite-this-case")

# Characters that make a heading's rendered text differ from what is written.
_MARKUP = frozenset("*_`[]<>&\\!{}")
_ATTR_ID = re.compile(r"(?:^|\s)#([^\s}]+)")
_NOT_WORD = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")
_ID_COUNT = re.compile(r"^(.*)_([0-9]+)$")

# Material's scripts find their own elements by these ids (`__config`, `__drawer`,
# `__search`, `__palette_0` ...) and Casebook's by these: a case must not shadow them
# ("DOM clobbering"), or a script would read the case's element instead of its own.
_RESERVED_ID_PREFIXES = ("__", "cb-data", "cb-search", "cb-header", "cb-copied", "cb-filters",
                         "cb-cards", "cb-status", "cb-q", "cb-sort")


def is_reserved_id(value: str) -> bool:
    """Whether an id belongs to the site's own scripts (Material's or Casebook's)."""
    return value.startswith(_RESERVED_ID_PREFIXES)


def slugify(text: str) -> str:
    """Python-Markdown's toc slugify with its defaults (ASCII, '-'), written out so that
    `casebook validate` never imports Markdown (tests/integration/test_cli.py);
    tests/unit/library/test_body.py holds it to the original."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SEPARATORS.sub("-", _NOT_WORD.sub("", text).strip().lower())


def heading_ids(body: str, code: set[int]) -> set[str]:
    """The ids of the case page's headings that are known for sure: the body's, then the
    fixed sections'; `code` holds the indexes of the body's lines in fenced code blocks."""
    headings = [text for index, line in enumerate(body.split("\n"))
                if line.startswith("#") and index not in code
                and (text := _heading_text(line)) is not None]
    explicit = {found for text in headings if (found := _attribute_id(text)) is not None}
    used: set[str] = set(explicit)  # as the toc extension: ids set anywhere are taken first
    known: set[str] = set(explicit)
    for text in headings:
        if _attribute_id(text) is not None:
            continue
        exact = not _MARKUP.intersection(text)
        # A heading with markup still takes an id, probably its words': counted, so that the
        # numbering of the headings after it stays right, but not known.
        found = unique_id(slugify(text if exact else "".join(
            c for c in text if c not in _MARKUP)), used)
        if exact:
            known.add(found)
    known.update(unique_id(section, used) for section in FIXED_SECTIONS)
    return known


def _heading_text(line: str) -> str | None:
    """The text of an ATX heading ('## Title ##' → 'Title'), or None if it is not one."""
    level = len(line) - len(line.lstrip("#"))
    if level > 6:
        return None
    rest = line[level:]
    if rest.endswith("#"):
        rest = rest.rstrip("#")
    return rest.strip()


def _attribute_id(text: str) -> str | None:
    """The id an attribute list at the end of a heading sets ('Title {: #id }')."""
    if not text.endswith("}") or "{" not in text:
        return None
    inside = text[text.rindex("{") + 1:-1].removeprefix(":")
    match = _ATTR_ID.search(inside)
    return match.group(1) if match else None


def unique_id(wanted: str, used: set[str]) -> str:
    """`wanted`, or `wanted_1`, `wanted_2`… if taken, as the toc extension does it; the id
    returned is added to `used`."""
    found = wanted
    if found in used or not found:
        match = _ID_COUNT.match(wanted)
        base, count = (match.group(1), int(match.group(2))) if match else (wanted, 0)
        count += 1
        while f"{base}_{count}" in used:
            count += 1
        found = f"{base}_{count}"
    used.add(found)
    return found


# A fenced code block exactly as Python-Markdown's fenced_code finds one: the opening fence
# at the start of a line, with at most a language or {attributes} after it, and closed by
# the same fence later. Anything else (an indented or an unclosed fence) is not code to
# Markdown, so it must not be exempt from the checks either.
_FENCE = re.compile(r"^(`{3,}|~{3,})[ ]*"
                    r"(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|')[^\n]*?\2[ ]*)?)$")


_CLOSING_FENCE = re.compile(r"^(`{3,}|~{3,})[ ]*$")


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
