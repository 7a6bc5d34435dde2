"""Glossary tooltips: every known abbreviation in a page's text becomes an <abbr title>.

Python-Markdown's abbr extension does the same but runs a pattern per term over every text
node, which costs more than rendering the page (docs/performance.md). Here the page's HTML is
searched for the terms alone, which the regular expression engine does at memory speed, and
only where a term occurs is its place looked at: a term inside a tag, a comment or an element
whose text is left alone (code, an existing abbreviation, a script) stays as it is. Most pages
have no term, or a handful, so the cost is a scan of the page and not a step per tag.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterable

from casebook.library.taxonomy import GlossaryEntry
from casebook.plan.markdown_text import tooltip

# Inside these elements text is left alone: code, existing abbreviations, scripts and styles.
_SKIP = ("code", "pre", "abbr", "script", "style", "textarea", "title")
# Whole elements to skip, and comments: their text is never annotated.
_OPAQUE = re.compile(rf"<(?P<skip>{'|'.join(_SKIP)})\b[^>]*>.*?</(?P=skip)\s*>|<!--.*?-->",
                     re.DOTALL)
_WORD = re.compile(r"[\w-]")


class Glossary:
    def __init__(self, entries: Iterable[GlossaryEntry]) -> None:
        self.meanings = {e.term: e.meaning.splitlines()[0].strip() for e in entries}
        terms = sorted(self.meanings, key=len, reverse=True)
        # Longest first, so 'NHSE/I' wins over 'NHSE'. No lookbehind in front: a pattern
        # that starts with its literals is searched for with a fast prefix scan.
        words = "|".join(re.escape(t) for t in terms)
        self.terms = re.compile(words) if terms else None
        self.whole = re.compile(rf"(?:{words})(?![\w-])")
        self.abbr = {term: f'<abbr title="{_attribute(meaning)}">{term}</abbr>'
                     for term, meaning in self.meanings.items()}

    def annotate(self, page_html: str) -> str:
        if self.terms is None:
            return page_html
        out: list[str] = []
        done = pos = 0
        opaque: list[tuple[int, int]] | None = None
        while match := self.terms.search(page_html, pos):
            start = match.start()
            pos = start + 1
            term = self._term_at(page_html, start)
            if term is None or _in_tag(page_html, start):
                continue
            if opaque is None:  # found once a page, and only for a page with a term
                opaque = [m.span() for m in _OPAQUE.finditer(page_html)]
            if _inside(opaque, start):
                continue
            out += [page_html[done:start], self.abbr[term]]
            done = pos = start + len(term)
        if not out:
            return page_html
        out.append(page_html[done:])
        return "".join(out)

    def _term_at(self, text: str, start: int) -> str | None:
        """The longest term at `start` that is a whole word (no letter, digit, '_' or '-'
        on either side), or None."""
        if start and _WORD.match(text, start - 1):
            return None
        match = self.whole.match(text, start)
        return match.group(0) if match else None


def _attribute(meaning: str) -> str:
    return html.escape(tooltip(meaning), quote=True)


def _in_tag(text: str, index: int) -> bool:
    """True inside a tag's '<…>' (an attribute's value, say): its '<' is nearer than any '>'.
    Text between tags holds no raw '<' or '>'; both are escaped there."""
    return text.rfind("<", 0, index) > text.rfind(">", 0, index)


def _inside(spans: list[tuple[int, int]], index: int) -> bool:
    """True when `index` falls inside one of the sorted, disjoint `spans`."""
    at = bisect_right(spans, (index, 1 << 62)) - 1
    return at >= 0 and spans[at][0] <= index < spans[at][1]
