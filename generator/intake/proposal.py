"""A proposal read from a "Propose a case study" issue, and the case file it becomes.

GitHub renders a submitted form as Markdown: `### Label`, a blank line, the answer, with
"_No response_" for an empty answer and `- [X] item` for a ticked box. `read_issue` turns
that back into front-matter values (term ids from "id — label" options, numbers, dates,
lists) and body sections, leaving an answer as text when it is not a valid value so that the
validator names what is wrong. `case_text` writes the case file, quoting every piece of text
so that no answer can add a field or end the front-matter.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from casebook.diagnostics.catalogue import Diagnostic, Pos, diagnostic
from casebook.intake.issue_form import OPTIONAL_SECTIONS, SECTIONS, SEPARATOR, Question
from casebook.library.checklist import CHECKBOX
from casebook.library.contract import FIELDS, SLUG, Field, Kind
from casebook.library.taxonomy import Facet, Taxonomy
from casebook.library.yamldoc import date_or_text

NO_RESPONSE = "_No response_"  # what GitHub writes for an empty answer
SINGLE_LINE = ("input", "dropdown")  # form elements whose answer GitHub writes on one line
_HEADING = re.compile(r"^###\s++(.+)$")  # stripped by the reader: (.+?)\s*$ was quadratic
_URL_IN_LINE = re.compile(r"https?://\S+", re.IGNORECASE)
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none"}


@dataclass
class Proposal:
    """What an issue said: front-matter values, body sections and what was wrong."""

    values: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    questions_found: int = 0


# ---------------------------------------------------------------- reading an issue


def read_issue(text: str, form: list[Question], source: str) -> Proposal:
    """The answers of a submitted form, as front-matter values and body sections."""
    by_label = {q.label: q for q in form}
    answers: dict[str, tuple[int, list[str]]] = {}
    current: list[str] | None = None
    # Unicode line and paragraph separators are line breaks to a reader, and a case file
    # may not contain them (control-character), so they become ordinary newlines here.
    text = text.replace("\r\n", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    for number, row in enumerate(text.split("\n"), start=1):
        heading = _HEADING.match(row)
        label = heading.group(1).rstrip() if heading else ""
        if label in by_label:
            current = []
            answers[by_label[label].id] = (number, current)
        elif current is not None:
            current.append(row)
    proposal = Proposal(questions_found=len(answers))
    for question in form:
        line, lines = answers.get(question.id, (0, []))
        answer = "\n".join(lines).strip()
        if answer == NO_RESPONSE:
            answer = ""
        if question.type in SINGLE_LINE and "\n" in answer:
            # A line break in a one-line answer is never meant, and it is the way to smuggle
            # a line into the report that is echoed back (see proposal_reply.py).
            second = [i for i, t in enumerate(lines, start=1) if t.strip()][1]
            proposal.diagnostics.append(diagnostic(
                "multi-line-answer", source, Pos(line + second, 1),
                f"{question.label}: the answer has {answer.count(chr(10)) + 1} lines"))
        if question.type == "checkboxes":
            _read_checklist(question, line, lines, proposal, source)
        elif question.path:
            if answer:
                _set(proposal.values, question.path, _value(question, answer))
        elif answer:
            proposal.sections[question.label] = answer
        elif question.required:
            proposal.diagnostics.append(diagnostic(
                "missing-answer", source, Pos(line, 1 if line else 0),
                f"{question.label}: no answer",
                f"Edit the issue and write the '{question.label}' section."))
    return proposal


def _read_checklist(question: Question, line: int, lines: list[str], proposal: Proposal,
                    source: str) -> None:
    ticked: set[str] = set()
    for text in lines:
        tick = CHECKBOX.match(text)
        if tick and tick.group(1) in "xX":
            ticked.add(_squash(tick.group(2)))  # _squash strips the label
    for item in question.options:
        if _squash(item) in ticked:
            continue
        where = next((line + i for i, t in enumerate(lines, start=1)
                      if _squash(item) in _squash(t)), line)
        proposal.diagnostics.append(diagnostic(
            "consent-not-confirmed", source, Pos(where, 1 if where else 0),
            f"{question.label}: not ticked: '{_short(item)}'"))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _set(values: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        values = values.setdefault(key, {})
    values[path[-1]] = value


def _value(question: Question, answer: str) -> Any:
    """An answer as the front-matter value it stands for; left as text when it is not one,
    so that the validator names what is wrong."""
    spec = question.spec
    assert spec is not None
    kind = spec.kind
    if question.facet is not None:
        if question.multiple:
            terms = [term_id(question.facet, part) for part in _options(question, answer)]
            return [_number(t) for t in terms] if kind is Kind.NUMBERS else terms
        return term_id(question.facet, answer)
    if kind is Kind.DATE:
        return date_or_text(answer)  # 2024-02-30 stays text, for the validator to name
    if kind is Kind.YEAR:
        return _number(answer)
    if kind in (Kind.SLUGS, Kind.STRINGS):
        return [part.strip() for part in re.split(r"[,\n]", answer) if part.strip()]
    if kind is Kind.RECORDS:
        return [_link(line) for line in answer.split("\n") if line.strip()]
    return " ".join(answer.split())  # text fields are one line of plain text


def _options(question: Question, answer: str) -> list[str]:
    """A multi-select answer split into its options (GitHub joins them with ', '). Read by
    position: cutting the rest of the answer off after each option copied it every time."""
    parts: list[str] = []
    text = answer.strip()
    longest_first = sorted(question.options, key=len, reverse=True)
    at = 0
    while at < len(text):
        option = next((o for o in longest_first if text.startswith(o, at)), None)
        end = at + len(option) if option else _end_of_part(text, at)
        parts.append(text[at:end].strip())
        at = _skip_separator(text, end)
    return [p for p in parts if p]


def _end_of_part(text: str, at: int) -> int:
    comma = text.find(",", at)
    return len(text) if comma == -1 else comma


def _skip_separator(text: str, at: int) -> int:
    """The position after white space, at most one comma, and white space."""
    while at < len(text) and text[at].isspace():
        at += 1
    if at < len(text) and text[at] == ",":
        at += 1
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def term_id(facet: Facet, answer: str) -> str:
    """The term id in a dropdown answer ("acute — Acute trust" → "acute"); a bare id or a
    label is understood too, and anything else is returned as written."""
    text = answer.strip()
    head = text.split(SEPARATOR, 1)[0].strip()
    for candidate in (head, text):
        if candidate in facet.ids:
            return candidate
    by_label = {t.label.casefold(): t.id for t in facet}
    return by_label.get(text.casefold(), text)


def _number(text: str) -> int | str:
    return int(text) if text.strip().isdigit() else text


def _link(line: str) -> dict[str, str]:
    line = line.strip().removeprefix("- ").removeprefix("* ")
    url = _URL_IN_LINE.search(line)
    if url is None:
        return {"title": line}
    title = (line[:url.start()] + line[url.end():]).strip(" \t-—–:|,")
    return {"title": title, "url": url.group().rstrip(".,;)")}


# ---------------------------------------------------------------- writing the case


def case_text(proposal: Proposal, taxonomy: Taxonomy) -> str:
    """The case file: front-matter in the contract's order, then the sections answered."""
    lines = ["---"]
    for spec in FIELDS:
        if spec.name in proposal.values:
            lines += _yaml(spec, proposal.values[spec.name], taxonomy, "")
    lines += ["---", "", "<!-- Converted from a 'Propose a case study' issue. -->", ""]
    for qid, heading, _text in SECTIONS:
        if qid in OPTIONAL_SECTIONS and heading not in proposal.sections:
            continue
        lines += [f"## {heading}", "", proposal.sections.get(heading, "").strip(), ""]
    return "\n".join(lines)


def _yaml(spec: Field, value: Any, taxonomy: Taxonomy, indent: str) -> list[str]:
    key = f"{indent}{spec.name}:"
    if spec.kind is Kind.MAPPING and isinstance(value, dict):
        lines = [key]
        for sub in spec.fields:
            if sub.name in value:
                lines += _yaml(sub, value[sub.name], taxonomy, indent + "  ")
        return lines
    if spec.kind is Kind.RECORDS and isinstance(value, list):
        lines = [key]
        for record in value:
            items = [f"{name}: {_scalar(v, None)}" for name, v in record.items()]
            lines += [f"{indent}  - {items[0]}", *(f"{indent}    {i}" for i in items[1:])]
        return lines
    facet = taxonomy[spec.facet] if spec.facet else None
    if isinstance(value, list):
        return [f"{key} [{', '.join(_scalar(v, facet) for v in value)}]"]
    return [f"{key} {_scalar(value, facet)}"]


def _scalar(value: Any, facet: Facet | None) -> str:
    """One value as YAML: known term ids bare, numbers and dates as written, text quoted."""
    if isinstance(value, int | float | dt.date) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    text = str(value)
    if (facet is not None and text in facet.ids and SLUG.match(text)
            and text not in _YAML_WORDS):
        return text
    # A JSON string is a YAML double-quoted string; escape the line breaks YAML would fold.
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace(
        "\x85", "\\x85")


def question_for(form: list[Question], key: str) -> Question | None:
    """The question that fills a front-matter key path written as in diagnostics
    ('source.year', 'areas[1]')."""
    path = tuple(re.sub(r"\[\d+\]", "", key).split("."))
    while path:
        found = next((q for q in form if q.path == path), None)
        if found:
            return found
        path = path[:-1]
    return None
