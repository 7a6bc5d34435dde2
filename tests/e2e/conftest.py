"""End-to-end fixtures: the real library built once, served on 127.0.0.1, driven in Chromium.

Debian's Chromium is used through Playwright (`executable_path`); `playwright install` cannot
download anything here and is never needed. Every test in this folder is marked `browser`.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers.e2e import LibraryCase, Site, build_site, read_case
from tests.helpers.library import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Every page is local and small: fail in seconds rather than wait Playwright's 30.
TIMEOUT_MS = 10_000
HERE = Path(__file__).resolve().parent

# Console errors that are not the page's own, each with the reason. Keep this list short:
# it is empty now that redirect pages name their icon and area feeds are not rel=alternate.
KNOWN_NOISE: list[re.Pattern[str]] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in tests/e2e as a browser test (`pytest -m "not browser"` skips them)."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


# ---------------------------------------------------------------- the library, as data


@pytest.fixture(scope="session")
def library() -> list[LibraryCase]:
    """Every case of the repository's library, parsed with PyYAML (not through Casebook)."""
    return [read_case(p) for p in sorted((ROOT / "cases").glob("*.md"))]


@pytest.fixture(scope="session")
def taxonomy() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "taxonomy.yml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- building and serving


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean; failed requests show up as console errors instead."""


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], Site]]:
    """Serve folders on free ports of 127.0.0.1, each from its own thread, until the end."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> Site:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return Site(folder, f"http://127.0.0.1:{server.server_address[1]}")

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], Site]) -> Site:
    """The repository's real library, built once for the session and served."""
    folder = tmp_path_factory.mktemp("casebook") / "site"
    return serve(build_site(ROOT, folder))


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    if not CHROMIUM.is_file():
        message = (f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
                   "(`make browser`, or `apt-get install chromium`)")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def browser_without_javascript(browser: Any) -> Iterator[Any]:
    """A second Chromium with scripting switched off in its settings, as a reader who turned
    JavaScript off has it. A context's `java_script_enabled=False` alone stops scripts but
    still hides <noscript> content, which such a reader sees."""
    chromium = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[*CHROMIUM_ARGS, "--blink-settings=scriptEnabled=false"])
    yield chromium
    chromium.close()


@dataclass
class ConsoleLog:
    """What the pages of one test said on the console, and the scripts that threw."""

    errors: list[str]
    warnings: list[str]

    def watch(self, page: Any) -> None:
        def on_console(message: Any) -> None:
            where = message.location.get("url", "")
            line = f"{message.text} ({where}:{message.location.get('lineNumber', '?')})"
            if message.type == "error":
                if not any(pattern.search(where) for pattern in KNOWN_NOISE):
                    self.errors.append(line)
            elif message.type == "warning":
                self.warnings.append(line)

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog([], [])


@pytest.fixture
def open_page(request: pytest.FixtureRequest, browser: Any, site: Site,
              console: ConsoleLog) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh browser context (fresh storage and history); keyword arguments
    go to `browser.new_context`, and `java_script_enabled=False` opens it in the browser
    without JavaScript. Fails the test if any page logged a console error."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        options.setdefault("base_url", site.url)
        chromium = browser
        if options.get("java_script_enabled") is False:
            chromium = request.getfixturevalue("browser_without_javascript")
        context = chromium.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        console.watch(page)
        return page

    yield make
    for context in contexts:
        context.close()
    for warning in console.warnings:
        print(f"console warning: {warning}")
    assert not console.errors, "the pages logged console errors:\n" + "\n".join(console.errors)


@pytest.fixture
def page(open_page: Callable[..., Any]) -> Any:
    """A page in a fresh context, served from the built library."""
    return open_page()
