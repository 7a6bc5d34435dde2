"""`casebook new`: write a new case from the template, from flags or by asking.

Run in a terminal with fields missing, it asks for each one, listing the valid terms; run
from a script, it needs every required flag. It never overwrites an existing case.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..diagnostics import has_errors
from ..library import TAXONOMY_FILE, load_library, suggest_slug
from ..report import format_text
from ..taxonomy import Taxonomy, load_taxonomy
from . import new_case_file

# (flag/attribute, question, facet id for a term or "" for free text)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("title", "Title (10–120 characters)", ""),
    ("summary", "Summary: what was done and why (40–300 characters)", ""),
    ("organisation", "Organisation (or an anonymised description, e.g. 'An acute trust')", ""),
    ("trust_type", "Trust type", "trust_type"),
    ("population_profile", "Local population profile", "population_profile"),
    ("areas", "Areas (1–4, comma-separated; the first is the primary area)", "areas"),
    ("evidence", "Strength of evidence", "evidence"),
    ("outcome", "Outcome", "outcome"),
    ("publisher", "Source: who published it", ""),
    ("year", "Source: year published", ""),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--slug", help="file name without .md (default: from the title)")
    for name, question, _facet in QUESTIONS:
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=question)
    parser.add_argument("--region", help="NHS England region (optional)")
    parser.add_argument("--published", help="publication date YYYY-MM-DD (default: today)")
    parser.add_argument("--no-input", action="store_true",
                        help="never ask; fail when a required flag is missing")


def run(args: argparse.Namespace) -> int:
    taxonomy, problems = load_taxonomy(args.root / TAXONOMY_FILE)
    if taxonomy is None:
        print(format_text(problems, 0), file=sys.stderr)
        return 1
    interactive = sys.stdin.isatty() and not args.no_input
    missing = [name for name, _q, _f in QUESTIONS if not getattr(args, name)]
    if missing and not interactive:
        flags = ", ".join(f"--{m.replace('_', '-')}" for m in missing)
        print(f"casebook new: missing {flags} (run in a terminal to be asked)", file=sys.stderr)
        return 2
    for name, question, facet in QUESTIONS:
        if not getattr(args, name):
            setattr(args, name, _ask(question, facet, taxonomy, input))
    slug = args.slug or suggest_slug(args.title)
    target, status = new_case_file(args.root, slug, "new", "Choose another --slug.")
    if target is None:
        return status
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_case(vars(args)), encoding="utf-8")
    library = load_library(args.root, [target])
    if library.diagnostics:
        print(format_text(library.diagnostics, 1))
    if has_errors(library.diagnostics):
        target.unlink()
        print("casebook new: the case was not written; fix the values above", file=sys.stderr)
        return 1
    print(f"Wrote {target}. Now fill in the body, then run 'casebook validate'.")
    return 0


def _ask(question: str, facet: str, taxonomy: Taxonomy, ask: Callable[[str], str]) -> str:
    if facet:
        print(f"{question}:")
        for term in taxonomy[facet]:
            print(f"  {term.id:<34} {term.label}")
    while True:
        answer = ask(f"{question}: " if not facet else "> ").strip()
        if answer:
            return answer


def render_case(values: dict[str, object]) -> str:
    """The template filled with `values`; text is written as JSON strings, which YAML reads."""
    env = Environment(loader=PackageLoader("generator", "templates"), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    env.filters["q"] = lambda text: json.dumps(str(text), ensure_ascii=False)
    areas = values["areas"]
    if isinstance(areas, str):
        areas = [a.strip() for a in areas.split(",") if a.strip()]
    context = {
        "region": None, "challenge": None, "what_they_did": None, "impact": None,
        "lessons": None, **values,
        "areas": areas,
        "published": values.get("published") or dt.date.today().isoformat(),
    }
    return env.get_template("case.md.j2").render(**context)
