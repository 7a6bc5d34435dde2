"""`casebook linkcheck [SITE_DIR]`: check every internal link, anchor and alias redirect of a
built site; exit 1 when any is broken."""

from __future__ import annotations

import argparse
from pathlib import Path

from casebook.publish.linkcheck import main as check


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("site", nargs="?", type=Path, default=None, metavar="SITE_DIR",
                        help="the built site (default: site/ in the library)")


def run(args: argparse.Namespace) -> int:
    return check([str(args.site or args.root / "site")])
