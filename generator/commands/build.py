"""`casebook build`: validate, plan and render the site, publishing it only if all went well."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from casebook.commands import jobs_count
from casebook.render.mkdocs_run import (
    BuildError,
    NotConfiguredError,
    build_site,
    configure_logging,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="where to publish the site (default: site/ in the library)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    parser.add_argument("--jobs", "-j", type=jobs_count, default=None, metavar="N",
                        help="processes that check the case files and render case pages "
                             "(default: one a core, up to 4; 1 does everything in this "
                             "process)")


def run(args: argparse.Namespace) -> int:
    configure_logging(args.quiet)
    started = time.perf_counter()
    try:
        built = build_site(args.root, site_dir=args.site_dir, jobs=args.jobs)
    except NotConfiguredError as exc:
        print(f"casebook build: {exc}", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"casebook build: {exc}", file=sys.stderr)
        print("casebook build: failed; the previous site was left as it was", file=sys.stderr)
        return 1
    print(f"Built {built.case_count} cases into {built.page_count} generated pages "
          f"in {time.perf_counter() - started:.1f} s: {built.site_dir}")
    return 0
