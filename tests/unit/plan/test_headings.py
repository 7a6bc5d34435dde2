"""Headings of a contributed body take ids from their text, never one the page owns."""

from __future__ import annotations

import re

from casebook.plan.headings import Heading, heading_id, ids_in, renumber


def slugify(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")


def test_every_heading_takes_its_id_from_its_text_with_its_permalink() -> None:
    """An id the contributor chose is not kept; the permalink is written again."""
    body, headings = renumber('<h2 id="mine">Our plan</h2><p>x</p><h3>Raw</h3>', set(), slugify)
    assert body == ('<h2 id="our-plan">Our plan<a class="headerlink" href="#our-plan" '
                    'title="Link to this section">&para;</a></h2><p>x</p>'
                    '<h3 id="raw">Raw<a class="headerlink" href="#raw" '
                    'title="Link to this section">&para;</a></h3>')
    assert headings == [Heading(2, "our-plan", "Our plan"), Heading(3, "raw", "Raw")]


def test_a_reserved_id_is_never_given_to_a_body_heading() -> None:
    """'source' belongs to the page's Source section: the body's Source heading numbers on,
    and a heading chosen as '#source' takes its text's id."""
    body, headings = renumber('<h3 id="source">Source</h3><h3 id="source">The plan</h3>',
                              {"source"}, slugify)
    assert [h.id for h in headings] == ["source_1", "the-plan"]
    assert 'id="source"' not in body


def test_ids_the_sites_scripts_own_are_never_given() -> None:
    """A heading whose text reads as Material's or Casebook's own id gets a prefix."""
    _, headings = renumber("<h2>__config</h2><h2>cb-data</h2>", set(), slugify)
    assert [h.id for h in headings] == ["section-__config", "section-cb-data"]
    assert heading_id("cb-search-q", set(), slugify) == "section-cb-search-q"


def test_a_link_to_a_heading_follows_it_but_a_link_to_a_reserved_id_does_not() -> None:
    """'#plan' (chosen with '{ #plan }') becomes '#our-plan'; '#source' still reaches the
    page's own Source section."""
    body, _ = renumber('<h2 id="plan">Our plan</h2><h2 id="source">Extra</h2>'
                       '<p><a href="#plan">p</a> <a href="#source">s</a></p>', {"source"},
                       slugify)
    assert '<a href="#our-plan">p</a>' in body and '<a href="#source">s</a>' in body


def test_duplicate_texts_are_numbered_as_the_toc_extension_numbers_them() -> None:
    """Two 'Notes' headings: notes, notes_1."""
    _, headings = renumber("<h3>Notes</h3><h3>Notes</h3>", set(), slugify)
    assert [h.id for h in headings] == ["notes", "notes_1"]


def test_ids_in_finds_every_id_of_a_fragment() -> None:
    assert ids_in('<h2 id="a">A</h2><title id="c1-title">t</title>') == {"a", "c1-title"}
