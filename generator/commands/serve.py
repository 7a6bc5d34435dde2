"""`casebook serve`: build the site and serve it, rebuilding when a case or the taxonomy changes."""

from __future__ import annotations

import argparse
import sys

from casebook.commands.build import CONFIG_FILE, _configure_logging


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                        help="where to serve (default: 127.0.0.1:8000)")
    parser.add_argument("--no-livereload", action="store_true",
                        help="do not watch files, rebuild, or reload the browser on change")


def run(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    _configure_logging(quiet=False)
    try:
        # Dirty builds: the first renders everything, each rebuild only what an edit changed
        # (the plugin decides which files count as modified; see generator/render/preview.py).
        serve(config_file=str(args.root / CONFIG_FILE), dev_addr=args.dev_addr,
              livereload=not args.no_livereload, build_type="dirty")
    except MkDocsException as exc:
        print(f"casebook serve: {exc}", file=sys.stderr)
        return 1
    return 0
