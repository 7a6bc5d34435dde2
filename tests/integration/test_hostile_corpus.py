"""The hostile corpus: every file gets exactly its diagnostics, quickly, and never a traceback.

The files live in tests/hostile/ and the codes each must produce in one table,
tests/hostile/expected.yml. Each file is checked in a separate worker process with a time
limit, so a file that sends a pattern into catastrophic backtracking, or the YAML parser
into a crash, fails its own test instead of hanging or killing the whole run.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest
import yaml

from casebook.cli import main as cli_main
from casebook.diagnostics.catalogue import CATALOGUE, Severity
from casebook.library.load import Unchecked, load_library
from casebook.library.sourcefile import MAX_BYTES
from casebook.library.taxonomy import load_taxonomy
from casebook.plan.site import plan_site
from casebook.render.glossary import Glossary
from tests.helpers.library import (
    HOSTILE,
    ROOT,
    TAXONOMY,
    TODAY,
    case_text,
    make_library,
    write_library,
)
from tests.helpers.worker import Worker

_TITLE = re.compile(r'title="([^"]*)"')
EXPECTED: dict[str, list[str]] = yaml.safe_load((HOSTILE / "expected.yml").read_text("utf-8"))
# Each file must be checked within this many seconds (a case takes milliseconds); a worker
# that has not answered after HANG_SECONDS (tests/helpers/worker.py) is stopped and the file
# reported as hanging.
TIME_BOUND_SECONDS = 2.0
GENERATED = "generated/"


# ---------------------------------------------------------------- work done in the worker


def _check_case(root: str) -> tuple[list[str], float, str]:
    """(codes, seconds, report) for the library at `root`, whose cases/ holds one file."""
    try:
        started = time.perf_counter()
        library = load_library(Path(root), today=TODAY)
        seconds = time.perf_counter() - started
    except BaseException:  # a traceback is exactly what this test looks for
        return ["<traceback>"], 0.0, traceback.format_exc()
    report = "\n".join(f"  {d.line}:{d.col} {d.code} {d.message}" for d in library.diagnostics)
    return sorted({d.code for d in library.diagnostics}), seconds, report


def _check_taxonomy(path: str) -> tuple[list[str], float, str]:
    """(codes, seconds, report) for one taxonomy file."""
    try:
        started = time.perf_counter()
        taxonomy, diagnostics = load_taxonomy(Path(path))
        seconds = time.perf_counter() - started
    except BaseException:
        return ["<traceback>"], 0.0, traceback.format_exc()
    if taxonomy is None and not diagnostics:
        return ["<refused without a reason>"], seconds, ""
    report = "\n".join(f"  {d.line}:{d.col} {d.code} {d.message}" for d in diagnostics)
    return sorted({d.code for d in diagnostics}), seconds, report


# ---------------------------------------------------------------- the files


# generated/megabyte-of-*.md: a valid case whose body is followed by one token repeated up to
# the 1 MB limit (issue 13, class 7: every rule linear in its input; each once took minutes
# or hours). Read within TIME_BOUND_SECONDS like every other file of the corpus.
MEGABYTE_TOKENS = {
    "megabyte-of-empty-links.md": "[](",
    "megabyte-of-link-openings-one-a-line.md": "](\n",
    "megabyte-of-autolink-openings.md": "<a:",
    "megabyte-of-broken-links.md": "[a](b) ",
    "megabyte-of-unclosed-angle-links.md": "[a](<",
    "megabyte-of-open-brackets.md": "[",
    "megabyte-of-attribute-values-over-lines.md": 'href="\n',
    "megabyte-of-reference-definitions.md": "[a]: b\n",
    "megabyte-of-curly-quotes-and-bme.md": "“BME ",
    "megabyte-of-address-characters.md": "a.a@",
    "megabyte-of-digits-and-spaces.md": "0161 496 000",
    "megabyte-of-backticks-and-links.md": "`](x)`",
    "megabyte-of-attribute-lists.md": "{: #a ",
    "megabyte-of-event-handler-lookalikes.md": "<a onx =",
}


def _megabyte_case(token: str) -> bytes:
    """A valid case, then `token` repeated until the file is the 1 MB limit (less the bytes
    of a character the limit would cut in two)."""
    start = case_text().encode("utf-8") + b"\n"
    filler = token.encode("utf-8") * (MAX_BYTES // len(token.encode("utf-8")) + 1)
    return (start + filler)[:MAX_BYTES].decode("utf-8", "ignore").encode("utf-8")


def _generate(name: str, folder: Path) -> None:
    """Write a generated/ entry of the table into `folder` under its own name."""
    target = folder / name
    if name in MEGABYTE_TOKENS:
        target.write_bytes(_megabyte_case(MEGABYTE_TOKENS[name]))
    elif name == "five-megabytes.md":
        block = b"A line of an unreasonably long case study, repeated.\n" * 1000
        with target.open("wb") as handle:
            handle.write(b"---\ntitle: Five megabytes\n---\n")
            while handle.tell() < 5_000_000:
                handle.write(block)
    elif name == "symlink-to-dev-zero.md":
        target.symlink_to("/dev/zero")  # reading it would never end
    elif name == "folder-named-like-a-case.md":
        target.mkdir()
    elif name in _LINKS:
        target.symlink_to(_LINKS[name])
    elif name == "symlinked-sub-folder":
        (folder.parent / "elsewhere").mkdir(exist_ok=True)
        target.symlink_to(folder.parent / "elsewhere")
    elif name == "sub-folder-holding-a-symlink":
        target.mkdir()
        (target / "passwd.png").symlink_to("/etc/passwd")
    elif name == "image-over-five-megabytes.png":
        with target.open("wb") as handle:
            handle.truncate(5_000_001)  # sparse: refused by its size, never read
    elif name == "pipe-named-like-an-image.png":
        os.mkfifo(target)  # reading it would wait for ever
    else:
        raise AssertionError(f"no generator for generated/{name}")


# generated/ entries that are symbolic links, and where each points.
_LINKS = {
    "symlink-to-etc-passwd.png": Path("/etc/passwd"),
    "symlink-to-the-repository-git-folder": ROOT / ".git",
    "symlink-to-a-case-elsewhere.md": ROOT / "tests" / "fixtures" / "cases" / "valid-case.md",
}
# Folders a command line names are folders of cases, so these are left to their own tests.
_FOLDERS = ("generated/folder-named-like-a-case.md", "generated/sub-folder-holding-a-symlink")


def _corpus_files(kind: str) -> list[str]:
    return sorted(f"{kind}/{p.name}" for p in (HOSTILE / kind).iterdir())


CASE_ENTRIES = [k for k in EXPECTED if k.startswith(("cases/", GENERATED))]
TAXONOMY_ENTRIES = [k for k in EXPECTED if k.startswith("taxonomy/")]


def test_the_corpus_is_large_enough_and_every_file_is_in_the_table() -> None:
    """At least 40 files; every corpus file has a row in expected.yml and every row a file."""
    on_disk = _corpus_files("cases") + _corpus_files("issues") + _corpus_files("taxonomy")
    listed = [k for k in EXPECTED if not k.startswith(GENERATED)]
    assert len(on_disk) >= 40
    assert sorted(listed) == on_disk, "tests/hostile/expected.yml and the files disagree"
    for key, codes in EXPECTED.items():
        assert isinstance(codes, list), f"{key}: expected a list of codes"


@pytest.mark.parametrize("entry", CASE_ENTRIES)
def test_each_hostile_case_reports_exactly_its_codes_in_time(entry: str, tmp_path: Path,
                                                             worker: Worker) -> None:
    """Checking the file alone gives the codes of its row, within the time bound."""
    root = make_library(tmp_path / "library")
    name = entry.split("/", 1)[1]
    if entry.startswith(GENERATED):
        _generate(name, root / "cases")
    else:
        shutil.copyfile(HOSTILE / entry, root / "cases" / name)
    codes, seconds, report = worker.run(_check_case, str(root))
    assert "<traceback>" not in codes, report
    assert codes == sorted(EXPECTED[entry]), (
        f"{entry}: got {codes}, the table says {sorted(EXPECTED[entry])}\n{report}\n"
        "If the change is intended, update tests/hostile/expected.yml.")
    assert seconds < TIME_BOUND_SECONDS, f"{entry}: {seconds:.2f} s"


@pytest.mark.parametrize("entry", TAXONOMY_ENTRIES)
def test_each_hostile_taxonomy_reports_exactly_its_codes_in_time(entry: str,
                                                                 worker: Worker) -> None:
    """Loading the taxonomy file gives the codes of its row, within the time bound."""
    codes, seconds, report = worker.run(_check_taxonomy, str(HOSTILE / entry))
    assert "<traceback>" not in codes, report
    assert codes == sorted(EXPECTED[entry]), (
        f"{entry}: got {codes}, the table says {sorted(EXPECTED[entry])}\n{report}")
    assert seconds < TIME_BOUND_SECONDS, f"{entry}: {seconds:.2f} s"


def test_casebook_validate_over_the_whole_corpus_exits_1_without_a_traceback(
        tmp_path: Path) -> None:
    """One `casebook validate` over every hostile case: exit 1, every bad file named."""
    generated = tmp_path / "generated"
    generated.mkdir()
    files = [k for k in CASE_ENTRIES if k not in _FOLDERS]
    for entry in files:
        if entry.startswith(GENERATED):
            _generate(entry.split("/", 1)[1], generated)
    command = [sys.executable, "-m", "casebook.cli", "--root", str(ROOT), "validate",
               "--format", "json", str(HOSTILE / "cases"), *map(str, sorted(generated.iterdir()))]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300,
                            cwd=ROOT, env={**os.environ, "PYTHONUTF8": "1"})
    seconds = time.perf_counter() - started
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    reported = {Path(d["path"]).name for d in json.loads(result.stdout)
                if d["severity"] == "error"}
    must_fail = {k.split("/", 1)[1] for k in files
                 if any(CATALOGUE[code].severity is Severity.ERROR for code in EXPECTED[k])}
    assert must_fail <= reported, sorted(must_fail - reported)
    print(f"validated {len(CASE_ENTRIES)} hostile cases in {seconds:.1f} s")


def test_html_in_the_taxonomy_is_escaped_on_every_planned_page(tmp_path: Path) -> None:
    """A taxonomy whose labels hold HTML is accepted, and no page carries that HTML live."""
    root = make_library(tmp_path / "library")
    shutil.copyfile(HOSTILE / "taxonomy" / "script-in-labels.yml", root / "taxonomy.yml")
    front = ("title: A case filed under hostile labels\n"
             "summary: A trust filed this case under labels that hold HTML, to check that "
             "the labels are escaped.\norganisation: An acute trust\ntrust_type: acute\n"
             "population_profile: diverse\nareas: [data]\nevidence: promising\n"
             "outcome: improved\npublished: 2025-01-01\nsource: {type: published, publisher: NHS, "
             "year: 2024, title: A report, url: 'https://example.org/report'}\n")
    body = "".join(f"\n## {h}\n\nText.\n" for h in
                   ("The challenge", "What they did", "Impact", "Lessons"))
    (root / "cases" / "hostile-labels.md").write_text(f"---\n{front}---\n{body}", "utf-8")
    library = load_library(root, today=TODAY)
    assert library.ok, library.diagnostics
    pages = plan_site(library, today=TODAY)
    assert any("alert(1)" in p.markdown for p in pages), "the labels should be on some page"
    for page in pages:
        for live in ("<script>alert(1)", "<img src=x onerror"):
            assert live not in page.markdown, f"{page.src} carries {live!r} unescaped"
            assert live not in str(page.after), page.src
        # Material's tooltips set a title as HTML: escaped is not enough, no '<' may remain.
        for text in (page.markdown, *map(str, page.front_matter().values())):
            for title in _TITLE.findall(text):
                assert "<" not in html.unescape(title), (page.src, title)
    glossary = Glossary(library.taxonomy.glossary)
    for title in _TITLE.findall(glossary.annotate("<p>The WRES report</p>")):
        assert "<" not in html.unescape(title), title


def test_the_real_taxonomy_with_a_bom_and_windows_line_endings_loads_unchanged(
        tmp_path: Path) -> None:
    """The real taxonomy saved by a Windows editor (BOM, CRLF) loads to the same value."""
    text = TAXONOMY.read_text("utf-8")
    windows = tmp_path / "taxonomy.yml"
    windows.write_bytes(("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"))
    original, problems = load_taxonomy(TAXONOMY)
    loaded, diagnostics = load_taxonomy(windows)
    assert diagnostics == problems == []
    assert loaded == original


# ---------------------------------------------------------------- scale of input


def test_a_library_over_the_case_limit_is_refused_with_a_clear_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """More case files than MAX_CASES: one library-too-large error, no case read, exit 1."""
    monkeypatch.setattr("casebook.library.load.MAX_CASES", 3)
    root = write_library(tmp_path / "library", 4)
    library = load_library(root, today=TODAY)
    assert [d.code for d in library.diagnostics] == ["library-too-large"]
    assert "4 case files; Casebook builds at most 3" in library.diagnostics[0].message
    assert isinstance(library, Unchecked) and not library.ok
    assert cli_main(["--root", str(root), "validate"]) == 1
    assert "library-too-large" in capsys.readouterr().out


def test_a_library_over_the_size_limit_is_refused_before_it_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Case files adding up to more than MAX_TOTAL_BYTES: refused, and no file is read."""
    monkeypatch.setattr("casebook.library.load.MAX_TOTAL_BYTES", 10_000)
    root = write_library(tmp_path / "library", 4)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a case was read from a library over the limit")

    monkeypatch.setattr("casebook.library.load.read_case", never)
    library = load_library(root, today=TODAY)
    assert [d.code for d in library.diagnostics] == ["library-too-large"]
    assert "MB; Casebook builds at most 0 MB" in library.diagnostics[0].message


def test_the_build_refuses_a_library_over_the_limits_and_publishes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """`casebook build` over a library past MAX_CASES: exit 1, the reason, no site."""
    monkeypatch.setattr("casebook.library.load.MAX_CASES", 2)
    root = write_library(tmp_path / "library", 3)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copyfile(ROOT / name, root / name)
    shutil.copytree(ROOT / "theme", root / "theme")
    shutil.copytree(ROOT / "docs", root / "docs")
    site = tmp_path / "site"
    assert cli_main(["--root", str(root), "build", "--site-dir", str(site), "--quiet"]) == 1
    assert "Casebook builds at most 2" in caplog.text
    assert not site.exists()


@pytest.mark.slow
def test_five_thousand_valid_cases_load_validate_and_plan_in_time(tmp_path: Path) -> None:
    """5,000 generated valid cases: every one loads, validates and gets its page."""
    root = write_library(tmp_path / "library", 5_000)
    started = time.perf_counter()
    library = load_library(root, today=TODAY)
    loaded = time.perf_counter() - started
    assert library.ok, library.diagnostics[:5]
    assert len(library.cases) == 5_000
    pages = plan_site(library, today=TODAY)
    seconds = time.perf_counter() - started
    case_pages = [p for p in pages if p.is_case]
    assert len(case_pages) == 5_000
    print(f"5,000 cases: loaded and validated in {loaded:.1f} s, planned in "
          f"{seconds - loaded:.1f} s")
    # Generous: a quiet machine does both in well under a minute; this catches a blow-up
    # (quadratic work over the library), not a slow day.
    assert seconds < 180
