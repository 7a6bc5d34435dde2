"""`casebook serve`: build the site and serve it, rebuilding when a case or the taxonomy changes."""

from __future__ import annotations

import argparse
import sys

from casebook.render.mkdocs_run import BuildError, configure_logging, serve_site


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                        help="where to serve (default: 127.0.0.1:8000)")
    parser.add_argument("--no-livereload", action="store_true",
                        help="do not watch files, rebuild, or reload the browser on change")


def run(args: argparse.Namespace) -> int:
    configure_logging(quiet=False)
    try:
        serve_site(args.root, dev_addr=args.dev_addr, livereload=not args.no_livereload)
    except BuildError as exc:
        print(f"casebook serve: {exc}", file=sys.stderr)
        return 1
    return 0
