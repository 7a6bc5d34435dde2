"""Lighthouse on the built site, served with gzip as a web host would serve it.

    .venv/bin/python -m bench.lighthouse [SITE_DIR] [--page PATH ...] [--min 95] [--json FILE]
                                         [--keep DIR]

`make lighthouse` builds the site and runs this. Lighthouse comes from npm, pinned with its
lock in bench/lighthouse-npm/ (`npm ci --prefix bench/lighthouse-npm`): a measuring tool run on
demand, kept out of the repository's package.json so that `make test` never installs it.
It runs Debian's Chromium (CHROME_PATH, /usr/bin/chromium unless set) headless, with
Lighthouse's default settings: a mobile phone, a slow 4G network and a 4× slower CPU, both
simulated. The scores vary by a point or two from run to run on a busy machine.

The server compresses what a host compresses (HTML, CSS, scripts, JSON, SVG, XML) when the
browser asks for it, and sends files once checked as a static host would; without gzip,
Lighthouse counts every page as slower than a real host serves it.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "lighthouse-npm" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml",
                    "application/xml", "application/atom+xml")
TIMEOUT_S = 300


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it and the type is worth it."""

    def send_head(self) -> BinaryIO | None:
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and url_path.endswith("/"):
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        wanted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wanted and path.is_file() and ctype.startswith(COMPRESSED_TYPES)):
            return super().send_head()  # redirects, 404s, pictures, the search index
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # the base class names it so
        """Quiet: Lighthouse makes hundreds of requests."""


@contextmanager
def served(site: Path) -> Iterator[str]:
    """`site` served with gzip on a free port of 127.0.0.1; yields its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(url: str, report: Path) -> dict[str, Any]:
    """One Lighthouse run over `url` with its default (mobile) settings; its JSON report."""
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm ci --prefix bench/lighthouse-npm` "
                         "(or `make lighthouse`)")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--chrome-flags={CHROME_FLAGS}", "--form-factor=mobile",
               f"--only-categories={','.join(CATEGORIES)}"]
    subprocess.run(command, env=env, check=True, timeout=TIMEOUT_S)
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result


def scores(result: dict[str, Any]) -> dict[str, int]:
    """Each category's score out of 100, as Lighthouse shows it."""
    return {c: round(100 * (result["categories"][c]["score"] or 0)) for c in CATEGORIES}


def shortfalls(result: dict[str, Any]) -> list[str]:
    """The audits that cost points: each failing audit that carries weight in a category."""
    lines = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or ""
                lines.append(f"  {category}: {ref['id']} {audit['score']:.2f} {shown}".rstrip())
    return lines


def default_pages(site: Path) -> list[str]:
    """The home page and the first case page (in file name order)."""
    cases = sorted(p.parent.name for p in (site / "cases").glob("*/index.html")
                   if "redirect" not in p.read_text(encoding="utf-8")[:2000].lower())
    return ["", f"cases/{cases[0]}/"] if cases else [""]


def report_name(page: str, run: int) -> str:
    """The file of one run's report: the page's path made a file name, and the run's number."""
    stem = page.strip("/").replace("/", "-") or "home"
    return f"{stem}.{run}.json"


def serve_until_stopped(site: Path) -> int:
    with served(site) as base:
        print(f"Serving {site} with gzip at {base} (Ctrl-C stops)", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    parser.add_argument("--page", action="append", default=[],
                        help="a page's path from the site's root (default: home and a case)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per page; each score is the median (default 3)")
    parser.add_argument("--min", type=int, default=0,
                        help="exit 1 when any score is below this (e.g. 95)")
    parser.add_argument("--json", type=Path, help="write the scores to this file")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep each run's full Lighthouse report in DIR (layout-shift "
                             "elements, long tasks: what cost the points)")
    parser.add_argument("--serve", action="store_true",
                        help="only serve the site with gzip, until Ctrl-C (to run Lighthouse "
                             "or a browser against it by hand)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} is not a built site: run `make build` first")
    if args.serve:
        return serve_until_stopped(args.site)
    pages = args.page or default_pages(args.site)
    found: dict[str, dict[str, int]] = {}
    with served(args.site) as base, tempfile.TemporaryDirectory() as tmp:
        kept = args.keep or Path(tmp)
        kept.mkdir(parents=True, exist_ok=True)
        for page in pages:
            name = "/" + page.lstrip("/")
            results = [lighthouse(base + page.lstrip("/"), kept / report_name(page, run))
                       for run in range(1, max(1, args.runs) + 1)]
            runs = [scores(result) for result in results]
            found[name] = {c: int(statistics.median(run[c] for run in runs)) for c in CATEGORIES}
            print(f"{name}: " + ", ".join(f"{c} {s}" for c, s in found[name].items())
                  + f"  (median of {len(runs)}; performance "
                  + ", ".join(str(run["performance"]) for run in runs) + ")")
            for line in shortfalls(results[-1]):
                print(line)
    if args.json:
        args.json.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    low = [(page, c, s) for page, got in found.items() for c, s in got.items() if s < args.min]
    for page, category, score in low:
        print(f"{page}: {category} {score} is below {args.min}", file=sys.stderr)
    return 1 if low else 0


if __name__ == "__main__":
    raise SystemExit(main())
