"""`casebook build` shares the case pages with helper processes (generator/render/parallel.py).

Every build here runs in a fresh process, as a user's does: a helper is forked only from a
process with no other thread, which a test session that has driven a browser may not be.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casebook.cli import build_parser
from tests.helpers.builds import (
    REPOSITORY,
    TIMEOUT,
    Run,
    casebook,
    copy_library,
    indexed_pages,
    snapshot,
)
from tests.helpers.library import TODAY, generated_case

HELPERS = re.compile(r"Casebook: (\d+) of (\d+) case pages rendered by (\d+) helper")


def without_index(files: dict[str, str]) -> dict[str, str]:
    """The site's files but Pagefind's: its index files are named by hashes of their
    content, which Pagefind does not write the same way twice (one process or two)."""
    return {path: digest for path, digest in files.items() if not path.startswith("pagefind/")}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture library with 40 generated cases more, so that a helper and the build
    both have pages to take."""
    root = copy_library(tmp_path_factory.mktemp("shared") / "library")
    count = 40
    for index in range(count):
        slug, text = generated_case(index, TODAY)
        text = text.replace(f"../generated-case-{count:05d}/", "../generated-case-00000/")
        (root / "cases" / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def one_process(library: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("one") / "site"
    run = casebook("--root", library, "build", "--site-dir", site, "--jobs", "1")
    assert run.returncode == 0, run.stderr
    assert "helper" not in run.stderr
    return site


def test_a_build_shared_with_a_helper_is_the_build_of_one_process(
        library: Path, one_process: Path, tmp_path: Path) -> None:
    """With a helper, every page and file of the site comes out byte for byte as one
    process writes it, and search finds the same pages with the same text."""
    site = tmp_path / "site"
    run = casebook("--root", library, "build", "--site-dir", site, "--jobs", "2")
    assert run.returncode == 0, run.stderr
    shared = HELPERS.search(run.stderr)
    assert shared is not None, run.stderr
    by_helper, cases, helpers = map(int, shared.groups())
    assert cases == len(list((library / "cases").glob("*.md"))) and helpers == 1
    assert 0 < by_helper <= cases
    assert without_index(snapshot(site)) == without_index(snapshot(one_process))
    assert indexed_pages(site) == indexed_pages(one_process)


def test_a_warning_from_a_page_a_helper_rendered_is_shown_once_and_fails_a_strict_build(
        library: Path, tmp_path: Path) -> None:
    """Every case links to an absolute address, which MkDocs warns about as it renders the
    page, in whichever process: each warning is printed once, by the build, and strict
    mode refuses to publish. Validation refuses such a link first (root-relative-link), so
    the link rules are switched off here: a warning must still stop the build."""
    broken = tmp_path / "library"
    subprocess.run(["cp", "-r", str(library), str(broken)], check=True)
    for case in (broken / "cases").glob("*.md"):
        case.write_text(case.read_text(encoding="utf-8") + "\nSee [this](/nowhere/).\n",
                        encoding="utf-8")
    site = tmp_path / "site"
    run = _build_patched(broken, site, """
        import casebook.library.body
        casebook.library.body.link_findings = lambda text, links: iter(())
    """)
    assert run.returncode == 1
    warned = re.findall(r"Doc file 'cases/([^']+)\.md' contains an absolute link '/nowhere/'",
                        run.stderr)
    assert sorted(warned) == sorted(case.stem for case in (broken / "cases").glob("*.md"))
    assert not site.exists()


def _build_with_failing_helper(library: Path, site: Path, failure: str) -> Run:
    """A build whose helper fails on its first page: `failure` is run in its place."""
    return _build_patched(library, site, f"""
        build_process, populate = os.getpid(), mkdocs_private.populate_page

        def failing(page, config, files):
            if os.getpid() != build_process:
                {failure}
            return populate(page, config, files)

        mkdocs_private.populate_page = failing
    """)


def _build_patched(library: Path, site: Path, patch: str) -> Run:
    """`casebook build --jobs 2` in a fresh process, after running `patch` (which sees
    `os`, `casebook.render.parallel` as `parallel` and `casebook.render.mkdocs_private` as
    `mkdocs_private`)."""
    code = ("import os, sys\nimport casebook.render.parallel as parallel\n"
            "import casebook.render.mkdocs_private as mkdocs_private\n" + textwrap.dedent(patch))
    code += "\nfrom casebook.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    done = subprocess.run(
        [sys.executable, "-c", code, "--root", str(library), "build", "--site-dir", str(site),
         "--jobs", "2"], cwd=REPOSITORY, capture_output=True, text=True, timeout=TIMEOUT,
        check=False)
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.mark.parametrize("failure", ["raise RuntimeError('helper broke')", "os._exit(3)"],
                         ids=["an error", "the helper process dies"])
def test_the_build_renders_the_pages_a_failed_helper_leaves(
        library: Path, one_process: Path, tmp_path: Path, failure: str) -> None:
    """Whether a helper's page raises or the helper dies, the build renders the pages it
    did not deliver and the site is whole."""
    site = tmp_path / "site"
    run = _build_with_failing_helper(library, site, failure)
    assert run.returncode == 0, run.stderr
    assert "a helper stopped; the build renders the" in run.stderr
    assert "helper broke" not in run.stderr  # the page itself was fine
    assert without_index(snapshot(site)) == without_index(snapshot(one_process))
    assert indexed_pages(site) == indexed_pages(one_process)


def test_a_build_that_cannot_start_a_helper_renders_everything_itself(
        library: Path, one_process: Path, tmp_path: Path) -> None:
    """No process to be had (or no semaphores, in some containers): the build says so and
    renders every page in one process."""
    site = tmp_path / "site"
    run = _build_patched(library, site, """
        def refuse(self):
            raise OSError("no processes here")

        parallel.SharedRendering.start = refuse
    """)
    assert run.returncode == 0, run.stderr
    assert "Casebook: rendering in one process (no processes here)" in run.stderr
    assert HELPERS.search(run.stderr) is None
    assert without_index(snapshot(site)) == without_index(snapshot(one_process))


def test_no_helper_outlives_the_build(library: Path, tmp_path: Path) -> None:
    """Once `casebook build` has returned, no process of it is left: helpers are forked,
    so they carry the build's own command line, site folder included."""
    site = tmp_path / "a-site-no-other-build-uses"
    run = casebook("--root", library, "build", "--site-dir", site, "--jobs", "2")
    assert run.returncode == 0, run.stderr
    left = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != os.getpid():
            try:
                if str(site).encode() in (proc / "cmdline").read_bytes():
                    left.append(proc.name)
            except OSError:
                continue  # gone meanwhile
    assert left == []


@pytest.mark.parametrize("command", ["build", "validate"])
@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_jobs_must_be_a_whole_number_of_processes(command: str, value: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--jobs", value])
    assert "expected a whole number of processes, 1 or more" in capsys.readouterr().err

