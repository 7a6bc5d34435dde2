"""The browser scripts (theme/assets/casebook/*.js): what the copy buttons share, and how Find
cases keeps its state in the address, are written once, in modules the others import, and
Biome checks them all in `make test`.
The behaviour itself is tested in a browser (tests/e2e/test_copy_and_share.py and the
journeys)."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from tests.helpers.library import ROOT

SCRIPTS = ROOT / "theme" / "assets" / "casebook"
IMPORT = re.compile(r'^import \{[^}]*\} from "(\./[\w.-]+\.js)";$', re.MULTILINE)

# Each shared concern: the module that holds it, and what only that module may use.
WRITTEN_ONCE = {
    "url-state.js": ("URLSearchParams", "history.pushState", "history.replaceState"),
    "clipboard.js": ("navigator.clipboard", "execCommand", "createRange"),
}
# How many modules import each: Browse and Search, once two pages, are one finder now.
IMPORTERS = {"url-state.js": 1, "clipboard.js": 2}


def script(name: str) -> str:
    return (SCRIPTS / name).read_text(encoding="utf-8")


def test_the_site_loads_its_own_scripts_as_modules() -> None:
    """mkdocs.yml lists each script with type: module, so it may import the shared ones."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    entries = config["extra_javascript"]
    assert entries and all(e.get("type") == "module" for e in entries), entries
    for entry in entries:
        assert (ROOT / "theme" / entry["path"]).is_file(), entry["path"]


@pytest.mark.parametrize("module", sorted(WRITTEN_ONCE))
def test_shared_code_is_written_once_and_imported(module: str) -> None:
    """Only the shared module uses its browser interfaces; the finder's script, or the copy
    buttons' and the anchors', import it instead."""
    importers = [p.name for p in sorted(SCRIPTS.glob("*.js"))
                 if f"./{module}" in IMPORT.findall(script(p.name))]
    assert len(importers) >= IMPORTERS[module], f"{module} is imported by {importers} only"
    for path in sorted(SCRIPTS.glob("*.js")):
        if path.name in (module, "material-boot.js"):
            continue
        for interface in WRITTEN_ONCE[module]:
            assert interface not in script(path.name), (
                f"{path.name} uses {interface}: use {module} instead")


def test_every_import_names_a_script_beside_it() -> None:
    """A module imports only files of the same folder, which the theme copies to the site."""
    for path in sorted(SCRIPTS.glob("*.js")):
        for target in IMPORT.findall(script(path.name)):
            assert (SCRIPTS / target).is_file(), f"{path.name} imports missing {target}"


def test_biome_checks_the_scripts_in_make_test_at_a_locked_version() -> None:
    """`make test` runs `biome ci` (lint and format check) from package-lock.json's Biome."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: .*\blint-js\b", makefile, re.MULTILINE)
    assert re.search(r"^lint-js: .*\n\t\$\(BIOME\) ci --colors=off$", makefile, re.MULTILINE)
    assert "npm ci" in makefile
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    pinned = package["devDependencies"]["@biomejs/biome"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "pin Biome exactly: its rules change"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    biome = lock["packages"]["node_modules/@biomejs/biome"]
    assert biome["version"] == pinned and biome["integrity"].startswith("sha512-")
    config = json.loads((ROOT / "biome.json").read_text(encoding="utf-8"))
    assert config["files"]["includes"] == ["theme/assets/casebook/**/*.js"]
    assert "node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
