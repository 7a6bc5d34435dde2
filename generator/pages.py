"""Page planning: the whole site as plain data, with no knowledge of MkDocs.

`plan_site` turns a valid library into a list of `Page`s. The MkDocs plugin serves them as
virtual files; `casebook stage DIR` writes the very same pages to a folder.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from .accessibility_page import ACCESSIBILITY_DESCRIPTION, ACCESSIBILITY_SRC, render_accessibility
from .case_sections import case_sections, sections_meta
from .cases import Case
from .charts import impact_charts
from .coverage import coverage_markdown
from .crosswalk import frameworks_page
from .feeds import SITE_FEED, area_feed_path, atom_feed
from .fragments import render, script_json
from .headers import HEADERS_FILE, headers_file
from .index import FacetIndex, newest_first
from .lessons import LESSONS_MARKER, gathered, outcome_counts
from .library import Library
from .markdown_text import md_link, md_text
from .opendata import open_data
from .pack_pages import pack_pages
from .provenance import FileHistory, read_history
from .related import RelatedFinder, related_cases
from .schema import SCHEMA_PATH, schema_json
from .sources_page import SOURCES_SRC, render_sources
from .taxonomy import AREAS, FACET_IDS, Taxonomy
from .urls import FACET_FOLDERS, QUERY_KEYS, case_src, facet_src, relative, term_src, term_url
from .views import CaseView, case_view, measure_view, term_view
from .wording import counted

NEWEST_ON_HOME = 6
# Facets shown as filters on Browse, in this order.
BROWSE_FACETS = ("areas", "trust_type", "population_profile", "region", "evidence", "outcome",
                 "wres_indicator")
# '](../other-slug/)' as a contributor writes it → '](other-slug.md)', which MkDocs checks.
_SIBLING_LINK = re.compile(
    r"(\]\(\s*<?|^ {0,3}\[[^\]\n]+\]:[ \t]*<?)\.\./([a-z0-9]+(?:-[a-z0-9]+)*)/?(#[^\s)>]*)?"
    r"(?=>|\)|\s|$)", re.MULTILINE)


@dataclass(frozen=True)
class Page:
    """One page of the site: where it lives, its Markdown, and what its template needs."""

    src: str
    title: str
    markdown: str
    meta: dict[str, Any] = field(default_factory=dict)
    in_nav: bool = False

    @property
    def url(self) -> str:
        """The folder-style URL MkDocs gives this page ('areas/data/', '' for the home page)."""
        stem = self.src.removesuffix(".md")
        if stem == "index":
            return ""
        return stem.removesuffix("/index") + "/"

    @property
    def root(self) -> str:
        """The relative path from this page to the site root."""
        return relative(self.url, "")


@dataclass(frozen=True)
class Output:
    """A generated file that is not a page: a feed, open data, a schema. Served as is."""

    path: str
    content: str


@dataclass
class SiteContext:
    """Everything computed once for the whole library, shared by every page planner."""

    library: Library
    taxonomy: Taxonomy
    today: dt.date
    index: FacetIndex
    views: dict[str, CaseView]
    related: dict[str, list[Case]]
    contributing: str = ""
    # The site's address (MkDocs' site_url) for absolute links in feeds, open data and
    # citations; '' when unknown. The repository's address (repo_url) for case histories,
    # and with `edit_uri` (mkdocs.yml, extra.casebook) each case's "Edit this case"
    # (generator/repository.py).
    site_url: str = ""
    repo_url: str = ""
    edit_uri: str = ""
    history: dict[str, FileHistory] = field(default_factory=dict)
    # Case and term pages planned by an earlier build of the same site (`casebook serve`,
    # generator/preview.py): src → (the page's inputs, the page). None outside previews.
    memo: dict[str, tuple[Any, Page]] | None = None
    _cards: dict[tuple[str, str], Markup] = field(default_factory=dict)
    _questions: dict[str, Markup] = field(default_factory=dict)

    @property
    def cases(self) -> list[Case]:
        return self.library.cases

    def cards(self, cases: list[Case], root: str) -> list[Markup]:
        """Each case's card as HTML, rendered once per root: a case appears on ten pages."""
        out = []
        for case in cases:
            key = (case.slug, root)
            if key not in self._cards:
                self._cards[key] = Markup(render("card-one.html", c=self.views[case.slug],
                                                 root=root))
            out.append(self._cards[key])
        return out

    def board_questions(self, area_id: str) -> Markup:
        """An area's questions as a case page shows them, rendered once: every case of the
        area shows the same."""
        if area_id not in self._questions:
            area = self.taxonomy.areas.get(area_id)
            assert area is not None
            self._questions[area_id] = Markup(render(
                "case-questions.html", area=term_view(self.taxonomy, area), root="../../",
                questions=area.board_questions))
        return self._questions[area_id]


def plan_site(library: Library, today: dt.date | None = None) -> list[Page]:
    """Every generated page of the site, for a library that has passed validation."""
    return plan(library, today)[0]


def plan(library: Library, today: dt.date | None = None, *, site_url: str = "",
         repo_url: str = "", edit_uri: str = "",
         git_history: bool = False) -> tuple[list[Page], list[Output]]:
    """Every generated page and every other generated file, computed from one context.

    `git_history` reads when each case file last changed from git (one call); it is off by
    default so that planned pages depend only on the library (golden tests)."""
    ctx = site_context(library, today, site_url=site_url, repo_url=repo_url, edit_uri=edit_uri,
                       git_history=git_history)
    return plan_pages(ctx), plan_outputs(ctx)


def site_context(library: Library, today: dt.date | None = None, *, site_url: str = "",
                 repo_url: str = "", edit_uri: str = "", git_history: bool = False,
                 on_demand: bool = False,
                 history: dict[str, FileHistory] | None = None) -> SiteContext:
    """What every planner shares, computed once: the facet index, views, related cases.

    With `on_demand` (the quick step of a preview, which plans one or two case pages), a
    case's view and related cases are computed when a planner first asks for them, not for
    every case at once; such a context is for planning named cases, not the whole site.
    `history` is the cases' git history when the caller has it (a preview's last full plan:
    an edit does not change history until it is committed)."""
    assert library.taxonomy is not None and library.ok, "plan only a valid library"
    today = today or dt.date.today()
    taxonomy = library.taxonomy
    contributing = library.root / "CONTRIBUTING.md"
    if on_demand:
        finder = RelatedFinder(library.cases)
        by_slug = finder.by_slug
        views: dict[str, CaseView] = _OnDemand(
            lambda slug: case_view(by_slug[slug], taxonomy, today))
        related: dict[str, list[Case]] = _OnDemand(lambda slug: finder(by_slug[slug]))
    else:
        views = {c.slug: case_view(c, taxonomy, today) for c in library.cases}
        related = related_cases(library.cases)
    if history is None:
        history = read_history(library.root) if git_history else {}
    return SiteContext(
        library=library,
        taxonomy=taxonomy,
        today=today,
        index=FacetIndex.build(library.cases),
        views=views,
        related=related,
        contributing=contributing.read_text(encoding="utf-8") if contributing.is_file() else "",
        site_url=site_url,
        repo_url=repo_url,
        edit_uri=edit_uri,
        history=history,
    )


class _OnDemand(dict):  # type: ignore[type-arg]
    """A mapping whose missing values are computed, once, when first looked up."""

    def __init__(self, compute: Callable[[str], Any]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: str) -> Any:
        value = self[key] = self._compute(key)
        return value


def plan_pages(ctx: SiteContext) -> list[Page]:
    """Every Markdown page of the site."""
    taxonomy = ctx.taxonomy
    library = ctx.library
    pages = [home_page(ctx), browse_page(ctx), search_page(ctx), coverage_page(ctx),
             about_page(ctx), contribute_page(ctx)]
    for facet_id in FACET_IDS:
        pages.append(facet_page(ctx, facet_id))
        pages.extend(_remembered(ctx, term_src(facet_id, term.id),
                                 tuple(ctx.index.cases(facet_id, term.id)),
                                 term_page, ctx, facet_id, term.id)
                     for term in taxonomy[facet_id])
    for case in library.cases:
        pages.append(_remembered(ctx, case_src(case.slug), case_page_inputs(ctx, case),
                                 case_page, ctx, case))
        pages.extend(redirect_page(case, alias) for alias in case.aliases)
    pages.append(frameworks_page(ctx))
    pages.append(sources_page(ctx))
    pages.append(accessibility_page(ctx))
    pages.extend(pack_pages(ctx))
    return pages


def site_inputs(ctx: SiteContext) -> tuple[Any, ...]:
    """What a case or term page may read besides its own inputs: when any of these changes,
    no remembered page is used."""
    return (ctx.taxonomy, ctx.today, ctx.site_url, ctx.repo_url, ctx.edit_uri, ctx.library.packs)


def case_page_inputs(ctx: SiteContext, case: Case) -> tuple[Any, ...]:
    """Everything `case_page` reads besides `site_inputs`. Keep it whole: a page whose
    inputs are equal to last time's is not planned again under `casebook serve`."""
    return (case, tuple(ctx.related[case.slug]), ctx.history.get(case.slug))


def _remembered(ctx: SiteContext, src: str, inputs: tuple[Any, ...],
                planner: Callable[..., Page], *args: Any) -> Page:
    """`planner(*args)`, or the page it gave last time for the same `inputs` (in a preview).
    A term page's inputs are its cases; a case page's, `case_page_inputs`."""
    if ctx.memo is None:
        return planner(*args)
    remembered = ctx.memo.get(src)
    if remembered is not None and remembered[0] == inputs:
        return remembered[1]
    page = planner(*args)
    ctx.memo[src] = (inputs, page)
    return page


def plan_outputs(ctx: SiteContext) -> list[Output]:
    """Every generated file that is not a page (feeds, open data, schema)."""
    outputs: list[Output] = []
    outputs.append(Output(SCHEMA_PATH, schema_json(ctx.taxonomy)))
    outputs.append(Output(HEADERS_FILE, headers_file()))
    outputs.extend(_feeds(ctx))
    outputs.extend(Output(path, content) for path, content in open_data(ctx.cases, ctx.site_url))
    return outputs


def _feeds(ctx: SiteContext) -> list[Output]:
    """The library's Atom feed and one per area, each listing its newest changes."""
    feeds = [Output(SITE_FEED, atom_feed(
        ctx.cases, ctx.taxonomy, path=SITE_FEED, page="", site_url=ctx.site_url,
        today=ctx.today, title="Casebook: new and updated cases",
        subtitle="Case studies on race equality in the NHS workforce, newest first."))]
    for area in ctx.taxonomy.areas:
        feeds.append(Output(area_feed_path(area.id), atom_feed(
            ctx.index.cases(AREAS, area.id), ctx.taxonomy, path=area_feed_path(area.id),
            page=term_url(AREAS, area.id), site_url=ctx.site_url,
            today=ctx.today, title=f"Casebook: {area.number}. {area.title}",
            subtitle=f"New and updated cases in area {area.number}, newest first.")))
    return feeds


# ---------------------------------------------------------------- home, browse and friends


def home_page(ctx: SiteContext) -> Page:
    taxonomy = ctx.taxonomy
    root = "./"
    areas = [term_view(taxonomy, t, ctx.index.count(AREAS, t.id)) for t in taxonomy.areas]
    populations = [term_view(taxonomy, t) for t in taxonomy["population_profile"]]
    newest = newest_first(ctx.cases)[:NEWEST_ON_HOME]
    markdown = "\n\n".join([
        "# Race equality in the NHS workforce: what trusts did, and what happened",
        f"A library of {counted(len(ctx.cases), 'case study', 'case studies')} for NHS "
        "boards. Each case says what an "
        "organisation did about race equality for its staff, how strong the evidence is, and "
        "what happened, including what did not work. Board members can read cases from "
        "trusts like theirs before a meeting; facilitators can link them into peer-learning "
        "sessions.",
        render("like-mine.html", root=root, populations=populations,
               trust_types=[term_view(taxonomy, t) for t in taxonomy["trust_type"]]),
        "## The ten areas of good practice",
        "The areas come from NHS Providers' report *Race 2.0: time for real change* (2022), "
        "in which board members described what good looks like.",
        render("area-cards.html", root=root, areas=areas),
        "## Newest cases",
        render("cards.html", root=root, cards=ctx.cards(newest, root)),
        f"[Browse {'the' if len(ctx.cases) == 1 else 'all'} {counted(len(ctx.cases), 'case')}]"
        "(browse/index.md){ .md-button }",
    ])
    return Page("index.md", "Home", markdown,
                {"template": "casebook.html", "hide": ["navigation", "toc"], "description":
                 "Case studies on race equality in the NHS workforce, for NHS boards."},
                in_nav=True)


def browse_page(ctx: SiteContext) -> Page:
    taxonomy = ctx.taxonomy
    page_root = "../"
    facets = []
    for facet_id in BROWSE_FACETS:
        facet = taxonomy[facet_id]
        terms = [term_view(taxonomy, t, ctx.index.count(facet_id, t.id)) for t in facet]
        facets.append({"key": QUERY_KEYS[facet_id], "label": facet.label,
                       "url": f"{FACET_FOLDERS[facet_id]}/", "terms": terms})
    cases = newest_first(ctx.cases)
    data = [browse_record(c) for c in cases]
    fragment = render("browse.html", root=page_root, facets=facets,
                      cards=ctx.cards(cases, page_root), data=script_json(data))
    markdown = ("# Browse cases\n\nNarrow the library by any combination of areas, kinds of "
                "organisation and evidence. The address in your browser keeps your choices, "
                "so you can copy it and share exactly this view.")
    return Page("browse/index.md", "Browse", markdown,
                {"template": "casebook.html", "casebook_after": fragment,
                 "hide": ["navigation", "toc"],
                 "description": "Every case in the library, filtered by facet."},
                in_nav=True)


def browse_record(case: Case) -> dict[str, Any]:
    """The compact metadata Browse filters on: a few hundred bytes per case."""
    text = " ".join([case.title, case.summary, case.organisation, *case.keywords])
    return {
        "s": case.slug,
        "t": case.title,
        "d": case.published.isoformat(),
        "x": text.casefold(),
        "f": {QUERY_KEYS[f]: list(case.facet_values(f)) for f in BROWSE_FACETS},
    }


def search_page(ctx: SiteContext) -> Page:
    """Full-text search over case pages (Pagefind), with filters; state in the query string."""
    taxonomy = ctx.taxonomy
    facets = [{"key": QUERY_KEYS[f], "name": taxonomy[f].label,
               "terms": [{"id": t.id, "label": t.label} for t in taxonomy[f]]}
              for f in BROWSE_FACETS]
    fragment = render("search.html", root="../", facets=script_json(facets))
    markdown = ("# Search cases\n\nSearch the text of every case, then narrow the results "
                "by area, kind of organisation or evidence. The address in your browser keeps "
                "your search, so you can share it.")
    return Page("search/index.md", "Search", markdown,
                {"template": "casebook.html", "casebook_after": fragment,
                 "hide": ["navigation", "toc"], "robots": "noindex",
                 "description": "Search the case studies."})


def coverage_page(ctx: SiteContext) -> Page:
    return Page("coverage/index.md", "Coverage", coverage_markdown(ctx.index, ctx.taxonomy),
                {"template": "casebook.html", "hide": ["navigation", "toc"], "description":
                 "Where the library has cases and where it is thin, by area, kind of "
                 "organisation and local population."},
                in_nav=True)


def about_page(ctx: SiteContext) -> Page:
    taxonomy = ctx.taxonomy
    folders = [(f, FACET_FOLDERS[f]) for f in FACET_IDS]
    markdown = render("about.md", taxonomy=taxonomy, case_count=len(ctx.cases),
                      sources=_sources(ctx.cases), folders=folders)
    return Page("about.md", "About", markdown,
                {"template": "casebook.html", "description":
                 "What the library is, where its cases come from and what its labels mean."},
                in_nav=True)


def accessibility_page(ctx: SiteContext) -> Page:
    return Page(ACCESSIBILITY_SRC, "Accessibility statement",
                render_accessibility(ctx.site_url, ctx.repo_url),
                {"template": "casebook.html", "description": ACCESSIBILITY_DESCRIPTION})


def sources_page(ctx: SiteContext) -> Page:
    return Page(SOURCES_SRC, "Sources", render_sources(ctx.cases),
                {"template": "casebook.html", "description":
                 "Every case's source, with its address, and the cases drawn from it."})


def _sources(cases: list[Case]) -> list[dict[str, Any]]:
    counts: dict[tuple[str, str, int], int] = {}
    for case in cases:
        source = case.source
        key = ((source.publisher, source.title, source.year or 0) if source.published
               else (f"{case.organisation} (first-hand)", "", case.published.year))
        counts[key] = counts.get(key, 0) + 1
    return [{"publisher": p, "title": t, "year": y, "count": n}
            for (p, t, y), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def contribute_page(ctx: SiteContext) -> Page:
    text = ctx.contributing or (
        "# Contribute a case\n\nThe contributor guide is in the repository's CONTRIBUTING.md.")
    # The guide is written for the repository; links to repository files do not exist on
    # the site, so they are shown as plain text there.
    text = re.sub(r"\[([^\]]+)\]\((?!https?://|#)[^)]*\)", r"\1", text)
    return Page("contribute.md", "Contribute", text,
                {"template": "casebook.html", "description":
                 "How a trust contributes a case study to the library."},
                in_nav=True)


# ---------------------------------------------------------------- facet pages


def facet_page(ctx: SiteContext, facet_id: str) -> Page:
    taxonomy = ctx.taxonomy
    facet = taxonomy[facet_id]
    parts = [f"# {md_text(facet.label)}", md_text(facet.description)]
    if facet_id == AREAS:
        areas = [term_view(taxonomy, t, ctx.index.count(AREAS, t.id)) for t in facet]
        parts.append(render("area-cards.html", root="../", areas=areas))
    else:
        lines = []
        for term in facet:
            count = ctx.index.count(facet_id, term.id)
            label = f"{term.id}. {term.label}" if facet_id.endswith("indicator") else term.label
            lines.append(f"- {md_link(label, f'{term.id}.md')}: {md_text(term.description)} "
                         f"({count} case{'' if count == 1 else 's'})")
        parts.append("\n".join(lines))
    return Page(facet_src(facet_id), facet.label, "\n\n".join(parts),
                {"template": "casebook.html", "description": facet.description},
                in_nav=facet_id == AREAS)


def term_page(ctx: SiteContext, facet_id: str, term_id: str) -> Page:
    taxonomy = ctx.taxonomy
    facet = taxonomy[facet_id]
    term = facet.get(term_id)
    assert term is not None
    heading = term.label
    if facet_id == AREAS:
        heading = f"{term.number}. {term.title}"
    elif facet_id in ("wres_indicator", "high_impact_action"):
        heading = f"{facet.label} {term.id}: {term.label}"
    parts = [f"# {md_text(heading)}", md_text(term.description)]
    if term.threshold:
        parts.append(f"**Share of the local population from ethnic minority groups:** "
                     f"{md_text(term.threshold)}.")
    if term.qualifies:
        parts.append(f"**What qualifies a case:** {md_text(term.qualifies)}")
    if facet_id == AREAS:
        parts += ["## What good looks like",
                  "\n".join(f"- {md_text(p)}" for p in term.what_good_looks_like),
                  "## Questions for your board",
                  "\n".join(f"- {md_text(q)}" for q in term.board_questions)]
    cases = ctx.index.cases(facet_id, term_id)
    if facet_id == AREAS and cases:
        # Each case's Lessons are gathered here from its rendered page by the plugin
        # (generator/lessons.py): the marker says where, the meta which cases, in order.
        parts += [outcome_counts(cases, taxonomy), LESSONS_MARKER]
    parts.append(f"## Cases ({len(cases)})")
    if facet_id == AREAS:
        parts.append(f"New and updated cases in this area are also in an "
                     f"[Atom feed]({term_id}/feed.xml) for your feed reader.")
    page = Page(term_src(facet_id, term_id), heading, "\n\n".join(p for p in parts if p))
    cards = render("cards.html", root=page.root, cards=ctx.cards(cases, page.root))
    page.meta.update({"template": "casebook.html", "casebook_after": cards,
                      "description": term.description})
    if facet_id == AREAS and cases:
        page.meta["casebook_lessons"] = gathered(cases, taxonomy)
    return page


# ---------------------------------------------------------------- case pages


def case_page(ctx: SiteContext, case: Case) -> Page:
    view = ctx.views[case.slug]
    root = "../../"
    # Only the body is Markdown. The title, summary and panel are an HTML fragment placed
    # by the theme above it (as raw HTML in the Markdown they cost Python-Markdown's HTML
    # parser 1 ms a page); the impact table and the sections after the body are others,
    # which the plugin places in the body's HTML once the body is sanitised, so that the
    # contributed HTML and Casebook's own are cleaned each against its own allow-list
    # (generator/case_sections.py, generator/sanitise.py).
    meta = {
        "template": "case.html",
        "title": case.title,
        "description": case.summary,
        "casebook_case": case.slug,
        "casebook_header": render("case-header.html", c=view, root=root),
        **_impact_meta(case),
        **sections_meta(case_sections(ctx, case)),
    }
    return Page(case_src(case.slug), case.title, _body_markdown(case).strip(), meta)


def _body_markdown(case: Case) -> str:
    """The body, with links to sibling cases as MkDocs checks them."""
    body = case.body
    if "../" in body:  # most bodies link no sibling case: skip the pattern over each line
        body = _SIBLING_LINK.sub(r"\1\2.md\3", body)
    return body


def _impact_meta(case: Case) -> dict[str, str]:
    """The impact table (and its charts), which the plugin puts at the end of the body's
    Impact section (generator/case_sections.py, place_impact); none without measures."""
    if not case.impact:
        return {}
    table = render("impact.html", measures=[measure_view(m) for m in case.impact],
                   charts=impact_charts(case.impact))
    return {"casebook_impact": table}


def redirect_page(case: Case, alias: str) -> Page:
    target = f"../{case.slug}/"
    markdown = f"# This case has moved\n\nIt is now at {md_link(case.title, f'{case.slug}.md')}."
    return Page(case_src(alias), case.title, markdown,
                {"template": "redirect.html", "redirect_to": target, "robots": "noindex",
                 "title": case.title})


def write_stage(pages: list[Page], folder: Path, outputs: tuple[Output, ...] = ()) -> None:
    """`casebook stage`: the planned pages as Markdown files with YAML front-matter."""
    for output in outputs:
        target = folder / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output.content, encoding="utf-8")
    for page in pages:
        target = folder / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump({"title": page.title, **page.meta}, allow_unicode=True,
                               sort_keys=True, width=100)
        target.write_text(f"---\n{front}---\n\n{page.markdown}\n", encoding="utf-8")
