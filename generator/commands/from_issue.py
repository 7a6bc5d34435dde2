"""`casebook from-issue FILE|-`: turn a "Propose a case study" issue into a case file.

Reads the body of an issue created from the form in .github/ISSUE_TEMPLATE/ (a file, or
standard input for '-'), writes cases/<slug>.md and checks it exactly as `casebook validate`
does, reporting every problem at once. With any error, or with --dry-run, nothing is
written. An existing case is never overwritten.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from casebook.commands import new_case_file
from casebook.diagnostics.catalogue import Diagnostic, has_errors
from casebook.diagnostics.report import FORMATS, format_diagnostics, format_text
from casebook.intake.issue_form import SECTIONS, Question, questions
from casebook.intake.proposal import case_text, question_for, read_issue
from casebook.intake.proposal_reply import problem_reply
from casebook.library.checklist import CHECKLIST_HEADING, consent_checklist
from casebook.library.contents import CONTRIBUTING_FILE, TAXONOMY_FILE
from casebook.library.contract import suggest_slug
from casebook.library.load import load_library
from casebook.library.taxonomy import load_taxonomy

UNTITLED = "untitled-case"
NOT_READ_REPLY = ("Thank you. The check could not turn this issue into a case: either it is "
                  "not a \"Propose a case study\" form, or a case with the same title is in "
                  "the library already. A maintainer will look at it.\n")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="FILE",
                        help="the issue's body as a file, or - to read standard input")
    parser.add_argument("--slug", help="file name without .md (default: from the title)")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text for people, github for workflow annotations, json for tools")
    parser.add_argument("--dry-run", action="store_true",
                        help="write nothing: print the case, and the report to stderr")
    parser.add_argument("--reply", type=Path, metavar="FILE",
                        help="when there are problems, also write the reply to post on the "
                             "issue to FILE: the text report in a code block that nothing "
                             "in the answers can close")


def run(args: argparse.Namespace) -> int:
    status = _convert(args)
    if status != 0 and args.reply and not args.reply.exists():
        # Not the form, not UTF-8, or a case already there: nothing to quote, but the
        # proposer still needs an answer.
        args.reply.write_text(NOT_READ_REPLY, encoding="utf-8")
    return status


def _convert(args: argparse.Namespace) -> int:
    text, source = _read_source(args.source)
    if text is None or source is None:  # source is None only when text is
        return 2 if source is None else 1
    taxonomy, problems = load_taxonomy(args.root / TAXONOMY_FILE)
    if taxonomy is None:
        print(format_text(problems, 0), file=sys.stderr)
        return 1
    contributing = args.root / CONTRIBUTING_FILE
    checklist = consent_checklist(
        contributing.read_text(encoding="utf-8") if contributing.is_file() else "")
    if not checklist:
        print(f"casebook from-issue: {contributing} has no '{CHECKLIST_HEADING}' list, so "
              "the issue's consent answers cannot be checked", file=sys.stderr)
        return 1
    form = questions(taxonomy, checklist)
    proposal = read_issue(text, form, source)
    if not proposal.questions_found:
        print(f"casebook from-issue: {source} is not a 'Propose a case study' issue: none of "
              f"the form's questions ('{form[0].label}', '{form[1].label}', …) is in it",
              file=sys.stderr)
        return 1
    title = proposal.values.get("title")
    slug = args.slug or (suggest_slug(title) if isinstance(title, str) and title else UNTITLED)
    target, status = new_case_file(args.root, slug, "from-issue",
                                   "Give the proposal a different title, or pass --slug.")
    if target is None:
        return status
    case = case_text(proposal, taxonomy)
    diagnostics = proposal.diagnostics + check_case(case, target, args.root, form)
    report = format_diagnostics(diagnostics, 1, args.format)
    if args.dry_run:
        sys.stdout.write(case)
        print(report, file=sys.stderr)
    else:
        print(report)
    if has_errors(diagnostics):
        if args.reply:
            text_report = format_text(diagnostics, 1)
            args.reply.write_text(problem_reply(text_report), encoding="utf-8")
        print(f"casebook from-issue: {target.relative_to(args.root)} was not written; edit "
              "the issue's answers to fix the problems above", file=sys.stderr)
        return 1
    if not args.dry_run:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(case, encoding="utf-8")
        print(f"Wrote {target}")
    return 0


def _read_source(name: str) -> tuple[str | None, str | None]:
    """(text, name for diagnostics); text None after printing why (name None: usage)."""
    # The issue body is not a case file: it is read as plain UTF-8 text, and the case made
    # from it is what gets validated (control characters included).
    if name == "-":
        data, source = sys.stdin.buffer.read(), "issue"
    else:
        path = Path(name)
        if not path.is_file():
            print(f"casebook from-issue: no such file: {name}", file=sys.stderr)
            return None, None
        data, source = path.read_bytes(), name
    try:
        return data.decode("utf-8-sig"), source
    except UnicodeDecodeError:
        print(f"casebook from-issue: {source} is not UTF-8 text", file=sys.stderr)
        return None, source


def check_case(case: str, target: Path, root: Path, form: list[Question]) -> list[Diagnostic]:
    """Validate the case text as if it were `target`, without writing into the library.

    Each hint also names the form question to edit, since the proposer sees the form, not
    the file."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / target.name
        path.write_text(case, encoding="utf-8")
        found = load_library(root, [path]).diagnostics
    headings = [(number, line[3:]) for number, line in enumerate(case.split("\n"), start=1)
                if line[3:] in {heading for _id, heading, _text in SECTIONS}
                and line.startswith("## ")]
    out = []
    for d in found:
        question = question_for(form, d.message.split(":", 1)[0])
        section = next((h for n, h in reversed(headings) if n <= d.line), None)
        label = question.label if question else section if d.line and section else None
        hint = f"{d.hint} In the form: '{label}'." if label else d.hint
        out.append(replace(d, path=str(target) if d.path == str(path) else d.path, hint=hint))
    return out
