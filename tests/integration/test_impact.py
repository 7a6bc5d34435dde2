"""Measured impact on the real library, built by `casebook build`: /impact/ lists exactly the
measures the case files hold, each /wres/<n>/ page those naming it, and case pages keep their
charts. The measures are counted from the files with PyYAML, not through Casebook."""

from __future__ import annotations

import html as html_text
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml

from tests.helpers.library import HOSTILE, ROOT, copy_site_files

_ITEM = re.compile(r'<li class="cb-measure" id="measure-([a-z0-9-]+)-(\d+)"')
_SVG = re.compile(r"<svg\b[^>]*cb-chart__svg.*?</svg>", re.DOTALL)
_NS = "{http://www.w3.org/2000/svg}"


def _front(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


@pytest.fixture(scope="module")
def measures() -> dict[tuple[str, int], dict[str, Any]]:
    """(slug, position from 1) → the measure, for every measure in cases/*.md."""
    found = {}
    for path in sorted((ROOT / "cases").glob("*.md")):
        for position, record in enumerate(_front(path).get("impact") or [], 1):
            found[(path.stem, position)] = record
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("impact") / "site"
    done = subprocess.run([sys.executable, "-m", "casebook.cli", "--root", str(ROOT), "build",
                           "--site-dir", str(out), "--quiet"], capture_output=True, text=True,
                          check=False, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _listed(html: str) -> list[tuple[str, int]]:
    return [(slug, int(n)) for slug, n in _ITEM.findall(html)]


def test_the_impact_page_lists_exactly_every_measure_the_case_files_hold(
        site: Path, measures: dict[tuple[str, int], dict[str, Any]]) -> None:
    html = (site / "impact" / "index.html").read_text(encoding="utf-8")
    listed = _listed(html)
    assert measures, "the real library has measures to show"
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(measures)
    cases = len({slug for slug, _ in measures})
    assert f"{len(measures)} measures from {cases} cases" in html


def test_each_measure_shows_its_quote_and_both_years(
        site: Path, measures: dict[tuple[str, int], dict[str, Any]]) -> None:
    html = (site / "impact" / "index.html").read_text(encoding="utf-8")
    for (slug, position), record in measures.items():
        start = html.index(f'id="measure-{slug}-{position}"')
        item = html[start:html.index("</li>", start)]
        assert str(record["baseline"]["year"]) in item and str(record["latest"]["year"]) in item
        if record.get("quote"):
            # The glossary may wrap an abbreviation in <abbr>: compare the text only.
            shown = html_text.unescape(re.sub(r"<[^>]+>", "", item))
            assert f"“{' '.join(record['quote'].split())}”" in shown, (slug, position)


def test_each_wres_page_lists_the_measures_naming_its_indicator(
        site: Path, measures: dict[tuple[str, int], dict[str, Any]]) -> None:
    for number in range(1, 10):
        html = (site / "wres" / str(number) / "index.html").read_text(encoding="utf-8")
        expected = sorted(key for key, record in measures.items()
                          if str(record.get("wres_indicator", "")) == str(number))
        assert sorted(_listed(html)) == expected, f"/wres/{number}/"


def test_every_chart_on_the_impact_page_is_well_formed_svg(
        site: Path, measures: dict[tuple[str, int], dict[str, Any]]) -> None:
    html = (site / "impact" / "index.html").read_text(encoding="utf-8")
    charts = _SVG.findall(html)
    assert len(charts) == len(measures)
    for chart in charts:
        svg = ET.fromstring(chart)
        assert svg.get("role") == "img"


def test_case_pages_keep_their_charts(
        site: Path, measures: dict[tuple[str, int], dict[str, Any]]) -> None:
    for slug in {slug for slug, _ in measures}:
        html = (site / "cases" / slug / "index.html").read_text(encoding="utf-8")
        count = sum(1 for s, _ in measures if s == slug)
        assert len(_SVG.findall(html)) == count, slug


# ---------------------------------------------------------------- an attacker's measure

HOSTILE_CASE = "impact-measure-text-with-markup-entities-and-long-lines"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the real configuration and one valid case whose measures carry markup,
    entities, template syntax, a very long line and figures of 0 and -3, built."""
    root = tmp_path_factory.mktemp("hostile-impact")
    copy_site_files(root)
    (root / "cases").mkdir()
    shutil.copy(HOSTILE / "cases" / f"{HOSTILE_CASE}.md", root / "cases")
    out = root / "site"
    done = subprocess.run([sys.executable, "-m", "casebook.cli", "--root", str(root), "build",
                           "--site-dir", str(out), "--quiet"], capture_output=True, text=True,
                          check=False, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return out


@pytest.mark.parametrize("page", ["impact", "wres/3"])
def test_a_hostile_measure_is_shown_as_text_in_a_well_formed_chart(hostile_site: Path,
                                                                   page: str) -> None:
    html = (hostile_site / page / "index.html").read_text(encoding="utf-8")
    block = "".join(re.findall(r'<ul class="cb-measures">.*?</ul>', html, re.DOTALL))
    assert "<script" not in block and "<img" not in block and "<svg onload" not in block
    assert 'href="javascript:' not in block
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in block
    assert "&amp;amp; &amp;lt;b&amp;gt;" in block  # entities shown as typed
    assert "{{ config }}" in block                  # template syntax left as text
    charts = _SVG.findall(block)
    assert len(charts) == (2 if page == "impact" else 1)
    for chart in charts:
        svg = ET.fromstring(chart)
        widths = [float(r.get("width", "0")) for r in svg.iter(f"{_NS}rect")]
        assert all(w >= 0 for w in widths)
    assert "0 &lt;/text&gt;&lt;script&gt;x&lt;/script&gt; in 2020 → -3 " in block
