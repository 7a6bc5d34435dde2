"""The one place Casebook uses MkDocs' private API, and the check that it is still there.

`casebook build` shares the case pages with helper processes (generator/render/parallel.py).
A helper reads each of its pages through MkDocs' own page pipeline (every plugin hook,
Markdown, table of contents), for which MkDocs has no public function: it calls
`mkdocs.commands.build._populate_page` and sends back what that left on the page, one of
which is the private `Page._title_from_render`.

Written for the MkDocs versions in SUPPORTED. Where the installed MkDocs is another, or the
function or the page's fields are not as written for, `mismatch()` says what, the build
renders every page in one process, and tests/unit/render/test_mkdocs_private.py fails with the same
message: check this module against the new MkDocs, then widen SUPPORTED.
"""

from __future__ import annotations

import functools
import importlib.metadata
import inspect

from mkdocs.commands import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from packaging.specifiers import SpecifierSet
from packaging.version import Version

SUPPORTED = ">=1.6,<1.7"
FUNCTION = "mkdocs.commands.build._populate_page"
PARAMETERS = ("page", "config", "files", "dirty")
# What MkDocs' page pipeline leaves on a page, which a helper sends back to the build.
PAGE_STATE = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids")


def populate_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read and render one page as `mkdocs build` does: its plugin hooks, Markdown, table
    of contents. Only where `mismatch()` is None."""
    build._populate_page(page, config, files)


@functools.cache
def mismatch() -> str | None:
    """What of the installed MkDocs is not what this module was written for, or None."""
    version = importlib.metadata.version("mkdocs")
    function = getattr(build, "_populate_page", None)
    if Version(version) not in SpecifierSet(SUPPORTED):
        found = f"MkDocs {version} is installed"
    elif function is None:
        found = f"MkDocs {version} has no {FUNCTION}"
    elif (parameters := tuple(inspect.signature(function).parameters)) != PARAMETERS:
        found = f"{FUNCTION} of MkDocs {version} takes {parameters}"
    elif missing := [name for name in PAGE_STATE if name not in _page_fields()]:
        found = f"a Page of MkDocs {version} has no {', '.join(missing)}"
    else:
        return None
    return (f"{found}, but Casebook's helper processes call {FUNCTION}{PARAMETERS} and read "
            f"Page.{', Page.'.join(PAGE_STATE)}, written for MkDocs {SUPPORTED}. Builds "
            "render every page in one process until generator/render/mkdocs_private.py is "
            "checked against this MkDocs and its SUPPORTED range widened.")


def _page_fields() -> set[str]:
    """The fields a Page declares or sets as it is made and rendered."""
    return (set(dir(Page)) | set(Page.__init__.__code__.co_names)
            | set(Page.render.__code__.co_names))


def state_of(page: Page) -> dict[str, object]:
    """What the page pipeline left on `page`, to send to another process."""
    return {name: getattr(page, name) for name in PAGE_STATE}
