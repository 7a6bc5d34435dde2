"""What a contribution may contain (library/contents.py): the check and the build agree, and
no file of the content folders reaches the site unless the contract names it.

The build tests work on a copy of the fixture library with a picture and a document that a
case links to, and add, for the hostile build, every kind of file a contribution may not hold.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import PluginError

from casebook.library.contents import (
    ASSET_TYPES,
    MAX_ASSET_BYTES,
    AssetError,
    copy_asset,
    linked_assets,
    suggest_name,
)
from casebook.library.contract import SLUG
from casebook.library.load import Unchecked, load_library
from casebook.library.urls import FACET_FOLDERS, RESERVED_SLUGS
from casebook.render.files import CaseAsset
from tests.helpers.builds import casebook, mkdocs
from tests.helpers.library import ROOT, TODAY, VALID_BODY, case_text, make_library
from tests.regenerate_golden import FIXTURE_LIBRARY, plan_fixture

PNG = (ROOT / "tests" / "fixtures" / "libraries" / "image-no-case-links-to" / "cases"
       / "chart.png").read_bytes()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
LINKING_CASE = "reverse-mentoring-for-executives.md"
# What the hostile build adds to the library: path → what to write, or where a link points.
HOSTILE_FILES = {
    "cases/evil.html": "<script>alert(document.domain)</script>",
    "cases/x.js": "location = 'https://attacker.example/'",
    "cases/x.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "cases/notes.txt": "not for publication",
    "cases/images/unused.png": PNG,
    "packs/evil.html": "<script>alert(1)</script>",
}
HOSTILE_LINKS = {
    "cases/passwd.png": Path("/etc/passwd"),
    "cases/repository": ROOT / ".git",
    "cases/images/also-passwd.png": Path("/etc/passwd"),
    "packs/linked.yml": ROOT / "packs" / "board-accountability-for-race-equality.yml",
}


def library_with_assets(target: Path) -> Path:
    """A copy of the fixture library whose case links to a picture and a document, and
    which holds a file starting with a dot (ignored, never published)."""
    shutil.copytree(FIXTURE_LIBRARY, target)
    config = target / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "custom_dir: ../../../theme", f"custom_dir: {ROOT / 'theme'}"), "utf-8")
    (target / "cases" / "images").mkdir()
    (target / "cases" / "images" / "chart.png").write_bytes(PNG)
    (target / "cases" / "evaluation.pdf").write_bytes(PDF)
    (target / "cases" / ".notes.html").write_text("<script>alert(1)</script>", "utf-8")
    (target / "cases" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    case = target / "cases" / LINKING_CASE
    case.write_text(case.read_text("utf-8").replace(
        "\n## Lessons\n", "\n![A chart of the results](images/chart.png)\n\n"
        "[The evaluation](evaluation.pdf)\n\n## Lessons\n"), "utf-8")
    return target


def add_hostile_files(root: Path) -> None:
    (root / "packs").mkdir(exist_ok=True)
    for name, content in HOSTILE_FILES.items():
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    for name, target in HOSTILE_LINKS.items():
        (root / name).symlink_to(target)


def site_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The library with its picture and document, built by `casebook build`."""
    root = library_with_assets(tmp_path_factory.mktemp("assets") / "library")
    site = root.parent / "site"
    run = casebook("--root", root, "build", "--site-dir", site)
    assert run.returncode == 0, run.stderr
    return site


# ---------------------------------------------------------------- the build


@pytest.mark.parametrize("command", ["casebook", "mkdocs"])
def test_the_build_refuses_every_file_a_contribution_may_not_contain_and_publishes_nothing(
        tmp_path: Path, command: str) -> None:
    """HTML, a script, an SVG, text, an unused picture and links to /etc/passwd and to the
    repository's .git, in cases/ and packs/: each named with its code, and no site at all."""
    root = library_with_assets(tmp_path / "library")
    add_hostile_files(root)
    site = tmp_path / "site"
    if command == "casebook":
        run = casebook("--root", root, "build", "--site-dir", site)
    else:
        run = mkdocs("build", "-f", root / "mkdocs.yml", "-d", site)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "Traceback" not in output
    for name in [*HOSTILE_FILES, *HOSTILE_LINKS]:
        assert Path(name).name in output, f"{name} is not reported"
    for code in ("file-not-allowed", "symbolic-link", "unused-asset"):
        assert code in output
    assert not site.exists(), "a refused library published a site"


def test_validate_reports_what_the_build_refuses(tmp_path: Path) -> None:
    """`casebook validate` names the same files, so a contributor's green check is true."""
    root = library_with_assets(tmp_path / "library")
    add_hostile_files(root)
    run = casebook("--root", root, "validate", "--format", "json")
    assert run.returncode == 1
    reported = {(Path(d["path"]).as_posix().split("/library/", 1)[1], d["code"])
                for d in json.loads(run.stdout)}
    assert reported >= {("cases/evil.html", "file-not-allowed"),
                        ("cases/x.js", "file-not-allowed"),
                        ("cases/x.svg", "file-not-allowed"),
                        ("cases/notes.txt", "file-not-allowed"),
                        ("cases/images/unused.png", "unused-asset"),
                        ("packs/evil.html", "file-not-allowed"),
                        ("cases/passwd.png", "symbolic-link"),
                        ("cases/repository", "symbolic-link"),
                        ("cases/images/also-passwd.png", "symbolic-link"),
                        ("packs/linked.yml", "symbolic-link")}


def test_a_clean_library_publishes_exactly_the_pictures_and_documents_its_cases_link_to(
        built: Path) -> None:
    """Besides the generated pages, the only files under site/cases/ are the linked picture
    and document, byte for byte; the file starting with a dot is not published."""
    extra = {name for name in site_files(built)
             if name.startswith("cases/") and not name.endswith("/index.html")}
    assert extra == {"cases/images/chart.png", "cases/evaluation.pdf"}
    assert (built / "cases" / "images" / "chart.png").read_bytes() == PNG
    assert (built / "cases" / "evaluation.pdf").read_bytes() == PDF
    page = (built / "cases" / LINKING_CASE.removesuffix(".md") / "index.html").read_text("utf-8")
    assert 'src="../images/chart.png"' in page
    assert 'href="../evaluation.pdf"' in page


def test_the_configured_docs_folder_holds_no_content_folder() -> None:
    """MkDocs copies every file of docs_dir into the site: cases/ and packs/ must not be in
    it (nor it in them), so the plugin's checked list is the only way in."""
    for config in (ROOT / "mkdocs.yml", FIXTURE_LIBRARY / "mkdocs.yml"):
        docs = (config.parent / yaml.safe_load(config.read_text("utf-8"))["docs_dir"]).resolve()
        for folder in ("cases", "packs"):
            content = (config.parent / folder).resolve()
            assert not content.is_relative_to(docs) and not docs.is_relative_to(content)
        assert docs != config.parent.resolve()


def test_every_top_level_name_of_the_site_is_reserved(built: Path) -> None:
    """A case or pack cannot take a name the site uses: every name at the top of a built
    site, and of every planned page and file, is in RESERVED_SLUGS. A new family of pages
    fails here until generator/library/urls.py reserves its name."""
    pages, outputs = plan_fixture()
    names = {p.name.split(".", 1)[0] for p in built.iterdir()}
    names |= {path.split("/", 1)[0].split(".", 1)[0]
              for path in [*(p.src for p in pages), *(o.path for o in outputs)]}
    names -= {""}
    assert names <= RESERVED_SLUGS, sorted(names - RESERVED_SLUGS)
    assert {"index", *FACET_FOLDERS.values()} <= RESERVED_SLUGS


# ---------------------------------------------------------------- never through a link


@pytest.fixture
def one_image(tmp_path: Path) -> Path:
    root = make_library(tmp_path / "library", {
        "a-case": case_text(body=VALID_BODY + "\n![A chart](images/chart.png)\n")})
    (root / "cases" / "images").mkdir()
    (root / "cases" / "images" / "chart.png").write_bytes(PNG)
    library = load_library(root, today=TODAY)
    assert library.ok and library.assets == ["cases/images/chart.png"], library.diagnostics
    return root


def test_an_image_swapped_for_a_link_after_the_check_is_not_copied(one_image: Path,
                                                                   tmp_path: Path) -> None:
    """copy_asset opens the file without following a link: /etc/passwd is not copied."""
    image = one_image / "cases" / "images" / "chart.png"
    image.unlink()
    image.symlink_to("/etc/passwd")
    target = tmp_path / "copy.png"
    with pytest.raises(AssetError):
        copy_asset(one_image, "cases/images/chart.png", target)
    assert not target.exists()


def test_a_folder_swapped_for_a_link_after_the_check_is_not_followed(one_image: Path,
                                                                     tmp_path: Path) -> None:
    """Every folder on the way is opened without following a link, too."""
    elsewhere = tmp_path / "elsewhere"
    shutil.move(one_image / "cases" / "images", elsewhere)
    (one_image / "cases" / "images").symlink_to(elsewhere)
    with pytest.raises(AssetError):
        copy_asset(one_image, "cases/images/chart.png", tmp_path / "copy.png")


def test_the_plugin_fails_the_build_when_a_checked_image_became_a_link(one_image: Path,
                                                                       tmp_path: Path) -> None:
    """The build's own copy of an asset raises a PluginError (nothing published)."""
    image = one_image / "cases" / "images" / "chart.png"
    image.unlink()
    image.symlink_to("/etc/passwd")
    asset = CaseAsset("cases/images/chart.png", src_dir=str(one_image),
                       dest_dir=str(tmp_path / "site"), use_directory_urls=True)
    with pytest.raises(PluginError, match="Nothing was published"):
        asset.copy_file()
    assert not (tmp_path / "site" / "cases" / "images" / "chart.png").exists()


def test_a_linked_taxonomy_or_content_folder_is_refused_and_never_read(tmp_path: Path) -> None:
    """taxonomy.yml, cases/ and packs/ as links: each reported, nothing behind them read."""
    real = make_library(tmp_path / "real", {"a-case": case_text()})
    root = tmp_path / "library"
    root.mkdir()
    for name in ("taxonomy.yml", "cases"):
        (root / name).symlink_to(real / name)
    (root / "packs").symlink_to(ROOT / "packs")
    library = load_library(root, today=TODAY)
    assert sorted((Path(d.path).name, d.code) for d in library.diagnostics) == [
        ("cases", "symbolic-link"), ("packs", "symbolic-link"),
        ("taxonomy.yml", "symbolic-link")]
    assert isinstance(library, Unchecked) and library.files_checked == 0


# ---------------------------------------------------------------- the rules


def _codes(root: Path) -> list[tuple[str, str]]:
    library = load_library(root, today=TODAY)
    return sorted((Path(d.path).relative_to(root).as_posix(), d.code)
                  for d in library.diagnostics)


def test_files_starting_with_a_dot_are_ignored_unless_named_like_content(
        tmp_path: Path) -> None:
    """'.DS_Store' passes unreported, in cases/ or a hidden folder; '.x.md' is still checked
    as a case; a hidden picture, or one in a hidden folder, is refused by the name rule (a
    case that links to it would otherwise pass a check the build then fails); a link is
    reported even among hidden files."""
    root = make_library(tmp_path / "library", {"a-case": case_text(
        body=VALID_BODY + "\n![x](.hidden/chart.png) ![y](.chart.png)\n")})
    (root / "cases" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / "cases" / ".hidden").mkdir()
    (root / "cases" / ".hidden" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / "cases" / ".hidden" / "chart.png").write_bytes(PNG)
    (root / "cases" / ".chart.png").write_bytes(PNG)
    (root / "cases" / ".link").symlink_to("/etc/passwd")
    (root / "cases" / ".x.md").write_text(case_text(), "utf-8")
    assert _codes(root) == [("cases/.chart.png", "file-not-allowed"),
                            ("cases/.hidden/chart.png", "file-not-allowed"),
                            ("cases/.link", "symbolic-link"), ("cases/.x.md", "invalid-slug")]


def test_each_file_a_folder_may_not_hold_is_reported_with_its_reason(tmp_path: Path) -> None:
    """A case in a sub-folder, '.MD', a capitalised picture, HTML named '.jpg', a YAML file in
    packs/ named '.yaml' and one in a sub-folder of packs/."""
    root = make_library(tmp_path / "library", {"a-case": case_text(
        body=VALID_BODY + "\n![x](fake.jpg) ![y](Chart.png)\n")})
    (root / "cases" / "old").mkdir()
    (root / "cases" / "old" / "a-case.md").write_text(case_text(), "utf-8")
    (root / "cases" / "SHOUTING.MD").write_text(case_text(), "utf-8")
    (root / "cases" / "Chart.png").write_bytes(PNG)
    (root / "cases" / "fake.jpg").write_text("<html><script></script></html>", "utf-8")
    (root / "packs" / "drafts").mkdir(parents=True)
    (root / "packs" / "drafts" / "a-pack.yml").write_text("title: x\n", "utf-8")
    (root / "packs" / "a-pack.yaml").write_text("title: x\n", "utf-8")
    library = load_library(root, today=TODAY)
    messages = {Path(d.path).relative_to(root).as_posix(): (d.code, d.message, d.hint)
                for d in library.diagnostics}
    assert {name: found[0] for name, found in messages.items()} == {
        "cases/old/a-case.md": "file-not-allowed", "cases/SHOUTING.MD": "file-not-allowed",
        "cases/Chart.png": "file-not-allowed", "cases/fake.jpg": "file-not-allowed",
        "packs/drafts/a-pack.yml": "file-not-allowed", "packs/a-pack.yaml": "file-not-allowed"}
    assert "directly in cases/" in messages["cases/old/a-case.md"][1]
    assert "'chart.png'" in messages["cases/Chart.png"][2]
    assert "does not hold a JPEG image" in messages["cases/fake.jpg"][1]
    assert library.assets == []


@pytest.mark.parametrize("name", sorted(n for n in RESERVED_SLUGS if SLUG.match(n)))
def test_a_case_named_like_one_of_the_site_s_own_pages_is_refused(tmp_path: Path,
                                                                  name: str) -> None:
    """Every reserved name that is a valid slug (others, such as '_headers', are refused as
    slugs already), as a case's file name: reserved-slug at 1:1."""
    root = make_library(tmp_path / "library", {name: case_text()})
    library = load_library(root, today=TODAY)
    assert [(d.code, d.line, d.col) for d in library.diagnostics] == [("reserved-slug", 1, 1)]


def test_an_alias_or_pack_named_index_is_refused_where_it_is_written(tmp_path: Path) -> None:
    """'aliases: [index]' would claim /cases/, 'packs/index.yml' the list of packs."""
    front = case_text().replace("source:", "aliases: [earlier-name, index]\nsource:")
    root = make_library(tmp_path / "library", {"a-case": front})
    (root / "packs").mkdir()
    (root / "packs" / "index.yml").write_text("title: x\n", "utf-8")
    library = load_library(root, today=TODAY)
    found = [(Path(d.path).name, d.code, d.line, d.col) for d in library.diagnostics
             if d.code == "reserved-slug"]
    line = front.split("\n").index("aliases: [earlier-name, index]") + 1
    assert found == [("a-case.md", "reserved-slug", line, 25),
                     ("index.yml", "reserved-slug", 1, 1)]
    assert "aliases[1]: 'index'" in library.diagnostics[0].message


@pytest.mark.parametrize(("body", "linked"), [
    ("![A chart](images/chart.png)", {"images/chart.png"}),
    ('![A chart](./chart.png "The chart")', {"chart.png"}),
    ("[Report](report.pdf#page=3) and [again](report.pdf?x=1)", {"report.pdf"}),
    ('<img src="photo.jpeg" alt="x"> <img src=pic.webp>', {"photo.jpeg", "pic.webp"}),
    ("[report]: files/report.pdf\n\n![x](<spaced.gif>)", {"files/report.pdf", "spaced.gif"}),
    ("![x](../cases/up-and-back.png) ![y](../../out-of-the-library.png)", {"up-and-back.png"}),
    ("![x](https://example.org/chart.png) ![y](/root.png) ![z](data:x.png)", set()),
    ("![x](chart.png.html) and chart.pngs and chart.PNG", set()),
])
def test_the_files_a_body_links_to(body: str, linked: set[str]) -> None:
    """Relative addresses that end in an asset type, in every form a link takes."""
    assert linked_assets(body) == linked


@pytest.mark.parametrize("text", [
    "a.png " * 170_000, "x" * 1_000_000 + ".png", "a.png.png" * 110_000, "[](" * 330_000,
    "![](" * 250_000 + "x.png", ("=" * 99 + ".pdf\n") * 10_000,
])
def test_finding_links_takes_time_linear_in_the_body(text: str) -> None:
    """A megabyte of the worst input for the pattern and the walk back: well under a
    second (addresses never overlap, so each character is read back at most once)."""
    started = time.perf_counter()
    linked_assets(text)
    assert time.perf_counter() - started < 0.5


def test_the_types_and_limit_are_the_ones_contributing_md_states() -> None:
    """CONTRIBUTING.md's section says what a contribution may contain, from the constants."""
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    section = text[text.index("## Pictures, documents and other files"):]
    section = section[:section.index("\n## ", 1)]
    types = re.search(r"types only: (.*?)\. Each", section, re.DOTALL)
    assert types is not None
    assert [f".{t}" for t in re.findall(r"`(\w+)`", types.group(1))] == list(ASSET_TYPES)
    assert f"{MAX_ASSET_BYTES // 1_000_000} MB" in section
    assert "SVG" in section and "Symbolic links" in section


def test_a_suggested_name_is_one_the_rule_accepts(tmp_path: Path) -> None:
    """The hint's name passes: 'My Images/Chart 1.PNG' → 'my-images/chart-1.png'."""
    assert suggest_name("My Images/Chart 1.PNG") == "my-images/chart-1.png"
    root = make_library(tmp_path / "library", {"a-case": case_text(
        body=VALID_BODY + "\n![x](my-images/chart-1.png)\n")})
    (root / "cases" / "my-images").mkdir()
    (root / "cases" / "my-images" / "chart-1.png").write_bytes(PNG)
    assert load_library(root, today=TODAY).diagnostics == []


def test_validate_given_files_checks_each_alone(tmp_path: Path) -> None:
    """`casebook validate FILE`: a link, an HTML file and a good picture named one by one."""
    root = make_library(tmp_path / "library", {"a-case": case_text()})
    (root / "cases" / "chart.png").write_bytes(PNG)
    (root / "cases" / "evil.html").write_text("<script></script>", "utf-8")
    (root / "cases" / "link.md").symlink_to(root / "cases" / "a-case.md")
    named = [root / "cases" / n for n in ("chart.png", "evil.html", "link.md", "a-case.md")]
    library = load_library(root, named, today=TODAY)
    assert sorted((Path(d.path).name, d.code) for d in library.diagnostics) == [
        ("evil.html", "file-not-allowed"), ("link.md", "symbolic-link")]
    assert [case.slug for case in library.cases] == ["a-case"]
    assert MAX_ASSET_BYTES == 5_000_000 and ".svg" not in ASSET_TYPES
