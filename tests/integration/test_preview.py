"""Instant previews: which pages an edit marks for rebuilding, and `casebook serve` showing it.

The unit tests run the preview's change detection on a copy of the fixture library, without
MkDocs; the last test starts `casebook serve` for real and watches an edit arrive over HTTP.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from casebook.library.load import Library, load_library
from casebook.library.urls import case_src
from casebook.plan.failure import FAILURE_SRC
from casebook.plan.page import Page
from casebook.plan.site import plan
from casebook.render.parallel import default_jobs
from casebook.render.preview import Changes, Preview
from tests.helpers.library import ROOT
from tests.helpers.serve import ServeProcess
from tests.regenerate_golden import FIXTURE_LIBRARY, FIXTURE_TODAY

REPOSITORY = ROOT
CASE = "community-listening-events"  # areas: health-inequalities, foster-safe-spaces; did not work
OLD_TITLE = "Listening events with local communities that did not change the plan"
NEW_TITLE = "Listening sessions with local communities that changed nothing at all"
FIRST_BUILD_S = 180.0
# Generous: the machines that run the tests are shared. The benchmark measures the real time.
EDIT_SHOWN_S = 30.0


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """A copy of the fixture library that finds the real theme from its new place."""
    target = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, target)
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("custom_dir: ../../../theme",
                                   f"custom_dir: {REPOSITORY / 'theme'}"), encoding="utf-8")
    return target


class Served:
    """A library and the preview of it, as `casebook serve` keeps them between rebuilds."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.preview = Preview()
        self.pages: dict[str, Page] = {}
        assert self.rebuild().full

    def load(self) -> Library:
        library = load_library(self.root, today=FIXTURE_TODAY, cache=self.preview.documents)
        assert library.ok, library.diagnostics
        return library

    def rebuild(self) -> Changes:
        """One rebuild, quick step or full, as the plugin takes it."""
        pages, _, changes = self.preview.rebuild(self.load(), today=FIXTURE_TODAY)
        self.pages = {page.src: page for page in pages}
        return changes

    def full_step(self) -> Changes:
        """A rebuild that plans the whole site and compares it with the last plan."""
        pages, outputs = self.preview.plan(self.load(), today=FIXTURE_TODAY)
        self.pages = {page.src: page for page in pages}
        return self.preview.update(pages, outputs)

    def edit(self, slug: str, old: str, new: str) -> None:
        edit_case(self.root, slug, old, new)


def edit_case(root: Path, slug: str, old: str, new: str) -> None:
    """Replace `old` with `new` in a case file, as an editor saving it would."""
    path = root / "cases" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    # Two saves within one tick of the file system's clock share a modification time.
    stamp = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


@pytest.fixture
def served(library_dir: Path) -> Served:
    return Served(library_dir)


def _text(page: Page | None) -> str:
    return "" if page is None else f"{page.title}\n{page.markdown}\n{page.front_matter()!r}"


def _area_pages(library: Library, slug: str) -> set[str]:
    case = library.case(slug)
    assert case is not None
    return {f"areas/{area}.md" for area in case.areas}


# ---------------------------------------------------------------- change detection


def test_an_unchanged_library_rebuilds_nothing(served: Served) -> None:
    """A rebuild with no edit marks no page and no file."""
    changes = served.full_step()
    assert not changes.full
    assert changes.pages == changes.outputs == changes.removed == frozenset()


def test_editing_a_title_marks_its_page_the_listings_that_show_it_and_nothing_unrelated(
        served: Served) -> None:
    """Every page that shows the new title is marked, every marked page shows the title (or
    gathers the case's lessons), and pages that do not show it are left alone."""
    before = dict(served.pages)
    served.edit(CASE, OLD_TITLE, NEW_TITLE)
    changes = served.full_step()
    library = served.load()
    assert case_src(CASE) in changes.pages
    assert {"areas/health-inequalities.md", "areas/foster-safe-spaces.md",
            "trust-types/integrated-care-system.md", "population/not-stated.md",
            "regions/north-west.md", "evidence/emerging.md", "outcomes/did-not-work.md",
            "browse/index.md", "index.md"} <= changes.pages
    showing = {src for src, page in served.pages.items() if NEW_TITLE in _text(page)}
    assert showing <= changes.pages
    for src in changes.pages - _area_pages(library, CASE):
        assert OLD_TITLE in _text(before.get(src)) or NEW_TITLE in _text(served.pages[src]), src
    assert not changes.pages & {"areas/data.md", "trust-types/acute.md", "outcomes/improved.md",
                                "evidence/evaluated.md", "search/index.md", "coverage/index.md",
                                "about.md", "contribute.md", "areas/index.md"}
    assert {"cases.json", "cases.csv", "feed.xml"} <= changes.outputs
    assert "schema/case.schema.json" not in changes.outputs


def test_editing_the_body_marks_only_the_case_page_and_the_area_pages_gathering_its_lessons(
        served: Served) -> None:
    """A body is shown on its own page, and its Lessons on the case's area pages (gathered
    from the rendered case page), its "What did not work" there and on
    /learning-from-failure/ (the case did not work): nothing else is rebuilt."""
    path = served.root / "cases" / f"{CASE}.md"
    sentence = re.search(r"^## The challenge\n\n(\S[^\n]{20,})", path.read_text(), re.M)
    assert sentence is not None
    served.edit(CASE, sentence.group(1), sentence.group(1) + " It took a year to see.")
    changes = served.full_step()
    assert changes.pages == ({case_src(CASE), FAILURE_SRC}
                             | _area_pages(served.load(), CASE))
    assert not changes.removed


def test_the_quick_step_plans_only_the_edited_page_and_the_full_step_follows(
        served: Served) -> None:
    """After an edit the first rebuild plans the edited case's page alone and owes a full
    step; the next plans the rest, including the area pages that gather the case's lessons."""
    served.edit(CASE, OLD_TITLE, NEW_TITLE)
    quick = served.rebuild()
    assert quick.pages == {case_src(CASE)}
    assert not quick.outputs
    assert served.preview.pending
    assert NEW_TITLE in served.pages[case_src(CASE)].title
    assert NEW_TITLE not in _text(served.pages["browse/index.md"])
    full = served.rebuild()
    assert not served.preview.pending
    assert case_src(CASE) not in full.pages  # already rendered by the quick step
    assert {"browse/index.md", "areas/health-inequalities.md"} <= full.pages
    assert "cases.json" in full.outputs
    assert NEW_TITLE in _text(served.pages["browse/index.md"])


@pytest.mark.parametrize("slug", sorted(p.stem for p in (FIXTURE_LIBRARY / "cases").glob("*.md")))
def test_the_quick_step_plans_the_page_a_plan_of_the_whole_library_gives(
        served: Served, slug: str) -> None:
    """The quick step works out the edited case's view and related cases alone (not every
    case's): its page is the one a plan of the whole edited library gives, related cases,
    their titles and the case's history included."""
    title = re.search(r"^title: (.+)$", (served.root / "cases" / f"{slug}.md").read_text(),
                      re.M)
    assert title is not None
    served.edit(slug, f"title: {title.group(1)}", "title: A title given in the preview")
    assert served.rebuild().pages == {case_src(slug)}
    fresh, _ = plan(load_library(served.root, today=FIXTURE_TODAY), today=FIXTURE_TODAY)
    assert served.pages[case_src(slug)] == next(p for p in fresh if p.src == case_src(slug))


def test_an_edit_that_changes_nothing_the_site_shows_rebuilds_nothing(served: Served) -> None:
    """A comment added to the front-matter changes the file (and the line the body starts
    on), not what any page shows: neither step renders anything."""
    served.edit(CASE, "\ntitle:", "\n# a note for the editors\ntitle:")
    for _ in range(2):
        changes = served.rebuild()
        assert changes.pages == changes.outputs == changes.removed == frozenset()
    assert not served.preview.pending


@pytest.mark.parametrize(("old", "new"), [
    (OLD_TITLE, NEW_TITLE),
    ("areas: [health-inequalities, foster-safe-spaces]", "areas: [data, foster-safe-spaces]"),
    ("published: 2025-11-01", "published: 2020-01-15"),
    ("outcome: did-not-work", "outcome: mixed"),  # a failure outcome keeps its section
    ("## Lessons\n", "## Lessons\n\nA lesson added at the top.\n\n"),
])
def test_the_preview_plans_what_a_fresh_plan_of_the_edited_library_gives(
        served: Served, old: str, new: str) -> None:
    """Pages re-used from the last plan are never stale: after any edit, the preview's plan
    is the plan of the edited library made from scratch."""
    served.edit(CASE, old, new)
    served.rebuild()
    served.rebuild()
    fresh_pages, fresh_outputs = plan(load_library(served.root, today=FIXTURE_TODAY),
                                      today=FIXTURE_TODAY)
    assert served.pages == {page.src: page for page in fresh_pages}
    pages, outputs = served.preview.plan(served.load(), today=FIXTURE_TODAY)
    assert pages == fresh_pages
    assert outputs == fresh_outputs


def test_removing_a_case_takes_the_full_step_and_removes_its_page(served: Served) -> None:
    """A case file deleted: its page is no longer planned, and the listings lose it."""
    (served.root / "cases" / "fair-disciplinary-process.md").unlink()
    served.edit(CASE, OLD_TITLE, NEW_TITLE)  # also edited: still not a quick step
    changes = served.rebuild()
    assert not served.preview.pending
    assert case_src("fair-disciplinary-process") in changes.removed
    assert {"browse/index.md", "areas/hr-processes.md", case_src(CASE)} <= changes.pages


def test_a_change_outside_the_plan_renders_everything(served: Served) -> None:
    """mkdocs.yml, the theme or the glossary changed: every page is rendered again."""
    library = served.load()
    pages, outputs = served.preview.plan(library, today=FIXTURE_TODAY)
    assert served.preview.update(pages, outputs, context=("another theme",)).full


def test_the_document_cache_reads_only_the_files_that_changed(served: Served) -> None:
    """Loading again reads nothing; after one edit, exactly that file."""
    served.load()
    assert served.preview.documents.reads == 0
    served.edit(CASE, OLD_TITLE, NEW_TITLE)
    served.load()
    assert served.preview.documents.reads == 1
    assert [p.stem for p in served.preview.documents.edited] == [CASE]


def test_the_document_cache_reports_the_same_problems_as_a_fresh_load(served: Served) -> None:
    """An edit that breaks a case is reported, and reported again on the next load, exactly
    as a load without the cache reports it."""
    served.edit(CASE, "evidence: emerging", "evidence: anecdotal")
    cached = load_library(served.root, today=FIXTURE_TODAY, cache=served.preview.documents)
    again = load_library(served.root, today=FIXTURE_TODAY, cache=served.preview.documents)
    fresh = load_library(served.root, today=FIXTURE_TODAY)
    assert not fresh.ok
    assert cached.diagnostics == again.diagnostics == fresh.diagnostics


# ---------------------------------------------------------------- casebook serve, for real


@pytest.fixture
def server(library_dir: Path) -> Iterator[ServeProcess]:
    process = ServeProcess(library_dir)
    try:
        process.wait_until_served(FIRST_BUILD_S)
        yield process
    finally:
        process.stop()


def _wait_for(server: ServeProcess, path: str, text: str, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if text in (server.get(path) or ""):
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"{path} did not show {text!r} within {timeout:.0f} s:\n"
                         + server.log_text()[-3000:])


def test_casebook_serve_shows_an_edited_title_on_the_case_page_then_on_its_listings(
        server: ServeProcess, library_dir: Path) -> None:
    """Save a new title: the case page serves it, then Browse and the area page list it, and
    the server says it rebuilt only what changed."""
    edit_case(library_dir, CASE, OLD_TITLE, NEW_TITLE)
    _wait_for(server, f"cases/{CASE}/", NEW_TITLE, EDIT_SHOWN_S)
    _wait_for(server, "areas/health-inequalities/", NEW_TITLE, EDIT_SHOWN_S)
    _wait_for(server, "browse/", NEW_TITLE, EDIT_SHOWN_S)
    log = server.log_text()
    assert "Casebook: rebuilt 1 page, 0 other files" in log
    assert "Traceback" not in log
    # The first build, before the server's threads start, shared its case pages with a
    # helper (generator/render/parallel.py); the rebuilds, with threads running, do not fork.
    helpers = default_jobs() - 1
    if helpers:
        assert log.count(f"case pages rendered by {helpers} helper process") == 1


def test_casebook_serve_stops_serving_the_page_of_a_deleted_case(
        server: ServeProcess, library_dir: Path) -> None:
    """Delete a case file: its page is gone from the served site, and Browse drops it."""
    gone = "fair-disciplinary-process"
    assert "Disciplinary action as a last resort" in (server.get("browse/") or "")
    (library_dir / "cases" / f"{gone}.md").unlink()
    started = time.monotonic()
    while server.get(f"cases/{gone}/") is not None:
        assert time.monotonic() - started < EDIT_SHOWN_S, server.log_text()[-3000:]
        time.sleep(0.05)
    assert "Disciplinary action as a last resort" not in (server.get("browse/") or "")
