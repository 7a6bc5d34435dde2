"""`casebook stage DIR`: write the planned pages as Markdown to a folder, without MkDocs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebook.diagnostics.report import format_text
from casebook.library.load import load_library
from casebook.plan.site import plan
from casebook.plan.stage import write_stage


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, metavar="DIR", help="where to write the pages")


def run(args: argparse.Namespace) -> int:
    library = load_library(args.root)
    if not library.ok:
        print(format_text(library.diagnostics, library.files_checked), file=sys.stderr)
        return 1
    pages, outputs = plan(library)
    write_stage(pages, args.folder, tuple(outputs))
    print(f"Wrote {len(pages)} pages and {len(outputs)} other files to {args.folder}")
    return 0
