"""What the planners produce: typed pages and output files, plain data with no MkDocs in it.

A `Page` says what kind of page it is and carries typed fields; `front_matter` is the one
place they become the meta a theme template reads (and the YAML `casebook stage` writes).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from casebook.library.urls import relative


class Kind(StrEnum):
    """A page's kind, which is the theme template that renders it."""

    PAGE = "casebook.html"  # an index, listing or text page
    CASE = "case.html"
    REDIRECT = "redirect.html"  # an old address of a case (an alias)


@dataclass(frozen=True)
class Lesson:
    """An area page's entry for one case whose rendered Lessons it gathers
    (generator/plan/lessons.py): the case, and a line about it."""

    slug: str
    title: str
    about: str


@dataclass(frozen=True)
class Gathering:
    """A section of a page that gathers one section of its cases' rendered pages, as an area
    page gathers their Lessons: the "What did not work" sections (generator/plan/pitfalls.py).
    The plugin puts it at `marker`, under its (id, title) `heading` and `intro`; with `empty`,
    a case whose section holds nothing is listed with that sentence instead of left out."""

    marker: str
    heading: tuple[str, str]
    intro: str
    entries: tuple[Lesson, ...]
    empty: str = ""


@dataclass(frozen=True)
class CaseParts:
    """The parts of a case page the core renders itself, around its Markdown body: the
    header (title, summary, panel), the impact table closing the body's Impact section, and
    the sections after the body with their (id, title) headings
    (generator/plan/case_sections.py)."""

    slug: str
    header: str
    sections: str
    sections_toc: tuple[tuple[str, str], ...]
    impact: str = ""


@dataclass(frozen=True)
class Page:
    """One page of the site: where it lives, its Markdown, and what its template needs."""

    src: str
    title: str
    markdown: str
    kind: Kind = Kind.PAGE
    description: str = ""
    in_nav: bool = False
    hide: tuple[str, ...] = ()  # parts of Material's frame to leave out ("navigation", "toc")
    robots: str = ""  # "noindex" for pages search engines should skip
    after: str = ""  # HTML the theme places after the page's content (cards, filters)
    case: CaseParts | None = None
    lessons: tuple[Lesson, ...] = ()
    pitfalls: tuple[Gathering, ...] = ()
    # A pack handout's cases, whose sections the plugin places at their markers
    # (generator/plan/pack_text.py).
    case_texts: tuple[str, ...] = ()
    redirect_to: str = ""

    @property
    def url(self) -> str:
        return page_url(self.src)

    @property
    def root(self) -> str:
        return page_root(self.src)

    @property
    def is_case(self) -> bool:
        return self.kind is Kind.CASE

    def front_matter(self) -> dict[str, Any]:
        """The page's meta as the theme's templates read it (MkDocs' `page.meta`)."""
        meta: dict[str, Any] = {"template": self.kind.value}
        if self.kind is not Kind.PAGE:
            meta["title"] = self.title
        if self.description or self.kind is not Kind.REDIRECT:
            meta["description"] = self.description
        if self.hide:
            meta["hide"] = list(self.hide)
        if self.robots:
            meta["robots"] = self.robots
        if self.after:
            meta["casebook_after"] = self.after
        if self.redirect_to:
            meta["redirect_to"] = self.redirect_to
        if self.case is not None:
            meta.update(_case_meta(self.case))
        if self.lessons:
            meta["casebook_lessons"] = [vars(lesson).copy() for lesson in self.lessons]
        if self.pitfalls:
            meta["casebook_pitfalls"] = [_gathering_meta(group) for group in self.pitfalls]
        if self.case_texts:
            meta["casebook_case_texts"] = list(self.case_texts)
        return meta


def page_url(src: str) -> str:
    """The folder-style URL MkDocs gives the page at `src` ('areas/data/', '' for the home
    page)."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def page_root(src: str) -> str:
    """The relative path from the page at `src` to the site root."""
    return relative(page_url(src), "")


def _case_meta(case: CaseParts) -> dict[str, Any]:
    meta: dict[str, Any] = {"casebook_case": case.slug, "casebook_header": case.header}
    if case.impact:
        meta["casebook_impact"] = case.impact
    meta["casebook_sections"] = case.sections
    meta["casebook_sections_toc"] = [list(heading) for heading in case.sections_toc]
    return meta


def _gathering_meta(group: Gathering) -> dict[str, Any]:
    meta: dict[str, Any] = {"marker": group.marker, "heading": list(group.heading),
                            "intro": group.intro,
                            "entries": [vars(entry).copy() for entry in group.entries]}
    if group.empty:
        meta["empty"] = group.empty
    return meta


@dataclass(frozen=True)
class Output:
    """A generated file that is not a page: a feed, open data, a schema. Served as is."""

    path: str
    content: str
