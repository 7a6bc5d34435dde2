"""Atom feeds of new and updated cases: one for the library, one per area of good practice.

An entry is "updated" when its case was last reviewed, or else published, so a review brings
a case back to the top of a reader's list. Entries are newest first, at most FEED_LIMIT.

Links are absolute when the site's address is known (MkDocs' `site_url`); otherwise they are
relative to the feed, which RFC 4287 resolves against the feed's own address. Ids must be
absolute and must never change: the case's permanent URL when the address is known, else a
tag: URI (RFC 4151) built from the slug and the date the case was published.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Iterable
from xml.etree import ElementTree as ET

from casebook.library.cases import Case
from casebook.library.taxonomy import Taxonomy
from casebook.library.urls import case_url, on_site, relative, term_url

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 50
SITE_FEED = "feed.xml"
TAG_AUTHORITY = "casebook"
TAG_DATE = "2026"   # the year the library began; part of every fallback id, so never change it
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot carry; YAML already refuses most, this is the last guard.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def area_feed_path(area_id: str) -> str:
    """Where an area's feed lives: beside its page, at /areas/<id>/feed.xml."""
    return f"{term_url('areas', area_id)}feed.xml"


def feed_order(cases: Iterable[Case], limit: int = FEED_LIMIT) -> list[Case]:
    """The newest `limit` cases by their updated date, then title; linear in the cases."""
    return heapq.nsmallest(limit, cases, key=lambda c: (-c.last_reviewed.toordinal(),
                                                        c.title.casefold(), c.slug))


def entry_id(case: Case, site_url: str) -> str:
    return on_site(site_url, case_url(case.slug)) or (
        f"tag:{TAG_AUTHORITY},{case.published.isoformat()}:cases/{case.slug}")


def atom_feed(cases: Iterable[Case], taxonomy: Taxonomy, *, path: str, title: str,
              subtitle: str, page: str, site_url: str = "",
              today: dt.date | None = None) -> str:
    """The Atom document published at `path`, whose HTML counterpart is the page at `page`."""
    folder = path.rpartition("/")[0] + "/" if "/" in path else ""

    def href(site_path: str) -> str:
        return on_site(site_url, site_path) or relative(folder, site_path)

    entries = feed_order(cases)
    newest = entries[0].last_reviewed if entries else (today or dt.date.today())
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: "en-GB"})
    _text(feed, "title", title)
    _text(feed, "subtitle", subtitle)
    _text(feed, "id", on_site(site_url, path) or f"tag:{TAG_AUTHORITY},{TAG_DATE}:{path}")
    _text(feed, "updated", _timestamp(newest))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml",
                                 "href": href(path)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": href(page)})
    _text(ET.SubElement(feed, "author"), "name", "Casebook")
    _text(feed, "generator", "Casebook")
    for case in entries:
        entry = ET.SubElement(feed, "entry")
        _text(entry, "id", entry_id(case, site_url))
        _text(entry, "title", case.title)
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html",
                                      "href": href(case_url(case.slug))})
        _text(entry, "published", _timestamp(case.published))
        _text(entry, "updated", _timestamp(case.last_reviewed))
        _text(ET.SubElement(entry, "author"), "name", case.organisation)
        _text(entry, "summary", case.summary)
        for area_id in case.areas:
            area = taxonomy.areas.get(area_id)
            label = area.label if area else area_id
            ET.SubElement(entry, "category", {"term": area_id, "label": _clean(label)})
    ET.indent(feed)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(feed, encoding="unicode") + "\n")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _timestamp(day: dt.date) -> str:
    """A date as an RFC 3339 timestamp, as Atom requires: midnight UTC."""
    return f"{day.isoformat()}T00:00:00Z"
