"""Material's inline scripts, run from theme/assets/casebook/material-boot.js: the parts this
site uses work in a real browser (tests/test_material_forks.py keeps them in step with
Material)."""

from __future__ import annotations

from playwright.sync_api import Page, Route, expect

BUNDLE = "**/assets/javascripts/bundle.*.min.js"


def test_the_chosen_colour_scheme_is_applied_before_materials_bundle_runs(page: Page) -> None:
    """Material's bundle stores the choice through `base`'s helpers; on the next page
    `palette` applies it by itself (the bundle is served empty there), so the page never
    shows in the wrong scheme first."""
    page.goto("/about/")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.get_by_title("Switch to the dark scheme").first.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")

    def empty(route: Route) -> None:
        route.fulfill(body="", content_type="text/javascript")

    page.route(BUNDLE, empty)
    page.goto("/browse/")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert page.evaluate("__md_get('__palette')")["color"]["scheme"] == "slate"
