"""End-to-end fixtures: the real library built once, served on 127.0.0.1, driven in Chromium.

Debian's Chromium is used through Playwright (`executable_path`); `playwright install` cannot
download anything here and is never needed. Every test in this folder is marked `browser`.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Fail fast: every page is local and small, so nothing should take seconds.
TIMEOUT_MS = 5_000
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in tests/e2e as a browser test (`pytest -m "not browser"` skips them)."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


# ---------------------------------------------------------------- the library, as data


@dataclass(frozen=True)
class LibraryCase:
    """One case of the real library, read straight from its file (not through Casebook)."""

    slug: str
    front: dict[str, Any]
    body: str

    @property
    def title(self) -> str:
        return str(self.front["title"])

    def has(self, facet: str, term: str) -> bool:
        """Whether this case carries `term` of `facet` (`areas` is a list, others a value)."""
        value = self.front.get(facet)
        values = value if isinstance(value, list) else [value]
        return term in [str(v) for v in values]

    @property
    def words(self) -> str:
        """The text Browse's word filter searches: title, summary, organisation, keywords."""
        parts = [self.front["title"], self.front["summary"], self.front["organisation"],
                 *self.front.get("keywords", [])]
        return " ".join(str(p) for p in parts).casefold()


def read_case(path: Path) -> LibraryCase:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return LibraryCase(path.stem, yaml.safe_load(front), body)


@pytest.fixture(scope="session")
def library() -> list[LibraryCase]:
    """Every case of the repository's library, parsed with PyYAML."""
    return [read_case(p) for p in sorted((ROOT / "cases").glob("*.md"))]


@pytest.fixture(scope="session")
def taxonomy() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "taxonomy.yml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- building and serving


def build_site(root: Path, site_dir: Path) -> Path:
    """`casebook build` of the library at `root` into `site_dir`; fails the test run loudly."""
    command = [sys.executable, "-m", "generator.cli", "--root", str(root), "build",
               "--site-dir", str(site_dir), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if result.returncode != 0:
        pytest.fail(f"casebook build failed ({result.returncode}):\n{result.stdout}\n"
                    f"{result.stderr}", pytrace=False)
    return site_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean; failed requests show up as console errors instead."""


@dataclass
class Site:
    """A built site served over HTTP."""

    folder: Path
    url: str  # 'http://127.0.0.1:PORT' without a trailing slash


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


_SIBLING_LINK = re.compile(r"\[([^\]]+)\]\(\.\./[^)]*\)")


def make_alias_library(folder: Path, cases: list[LibraryCase], aliases: list[str]) -> Path:
    """A small library: the real configuration and theme, two real cases, the first with
    `aliases`, and no session packs. Links between cases are dropped, since the other cases
    are not there."""
    folder.mkdir(parents=True)
    # The navigation names the packs index, which is planned only when packs/ exists.
    (folder / "packs").mkdir()
    for name in ("taxonomy.yml", "mkdocs.yml", "CONTRIBUTING.md"):
        if (ROOT / name).is_file():
            shutil.copyfile(ROOT / name, folder / name)
    shutil.copytree(ROOT / "theme", folder / "theme")
    shutil.copytree(ROOT / "docs", folder / "docs")
    (folder / "cases").mkdir()
    for index, case in enumerate(cases):
        front = {k: v for k, v in case.front.items() if k not in ("related", "aliases")}
        if index == 0:
            front["aliases"] = aliases
        text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
        body = _SIBLING_LINK.sub(r"\1", case.body)
        (folder / "cases" / f"{case.slug}.md").write_text(f"---\n{text}---\n{body}",
                                                         encoding="utf-8")
    return folder


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


# Console errors that are not the page's own, each with the reason. Keep this list short.
KNOWN_NOISE = [
    # Chromium asks for /favicon.ico by itself when a page names no icon (the alias
    # redirect pages, theme/redirect.html).
    re.compile(r"/favicon\.ico$"),
    # KNOWN BUG, remove when fixed: Material's bundle treats every <link rel="alternate"> as
    # a language version of the site and fetches 'sitemap.xml' beside it. The per-term Atom
    # feed links in theme/partials/cb-social.html ('areas/<id>/feed.xml') make it fetch
    # 'areas/<id>/sitemap.xml', a 404 on every term page.
    re.compile(r"/[^/]+/[^/]+/sitemap\.xml$"),
]


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
def open_page(browser: Any, site: Site, console: ConsoleLog) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh browser context (fresh storage and history); keyword arguments
    go to `browser.new_context`. Fails the test if any page logged a console error."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        options.setdefault("base_url", site.url)
        context = browser.new_context(**options)
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
