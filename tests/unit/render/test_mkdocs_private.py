"""generator/render/mkdocs_private.py: Casebook's one use of MkDocs' private API matches the
installed MkDocs, or this fails saying what changed and which MkDocs it was written for."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from mkdocs.commands import build

from casebook.render import mkdocs_private, parallel
from casebook.render.mkdocs_private import FUNCTION, PAGE_STATE, SUPPORTED, mismatch


@pytest.fixture(autouse=True)
def _checked_afresh() -> Iterator[None]:
    """mismatch() looks once a process; each test looks again, and leaves no answer behind."""
    mismatch.cache_clear()
    yield
    mismatch.cache_clear()


def test_the_installed_mkdocs_is_the_one_the_private_calls_were_written_for() -> None:
    problem = mismatch()
    assert problem is None, problem


def _problem() -> str:
    problem = mismatch()
    assert problem is not None
    assert FUNCTION in problem and f"MkDocs {SUPPORTED}" in problem
    return problem


def test_another_mkdocs_version_is_named_with_the_range_it_was_written_for(monkeypatch):
    monkeypatch.setattr(mkdocs_private.importlib.metadata, "version", lambda name: "1.7.0")
    assert _problem().startswith("MkDocs 1.7.0 is installed, but Casebook's helper processes")


def test_a_missing_function_is_named(monkeypatch):
    monkeypatch.delattr(build, "_populate_page")
    assert "has no mkdocs.commands.build._populate_page" in _problem()


def test_a_changed_signature_is_named(monkeypatch):
    def populate(page, config, files, dirty=False, *, nav=None):  # a future MkDocs's
        return None

    monkeypatch.setattr(build, "_populate_page", populate)
    assert "takes ('page', 'config', 'files', 'dirty', 'nav')" in _problem()


def test_a_page_field_mkdocs_no_longer_has_is_named(monkeypatch):
    monkeypatch.setattr(mkdocs_private, "PAGE_STATE", (*PAGE_STATE, "_title_from_markdown"))
    assert "has no _title_from_markdown" in _problem()


def test_a_build_renders_in_one_process_on_an_mkdocs_it_was_not_written_for(monkeypatch):
    monkeypatch.setattr(mkdocs_private.importlib.metadata, "version", lambda name: "2.0.0")
    assert not parallel.available(4)
