"""Glossary tooltips: every known abbreviation in a page's text becomes an <abbr title>.

Python-Markdown's abbr extension does the same but costs about 2 ms a page with a glossary
of thirty terms (it runs a pattern per term over every text node); one combined regular
expression over the finished HTML costs a few hundredths of that.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from .taxonomy import GlossaryEntry

# Inside these elements text is left alone: code, existing abbreviations, scripts and styles.
_SKIP = ("code", "pre", "abbr", "script", "style", "textarea", "title")


class Glossary:
    def __init__(self, entries: Iterable[GlossaryEntry]) -> None:
        self.meanings = {e.term: e.meaning.splitlines()[0].strip() for e in entries}
        terms = sorted(self.meanings, key=len, reverse=True)
        words = "|".join(re.escape(t) for t in terms) or r"(?!)"
        skip = "|".join(_SKIP)
        # A tag, the content of an element to skip whole, or a known term as a whole word.
        self.pattern = re.compile(
            rf"(<(?P<skip>{skip})\b[^>]*>.*?</(?P=skip)\s*>|<!--.*?-->|<[^>]*>)"
            rf"|(?<![\w-])(?P<term>{words})(?![\w-])",
            re.DOTALL,
        )

    def annotate(self, page_html: str) -> str:
        if not self.meanings:
            return page_html

        def replace(match: re.Match[str]) -> str:
            term = match.group("term")
            if term is None:
                return match.group(0)
            title = html.escape(self.meanings[term], quote=True)
            return f'<abbr title="{title}">{term}</abbr>'

        return self.pattern.sub(replace, page_html)
