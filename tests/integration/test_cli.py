"""The `casebook` command line: exit codes, the three formats, --strict, --help, `new`."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from casebook import __version__, cli
from casebook.cli import COMMANDS, main
from casebook.commands import validate as validate_command
from casebook.diagnostics.catalogue import Diagnostic, Severity
from casebook.diagnostics.report import format_github, summary_line
from tests.helpers.library import VALID_FRONT, case_text, make_library

# The CLI checks against the real today, so cases are dated relative to it.
RECENT = dt.date.today() - dt.timedelta(days=30)
GOOD = case_text({**VALID_FRONT, "published": RECENT})
# Two errors: an unknown trust type (line 5) and a title too short (line 2).
BAD = case_text({**VALID_FRONT, "published": RECENT, "title": "Mentoring",
                 "trust_type": "acut"})
# One warning, no error: 'BAME' in the body.
WARNED = case_text({**VALID_FRONT, "published": RECENT},
                   body="\nOur BAME network.\n\n## The challenge\n\n## What they did\n\n"
                        "## Impact\n\n## Lessons\n")
NEW_FLAGS = ["--title", "Reverse mentoring for the board", "--summary",
             "Ethnic minority staff mentored each executive director for a year, and the board "
             "changed its processes.", "--organisation", "An acute trust in the Midlands",
             "--trust-type", "acute", "--population-profile", "diverse", "--areas",
             "data, hr-processes", "--evidence", "emerging", "--outcome", "too-early",
             "--source-type", "published", "--publisher", "NHS Providers", "--year", "2024",
             "--source-title", "Race 2.0: time for real change",
             "--url", "https://nhsproviders.org/race-2-0-time-for-real-change"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `casebook argv…`, usage errors included."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse: --help, --version and wrong usage
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library holding one valid case, and the working folder set to it."""
    monkeypatch.chdir(tmp_path)
    return make_library(tmp_path, {"good-case": GOOD})


@pytest.fixture
def broken(library: Path) -> Path:
    """The library with one case of two errors and one case of one warning."""
    (library / "cases" / "bad-case.md").write_text(BAD, encoding="utf-8")
    (library / "cases" / "warned-case.md").write_text(WARNED, encoding="utf-8")
    return library


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input is not a terminal, as in a script or CI."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


# ---------------------------------------------------------------- exit codes


def test_build_without_the_plugin_in_mkdocs_yml_says_what_to_add(library, capsys):
    (library / "mkdocs.yml").write_text("site_name: A site\nplugins: []\n", encoding="utf-8")
    (library / "docs").mkdir()
    code, _, err = run(capsys, "build")
    assert code == 1
    assert "mkdocs.yml does not list the casebook plugin" in err
    assert "Traceback" not in err


def test_a_clean_library_exits_0_and_says_so(library, capsys):
    """0 when there is nothing to report."""
    assert run(capsys, "validate") == (0, "1 case checked: no problems\n", "")


def test_a_library_with_errors_exits_1(broken, capsys):
    """1 when any case has an error."""
    assert run(capsys, "validate")[0] == 1


def test_warnings_alone_exit_0(library, capsys):
    """A warning is reported but does not fail the check."""
    (library / "cases" / "warned-case.md").write_text(WARNED, encoding="utf-8")
    code, out, _err = run(capsys, "validate")
    assert code == 0
    assert out.endswith("2 cases checked: 0 errors, 1 warning in 1 file\n")


def test_strict_makes_warnings_fail(library, capsys):
    """--strict turns any warning into exit 1."""
    (library / "cases" / "warned-case.md").write_text(WARNED, encoding="utf-8")
    assert run(capsys, "validate", "--strict")[0] == 1


def test_strict_on_a_clean_library_still_exits_0(library, capsys):
    """--strict fails on warnings, not on nothing."""
    assert run(capsys, "validate", "--strict")[0] == 0


@pytest.mark.parametrize("argv", [
    ("validate", "--format", "xml"),
    ("validate", "cases/no-such-case.md"),
    ("validate", "--no-such-option"),
    ("no-such-command",),
    (),
])
def test_wrong_usage_exits_2_with_a_message_on_stderr(library, capsys, argv):
    """Unknown formats, options, commands and paths are usage errors, not validation errors."""
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.strip()


def test_a_missing_taxonomy_exits_1_with_its_diagnostic(library, capsys):
    """A library without taxonomy.yml cannot be checked, and says why."""
    (library / "taxonomy.yml").unlink()
    code, out, _err = run(capsys, "--root", str(library), "validate")
    assert code == 1
    assert "taxonomy-missing" in out


@pytest.mark.parametrize(("argv", "jobs"), [((), os.cpu_count() or 1), (("--jobs", "1"), 1),
                                             (("-j", "3"), 3)])
def test_validate_checks_the_files_in_as_many_processes_as_asked(broken, capsys, monkeypatch,
                                                               argv, jobs):
    """One a core unless --jobs says otherwise; the report is the same either way."""
    asked = []
    real = validate_command.load_library

    def load(*args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs["jobs"])
        return real(*args, **kwargs)

    monkeypatch.setattr(validate_command, "load_library", load)
    code, out, _err = run(capsys, "--root", str(broken), "validate", *argv)
    assert asked == [jobs] and code == 1
    assert out == run(capsys, "--root", str(broken), "validate", "--jobs", "1")[1]


def test_paths_limit_the_check_to_those_files(broken, capsys):
    """`casebook validate cases/good-case.md` checks that file alone."""
    assert run(capsys, "validate", "cases/good-case.md") == (
        0, "1 case checked: no problems\n", "")


def test_the_library_is_found_from_a_folder_inside_it(broken, capsys, monkeypatch):
    """Run from cases/, the root is the folder above that holds taxonomy.yml."""
    monkeypatch.chdir(broken / "cases")
    code, out, _err = run(capsys, "validate")
    assert code == 1
    assert out.endswith("3 cases checked: 2 errors, 1 warning in 2 files\n")


# ---------------------------------------------------------------- the three formats


def test_text_groups_diagnostics_by_file_and_ends_with_a_summary(broken, capsys):
    """A file's path, its problems indented under it with line:col and a hint, then a count."""
    _code, out, _err = run(capsys, "validate")
    lines = out.splitlines()
    assert lines[-1] == "3 cases checked: 2 errors, 1 warning in 2 files"
    headers = [line for line in lines if line and not line.startswith(" ")][:-1]
    assert headers == ["cases/bad-case.md", "cases/warned-case.md"]
    bad = lines[1:5]
    assert re.match(r"  2:8 +error +text-length +title: 9 characters", bad[0])
    assert re.match(r" +hint: ", bad[1])
    assert re.match(r"  5:13 +error +unknown-term +trust_type: unknown trust type 'acut'", bad[2])
    assert "hint: Did you mean 'acute'?" in bad[3]
    assert re.search(r"  \d+:5 +warning +discouraged-term +'BAME'", out)


def test_github_annotations_have_the_exact_workflow_command_format(broken, capsys):
    """::error file=…,line=…,col=…,title=CODE::message, one line per diagnostic."""
    _code, out, _err = run(capsys, "validate", "--format", "github")
    lines = out.splitlines()
    assert lines[-1] == "3 cases checked: 2 errors, 1 warning in 2 files"
    assert lines[0] == ("::error file=cases/bad-case.md,line=2,col=8,title=text-length::"
                        "title: 9 characters; expected 10 to 120 — Shorten or lengthen the "
                        "text to fit the limits.")
    pattern = re.compile(r"^::(error|warning) file=[^,:]+,line=\d+,col=\d+,"
                         r"title=[a-z-]+::[^\n]+$")
    assert all(pattern.match(line) for line in lines[:-1])
    assert [line.split(" ", 1)[0] for line in lines[:-1]] == ["::error", "::error", "::warning"]


def test_github_annotations_escape_what_would_break_the_command():
    """'%', line breaks, ':' and ',' are escaped as the workflow-command syntax requires."""
    found = Diagnostic("cases/a,b:c.md", 3, 1, "text-length", "50% of\nstaff", "hint")
    whole_file = Diagnostic("cases", 0, 0, "library-too-large", "too many", "split",
                            Severity.ERROR)
    lines = format_github([found, whole_file], 2).splitlines()
    assert lines[0] == ("::error file=cases/a%2Cb%3Ac.md,line=3,col=1,title=text-length::"
                        "50%25 of%0Astaff — hint")
    assert lines[1] == "::error file=cases,title=library-too-large::too many — split"


def test_json_is_a_stable_list_of_diagnostics(broken, capsys):
    """Every item has the same keys; the order and content are the same on every run."""
    _code, out, _err = run(capsys, "validate", "--format", "json")
    items: list[dict[str, Any]] = json.loads(out)
    assert [(i["path"], i["line"], i["code"], i["severity"]) for i in items] == [
        ("cases/bad-case.md", 2, "text-length", "error"),
        ("cases/bad-case.md", 5, "unknown-term", "error"),
        ("cases/warned-case.md", items[2]["line"], "discouraged-term", "warning"),
    ]
    assert all(set(i) == {"path", "line", "col", "severity", "code", "message", "hint"}
               for i in items)
    assert run(capsys, "validate", "--format", "json")[1] == out


def test_json_for_a_clean_library_is_an_empty_list(library, capsys):
    """Tools can always parse the output."""
    code, out, _err = run(capsys, "validate", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_the_summary_line_counts_cases_errors_warnings_and_files():
    """'24 cases checked: 2 errors, 1 warning in 2 files', with singulars and plurals."""
    def diag(path: str, severity: Severity) -> Diagnostic:
        return Diagnostic(path, 1, 1, "x", "m", "h", severity)
    found = [diag("a.md", Severity.ERROR), diag("a.md", Severity.ERROR),
             diag("b.md", Severity.WARNING)]
    assert summary_line(found, 24) == "24 cases checked: 2 errors, 1 warning in 2 files"
    assert summary_line(found[:1], 1) == "1 case checked: 1 error, 0 warnings in 1 file"
    assert summary_line([], 1_200) == "1,200 cases checked: no problems"


# ---------------------------------------------------------------- --help and --version


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command, capsys):
    """`casebook COMMAND --help` prints its usage and exits 0."""
    code, out, _err = run(capsys, command, "--help")
    assert code == 0
    assert out.startswith(f"usage: casebook {command}")


def test_casebook_help_lists_every_command(capsys):
    """`casebook --help` names each command with its one-line help."""
    code, out, _err = run(capsys, "--help")
    assert code == 0
    for name, (_module, help_text) in COMMANDS.items():
        assert re.search(rf"^\s+{re.escape(name)}\s", out, re.MULTILINE), name
        assert help_text.split()[0] in out


@pytest.mark.parametrize("argv", [["validate"], ["--root", "validate", "review"],
                                  ["--root=.", "schema", "--help"], ["-h"], []])
def test_a_command_imports_its_own_module_alone(argv):
    """Only the named command's module is imported (`validate` is run on every commit)."""
    named = cli._command_in(argv)
    parser = cli.build_parser(named)
    wired = {action.dest: action.choices for action in parser._actions if action.choices}
    commands = wired["command"]
    assert list(commands) == list(COMMANDS)  # all listed, for --help and for mistakes
    run_set = [name for name, sub in commands.items() if sub.get_default("run")]
    assert run_set == ([named] if named else list(COMMANDS))


def test_validate_never_loads_the_site_building_code(library):
    """A new process validating a library imports neither Jinja nor MkDocs nor the page
    planner: they would add a fifth to the time of every `casebook validate`."""
    script = ("import sys; from casebook.cli import main; "
              f"code = main(['--root', {str(library)!r}, 'validate']); "
              "print(code, sorted(m for m in ('jinja2', 'mkdocs', 'casebook.plan.site', "
              "'markdown') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout
    assert out.splitlines()[-1] == "0 []"


def test_version_prints_the_package_version(capsys):
    """`casebook --version` exits 0."""
    assert run(capsys, "--version") == (0, f"casebook {__version__}\n", "")


# ---------------------------------------------------------------- casebook new


def test_new_from_flags_writes_a_case_that_validates(library, capsys, no_terminal):
    """Every required flag given: the file is written, and `validate` passes it."""
    code, out, err = run(capsys, "new", *NEW_FLAGS)
    target = library / "cases" / "reverse-mentoring-for-the-board.md"
    assert (code, err) == (0, "")
    assert f"Wrote {target}" in out
    assert 'title: "Reverse mentoring for the board"' in target.read_text(encoding="utf-8")
    assert run(capsys, "validate") == (0, "2 cases checked: no problems\n", "")


def test_new_uses_the_slug_flag_for_the_file_name(library, capsys, no_terminal):
    """--slug chooses the file name instead of the title."""
    assert run(capsys, "new", *NEW_FLAGS, "--slug", "board-mentoring")[0] == 0
    assert (library / "cases" / "board-mentoring.md").is_file()


def test_new_never_overwrites_an_existing_case(library, capsys, no_terminal):
    """The existing file is left byte for byte as it was."""
    before = (library / "cases" / "good-case.md").read_bytes()
    code, _out, err = run(capsys, "new", *NEW_FLAGS, "--slug", "good-case")
    assert code == 1
    assert "already exists" in err
    assert (library / "cases" / "good-case.md").read_bytes() == before


def test_new_with_flags_missing_and_no_terminal_exits_2_naming_them(library, capsys,
                                                                   no_terminal):
    """In a script it cannot ask, so it lists what is missing and writes nothing."""
    code, out, err = run(capsys, "new", "--title", "Reverse mentoring for the board")
    assert (code, out) == (2, "")
    assert "missing --summary, --organisation, --trust-type" in err
    assert sorted(p.name for p in (library / "cases").iterdir()) == ["good-case.md"]


def test_new_with_no_input_never_asks_even_in_a_terminal(library, capsys, monkeypatch):
    """--no-input is for scripts that do run in a terminal."""
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    assert run(capsys, "new", "--no-input", "--title", "A title for a case")[0] == 2


def test_new_refuses_an_invalid_value_and_leaves_no_file(library, capsys, no_terminal):
    """The case is validated before it is kept; a wrong term is reported and removed."""
    flags = [*NEW_FLAGS]
    flags[flags.index("acute")] = "acut"
    code, out, err = run(capsys, "new", *flags)
    assert code == 1
    assert "unknown-term" in out and "was not written" in err
    assert not (library / "cases" / "reverse-mentoring-for-the-board.md").exists()


def test_new_refuses_an_invalid_slug_as_wrong_usage(library, capsys, no_terminal):
    """--slug 'Bad Slug' is a usage error."""
    assert run(capsys, "new", *NEW_FLAGS, "--slug", "Bad Slug")[0] == 2


def test_new_in_a_terminal_asks_for_each_missing_field(library, capsys, monkeypatch):
    """Interactive: it asks, listing the valid terms, and writes the case from the answers."""
    answers = iter(["Ethnic minority staff mentored each executive director for a year, and "
                    "the board changed its processes.", "An acute trust", "acute", "diverse",
                    "data", "emerging", "too-early", "first-hand", "Director of People",
                    "EDI lead"])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(answers))
    code, out, _err = run(capsys, "new", "--title", "Reverse mentoring for the board")
    assert code == 0
    assert "integrated-care-system" in out  # the trust types were listed to choose from
    text = (library / "cases" / "reverse-mentoring-for-the-board.md").read_text("utf-8")
    assert "  type: first-hand\ncontact:\n  role: \"EDI lead\"\nconsent:\n" in text


def test_new_asks_a_published_source_for_its_title_and_address(library, capsys, no_terminal):
    """Contract v1.1: which flags are required depends on the kind of source."""
    flags = NEW_FLAGS[:NEW_FLAGS.index("--publisher")]
    code, _out, err = run(capsys, "new", *flags)
    assert code == 2
    assert "missing --publisher, --year, --source-title, --url" in err
    code, _out, err = run(capsys, "new", *flags[:-1], "first-hand")
    assert "missing --approved-by, --contact-role" in err
    code, _out, err = run(capsys, "new", *flags[:-1], "second-hand")
    assert (code, err) == (2, "casebook new: --source-type must be one of: published, "
                              "first-hand\n")


def test_new_writes_a_what_did_not_work_section_for_a_failure_outcome(library, capsys,
                                                                     no_terminal):
    """A mixed outcome needs the section, so the template has it and the case validates."""
    flags = [*NEW_FLAGS]
    flags[flags.index("too-early")] = "mixed"
    assert run(capsys, "new", *flags)[0] == 0
    text = (library / "cases" / "reverse-mentoring-for-the-board.md").read_text("utf-8")
    assert text.index("## Impact") < text.index("## What did not work") < text.index(
        "## Lessons")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_answers_version(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`casebook COMMAND --version` prints the version and exits 0, like `casebook --version`."""
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"casebook {__version__}"
