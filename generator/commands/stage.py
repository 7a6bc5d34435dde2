"""`casebook stage DIR`: write the site's pages as Markdown, with a mkdocs.yml and the theme,
to a folder that Zensical builds without Casebook's plugin (`zensical build -f DIR/mkdocs.yml`).
DIR must be new, empty, or a folder `casebook stage` wrote before (its docs/ and theme/ are
replaced)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebook.diagnostics.report import format_text
from casebook.library.load import load_library
from casebook.plan.standalone import StageError, stage


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, metavar="DIR", help="where to write the site")


def run(args: argparse.Namespace) -> int:
    library = load_library(args.root)
    if not library.ok:
        print(format_text(library.diagnostics, library.files_checked), file=sys.stderr)
        return 1
    try:
        staged = stage(library, args.folder)
    except StageError as exc:
        print(f"casebook stage: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {staged.pages} pages and {staged.outputs} other files to "
          f"{args.folder / 'docs'}, with mkdocs.yml and the theme: build it with "
          f"`zensical build -f {args.folder / 'mkdocs.yml'}`")
    return 0
