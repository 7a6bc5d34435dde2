"""`casebook schema`: write the JSON Schema of the front-matter, for editors.

The schema is generated from the contract and the terms in taxonomy.yml; the site publishes
the same file at /schema/case.schema.json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebook.diagnostics.report import format_text
from casebook.library.contents import TAXONOMY_FILE
from casebook.library.taxonomy import load_taxonomy
from casebook.plan.schema import schema_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write the schema to FILE (default: print it)")


def run(args: argparse.Namespace) -> int:
    taxonomy, problems = load_taxonomy(args.root / TAXONOMY_FILE)
    if taxonomy is None:
        print(format_text(problems, 0), file=sys.stderr)
        return 1
    text = schema_json(taxonomy)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"Wrote the front-matter schema to {args.output}", file=sys.stderr)
    return 0
