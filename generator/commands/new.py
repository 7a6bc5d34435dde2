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

from casebook.commands import new_case_file
from casebook.diagnostics.catalogue import has_errors
from casebook.diagnostics.report import format_text
from casebook.library.contents import TAXONOMY_FILE
from casebook.library.contract import FAILURE_OUTCOMES, FIELDS, SOURCE_TYPES, suggest_slug
from casebook.library.load import load_library
from casebook.library.taxonomy import Taxonomy, load_taxonomy

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
    ("source_type", "Source: 'first-hand' (written by your organisation) or 'published' (a "
                    "report, article or board paper)", ""),
)
# The questions each kind of source needs (contract v1.1): a published source's details, or
# a first-hand case's contact and sign-off.
SOURCE_QUESTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "published": (("publisher", "Source: who published it"),
                  ("year", "Source: year published"),
                  ("source_title", "Source: its title"),
                  ("url", "Source: its full web address (https://…)")),
    "first-hand": (("approved_by", "Sign-off: the role that approved publication, such as "
                                   "'Director of People'"),
                   ("contact_role", "Contact: a role, such as 'EDI lead'")),
}
# Optional fields the template writes itself when given (contact and consent for a
# first-hand case); the other optional fields are listed commented out.
_WRITTEN_FIRST_HAND = ("contact", "consent")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--slug", help="file name without .md (default: from the title)")
    for name, question, _facet in QUESTIONS:
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=question)
    for kind, questions in SOURCE_QUESTIONS.items():
        for name, question in questions:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name,
                                help=f"{question} (for a {kind} source)")
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
    questions = [(name, question) for name, question, _facet in QUESTIONS]
    questions += SOURCE_QUESTIONS.get(args.source_type or "", ())
    missing = [name for name, _q in questions if not getattr(args, name)]
    if missing and not interactive:
        flags = ", ".join(f"--{m.replace('_', '-')}" for m in missing)
        print(f"casebook new: missing {flags} (run in a terminal to be asked)", file=sys.stderr)
        return 2
    for name, question, facet in QUESTIONS:
        if not getattr(args, name):
            setattr(args, name, _ask(question, facet, taxonomy, input))
    if args.source_type not in SOURCE_TYPES:
        print(f"casebook new: --source-type must be one of: {', '.join(SOURCE_TYPES)}",
              file=sys.stderr)
        return 2
    for name, question in SOURCE_QUESTIONS[args.source_type]:
        if not getattr(args, name):
            setattr(args, name, _ask(question, "", taxonomy, input))
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
    env = Environment(loader=PackageLoader("casebook", "templates"), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    env.filters["q"] = lambda text: json.dumps(str(text), ensure_ascii=False)
    areas = values["areas"]
    if isinstance(areas, str):
        areas = [a.strip() for a in areas.split(",") if a.strip()]
    published = values.get("published") or dt.date.today().isoformat()
    context = {
        "region": None, "challenge": None, "what_they_did": None, "impact": None,
        "lessons": None, "what_did_not_work": None, **values,
        "areas": areas,
        "published": published,
        "failure": values.get("outcome") in FAILURE_OUTCOMES,
        "optional": optional_lines(str(published), skip={
            *(("region",) if values.get("region") else ()),
            *(_WRITTEN_FIRST_HAND if values.get("source_type") == "first-hand" else ())}),
    }
    return env.get_template("case.md.j2").render(**context)


def optional_lines(today: str, skip: set[str] | None = None) -> list[str]:
    """The optional fields of the contract, but those in `skip`, commented out, each with its
    example value (a new optional field of the contract appears here by itself)."""
    lines: list[str] = []
    for spec in FIELDS:
        if spec.required or spec.name in (skip or set()):
            continue
        example = spec.example.replace("{today}", today)
        first, *rest = example.split("\n")
        lines.append(f"# {spec.name}: {first}".rstrip())
        lines += [f"# {line}" for line in rest]
    return lines
