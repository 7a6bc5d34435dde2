"""The link check: on small hand-made sites, and on a build of the real library with aliases."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from casebook.cli import main
from casebook.publish.linkcheck import check_site
from casebook.publish.linkcheck import main as linkcheck_main
from tests.helpers.library import ROOT, copy_site_files


def write_site(folder: Path, pages: dict[str, str]) -> Path:
    """A site of `{path: HTML body}` (plus any non-HTML files named with their content)."""
    for name, text in pages.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        html = text if not name.endswith(".html") else f"<!doctype html><body>{text}</body>"
        path.write_text(html, "utf-8")
    return folder


def reasons(site: Path) -> dict[tuple[str, str], str]:
    return {(b.page, b.url): b.reason for b in check_site(site)}


def test_links_to_files_folders_and_anchors_that_exist_pass(tmp_path: Path) -> None:
    """Folder URLs, index.html, ../ paths, root-relative paths, anchors, and other sites."""
    site = write_site(tmp_path, {
        "index.html": '<h1 id="top">Home</h1><a href="cases/x/">x</a> <a href="#top">top</a>'
                      '<a href="cases/x/index.html#impact">impact</a> <a href="">self</a>'
                      '<a href="https://example.org/missing">far</a> <a href="mailto:a@b.c">m</a>'
                      '<link rel="stylesheet" href="style.css"><a href="?q=1">q</a>',
        "cases/x/index.html": '<h2 id="impact">Impact</h2><a href="../../">home</a>'
                              '<img src="/chart%20one.png"><a href="../y">y</a>',
        "cases/y/index.html": '<a name="old">old anchor</a><a href="../x/#impact">x</a>',
        "style.css": "p {}",
        "chart one.png": "png",
    })
    assert check_site(site) == []


def test_every_kind_of_broken_link_is_reported_with_its_page(tmp_path: Path) -> None:
    """A missing file, a missing folder, a missing anchor, a path out of the site and a
    script address are each reported against the page that holds them."""
    site = write_site(tmp_path, {
        "index.html": '<a href="cases/missing/">gone</a><a href="cases/x/#nowhere">anchor</a>'
                      '<script src="assets/app.js"></script><a href="#absent">here</a>'
                      '<a href="../../etc/passwd">out</a><a href="javascript:alert(1)">js</a>'
                      '<img src="data:image/png;base64,AAAA">',
        "cases/x/index.html": '<h2 id="impact">Impact</h2>',
    })
    found = reasons(site)
    assert set(found) == {
        ("index.html", "cases/missing/"), ("index.html", "cases/x/#nowhere"),
        ("index.html", "assets/app.js"), ("index.html", "#absent"),
        ("index.html", "../../etc/passwd"), ("index.html", "javascript:alert(1)"),
        ("index.html", "data:image/png;base64,AAAA"),
    }
    assert "not in the site" in found[("index.html", "cases/missing/")]
    assert "'#nowhere'" in found[("index.html", "cases/x/#nowhere")]
    assert "outside the site" in found[("index.html", "../../etc/passwd")]
    assert "script or data" in found[("index.html", "javascript:alert(1)")]


def _case_page(title: str) -> str:
    return f'<article class="cb-case" data-pagefind-body><h1 id="t">{title}</h1></article>'


def _redirect(url: str) -> str:
    return (f'<meta http-equiv="refresh" content="0; url={url}">'
            f'<a href="{url}">moved</a>')


def test_an_alias_must_redirect_to_a_real_case(tmp_path: Path) -> None:
    """A redirect to a case passes; to a missing page, or to a page that is not a case, fails."""
    site = write_site(tmp_path, {
        "index.html": "<p>Home</p>",
        "cases/new-name/index.html": _case_page("A case"),
        "cases/old-name/index.html": _redirect("../new-name/"),
        "cases/lost/index.html": _redirect("../nowhere/"),
        "cases/elsewhere/index.html": _redirect("../../"),
        "cases/chain/index.html": _redirect("../old-name/"),
    })
    found = reasons(site)
    assert ("cases/old-name/index.html", "../new-name/") not in found
    assert "(redirect)" in found[("cases/lost/index.html", "../nowhere/")]
    assert "not land on a case" in found[("cases/elsewhere/index.html", "../../")]
    assert "not land on a case" in found[("cases/chain/index.html", "../old-name/")]


def test_the_command_exits_1_on_a_broken_link_and_0_on_a_clean_site(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m casebook.publish.linkcheck SITE`: 0 clean, 1 broken (each listed), 2 no site."""
    clean = write_site(tmp_path / "clean", {"index.html": '<a href="#x" id="x">x</a>'})
    broken = write_site(tmp_path / "broken", {"index.html": '<a href="nope.html">x</a>'})
    assert linkcheck_main([str(clean)]) == 0
    assert linkcheck_main([str(broken)]) == 1
    assert "index.html: 'nope.html' leads to 'nope.html'" in capsys.readouterr().out
    assert linkcheck_main([str(tmp_path / "empty")]) == 2


# ---------------------------------------------------------------- the real library


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's library, one case given two former slugs, built once."""
    folder = tmp_path_factory.mktemp("linkcheck")
    root = folder / "library"
    root.mkdir()
    copy_site_files(root)
    for name in ("cases", "packs"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, root / name)
    case = sorted((root / "cases").glob("*.md"))[0]
    text = case.read_text("utf-8")
    assert "\naliases:" not in text
    case.write_text(text.replace("\n---\n", "\naliases: [a-former-name, another-old-slug]\n---\n",
                                 1), "utf-8")
    site = folder / "site"
    assert main(["--root", str(root), "build", "--site-dir", str(site), "--quiet"]) == 0
    return site


def test_a_build_of_the_real_library_has_no_broken_links(real_site: Path) -> None:
    """Every internal link, anchor and alias redirect of the real library resolves."""
    broken = check_site(real_site)
    assert broken == [], "\n".join(map(str, broken))
    redirects = [p for p in (real_site / "cases").glob("*/index.html")
                 if 'http-equiv="refresh"' in p.read_text("utf-8")]
    assert {p.parent.name for p in redirects} == {"a-former-name", "another-old-slug"}


def test_the_check_finds_a_link_broken_after_the_build(real_site: Path, tmp_path: Path) -> None:
    """Not a check that passes everything: renaming one case page breaks the links to it."""
    site = tmp_path / "site"
    shutil.copytree(real_site, site)
    victim = next(p for p in sorted((site / "cases").iterdir())
                  if 'http-equiv="refresh"' not in (p / "index.html").read_text("utf-8"))
    victim.rename(victim.with_name("renamed"))
    broken = check_site(site)
    assert broken, "removing a case page broke nothing"
    assert all(re.search(re.escape(victim.name), b.url) or "(redirect)" in b.reason
               for b in broken), "\n".join(map(str, broken))
