"""What every page planner shares, computed once for the whole library: the facet index,
each case's view, related cases, rendered cards and board questions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from casebook.library.cases import Case
from casebook.library.contents import CONTRIBUTING_FILE
from casebook.library.load import Library
from casebook.library.taxonomy import Taxonomy
from casebook.plan.fragments import render
from casebook.plan.index import FacetIndex
from casebook.plan.page import Page
from casebook.plan.provenance import FileHistory, read_history
from casebook.plan.related import RelatedFinder, related_cases
from casebook.plan.views import CaseView, case_view, term_view


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
    # (generator/plan/repository.py).
    site_url: str = ""
    repo_url: str = ""
    edit_uri: str = ""
    history: dict[str, FileHistory] = field(default_factory=dict)
    # Case and term pages planned by an earlier build of the same site (`casebook serve`,
    # generator/render/preview.py): src → (the page's inputs, the page). None outside previews.
    memo: dict[str, tuple[Any, Page]] | None = None
    _cards: dict[tuple[str, str], Markup] = field(default_factory=dict)
    _questions: dict[tuple[str, bool], Markup] = field(default_factory=dict)

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

    def board_questions(self, area_id: str, *, folded: bool = False) -> Markup:
        """An area's questions as a case page shows them, rendered once: every case of the
        area shows the same. `folded`: behind a summary that opens them (a case's other
        areas), which needs no JavaScript."""
        key = (area_id, folded)
        if key not in self._questions:
            area = self.taxonomy.areas.get(area_id)
            assert area is not None
            self._questions[key] = Markup(render(
                "case-questions.html", area=term_view(self.taxonomy, area), root="../../",
                questions=area.board_questions, folded=folded))
        return self._questions[key]


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
    assert library.ok, "plan only a valid library"
    today = today or dt.date.today()
    taxonomy = library.taxonomy
    contributing = library.root / CONTRIBUTING_FILE
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
