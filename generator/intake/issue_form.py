"""The "Propose a case study" issue form, generated from the contract.

The form in .github/ISSUE_TEMPLATE/ is written by this module from `contract.FIELDS`,
taxonomy.yml and the consent checklist in CONTRIBUTING.md, so its questions never drift
from the front-matter: each question's id is the field's key path (`trust_type`,
`source-publisher`), its wording is declared with the field (`Field.ask`), and each
dropdown option is a term id and its label ("acute — Acute trust").
`casebook.intake.proposal` reads a submitted form back. The pull request template's
checklist comes from the same place. Regenerate both after changing the contract, the
taxonomy or the checklist:

    .venv/bin/python -m casebook.intake.issue_form --write
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import yaml

# The checklist is read in library/: the site's "Share your case" page shows it too.
from casebook.library.checklist import CHECKLIST_HEADING, consent_checklist
from casebook.library.contents import CONTRIBUTING_FILE, TAXONOMY_FILE
from casebook.library.contract import (
    FIELDS,
    REQUIRED_HEADINGS,
    WHAT_DID_NOT_WORK,
    Field,
    Kind,
)
from casebook.library.taxonomy import Facet, Taxonomy, load_taxonomy

FORM_PATH = ".github/ISSUE_TEMPLATE/propose-a-case.yml"
PR_TEMPLATE_PATH = ".github/pull_request_template.md"
LABEL = "case proposal"
SEPARATOR = " — "  # between a term id and its label in a dropdown option
CHECKLIST_ID = "checklist"
_CHALLENGE, _WHAT_THEY_DID, _IMPACT, _LESSONS = REQUIRED_HEADINGS
# The body's sections, in order: (form id, heading, what to write).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("body-challenge", _CHALLENGE,
     "The problem. What did your data or your staff say?"),
    ("body-what-they-did", _WHAT_THEY_DID,
     "Concrete steps another trust could copy. Who did what, over what time?"),
    ("body-impact", _IMPACT,
     "What changed, with figures where you have them (say which year each figure is "
     "from). If you have no measure yet, say so plainly, and choose 'emerging' evidence."),
    ("body-what-did-not-work", WHAT_DID_NOT_WORK,
     "Needed when the outcome is mixed, no change yet or did not work, and welcome otherwise: "
     "what did not work, and why. Leave it empty if nothing did not work."),
    ("body-lessons", _LESSONS,
     "What you would tell another board, including what did not work and why."),
)
# Sections the form does not require: the check asks for this one when the outcome needs it.
OPTIONAL_SECTIONS = frozenset({"body-what-did-not-work"})


@dataclass(frozen=True)
class Question:
    """One question of the form; `path` is the front-matter key path it fills."""

    id: str
    type: str  # input, textarea, dropdown or checkboxes
    label: str
    description: str = ""
    required: bool = False
    path: tuple[str, ...] = ()
    spec: Field | None = None
    facet: Facet | None = None
    options: tuple[str, ...] = ()
    multiple: bool = False
    placeholder: str = ""


# ---------------------------------------------------------------- the form


def questions(taxonomy: Taxonomy, checklist: tuple[str, ...]) -> list[Question]:
    """Every question of the form, in the order of the contract, then body and consent."""
    found: list[Question] = []
    for spec in FIELDS:
        if spec.ask.left_out:
            continue
        if spec.kind is Kind.MAPPING:
            found += [_question(sub, taxonomy, (spec.name, sub.name), spec.required)
                      for sub in spec.fields]
        else:
            found.append(_question(spec, taxonomy, (spec.name,), True))
    found += [Question(qid, "textarea", heading, text, qid not in OPTIONAL_SECTIONS)
              for qid, heading, text in SECTIONS]
    found.append(Question(
        CHECKLIST_ID, "checkboxes", "Consent and anonymisation",
        "Tick every item; each one must be true before the case can be published.",
        True, options=checklist))
    return found


class _Common(TypedDict):
    """What every question made from a field of the contract is given."""

    id: str
    label: str
    path: tuple[str, ...]
    spec: Field
    required: bool
    description: str


def _question(spec: Field, taxonomy: Taxonomy, path: tuple[str, ...],
              parent_required: bool) -> Question:
    qid = "-".join(path)
    description = " ".join(filter(None, (spec.description, spec.ask.guidance)))
    # A field added to the contract without a question of its own is asked with a label
    # made from its name.
    label = spec.ask.label or " ".join(path).replace("_", " ").capitalize()
    common: _Common = {"id": qid, "label": label, "path": path, "spec": spec,
                       "required": spec.required and parent_required,
                       "description": f"{description} (`{'.'.join(path)}` in the case file)"}
    if spec.kind in (Kind.TERM, Kind.TERMS, Kind.NUMBERS):
        facet = taxonomy[spec.facet]
        return Question(type="dropdown", facet=facet, multiple=spec.kind is not Kind.TERM,
                        options=tuple(option_text(facet, t.id) for t in facet), **common)
    if spec.kind is Kind.CHOICE:
        return Question(type="dropdown", options=spec.choices, **common)
    kind = "textarea" if spec.ask.lines else "input"
    return Question(type=kind, placeholder=spec.ask.placeholder, **common)


def option_text(facet: Facet, term_id: str) -> str:
    """A dropdown option: the term id, then its label ("acute — Acute trust")."""
    return f"{term_id}{SEPARATOR}{facet.label_of(term_id)}"


def form_yaml(taxonomy: Taxonomy, checklist: tuple[str, ...]) -> str:
    """The issue form's YAML, as written to FORM_PATH."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": _INTRO}}]
    for question in questions(taxonomy, checklist):
        attributes: dict[str, Any] = {"label": question.label,
                                      "description": question.description}
        if question.type == "dropdown":
            attributes["multiple"] = question.multiple
            attributes["options"] = list(question.options)
        elif question.type == "checkboxes":
            attributes["options"] = [{"label": item, "required": True}
                                     for item in question.options]
        elif question.placeholder:
            attributes["placeholder"] = question.placeholder
        element: dict[str, Any] = {"type": question.type, "id": question.id,
                                   "attributes": attributes}
        if question.type != "checkboxes":
            element["validations"] = {"required": question.required}
        body.append(element)
    form = {
        "name": "Propose a case study",
        "description": "Send a case study through a form, without editing any files.",
        "title": "Case proposal: ",
        "labels": [LABEL],
        "body": body,
    }
    text = yaml.dump(form, Dumper=_FormDumper, sort_keys=False, allow_unicode=True, width=96)
    return _GENERATED + text


class _FormDumper(yaml.SafeDumper):
    """Writes text with line breaks as a '|' block, so the form file reads like prose."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_FormDumper.add_representer(str, _represent_text)


def pull_request_template(checklist: tuple[str, ...]) -> str:
    """The pull request template: what the case is, and the consent checklist to tick."""
    items = "\n".join(f"- [ ] {item}" for item in checklist)
    return (f"<!-- {_GENERATED_NOTE} -->\n\n"
            "## The case\n\n"
            "<!-- One or two sentences: which case this adds or changes, and why. -->\n\n"
            "## Consent and anonymisation\n\n"
            "Tick every item once it is true (see CONTRIBUTING.md).\n\n"
            f"{items}\n")


_GENERATED_NOTE = ("Generated by `python -m casebook.intake.issue_form --write` from the contract, "
                   "taxonomy.yml and CONTRIBUTING.md; edit those, not this file.")
_GENERATED = f"# {_GENERATED_NOTE}\n"
_INTRO = (
    "Thank you for sharing your organisation's work. Answer each question in plain text; "
    "the contributor guide (CONTRIBUTING.md) explains every field.\n\n"
    "**Everything you write here is public.** Do not include anything that could identify "
    "a patient or a member of staff.\n\n"
    "When you submit, a check turns your answers into a case file. If all is well it opens "
    "a pull request for a maintainer to review; if not, it comments here with what to fix, "
    "and runs again when you edit the issue."
)


# ---------------------------------------------------------------- regenerating the files


def generated_files(root: Path) -> dict[Path, str]:
    """The files this module writes, and what they should contain."""
    taxonomy, problems = load_taxonomy(root / TAXONOMY_FILE)
    if taxonomy is None:
        raise SystemExit("\n".join(f"{d.path}:{d.line}: {d.message}" for d in problems))
    checklist = consent_checklist((root / CONTRIBUTING_FILE).read_text(encoding="utf-8"))
    if not checklist:
        raise SystemExit(f"{CONTRIBUTING_FILE} has no '{CHECKLIST_HEADING}' list of '- [ ]' items")
    return {root / FORM_PATH: form_yaml(taxonomy, checklist),
            root / PR_TEMPLATE_PATH: pull_request_template(checklist)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casebook.intake.issue_form",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the library folder")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="regenerate the files")
    action.add_argument("--check", action="store_true",
                        help="exit 1 when a file differs from what would be generated")
    args = parser.parse_args(argv)
    stale = []
    for path, text in generated_files(args.root).items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if args.write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"Wrote {path}")
    if args.check and stale:
        print("Out of date (run python -m casebook.intake.issue_form --write): "
              + ", ".join(str(p) for p in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
