"""Instant previews: what an edit changed in the plan, so `casebook serve` rebuilds only that.

A rebuild under `casebook serve` loads the library through a `DocumentCache` (only the case
files that changed are read and checked again) and then takes one of two steps:

- quick: when only a few case files were edited (no file added or removed, nothing else
  changed), the site context is computed again (views, related cases, counts: cheap) and
  only the edited cases' own pages are planned. Every other page keeps its last plan, and a
  full step is owed (`pending`): the plugin asks the server for one more rebuild at once.
- full: the whole site is planned again, re-using each case and term page whose inputs are
  unchanged (`SiteContext.memo`), and the new plan is compared with the last one. A
  page is rendered again only when its title, Markdown or typed fields changed, another generated
  file only when its content did.

So an edited case's page is in the browser after the quick step, and every page that shows
its title, summary or tags (listings, related cases, Browse, feeds) follows a moment later.
Editing a body changes the case page, and so the area pages that gather its Lessons.

How a page looks also depends on things outside the plan: mkdocs.yml, the theme, and the
glossary that marks up every page. Their fingerprint is the `context`; when it changes, the
next rebuild renders everything. Plain data in and out, no MkDocs: the plugin applies it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from casebook.library.cases import Case
from casebook.library.load import DocumentCache, Library
from casebook.plan.case_page import case_page
from casebook.plan.context import site_context
from casebook.plan.lessons import gathered_from
from casebook.plan.page import Output, Page
from casebook.plan.provenance import FileHistory
from casebook.plan.site import plan_outputs, plan_pages, site_inputs
from casebook.plan.views import CaseView

# More edited files than this at once (a checkout, a search and replace) take the full step.
QUICK_LIMIT = 20


@dataclass(frozen=True)
class Changes:
    """What a rebuild must write: everything (`full`), or the pages and files named here."""

    full: bool
    pages: frozenset[str] = frozenset()    # srcs of pages that are new or changed
    outputs: frozenset[str] = frozenset()  # paths of other generated files, new or changed
    removed: frozenset[str] = frozenset()  # srcs and paths planned before but not now

    def modified(self, src: str) -> bool:
        return self.full or src in self.pages or src in self.outputs

    def summary(self) -> str:
        if self.full:
            return "everything"
        parts = [f"{len(self.pages)} page{'' if len(self.pages) == 1 else 's'}",
                 f"{len(self.outputs)} other file{'' if len(self.outputs) == 1 else 's'}"]
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        return ", ".join(parts)


class Preview:
    """The last plan of a served site, and the cache of the documents it came from."""

    def __init__(self) -> None:
        self.documents = DocumentCache()
        self.pending = False  # a quick step was taken; the full one is owed
        self._pages: dict[str, Page] | None = None
        self._outputs: dict[str, str] = {}
        self._cases: dict[str, Case] = {}
        self._context: Any = None
        self._site: Any = None
        self._history: dict[str, FileHistory] | None = None
        self._memo: dict[str, tuple[Any, Page]] = {}
        self._views: dict[str, CaseView] = {}
        self._cards: dict[tuple[str, str], Markup] = {}
        # Case pages a quick step rendered again since the last full step: the full step
        # renders again the area pages that gather their lessons (lessons.gathered_from).
        self._quick_changed: set[str] = set()

    def rebuild(self, library: Library, context: Any = None,
                **options: Any) -> tuple[list[Page], list[Output], Changes]:
        """This rebuild's plan and what it changed: the quick step when it applies, else the
        full one. `library` must have been loaded with `self.documents`."""
        quick = self.quick(library, context, **options)
        if quick is not None:
            return quick
        pages, outputs = self.plan(library, **options)
        return pages, outputs, self.update(pages, outputs, context)

    def quick(self, library: Library, context: Any = None,
              **options: Any) -> tuple[list[Page], list[Output], Changes] | None:
        """The last plan with only the edited cases' own pages planned again, or None when
        the quick step does not apply."""
        edited = [path.stem for path in self.documents.edited]
        if (self._pages is None or not edited or len(edited) > QUICK_LIMIT
                or self.documents.reads != len(edited) or context != self._context):
            return None
        new = {slug: library.case(slug) for slug in edited}
        old = {slug: self._cases.get(slug) for slug in edited}
        if any(case is None or was is None or case.aliases != was.aliases
               for case, was in ((new[slug], old[slug]) for slug in edited)):
            return None  # an edit made a case invalid, or moved its redirects
        if all(new[slug] == old[slug] for slug in edited):
            return list(self._pages.values()), self._output_list(), Changes(full=False)
        # Only the edited cases' pages are planned: their views and related cases are worked
        # out for them alone, and git history is the last full plan's (an edit changes it
        # only once committed).
        ctx = site_context(library, on_demand=True, history=self._history, **options)
        if site_inputs(ctx) != self._site:
            return None
        changed = set()
        for slug, case in new.items():
            assert case is not None
            page = case_page(ctx, case)
            if self._pages.get(page.src) != page:
                self._pages[page.src] = page
                changed.add(page.src)
            self._cases[slug] = case
        self._quick_changed |= changed
        self.pending = True
        return (list(self._pages.values()), self._output_list(),
                Changes(full=False, pages=frozenset(changed)))

    def plan(self, library: Library, **options: Any) -> tuple[list[Page], list[Output]]:
        """The whole site, as `plan(library, **options)` gives it, re-using each case
        and term page whose inputs are those of the last plan."""
        ctx = site_context(library, **options)
        self._history = ctx.history
        site = site_inputs(ctx)
        if site != self._site:
            self._memo.clear()
            self._site = site
        ctx.memo = self._memo
        # A case's card depends only on its view: keep the cards of cases whose view is the
        # same (Browse and the re-planned term pages show hundreds of them).
        same = {slug for slug, view in ctx.views.items() if self._views.get(slug) == view}
        ctx._cards.update((key, card) for key, card in self._cards.items() if key[0] in same)
        pages = plan_pages(ctx)
        self._views, self._cards = ctx.views, ctx._cards
        self._cases = {case.slug: case for case in library.cases}
        planned = {page.src for page in pages}
        for src in [src for src in self._memo if src not in planned]:
            del self._memo[src]
        return pages, plan_outputs(ctx)

    def update(self, pages: Iterable[Page], outputs: Iterable[Output],
               context: Any = None) -> Changes:
        """What changed since the last plan; this plan becomes the last one."""
        new_pages = {page.src: page for page in pages}
        new_outputs = {output.path: output.content for output in outputs}
        old_pages, old_outputs = self._pages, self._outputs
        full = old_pages is None or context != self._context
        self._pages, self._outputs, self._context = new_pages, new_outputs, context
        self.pending = False
        quick_changed, self._quick_changed = self._quick_changed, set()
        if full or old_pages is None:
            return Changes(full=True)
        changed = {src for src, page in new_pages.items() if old_pages.get(src) != page}
        # An area page shows its cases' Lessons as their pages render them, which its own
        # plan does not show: it is rendered again whenever one of those pages is.
        rendered = changed | quick_changed
        changed |= {src for src, page in new_pages.items()
                    if not gathered_from(page).isdisjoint(rendered)}
        return Changes(
            full=False,
            pages=frozenset(changed),
            outputs=frozenset(path for path, content in new_outputs.items()
                              if old_outputs.get(path) != content),
            removed=frozenset((old_pages.keys() - new_pages.keys())
                              | (old_outputs.keys() - new_outputs.keys())),
        )

    def forget(self) -> None:
        """Make the next rebuild a full one (after a build that may have stopped half-way)."""
        self._pages = None
        self.pending = False
        self._quick_changed = set()

    def _output_list(self) -> list[Output]:
        return [Output(path, content) for path, content in self._outputs.items()]


def tree_stamp(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """Every file under `paths` (files or folders) with its modification time and size: a
    fingerprint that changes when any of them is edited, added or removed."""
    found = []
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            try:
                info = file.stat()
            except OSError:
                continue
            found.append((str(file), info.st_mtime_ns, info.st_size))
    return tuple(found)
