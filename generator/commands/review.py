"""`casebook review`: list cases overdue for review, or due soon, the longest unchecked first.

It is a report, so it exits 0 whatever it finds; it exits 1 only when the library has errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from casebook.diagnostics.report import format_text
from casebook.library.load import load_library
from casebook.library.review import DEFAULT_WITHIN, format_reminders, reminders


def _days(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--within", type=_days, default=DEFAULT_WITHIN, metavar="DAYS",
                        help=f"also list cases due within DAYS days (default: {DEFAULT_WITHIN})")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for people, json for tools")
    # For tests and for planning ahead: act as if today were this date.
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    library = load_library(args.root, today=today)
    if not library.ok:
        print(format_text(library.diagnostics, library.files_checked), file=sys.stderr)
        print("casebook review: the library has errors; run 'casebook validate'",
              file=sys.stderr)
        return 1
    items = reminders(library.cases, today, args.within)
    print(format_reminders(items, today, args.within, args.format))
    return 0
