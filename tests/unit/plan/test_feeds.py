"""Atom feeds (generator/plan/feeds.py): the library's feed and one per area, as valid Atom."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from casebook.library.cases import Case, Source
from casebook.library.load import Library
from casebook.library.taxonomy import AREAS, Taxonomy
from casebook.library.urls import term_src
from casebook.plan.feeds import ATOM, FEED_LIMIT, area_feed_path, atom_feed
from casebook.plan.site import plan
from tests.helpers.library import TODAY, load_generated_library

A = f"{{{ATOM}}}"
SITE = "https://casebook.example.org/library/"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return load_generated_library(tmp_path_factory.mktemp("feeds") / "library", 60)


@pytest.fixture(scope="module")
def outputs(library: Library) -> dict[str, str]:
    """The generated files of the library, planned without the site's address."""
    return {o.path: o.content for o in plan(library, TODAY)[1]}


@pytest.fixture(scope="module")
def outputs_with_site_url(library: Library) -> dict[str, str]:
    return {o.path: o.content for o in plan(library, TODAY, site_url=SITE)[1]}


def parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(text.encode("utf-8"))


def timestamp(text: str | None) -> dt.datetime:
    """An RFC 3339 timestamp as Atom requires it (with a time and a zone)."""
    assert text and "T" in text and (text.endswith("Z") or "+" in text[10:])
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def make_case(slug: str, published: dt.date, reviewed: dt.date | None = None,
              title: str = "", areas: tuple[str, ...] = ("data",)) -> Case:
    return Case(slug=slug, path=Path(f"cases/{slug}.md"), title=title or f"The case {slug}",
                summary="A trust did something about race equality for its staff.",
                organisation="An acute trust", trust_type="acute",
                population_profile="diverse", areas=areas, evidence="promising",
                outcome="improved", published=published, source=Source("NHS Providers", 2022),
                body="", reviewed=reviewed)


def test_the_library_feed_is_valid_atom_with_every_required_element(
        outputs: dict[str, str], library: Library) -> None:
    """RFC 4287: feed id, title, updated, author, self link; each entry id, title, updated,
    an alternate link and a summary; ids unique and absolute."""
    feed = parse(outputs["feed.xml"])
    assert feed.tag == f"{A}feed"
    for tag in ("id", "title", "updated"):
        assert (feed.findtext(f"{A}{tag}") or "").strip(), tag
    assert feed.findtext(f"{A}author/{A}name")
    timestamp(feed.findtext(f"{A}updated"))
    rels = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert rels["self"] == "feed.xml"
    entries = feed.findall(f"{A}entry")
    assert len(entries) == min(FEED_LIMIT, len(library.cases))
    ids = []
    for entry in entries:
        for tag in ("id", "title", "updated", "published", "summary"):
            assert (entry.findtext(f"{A}{tag}") or "").strip(), tag
        timestamp(entry.findtext(f"{A}updated"))
        alternate = [link for link in entry.findall(f"{A}link") if link.get("rel") == "alternate"]
        assert len(alternate) == 1 and alternate[0].get("type") == "text/html"
        ids.append(entry.findtext(f"{A}id") or "")
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("tag:casebook,") for i in ids)


def test_entries_are_in_date_order_newest_first(outputs: dict[str, str]) -> None:
    """Each entry's updated date is on or before the one above it; the feed's is the newest."""
    feed = parse(outputs["feed.xml"])
    dates = [timestamp(e.findtext(f"{A}updated")) for e in feed.findall(f"{A}entry")]
    assert dates == sorted(dates, reverse=True)
    assert timestamp(feed.findtext(f"{A}updated")) == dates[0]


def test_the_feed_lists_the_newest_cases_of_the_library(outputs: dict[str, str],
                                                        library: Library) -> None:
    """The entries are exactly the FEED_LIMIT cases changed most recently."""
    feed = parse(outputs["feed.xml"])
    titles = [e.findtext(f"{A}title") for e in feed.findall(f"{A}entry")]
    newest = sorted(library.cases, key=lambda c: (-c.last_reviewed.toordinal(), c.title.casefold()))
    assert titles == [c.title for c in newest[:FEED_LIMIT]]


def test_updated_is_the_review_date_when_there_is_one_else_the_publication_date(
        taxonomy: Taxonomy) -> None:
    """A reviewed case comes back to the top; `published` stays the publication date."""
    cases = [make_case("old-but-reviewed", dt.date(2020, 1, 1), reviewed=dt.date(2025, 6, 1)),
             make_case("newer", dt.date(2024, 1, 1)),
             make_case("oldest", dt.date(2019, 1, 1))]
    feed = parse(atom_feed(cases, taxonomy, path="feed.xml", title="t", subtitle="s", page=""))
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}title") for e in entries] == [
        "The case old-but-reviewed", "The case newer", "The case oldest"]
    assert entries[0].findtext(f"{A}updated") == "2025-06-01T00:00:00Z"
    assert entries[0].findtext(f"{A}published") == "2020-01-01T00:00:00Z"
    assert entries[1].findtext(f"{A}updated") == "2024-01-01T00:00:00Z"


def test_with_a_site_url_every_link_and_id_is_absolute(
        outputs_with_site_url: dict[str, str]) -> None:
    """Ids are the permanent case URLs; self and alternate links are absolute too."""
    feed = parse(outputs_with_site_url["feed.xml"])
    assert feed.findtext(f"{A}id") == f"{SITE}feed.xml"
    for entry in feed.findall(f"{A}entry"):
        link = entry.find(f"{A}link")
        assert link is not None
        href = link.get("href") or ""
        assert href.startswith(f"{SITE}cases/") and href.endswith("/")
        assert entry.findtext(f"{A}id") == href


def test_without_a_site_url_links_are_relative_to_the_feed(outputs: dict[str, str],
                                                           taxonomy: Taxonomy) -> None:
    """An area feed two folders down links to '../../cases/<slug>/', which is the case."""
    area = taxonomy.areas.terms[0].id
    path = area_feed_path(area)
    feed = parse(outputs[path])
    for entry in feed.findall(f"{A}entry"):
        link = entry.find(f"{A}link")
        assert link is not None
        href = link.get("href") or ""
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
        assert resolved.startswith("cases/"), href


def test_each_area_has_a_feed_of_exactly_its_cases(outputs: dict[str, str], library: Library,
                                                   taxonomy: Taxonomy) -> None:
    """/areas/<id>/feed.xml lists the area's cases (newest FEED_LIMIT), each tagged with it."""
    for area in taxonomy.areas:
        feed = parse(outputs[f"areas/{area.id}/feed.xml"])
        entries = feed.findall(f"{A}entry")
        tagged = [c for c in library.cases if area.id in c.areas]
        assert len(entries) == min(FEED_LIMIT, len(tagged))
        assert {e.findtext(f"{A}title") for e in entries} <= {c.title for c in tagged}
        for entry in entries:
            terms = [c.get("term") for c in entry.findall(f"{A}category")]
            assert area.id in terms


def test_an_area_page_links_to_its_feed(library: Library, taxonomy: Taxonomy) -> None:
    """The area page's Markdown link reaches its feed file (the feed is linked in the page,
    not as rel="alternate": Material would take that for a translation)."""
    pages, outputs = plan(library, TODAY)
    by_src = {p.src: p for p in pages}
    paths = {o.path for o in outputs}
    for area in taxonomy.areas:
        page = by_src[term_src(AREAS, area.id)]
        assert "casebook_feed" not in page.front_matter()
        target = posixpath.join(posixpath.dirname(page.src), f"{area.id}/feed.xml")
        assert f"]({area.id}/feed.xml)" in page.markdown and target in paths


def test_text_that_looks_like_markup_stays_text_in_the_feed(taxonomy: Taxonomy) -> None:
    """'<', '&' and characters XML cannot carry never break the document."""
    case = make_case("hostile", dt.date(2024, 1, 1),
                     title="<script>alert('x')</script> & ]]> \x01 done")
    feed = parse(atom_feed([case], taxonomy, path="feed.xml", title="t", subtitle="s", page=""))
    assert feed.findtext(f"{A}entry/{A}title") == "<script>alert('x')</script> & ]]>  done"


def test_an_empty_library_still_gives_a_valid_feed(taxonomy: Taxonomy) -> None:
    """No cases: the feed has no entries and is dated by 'today', not by the clock."""
    feed = parse(atom_feed([], taxonomy, path="feed.xml", title="t", subtitle="s", page="",
                           today=dt.date(2026, 1, 1)))
    assert feed.findall(f"{A}entry") == []
    assert feed.findtext(f"{A}updated") == "2026-01-01T00:00:00Z"


def test_the_about_page_links_to_the_feed_and_the_open_data(library: Library) -> None:
    """The About page's 'Open data and feeds' section links to files that are generated."""
    pages, outputs = plan(library, TODAY)
    about = next(p for p in pages if p.src == "about.md").markdown
    paths = {o.path for o in outputs}
    assert "## Open data and feeds" in about
    for name in ("feed.xml", "cases.json", "cases.csv"):
        assert f"]({name})" in about and name in paths
