"""The "Propose a case study" issue form, and `casebook from-issue`, which reads it back."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from casebook.cli import main
from casebook.intake.issue_form import (
    CHECKLIST_ID,
    FORM_PATH,
    LABEL,
    PR_TEMPLATE_PATH,
    SECTIONS,
    generated_files,
)
from casebook.intake.issue_form import main as issue_form_main
from casebook.intake.proposal import term_id
from casebook.library.checklist import consent_checklist
from casebook.library.contract import FIELDS, Kind
from casebook.library.taxonomy import Taxonomy
from tests.helpers.library import FIXTURES, ROOT, make_library, valid_taxonomy

FORMS = FIXTURES / "issue_forms"
VALID = FORMS / "valid.md"
BROKEN = FORMS / "broken.md"
# Form questions that are not front-matter fields, named here on purpose.
BODY_IDS = {"body-challenge", "body-what-they-did", "body-impact", "body-what-did-not-work",
            "body-lessons"}
NOT_FIELDS = {*BODY_IDS, "checklist"}
# The fields the form does not ask for, each with its reason in the contract.
LEFT_OUT = {f.name for f in FIELDS if f.ask.left_out}
VALID_SLUG = "reciprocal-mentoring-between-ethnic-minority-nurses-and-the-executive-team"


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return valid_taxonomy()


@pytest.fixture(scope="module")
def form() -> dict[str, Any]:
    return yaml.safe_load((ROOT / FORM_PATH).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def elements(form) -> dict[str, dict[str, Any]]:
    """The form's questions by id (markdown blocks have none)."""
    return {e["id"]: e for e in form["body"] if e["type"] != "markdown"}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A library with the real taxonomy and contributor guide, and no cases."""
    root = make_library(tmp_path / "library")
    shutil.copyfile(ROOT / "CONTRIBUTING.md", root / "CONTRIBUTING.md")
    return root


def contract_paths() -> dict[tuple[str, ...], Any]:
    """Every front-matter key path the form could ask for, with its field."""
    paths: dict[tuple[str, ...], Any] = {}
    for spec in FIELDS:
        paths[(spec.name,)] = spec
        if spec.kind is Kind.MAPPING:
            paths.update({(spec.name, sub.name): sub for sub in spec.fields})
    return paths


def from_issue(root: Path, *args: str) -> int:
    return main(["--root", str(root), "from-issue", *args])


# ---------------------------------------------------------------- the form and its files


def test_the_form_and_pull_request_template_are_what_the_generator_writes():
    """Regenerating from the contract, taxonomy.yml and CONTRIBUTING.md changes nothing."""
    for path, text in generated_files(ROOT).items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is out of date: run .venv/bin/python -m casebook.intake.issue_form --write")
    assert issue_form_main(["--root", str(ROOT), "--check"]) == 0


def test_the_check_option_reports_a_stale_form_and_write_fixes_it(library, capsys):
    """`python -m casebook.intake.issue_form --check` fails on drift; `--write` regenerates."""
    assert issue_form_main(["--root", str(library), "--check"]) == 1
    assert issue_form_main(["--root", str(library), "--write"]) == 0
    assert issue_form_main(["--root", str(library), "--check"]) == 0
    assert (library / FORM_PATH).read_text() == (ROOT / FORM_PATH).read_text()


def test_the_form_is_labelled_case_proposal_so_the_workflow_picks_it_up(form):
    """The label on the form is the one the propose-case workflow listens for."""
    assert form["name"] == "Propose a case study"
    assert form["labels"] == [LABEL] == ["case proposal"]


def test_every_question_is_a_contract_field_or_a_named_extra(elements):
    """Ids are key paths of the contract (nested ones joined by '-'); only the four body
    sections and the consent checklist are not fields."""
    paths = contract_paths()
    for qid in elements:
        if qid in NOT_FIELDS:
            continue
        assert tuple(qid.split("-")) in paths, f"'{qid}' is not a front-matter field"
    assert {qid for qid, _h, _t in SECTIONS} == BODY_IDS and CHECKLIST_ID == "checklist"


def test_every_required_field_is_asked_and_required(elements):
    """Each required field (and each required part of a required group) is a required
    question."""
    for spec in FIELDS:
        if not spec.required:
            continue
        if spec.kind is Kind.MAPPING:
            for sub in spec.fields:
                if sub.required:
                    element = elements[f"{spec.name}-{sub.name}"]
                    assert element["validations"]["required"] is True
        else:
            assert elements[spec.name]["validations"]["required"] is True


def test_every_contract_field_is_asked_or_left_out_on_purpose(elements):
    """No field is forgotten: the form asks it, or its `ask.left_out` says why not."""
    asked = {qid.split("-")[0] for qid in elements if qid not in NOT_FIELDS}
    assert asked | set(LEFT_OUT) == {f.name for f in FIELDS}
    assert not asked & set(LEFT_OUT)
    assert not any(f.required for f in FIELDS if f.name in LEFT_OUT)


def test_ids_and_labels_are_valid_for_github(form, elements):
    """Ids use only letters, digits, '-' and '_'; labels are unique, also among checkboxes."""
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", qid) for qid in elements)
    labels = [e["attributes"]["label"] for e in elements.values()]
    labels += [o["label"] for o in elements[CHECKLIST_ID]["attributes"]["options"]]
    assert len(labels) == len(set(labels))
    assert not any("password" in label.lower() for label in labels)


def test_dropdown_options_are_regenerated_from_taxonomy_yml(elements, taxonomy):
    """Each term field is a dropdown whose options are 'id — label' for every term, in
    the taxonomy's order; multi-valued fields allow several."""
    dropdowns = 0
    for (name,), spec in ((p, s) for p, s in contract_paths().items() if len(p) == 1):
        if not spec.facet or name in LEFT_OUT:
            continue
        element = elements[name]
        facet = taxonomy[spec.facet]
        assert element["type"] == "dropdown"
        assert element["attributes"]["options"] == [f"{t.id} — {t.label}" for t in facet]
        assert element["attributes"]["multiple"] is (spec.kind is not Kind.TERM)
        dropdowns += 1
    assert dropdowns == 8  # trust type, population, areas, evidence, outcome, region, 2 lists


def test_every_dropdown_option_maps_back_to_a_real_term_id(elements, taxonomy):
    """The converter turns each option text back into its term id."""
    paths = contract_paths()
    for qid, element in elements.items():
        if element["type"] != "dropdown" or qid == "source-type":
            continue
        facet = taxonomy[paths[(qid,)].facet]
        assert [term_id(facet, option) for option in element["attributes"]["options"]] == list(
            facet.ids)


def test_the_kind_of_source_is_a_dropdown_of_the_contract_s_two_choices(elements):
    """Contract v1.1: 'published' or 'first-hand', required, read back as written."""
    element = elements["source-type"]
    assert element["type"] == "dropdown"
    assert element["attributes"]["options"] == ["published", "first-hand"]
    assert element["validations"]["required"] is True


def test_the_consent_checklist_is_contributing_md_s_in_the_form_and_the_pr_template(elements):
    """Form checkboxes and pull request template both carry CONTRIBUTING.md's checklist."""
    checklist = consent_checklist((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    assert len(checklist) == 8
    assert checklist[0] == "The case contains no information that could identify a patient."
    options = elements[CHECKLIST_ID]["attributes"]["options"]
    assert [o["label"] for o in options] == list(checklist)
    assert all(o["required"] is True for o in options)
    template = (ROOT / PR_TEMPLATE_PATH).read_text(encoding="utf-8")
    assert [line[6:] for line in template.splitlines() if line.startswith("- [ ] ")] == list(
        checklist)


def test_the_issue_chooser_keeps_blank_issues():
    """config.yml allows blank issues beside the form."""
    config = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/config.yml").read_text())
    assert config["blank_issues_enabled"] is True


# ---------------------------------------------------------------- casebook from-issue


def test_a_valid_issue_becomes_a_case_that_validates(library, capsys):
    """The saved form body becomes cases/<slug>.md, which `casebook validate` accepts."""
    assert from_issue(library, str(VALID)) == 0
    out = capsys.readouterr().out
    target = library / "cases" / f"{VALID_SLUG}.md"
    assert "1 case checked: no problems" in out and f"Wrote {target}" in out
    text = target.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["trust_type"] == "community"
    assert front["areas"] == ["personal-values-and-behaviours", "hr-processes"]
    assert front["high_impact_actions"] == [2, 6]  # "6 — Ending bullying, harassment and …"
    assert front["source"] == {"type": "first-hand",
                               "publisher": "Example Community NHS Trust", "year": 2025,
                               "url": "https://www.example.nhs.uk/reciprocal-mentoring"}
    assert front["links"][1] == {"title": "Board paper: mentoring evaluation",
                                 "url": "https://www.example.nhs.uk/board/2025-05"}
    assert front["consent"]["approved_by"] == "Director of Nursing"
    assert "region" in front and "related" not in front  # '_No response_' leaves it out
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## The challenge", "## What they did", "## Impact", "## Lessons"]
    assert main(["--root", str(library), "validate", "--strict"]) == 0


def test_windows_line_endings_from_the_api_read_the_same(library, tmp_path, capsys):
    """GitHub's API returns issue bodies with CRLF line endings; the case is the same."""
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(VALID.read_text(encoding="utf-8").replace("\n", "\r\n").encode())
    assert from_issue(library, str(crlf), "--dry-run") == 0
    from_crlf = capsys.readouterr().out
    assert from_issue(library, str(VALID), "--dry-run") == 0
    assert capsys.readouterr().out == from_crlf


def test_dash_reads_the_issue_from_standard_input(library, monkeypatch, capsys):
    """`casebook from-issue -` reads the body from standard input, as a workflow pipes it."""
    stdin = io.TextIOWrapper(io.BytesIO(VALID.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert from_issue(library, "-") == 0
    assert (library / "cases" / f"{VALID_SLUG}.md").is_file()


def test_dry_run_prints_the_case_and_writes_nothing(library, capsys):
    """--dry-run prints the case on stdout, the report on stderr, and writes no file."""
    assert from_issue(library, str(VALID), "--dry-run") == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("---\ntitle: \"Reciprocal mentoring")
    assert "no problems" in captured.err
    assert list((library / "cases").iterdir()) == []


def test_a_broken_issue_reports_every_problem_and_writes_nothing(library, capsys):
    """Every problem is listed at once, with the form question to edit; exit 1."""
    assert from_issue(library, str(BROKEN)) == 1
    captured = capsys.readouterr()
    out = captured.out
    for code, text in [
        ("text-length", "title: 9 characters"),
        ("unknown-term", "trust_type: unknown trust type 'community-trust'"),
        ("too-many-areas", "areas: 5 areas"),
        ("invalid-date", "published: expected a date YYYY-MM-DD"),
        ("missing-field", "source.year: field 'year' is required when source.type is "
                          "'published'"),
        ("missing-field", "source.title: field 'title' is required when source.type is "
                          "'published'"),
        ("unsafe-html", "<script> is not allowed"),
        ("missing-answer", "Lessons: no answer"),
        ("consent-not-confirmed", "Consent and anonymisation: not ticked: 'No junior staff"),
    ]:
        assert re.search(rf"{code}\s+{re.escape(text)}", out), (code, out)
    assert "In the form: 'Trust type'." in out and "In the form: 'What they did'." in out
    assert "9 errors" in out and "was not written" in captured.err
    assert list((library / "cases").iterdir()) == []


def test_json_format_lists_each_problem_with_its_code(library, capsys):
    """--format json gives tools a list of diagnostics; the form's own problems point at
    lines of the issue body."""
    assert from_issue(library, str(BROKEN), "--format", "json") == 1
    items = json.loads(capsys.readouterr().out)
    codes = {item["code"] for item in items}
    assert {"unknown-term", "missing-answer", "consent-not-confirmed"} <= codes
    missing = next(item for item in items if item["code"] == "missing-answer")
    lines = BROKEN.read_text(encoding="utf-8").split("\n")
    assert lines[missing["line"] - 1] == "### Lessons"


def test_github_format_writes_annotations(library, capsys):
    """--format github prints workflow commands, one per problem."""
    assert from_issue(library, str(BROKEN), "--format", "github") == 1
    out = capsys.readouterr().out
    assert out.count("::error ") == 9


def test_an_existing_case_is_never_overwritten(library, capsys):
    """A second conversion of the same proposal fails and leaves the first file alone."""
    assert from_issue(library, str(VALID)) == 0
    target = library / "cases" / f"{VALID_SLUG}.md"
    target.write_text(target.read_text() + "\nEdited by a maintainer.\n")
    edited = target.read_text()
    capsys.readouterr()
    assert from_issue(library, str(VALID)) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == edited
    assert from_issue(library, str(VALID), "--slug", "another-name") == 0


def test_a_body_that_is_not_the_form_is_refused(library, tmp_path, capsys):
    """An ordinary issue is not a proposal: exit 1 with a clear message."""
    plain = tmp_path / "plain.md"
    plain.write_text("The search page is slow on my phone.\n\n### Steps\n\nOpen it.\n")
    assert from_issue(library, str(plain)) == 1
    assert "is not a 'Propose a case study' issue" in capsys.readouterr().err


def test_a_missing_file_is_a_usage_error(library, capsys):
    """A file that does not exist: exit 2."""
    assert from_issue(library, str(library / "nope.md")) == 2
    assert "no such file" in capsys.readouterr().err


def test_hostile_answers_stay_inside_their_field(library, tmp_path, capsys):
    """Quotes, colons, YAML syntax and '---' in answers cannot add fields or end the
    front-matter: they stay text (on one line), and the case still validates."""
    text = VALID.read_text(encoding="utf-8")
    text = text.replace(
        "Ethnic minority nurses and the executive directors",
        'A "quoted" start: then\n---\nevil: true\n\u2028and: more. Ethnic minority nurses and '
        "the executive directors")
    text = text.replace("A community trust in the North West",
                        "A trust: {evil: [1]} # not a comment")
    hostile = tmp_path / "hostile.md"
    hostile.write_text(text, encoding="utf-8")
    assert from_issue(library, str(hostile), "--dry-run") == 0
    case = capsys.readouterr().out
    front = yaml.safe_load(case.split("\n---\n")[0].removeprefix("---\n"))
    assert "evil" not in front
    assert front["organisation"] == "A trust: {evil: [1]} # not a comment"
    assert front["summary"].startswith('A "quoted" start: then --- evil: true and: more.')


@pytest.mark.parametrize("question, answer", [
    ("### Trust type", "community — Community trust\n::error::a workflow command"),
    ("### Organisation", "A community trust\n\n@maintainers"),
])
def test_a_line_break_in_a_one_line_answer_is_a_problem(library, tmp_path, capsys, question,
                                                        answer):
    """Dropdowns and short answers are one line on the form: a second line is reported at
    its own line (never folded silently into the value), and nothing is written."""
    text = VALID.read_text(encoding="utf-8")
    start = text.index(question) + len(question) + 2
    end = text.index("\n\n", start)
    issue = tmp_path / "issue.md"
    issue.write_text(text[:start] + answer + text[end:], encoding="utf-8")
    assert from_issue(library, str(issue), "--format", "json") == 1
    found = [d for d in json.loads(capsys.readouterr().out) if d["code"] == "multi-line-answer"]
    second = text[:start].count("\n") + 1 + answer.split("\n").index(
        next(line for line in answer.split("\n")[1:] if line))
    assert [(d["line"], d["message"].split(":")[0]) for d in found] == [
        (second, question.removeprefix("### "))]


def test_a_failure_outcome_needs_and_gets_its_what_did_not_work_section(library, tmp_path,
                                                                       capsys):
    """The form asks 'What did not work' without requiring it; a 'mixed' proposal with no
    answer is told to write it, and with an answer becomes a case with the section."""
    text = VALID.read_text(encoding="utf-8").replace("improved — Improved", "mixed — Mixed")
    issue = tmp_path / "mixed.md"
    issue.write_text(text, encoding="utf-8")
    assert from_issue(library, str(issue), "--dry-run") == 1
    assert "What did not work" in capsys.readouterr().err
    answered = text.replace("### Lessons", "### What did not work\n\nTwo pairs stopped "
                            "meeting when the executive changed role.\n\n### Lessons")
    issue.write_text(answered, encoding="utf-8")
    assert from_issue(library, str(issue), "--dry-run") == 0
    case = capsys.readouterr().out
    assert [line for line in case.splitlines() if line.startswith("## ")] == [
        "## The challenge", "## What they did", "## Impact", "## What did not work",
        "## Lessons"]
