"""axe-core finds no serious or critical accessibility violation on any page type, in either
colour scheme."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.helpers.e2e import PAGE_TYPES, SESSION_READY, LibraryCase, page_addresses

BLOCKING = ("serious", "critical")
# Material follows `prefers-color-scheme`: light is its 'default' scheme, dark is 'slate'.
SCHEMES = {"light": "default", "dark": "slate"}
# The markup is the same in both schemes; only the colours change. So the light run checks
# every rule and the dark run only the rules about colour.
RULES = {
    "light": {"resultTypes": ["violations"]},
    "dark": {"resultTypes": ["violations"],
             "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}},
}


@pytest.fixture(scope="session")
def axe() -> Axe:
    """axe-core as bundled by axe-playwright-python, injected into each page on use."""
    return Axe()


@pytest.fixture(scope="session")
def page_paths(library: list[LibraryCase], taxonomy: dict[str, Any]) -> dict[str, str]:
    return page_addresses(library, taxonomy)


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        lines.append(f"- {v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}\n"
                     f"    first: {targets}\n"
                     f"    {v['nodes'][0].get('failureSummary', '').splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_has_no_serious_accessibility_violations(
        open_page: Callable[..., Page], axe: Axe, page_paths: dict[str, str], page_type: str,
        scheme: str) -> None:
    """axe-core reports no serious or critical violation on this page type in this scheme."""
    path = page_paths[page_type]
    if not path:
        pytest.skip(f"the library has no {page_type} page")
    page = open_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(path)
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    if page_type == "session":
        page.locator(SESSION_READY).wait_for(state="attached")
    if path.startswith("/browse/"):
        page.locator("[data-cb-browse][data-cb-ready='true']").wait_for(state="attached")
        if "filters" in page_type:
            assert page.locator("#cb-filters input:checked").count() == 2
    violations = axe.run(page, options=RULES[scheme]).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    if blocking:
        pytest.fail(f"{path} in the {scheme} scheme has serious or critical accessibility "
                    f"violations:\n{describe(blocking)}", pytrace=False)
