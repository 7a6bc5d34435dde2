"""Hostile input in a real browser: the Content-Security-Policy holds and costs nothing.

The policy (theme/partials/cb-security.html) forbids inline scripts, event handlers,
`javascript:` addresses and anything from another origin. These tests check, in Chromium,
that every kind of page works under it without a single violation, that it really blocks
what it should, and that a case which slipped past the validator runs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.helpers.e2e import Site
from tests.helpers.library import CONTRIBUTED_HTML, contributed_html_library, copy_site_files

# Records every violation the page reports, from the first byte on.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline")
    + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""
CSP = "meta[http-equiv='Content-Security-Policy']"


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations")


@pytest.fixture
def watched(open_page: Callable[..., Any]) -> Page:
    """A page that records policy violations; console errors fail the test (open_page)."""
    page = open_page()
    page.add_init_script(WATCH_VIOLATIONS)
    return page


def test_the_home_page_runs_under_the_policy_without_a_violation(watched: Page) -> None:
    """Home: the policy is there, Material's scripts run (the palette toggle works)."""
    watched.goto("/")
    policy = watched.locator(CSP).get_attribute("content") or ""
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy and "unsafe-inline" not in policy
    assert watched.locator("meta[name='referrer']").get_attribute("content") == (
        "strict-origin-when-cross-origin")
    scheme = watched.evaluate("document.body.getAttribute('data-md-color-scheme')")
    watched.locator("label.md-header__button[for^='__palette']").filter(visible=True).click()
    expect(watched.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    watched.reload()  # the choice is stored through Material's helpers, now in a file
    expect(watched.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    assert violations(watched) == []


def test_browse_filters_under_the_policy_without_a_violation(watched: Page) -> None:
    """Browse: ticking a filter narrows the cards and writes the query string."""
    watched.goto("/browse/")
    watched.locator("[data-cb-browse][data-cb-ready='true']").wait_for(state="attached")
    box = watched.locator("#cb-filters input[type=checkbox]").first
    box.check()
    expect(watched).to_have_url(re.compile(r"/browse/\?.+="))
    assert violations(watched) == []


def test_search_runs_pagefind_under_the_policy_without_a_violation(watched: Page) -> None:
    """Find cases: Pagefind loads its WebAssembly and worker and answers a query."""
    watched.goto("/browse/")
    watched.locator("[data-cb-browse][data-cb-ready='true']").wait_for(state="attached")
    watched.locator("#cb-q").fill("board")
    watched.locator("#cb-filters-words button[type=submit]").click()
    watched.wait_for_url(re.compile(r"\?q=board$"))
    watched.locator("[data-cb-browse][data-cb-ready='true']").wait_for(state="attached")
    expect(watched.locator("#cb-status")).to_contain_text("“board”")
    expect(watched.locator("#cb-cards .cb-card__excerpt mark").first).to_be_visible()
    assert violations(watched) == []


def test_a_case_page_runs_under_the_policy_without_a_violation(watched: Page) -> None:
    """A case: tooltips, heading links and the share controls work under the policy."""
    watched.goto("/")
    watched.locator(".cb-card__title a").first.click()
    watched.wait_for_url("**/cases/*/")
    expect(watched.locator("article.cb-case h1")).to_be_visible()
    abbr = watched.locator("article abbr").first
    if abbr.count():
        abbr.hover()
    watched.locator("article h2").first.hover()
    watched.go_back()
    watched.goto("/about/")
    assert violations(watched) == []


@pytest.fixture
def bare_page(browser: Any, site: Site) -> Iterator[Page]:
    """A page whose console errors are expected (the policy reports what it blocks)."""
    context = browser.new_context(base_url=site.url)
    page = context.new_page()
    page.add_init_script(WATCH_VIOLATIONS)
    yield page
    context.close()


def test_the_policy_blocks_inline_scripts_handlers_and_script_addresses(bare_page: Page) -> None:
    """Not a policy that allows everything: an injected inline script, an inline event
    handler and a javascript: address are each blocked and reported."""
    bare_page.goto("/about/")
    bare_page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.__ran = 'inline script'";
      document.body.appendChild(script);
      const holder = document.createElement("div");
      holder.innerHTML = '<img src="missing.png" onerror="window.__ran = \\'handler\\'">';
      document.body.appendChild(holder);
      const link = document.createElement("a");
      link.href = "javascript:window.__ran = 'address'";
      document.body.appendChild(link);
      link.click();
    }""")
    bare_page.wait_for_function("window.__cspViolations.length >= 3")
    assert bare_page.evaluate("window.__ran") is None
    directives = " ".join(violations(bare_page))
    assert "script-src-elem" in directives and "script-src-attr" in directives


# ---------------------------------------------------------------- a hostile case, built


HOSTILE_TITLE = "A hostile <script>window.pwned = 'title'</script> case title"
HOSTILE_FRONT = f"""title: "{HOSTILE_TITLE}"
summary: A case whose body holds every kind of script injection, to check that none of it
  runs in a reader's browser.
organisation: An acute trust in the Midlands
trust_type: acute
population_profile: diverse
areas: [data]
evidence: promising
outcome: improved
published: 2025-03-14
source: {{type: published, publisher: "<b onmouseover=\\"window.pwned='publisher'\\">NHS</b>",
  year: 2024, title: "<script>window.pwned = 'source title'</script>",
  url: "https://example.org/\\"onmouseover=\\"window.pwned='url'"}}
"""
HOSTILE_BODY = """
An introduction.

## The challenge

<script>window.pwned = 'script'</script>

<img src="x.png" onerror="window.pwned = 'onerror'">

<svg onload="window.pwned = 'svg'"><circle r="4"></circle></svg>

## What they did

[a script link](javascript:window.pwned='link') and
<a href="jav&#x09;ascript:window.pwned='disguised'" id="disguised">a disguised link</a>.

A paragraph with a handler.
{ onclick="window.pwned = 'attribute list'" #handler }

## Impact

<iframe src="data:text/html,<script>parent.pwned='frame'</script>"></iframe>

<form action="https://evil.example/"><input name="q"><button>Go</button></form>

<style>article { display: none }</style>

## Lessons

<p id="__config">{"base": "https://evil.example/"}</p>
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory,
                 serve: Callable[[Path], Site]) -> Site:
    """A library of one hostile case, built with the validator's HTML checks switched off
    (as if it had missed everything), and served."""
    from casebook.cli import main

    folder = tmp_path_factory.mktemp("hostile")
    root = folder / "library"
    root.mkdir()
    copy_site_files(root)
    (root / "cases").mkdir()
    text = f"---\n{HOSTILE_FRONT}---\n{HOSTILE_BODY}"
    (root / "cases" / "hostile-case.md").write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("casebook.library.load.check_body", lambda *args, **kwargs: [])
        patch.setattr("casebook.library.load.check_field", lambda *args, **kwargs: [])
        site = folder / "site"
        assert main(["--root", str(root), "build", "--site-dir", str(site), "--quiet"]) == 0
    return serve(site)


def test_a_case_that_slipped_past_the_validator_runs_nothing(browser: Any,
                                                             hostile_site: Site) -> None:
    """Its page shows the case, the title as plain text, and runs none of its scripts:
    the sanitiser removed them, so the policy has nothing left to block."""
    context = browser.new_context(base_url=hostile_site.url)
    page = context.new_page()
    page.add_init_script(WATCH_VIOLATIONS)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []

    def on_console(message: Any) -> None:
        # The image keeps its (missing) address, without its handler: a 404 is expected.
        if message.type == "error" and not message.location.get("url", "").endswith("/x.png"):
            errors.append(message.text)

    page.on("console", on_console)
    try:
        page.goto("/cases/hostile-case/")
        expect(page.locator("article.cb-case h1")).to_contain_text("<script>")
        expect(page.locator("article.cb-case")).to_be_visible()
        page.locator("text=a disguised link").click()  # its id went with the sanitiser
        page.locator("article p", has_text="A paragraph with a handler").click()
        page.locator("text=a script link").click()
        assert page.evaluate("window.pwned") is None
        assert dialogs == []
        article = page.locator("article.cb-case").inner_html()
        for gone in ("<script", "onerror", "onload", "onclick", "javascript:", "<iframe",
                     "<form", "<style", "__config"):
            assert gone not in article, gone
        assert violations(page) == [] and errors == [], (violations(page), errors)
    finally:
        context.close()


# ---------------------------------------------------------------- contributed HTML, hovered


# Records every element the page gains that could run, load or navigate: a tooltip built
# from a title with innerHTML would add these.
WATCH_INSERTIONS = """
window.__inserted = [];
new MutationObserver(function (records) {
  records.forEach(function (record) {
    record.addedNodes.forEach(function (node) {
      if (node.nodeType !== 1) return;
      var found = [node].concat(Array.from(node.querySelectorAll("*")));
      found.forEach(function (el) {
        if (/^(IFRAME|FRAME|SCRIPT|META|OBJECT|EMBED|BASE|FORM|IMG|B)$/.test(el.tagName))
          window.__inserted.push(el.tagName + " " + el.outerHTML.slice(0, 80));
      });
    });
  });
}).observe(document, {childList: true, subtree: true});
"""


@pytest.fixture(scope="module")
def contributed_site(tmp_path_factory: pytest.TempPathFactory,
                     serve: Callable[[Path], Site]) -> Site:
    """The corpus's cases of contributed HTML, built as they are (they pass validation)."""
    from casebook.cli import main

    folder = tmp_path_factory.mktemp("contributed")
    contributed_html_library(folder / "library")
    root = folder / "library"
    site = folder / "site"
    assert main(["--root", str(root), "build", "--site-dir", str(site), "--quiet"]) == 0
    return serve(site)


@pytest.mark.parametrize("url",
                         [*(f"/cases/{name}/" for name in CONTRIBUTED_HTML), "/areas/data/"])
def test_hovering_and_focusing_every_link_of_contributed_html_does_nothing(
        browser: Any, contributed_site: Site, url: str) -> None:
    """Every link of the case page (and of the area page that gathers the lessons) hovered
    and focused, with Material's tooltips on: no navigation, no dialog, no new frame, and no
    element inserted that could run or load anything."""
    context = browser.new_context(base_url=contributed_site.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.add_init_script(WATCH_INSERTIONS)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    navigations: list[str] = []
    opened: list[Any] = []
    context.on("page", lambda new: opened.append(new))  # noqa: PLW0108 (Playwright needs a function)
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        page.evaluate("window.__inserted = []")  # what the page's own HTML held is not new
        page.on("framenavigated", lambda frame: navigations.append(frame.url))
        links = page.locator("article a, .md-content a")
        count = links.count()
        assert count > 5
        for index in range(count):
            link = links.nth(index)
            if link.is_visible():
                link.hover()
            link.focus()
        page.wait_for_timeout(500)  # Material shows a tooltip 250 ms after the pointer
        assert navigations == [] and opened == [], (navigations, opened)
        assert dialogs == []
        assert len(page.frames) == 1
        assert page.evaluate("window.__inserted") == []
        assert page.evaluate("window.pwned") is None
        assert page.url == contributed_site.url + url
    finally:
        context.close()
