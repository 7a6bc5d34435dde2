"""The GitHub workflows run only the README's commands, and never put untrusted text in a
shell script."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from casebook.intake.issue_form import LABEL
from tests.helpers.library import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
CHECK = WORKFLOWS / "casebook.yml"
PROPOSE = WORKFLOWS / "propose-case.yml"
# Shell plumbing a `run:` step may use besides `make` and `.venv/bin/casebook`: writing
# text to a file or to $GITHUB_OUTPUT, and replying on an issue.
PLUMBING = {"printf", "echo", "cat", "gh"}
# What `gh` may do: reply on an issue from a file, ask whether a pull request has been
# reviewed, and label a pull request changed after review.
GH_COMMANDS = {("issue", "comment"), ("pr", "view"), ("pr", "edit"), ("label", "create")}
# Files that hold text from the issue; no step may print them to the job's log, where a
# line starting with '::' would be obeyed as a workflow command.
FROM_THE_ISSUE = ("issue.md", "report.txt", "reply.md")
SHELL_WORDS = {"if", "then", "else", "fi", "{", "}", "!"}
SEPARATORS = {";", "&&", "||", "|", "\n"}
REDIRECTS = {">", ">>", "<", ">&", "<&"}
# Event fields anyone can write: they may reach a script only through `env:`.
UNTRUSTED = re.compile(
    r"github\.event\.(issue\.(title|body)|pull_request\.(title|body|head\.ref|head\.label)"
    r"|comment\.body|review\.body|head_commit\.message|commits)|github\.head_ref")


def load(path: Path) -> dict[Any, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` block; PyYAML (YAML 1.1) reads the bare key `on` as the boolean True."""
    return workflow[True] if True in workflow else workflow["on"]


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def run_scripts(workflow: dict[Any, Any]) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def commands(script: str) -> list[list[str]]:
    """Each simple command of a shell script, as its words (redirections left out)."""
    script = script.replace("\\\n", " ")  # a backslash-newline continues the line
    lexer = shlex.shlex(script, posix=True, punctuation_chars=";&|<>")
    lexer.whitespace = " \t"  # keep newlines: they end a command
    lexer.wordchars += "$-./{}"
    tokens = list(lexer)
    found: list[list[str]] = []
    current: list[str] | None = None
    skip = False
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if skip:
            skip = False
        elif token in SEPARATORS:
            current = None
        elif token in REDIRECTS:
            skip = True  # the file (or descriptor) it redirects to
        elif token.isdigit() and following in REDIRECTS:
            continue  # the descriptor of '2>&1'
        elif current is None:
            if token not in SHELL_WORDS:
                current = [token]
                found.append(current)
        else:
            current.append(token)
    return found


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w-]*):(?!=)", text, re.MULTILINE))


def strings_under(node: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """Every string in a parsed workflow, with the keys leading to it."""
    if isinstance(node, dict):
        return [pair for key, value in node.items()
                for pair in strings_under(value, (*path, str(key)))]
    if isinstance(node, list):
        return [pair for item in node for pair in strings_under(item, path)]
    return [(path, node)] if isinstance(node, str) else []


@pytest.fixture(params=[CHECK, PROPOSE], ids=lambda p: p.name)
def workflow(request) -> dict[Any, Any]:
    return load(request.param)


def test_the_shell_reader_finds_each_command():
    """`commands` splits on separators and newlines and skips redirections and keywords."""
    script = ('if make setup > log 2>&1; then\n  echo "a; b" >> "$GITHUB_OUTPUT"\nfi\n'
              "{\n  printf 'x'\n} > out.md\n.venv/bin/casebook from-issue - < in.md | cat\n")
    assert [c[0] for c in commands(script)] == [
        "make", "echo", "printf", ".venv/bin/casebook", "cat"]
    assert commands(script)[0] == ["make", "setup"]


def test_every_run_step_calls_only_make_casebook_or_listed_plumbing(workflow):
    """`make` with targets the Makefile has, `.venv/bin/casebook`, or PLUMBING; `gh` only
    to comment on an issue from a file."""
    targets = makefile_targets()
    assert {"setup", "validate", "test", "build"} <= targets
    for script in run_scripts(workflow):
        for words in commands(script):
            name = words[0]
            if name == "make":
                assert words[1:] and set(words[1:]) <= targets, words
            elif name == "gh":
                assert tuple(words[1:3]) in GH_COMMANDS, words
                if words[1:3] == ["issue", "comment"]:
                    assert "--body-file" in words, words
            else:
                assert name == ".venv/bin/casebook" or name in PLUMBING, words


def test_no_run_step_interpolates_expressions_or_substitutes_commands(workflow):
    """`${{ }}` in a script is a script-injection hole; values come in through `env:`."""
    for script in run_scripts(workflow):
        assert "${{" not in script, script
        assert "$(" not in script and "`" not in script, script


def test_untrusted_event_fields_reach_steps_only_through_env(workflow):
    """Issue bodies, titles, branch names and the like appear only as `env:` values."""
    for path, text in strings_under(workflow):
        if UNTRUSTED.search(text):
            assert "env" in path, (path, text)


def test_the_check_workflow_runs_the_readme_commands_on_pull_requests_and_main():
    """Pull requests and pushes to main: make setup, annotations, make test, make build."""
    workflow = load(CHECK)
    on = triggers(workflow)
    assert "pull_request" in on and on["push"]["branches"] == ["main"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme
    scripts = run_scripts(workflow)
    assert scripts == ["make setup", ".venv/bin/casebook validate --format github",
                       "make test", "make build"]
    uses = [step.get("uses", "") for step in steps(workflow)]
    assert any(u.startswith("actions/checkout@") for u in uses)
    python = next(s for s in steps(workflow) if s.get("uses", "").startswith(
        "actions/setup-python@"))
    assert python["with"]["python-version"] == "3.11"


def test_the_site_is_deployed_to_pages_only_from_main_with_the_right_permissions():
    """Upload and deploy run for pushes to main only; deploy can write Pages and get an
    OIDC token, and deployments queue in one concurrency group."""
    workflow = load(CHECK)
    assert workflow["permissions"] == {"contents": "read"}
    upload = next(s for s in steps(workflow)
                  if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    main_only = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert upload["if"] == main_only and upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "check" and deploy["if"] == main_only
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["group"] == "pages"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_proposal_workflow_runs_for_labelled_issues_and_reads_the_body_from_env():
    """Opened or edited issues with the form's label; the body goes through env to a file."""
    workflow = load(PROPOSE)
    assert triggers(workflow)["issues"]["types"] == ["opened", "edited"]
    job = workflow["jobs"]["convert"]
    assert job["if"] == f"contains(github.event.issue.labels.*.name, '{LABEL}')"
    convert = next(s for s in job["steps"] if s.get("id") == "convert")
    assert convert["env"]["BODY"] == "${{ github.event.issue.body }}"
    assert "printf '%s\\n' \"$BODY\" >" in convert["run"]
    assert ".venv/bin/casebook from-issue" in convert["run"]


def test_the_proposal_workflow_opens_a_pull_request_or_comments_the_diagnostics():
    """Success: a pull request with only the case file. Failure: a comment on the issue."""
    workflow = load(PROPOSE)
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write",
                                       "issues": "write"}
    job_steps = workflow["jobs"]["convert"]["steps"]
    pr = next(s for s in job_steps if s.get("uses", "").startswith(
        "peter-evans/create-pull-request@"))
    assert pr["if"] == ("steps.convert.outputs.ok == 'true' && "
                        "steps.reviewed.outputs.count == '0'")
    assert pr["with"]["add-paths"] == "cases/*.md"
    reply = next(s for s in job_steps if s.get("name") == "Reply with what to fix")
    assert reply["if"] == "steps.convert.outputs.ok == 'false'"
    assert 'gh issue comment "$ISSUE" --body-file' in reply["run"]


def test_nothing_from_the_issue_is_printed_to_the_job_log():
    """The check's report and reply go to files and to the issue, never to the log: no step
    prints them, and from-issue's output and errors are both redirected."""
    workflow = load(PROPOSE)
    for script in run_scripts(workflow):
        for words in commands(script):
            if words[0] in ("cat", "echo", "printf"):
                assert not any(name in word for word in words for name in FROM_THE_ISSUE), words
    convert = next(s for s in steps(workflow) if s.get("id") == "convert")["run"]
    call = convert[convert.index(".venv/bin/casebook from-issue"):].split("then")[0]
    assert '--reply "$RUNNER_TEMP/reply.md"' in call
    assert '> "$RUNNER_TEMP/report.txt" 2>&1' in call


def test_a_reviewed_pull_request_is_never_changed_by_an_edit_to_the_issue():
    """With any review on the proposal's pull request, the bot labels it and tells the
    proposer instead of pushing the edit."""
    job_steps = load(PROPOSE)["jobs"]["convert"]["steps"]
    reviewed = next(s for s in job_steps if s.get("id") == "reviewed")
    assert "--json reviews" in reviewed["run"]
    kept = next(s for s in job_steps if "reviewed.outputs.count != '0'" in s.get("if", ""))
    assert 'gh pr edit "case-proposal/issue-$ISSUE" --add-label' in kept["run"]
    assert 'gh issue comment "$ISSUE" --body-file' in kept["run"]


def test_dependabot_keeps_the_actions_and_python_packages_current():
    """Dependabot proposes updates to the workflows' actions, to the locked Python packages
    (requirements/lock.txt, the file `make setup` installs) and to the JavaScript linter."""
    config = load(ROOT / ".github" / "dependabot.yml")
    where = {u["package-ecosystem"]: u["directory"] for u in config["updates"]}
    assert where == {"github-actions": "/", "pip": "/requirements", "npm": "/"}
    assert (ROOT / where["pip"].lstrip("/") / "lock.txt").is_file()
    assert (ROOT / "package-lock.json").is_file()
