"""`casebook validate`: check every case and the taxonomy, report every problem at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebook.commands import jobs_count
from casebook.diagnostics.report import FORMATS, format_diagnostics
from casebook.fanout import cpu_jobs
from casebook.library.load import load_library


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="case files or folders to check (default: the library's cases/)")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text for people, github for workflow annotations, json for tools")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--jobs", "-j", type=jobs_count, default=None, metavar="N",
                        help="processes that check the case files, from 100 files up "
                             "(default: one a core; 1 checks them all in this process)")


def run(args: argparse.Namespace) -> int:
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"casebook validate: no such file or folder: {', '.join(missing)}",
              file=sys.stderr)
        return 2
    library = load_library(args.root, args.paths or None, jobs=args.jobs or cpu_jobs())
    print(format_diagnostics(library.diagnostics, library.files_checked, args.format))
    failed = not library.ok or (args.strict and bool(library.diagnostics))
    return 1 if failed else 0
