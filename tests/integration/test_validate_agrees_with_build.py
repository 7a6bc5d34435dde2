"""One truth for "valid": whatever `casebook validate` accepts, `casebook build` builds
(issue 13, class 12).

Hypothesis writes batches of cases whose bodies hold links of many shapes (relative,
root-relative, anchors, tabs and spaces, encoded characters, mailto:, titles, images),
headings with attribute lists, HTML attributes and Unicode. The cases validate accepts go
into one strict build of the fixture library; a warning or error naming any of them is a
disagreement. Inputs it once found are kept in tests/hostile/cases/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.library.load import load_library
from tests.helpers.library import ROOT, TODAY, VALID_BODY, case_text
from tests.regenerate_golden import FIXTURE_LIBRARY

SIBLING = "reverse-mentoring-for-executives"  # a case of the fixture library
BATCH = 12

_ANCHORS = st.sampled_from(["", "#impact", "#the-challenge", "#lessons", "#nope", "#Impact",
                            "#what-they-did", "#our-panel", "#impact_1", "#", "#caf%C3%A9",
                            "#source", "#source_1", "#how-to-cite-this-case",
                            "#related-cases"])
_TARGETS = st.sampled_from([
    f"{SIBLING}.md", f"../{SIBLING}/", f"./{SIBLING}.md", f"../{SIBLING}", "", "missing.md",
    f"/cases/{SIBLING}/", "/", "\\cases", f"{SIBLING}.md?x=1", "reverse%2Dmentoring-for-"
    "executives.md", "reverse-mentoring\t-for-executives.md", f"<{SIBLING}.md>",
    "<has space.md>", "https://example.org/a b", "mailto:edi@example.nhs.uk", "//example.org",
    "http://[::1]", "images/missing.png", "..", ".", "./", "#", f"../{SIBLING}/index.html",
])
_TITLES = st.sampled_from(["", ' "A title"', " 'T'", " (T)", "\t\"T\""])


@st.composite
def _link(draw: st.DrawFn) -> str:
    target, anchor, title = draw(_TARGETS), draw(_ANCHORS), draw(_TITLES)
    text = draw(st.sampled_from(["a", "the review", "Café ☕", "x *y*", "`c`"]))
    bang = draw(st.sampled_from(["", "", "!"]))
    if target.startswith("<") and anchor:
        target = f"{target[:-1]}{anchor}>"
    elif not target.startswith("<"):
        target += anchor
    return f"{bang}[{text}]({target}{title})"


_PIECES = st.one_of(
    _link(),
    _link().map(lambda link: f"[ref]\n\n{link.replace('](', ']: ', 1).rstrip(')')[1:]}"),
    st.sampled_from([
        "## Our panel {: #our-panel }", "## Impact", "## Source", "## *Emphasised* heading",
        "### Café",
        "Text {: .note }", '<span title="x">s</span>', '<a href="#nope">h</a>',
        '<a id="here"></a>', "<abbr title=\"WRES\">WRES</abbr>", "ⓘ Ünïcödé \u202e", "&amp; &#x26;",
        "Tab\tinside", "[plain]", "<https://example.org>", "<mailto:a@b.org>",
    ]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
)
_BODY = st.lists(_PIECES, min_size=1, max_size=4).map("\n\n".join)


def _library(tmp: Path) -> Path:
    """A copy of the fixture library that finds the real theme from its new place."""
    root = tmp / "library"
    shutil.copytree(FIXTURE_LIBRARY, root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "custom_dir: ../../../theme", f"custom_dir: {ROOT / 'theme'}"), "utf-8")
    return root


def _build_warnings(root: Path, site: Path) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "--root", str(root), "build", "--site-dir",
         str(site), "--quiet", "--jobs", "1"],
        capture_output=True, text=True, timeout=300, check=False, cwd=ROOT)
    lines = [line for line in done.stderr.splitlines()
             if re.match(r"(WARNING|ERROR)\b", line) or "Traceback" in line]
    return done.returncode, lines


@pytest.mark.slow
@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
          phases=["explicit", "generate"])  # a failing batch is reported, not shrunk: builds
@given(bodies=st.lists(_BODY, min_size=BATCH, max_size=BATCH))  # are seconds each
def test_every_case_validate_accepts_builds_without_a_warning(
        bodies: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    """A strict build of every accepted generated case names none of them."""
    tmp = tmp_path_factory.mktemp("agree")
    root = _library(tmp)
    for index, extra in enumerate(bodies):
        body = VALID_BODY.replace("Start small, and keep the board involved.",
                                  f"Start small.\n\n{extra}\n")
        (root / "cases" / f"generated-{index}.md").write_text(case_text(body=body), "utf-8")
    library = load_library(root, today=TODAY)
    refused = {Path(d.path).name for d in library.diagnostics if d.is_error}
    for name in refused:
        (root / "cases" / name).unlink()  # the build would refuse these too, rightly
    accepted = {f"generated-{i}.md": bodies[i] for i in range(BATCH)
                if f"generated-{i}.md" not in refused}
    status, warnings = _build_warnings(root, tmp / "site")
    named = [w for w in warnings if re.search(r"cases/generated-\d+\.md", w)]
    assert status == 0 and not warnings, (
        "validate accepted what the build refused:\n" + "\n".join(warnings or named) + "\n\n"
        + "\n".join(f"{name}: {body!r}" for name, body in accepted.items()
                    if not named or any(name in w for w in named)))
