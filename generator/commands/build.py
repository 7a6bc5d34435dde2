"""`casebook build`: validate, plan and render the site, publishing it only if all went well."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from casebook.commands import jobs_count

CONFIG_FILE = "mkdocs.yml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="where to publish the site (default: site/ in the library)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    parser.add_argument("--jobs", "-j", type=jobs_count, default=None, metavar="N",
                        help="processes that check the case files and render case pages "
                             "(default: one a core, up to 4; 1 does everything in this "
                             "process)")


def run(args: argparse.Namespace) -> int:
    # Imported on use: validating a library should not pay for loading MkDocs.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from casebook.render.plugin import CasebookPlugin

    _configure_logging(args.quiet)
    started = time.perf_counter()
    overrides = {"site_dir": str(args.site_dir.resolve())} if args.site_dir else {}
    try:
        config = load_config(str(args.root / CONFIG_FILE), **overrides)
        plugin = config.plugins.get("casebook")
        if not isinstance(plugin, CasebookPlugin):
            print(f"casebook build: {CONFIG_FILE} does not list the casebook plugin; add "
                  "'- casebook' under 'plugins:'", file=sys.stderr)
            return 1
        if args.jobs is not None:
            plugin.jobs = args.jobs
        # Dirty, so that MkDocs asks each page whether to read it: the pages helpers render
        # say no (generator/render/parallel.py). Casebook builds into a new, empty folder.
        share = plugin.jobs > 1
        config.plugins.on_startup(command="build", dirty=share)
        try:
            build(config, dirty=share)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        print(f"casebook build: {exc}", file=sys.stderr)
        print("casebook build: failed; the previous site was left as it was", file=sys.stderr)
        return 1
    print(f"Built {plugin.case_count} cases into {plugin.page_count} generated pages "
          f"in {time.perf_counter() - started:.1f} s: {config.site_dir}")
    return 0


def _configure_logging(quiet: bool) -> None:
    # Material prints a banner about MkDocs 2.0 on every build; Casebook's core already
    # keeps clear of MkDocs (see DESIGN.md), so the banner is noise here.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, logging.StreamHandler) for h in logger.handlers):
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
