"""Glossary tooltips (generator/render/glossary.py): abbreviations in a page's text get <abbr>."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.library.taxonomy import GlossaryEntry
from casebook.render.glossary import Glossary

ENTRIES = [GlossaryEntry("WRES", "Workforce Race Equality Standard"),
           GlossaryEntry("NHSE", "NHS England"),
           GlossaryEntry("NHSE/I", "NHS England and NHS Improvement"),
           GlossaryEntry("HR", "Human resources"),
           GlossaryEntry("ED&I", "Equality, diversity and inclusion"),
           GlossaryEntry("EDI", 'Equality, "diversity" & inclusion\nSecond line.')]
GLOSSARY = Glossary(ENTRIES)
WRES = '<abbr title="Workforce Race Equality Standard">WRES</abbr>'


def reference(entries: list[GlossaryEntry], page: str) -> str:
    """The rule written as one regular expression over the whole page, token by token (as
    the module first did it, and slowly: a step per tag)."""
    meanings = {e.term: e.meaning.splitlines()[0].strip() for e in entries}
    words = "|".join(re.escape(t) for t in sorted(meanings, key=len, reverse=True))
    skip = "code|pre|abbr|script|style|textarea|title"
    pattern = re.compile(rf"(<(?P<skip>{skip})\b[^>]*>.*?</(?P=skip)\s*>|<!--.*?-->|<[^>]*>)"
                         rf"|(?<![\w-])(?P<term>{words})(?![\w-])", re.DOTALL)

    def replace(match: re.Match[str]) -> str:
        term = match.group("term")
        if term is None:
            return match.group(0)
        return f'<abbr title="{html.escape(meanings[term], quote=True)}">{term}</abbr>'

    return pattern.sub(replace, page)


def test_every_occurrence_in_text_is_marked() -> None:
    """Material's abbr marks every occurrence; so does the glossary."""
    assert GLOSSARY.annotate("<p>WRES and WRES.</p>") == f"<p>{WRES} and {WRES}.</p>"


def test_a_term_inside_a_longer_word_or_a_tag_is_left_alone() -> None:
    """'WRESTLE', 'pre-WRES', an attribute's value and code are not the abbreviation."""
    page = ('<p>WRESTLE pre-WRES WRES_x</p><a title="WRES" href="/WRES/">x</a>'
            "<code>WRES</code><pre><code>HR</code></pre><!-- WRES -->")
    assert GLOSSARY.annotate(page) == page


def test_the_longest_term_wins_and_the_meaning_is_escaped() -> None:
    """'NHSE/I' is one term, not 'NHSE' then '/I'; quotes in a meaning are escaped."""
    assert GLOSSARY.annotate("<p>NHSE/I</p>") == (
        '<p><abbr title="NHS England and NHS Improvement">NHSE/I</abbr></p>')
    assert GLOSSARY.annotate("<p>EDI</p>") == (
        '<p><abbr title="Equality, &quot;diversity&quot; &amp; inclusion">EDI</abbr></p>')


def test_a_page_without_terms_is_returned_as_it_is() -> None:
    """No term, no change (and no copy)."""
    page = "<p>Nothing to explain here.</p>"
    assert GLOSSARY.annotate(page) is page
    assert Glossary([]).annotate(page) is page


_PIECES = ["WRES", "NHSE", "NHSE/I", "/I", "HR", "ED&amp;I", "ED&I", "EDI", "x", "-", "_",
           " ", ".", "é", "<p>", "</p>", '<a title="WRES HR" href="#HR">', "</a>", "<code>",
           "</code>", "<pre><code>", "</code></pre>", "<!-- WRES -->", '<abbr title="x">',
           "</abbr>", "<script>", "</script>", "<title>", "</title>", "<preview>", "<br>",
           "<h2 id=\"hr\">", "</h2>"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_the_fast_scan_gives_what_the_token_by_token_rule_gives(pieces: list[str]) -> None:
    """Any mix of text, tags, comments, code and terms: the same output as the reference."""
    page = "".join(pieces)
    assert GLOSSARY.annotate(page) == reference(ENTRIES, page)
