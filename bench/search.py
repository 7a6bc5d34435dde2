"""Search cost in a real browser: bytes fetched for the first query and time to results.

    python -m bench.search SITE_DIR "reverse mentoring" [--runs 5]

Serves SITE_DIR on 127.0.0.1, opens /search/ in Debian's Chromium with a cold cache, submits
the query with Enter (so no input debounce is counted), and reports the bytes the browser
transferred for search (every request under /pagefind/: the script and WebAssembly, which
the page starts loading as it opens, the filter index, index chunks and result fragments)
and the time from Enter until the result count is shown.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def measure(site: Path, query: str, runs: int) -> tuple[list[int], list[float], int]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sizes: list[int] = []
    times: list[float] = []
    results = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for _ in range(runs):
                context = browser.new_context()  # a cold cache each run
                page = context.new_page()
                fetched: list[object] = []

                def record(request: object, into: list[object] = fetched) -> None:
                    into.append(request)

                page.on("requestfinished", record)
                page.goto(f"{base}/search/")
                page.wait_for_load_state("networkidle")
                page.fill("#cb-search-q", query)
                started = time.perf_counter()
                page.press("#cb-search-q", "Enter")
                # A selector, not a script: the site's CSP forbids eval, as it should.
                page.wait_for_selector("#cb-search-status:has-text('match')")
                times.append(time.perf_counter() - started)
                page.wait_for_load_state("networkidle")
                page.remove_listener("requestfinished", record)
                sizes.append(sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]
                                 for r in fetched if "/pagefind/" in r.url))
                results = page.locator("#cb-search-results h2").count()
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return sizes, times, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("query")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes, times, results = measure(args.site, args.query, args.runs)
    print(f"query {args.query!r} on {args.site}: {results} results shown; "
          f"median {statistics.median(sizes) / 1024:.0f} KB transferred, "
          f"median {statistics.median(times) * 1000:.0f} ms from Enter to results "
          f"({args.runs} cold runs)")


if __name__ == "__main__":
    main()
