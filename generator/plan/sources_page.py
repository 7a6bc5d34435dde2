"""The page of sources (/sources/): each case's published source, with its address and the
cases drawn from it, then the further evidence each case links to.

Planned from the library at every build, like the other pages, so it can never fall behind
the cases; `casebook stage DIR` writes it as DIR/docs/sources.md.
"""

from __future__ import annotations

from collections import defaultdict

from casebook.library.cases import Case, Source
from casebook.library.urls import case_src
from casebook.plan.markdown_text import md_link, md_text
from casebook.plan.plurals import counted

SOURCES_SRC = "sources.md"

_HEADER = """\
# Sources

Every case in this library cites its source: a published report, a guide's case study, a
trust's board paper or news item, a journal article, or for a case written by the
organisation itself, that organisation. Each source is listed here once, with its address and
the cases drawn from it, so that a reader can check any case against what its source says.
Figures in a case's impact table are quoted from its source, sentence and all, on the case's
page.
"""


def _source_heading(source: Source) -> str:
    year = f" ({md_text(str(source.year))})" if source.year else ""
    title = f": *{md_text(str(source.title))}*" if source.title else ""
    return f"### {md_text(str(source.publisher or 'The organisation itself'))}{year}{title}"


def _case_item(case: Case, folder: str) -> str:
    return f"- {md_link(str(case.title), folder + case_src(case.slug))}"


def render_sources(cases: list[Case], folder: str = "") -> str:
    """The whole page; case links are relative to `folder` (the docs folder's root: '')."""
    by_source: dict[Source, list[Case]] = defaultdict(list)
    for case in sorted(cases, key=lambda c: str(c.title).casefold()):
        by_source[case.source].append(case)
    ordered = sorted(by_source, key=lambda s: (str(s.publisher).casefold(), str(s.year or 0),
                                               str(s.title)))
    out = [_HEADER, f"## The {counted(len(ordered), 'source')} of the "
                    f"{counted(len(cases), 'case')}", ""]
    for source in ordered:
        out += [_source_heading(source), ""]
        if source.url:
            out += [md_link(str(source.url), str(source.url)), ""]
        out += [_case_item(case, folder) for case in by_source[source]] + [""]
    linked = [c for c in sorted(cases, key=lambda c: str(c.title).casefold()) if c.links]
    if linked:
        out += ["## Further evidence cited by cases", ""]
        for case in linked:
            out += [f"### {md_text(str(case.title))}", ""]
            out += [f"- {md_link(link.title, link.url)}" for link in case.links] + [""]
    return "\n".join(out).rstrip("\n") + "\n"

