"""Casebook's forks of Material for MkDocs' templates stay in step with the installed Material.

Material writes small inline scripts into every page (its partials/javascripts/*.html). The
Content-Security-Policy forbids inline scripts, so Casebook carries them in
theme/assets/casebook/material-boot.js, one `data-part` each, loaded by overrides of those
partials in theme/partials/javascripts/; theme/partials/header.html is Material's header with
Casebook's search box. A fork goes stale without a sound when Material changes its original,
so the SHA-256 of each original, as the installed package ships it (normalised: Jinja comments
dropped, whitespace collapsed), is recorded below with the Material version it came from.

When a test here fails it names each file to re-sync. Print the records for what is installed
now, to paste over MATERIAL_VERSION and FORKS once the forks are re-synced:

    .venv/bin/python -m tests.test_material_forks
"""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version
from pathlib import Path

import material

from tests.helpers.library import ROOT

THEME = ROOT / "theme"
BOOT = THEME / "assets" / "casebook" / "material-boot.js"
UPSTREAM = Path(material.__file__).resolve().parent / "templates"
SCRIPTS = "partials/javascripts"

# The Material version the forks were last compared with, and the SHA-256 of each original
# then, normalised.
MATERIAL_VERSION = "9.8.2"
FORKS = {
    "partials/header.html":
        "c659ff5b13fafcb8e29df00a23a19cca7e06a95376acd1f78350db7984e1e6c3",
    "partials/javascripts/announce.html":
        "efae5dbe4fa42195ba75e2d312f833730e2669bec5fd11f02216b2364286b8b8",
    "partials/javascripts/base.html":
        "eacdf910ae1a3c6e41b787a6d04e27dd89c365a5833216163c48c18e6f550c6d",
    "partials/javascripts/consent.html":
        "47113d0dcdfab020fb4c1e67db03334337b0e32c659d92fd9fa0dc6b8e243b86",
    "partials/javascripts/content.html":
        "944007043089ea9a2eee8bdc53f0bd5aa3ac108c707e5ae5eac53a1a8b7ad74c",
    "partials/javascripts/outdated.html":
        "3d4a5bc548aed3a5486d0b363fa6be9ae856b0ed7e0d51ccf91c81ec227b8852",
    "partials/javascripts/palette.html":
        "795419066501238f2ed536e64a23723fd6f9641718c7f3104beba913d12bc528",
}


def normalised(text: str) -> str:
    """A template as compared: Jinja comments (Material's "generated - do not edit" banner)
    dropped and every run of whitespace made one space, so only a change of code counts."""
    return " ".join(re.sub(r"\{#.*?#\}", "", text, flags=re.DOTALL).split())


def fingerprint(name: str) -> str:
    """The SHA-256 of Material's template NAME (relative to material/templates), normalised."""
    text = (UPSTREAM / name).read_text(encoding="utf-8")
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def fork_of(name: str) -> str:
    """Where Casebook's copy of Material's template NAME lives."""
    if name.startswith(SCRIPTS + "/"):
        part = Path(name).stem
        return (f"the `{part}` part of theme/assets/casebook/material-boot.js "
                f"(loaded by theme/{name})")
    return f"theme/{name}"


def resync_message(changed: list[str], installed: str) -> str:
    """What to re-sync, how to see what changed, and how to record the new state."""
    wheel = f"/tmp/material-{MATERIAL_VERSION}"
    lines = [f"Material for MkDocs {installed} is installed; Casebook's forks of it were last "
             f"compared with {MATERIAL_VERSION}, and these originals have changed since:"]
    for name in changed:
        now = normalised((UPSTREAM / name).read_text(encoding="utf-8"))
        lines += [f"  - material/templates/{name}: re-sync {fork_of(name)}",
                  f"    installed at {UPSTREAM / name}"]
        if len(now) <= 1000:
            lines.append(f"    which now reads: {now}")
    lines += [
        f"To see the originals as they were in {MATERIAL_VERSION}:",
        f"    .venv/bin/pip download --no-deps mkdocs-material=={MATERIAL_VERSION} -d {wheel}",
        f"    .venv/bin/python -m zipfile -e {wheel}/*.whl {wheel}",
        *(f"    cat {wheel}/material/templates/{name}" for name in changed),
        "Port the change into the fork, run the browser tests (.venv/bin/pytest tests/e2e), then "
        "record the new state: paste the output of `.venv/bin/python -m tests.test_material_forks` "
        "over MATERIAL_VERSION and FORKS in tests/test_material_forks.py.",
    ]
    return "\n".join(lines)


def records() -> str:
    """MATERIAL_VERSION and FORKS as they should read for the installed Material."""
    rows = "".join(f'    "{name}":\n        "{fingerprint(name)}",\n' for name in sorted(FORKS))
    return f'MATERIAL_VERSION = "{version("mkdocs-material")}"\nFORKS = {{\n{rows}}}\n'


def test_every_fork_matches_the_installed_material() -> None:
    """A change to any forked original fails here, naming the fork to re-sync."""
    changed = [name for name in sorted(FORKS)
               if (UPSTREAM / name).is_file() and fingerprint(name) != FORKS[name]]
    assert not changed, resync_message(changed, version("mkdocs-material"))


def test_every_forked_original_still_exists() -> None:
    """A template Material no longer ships is a fork nothing uses any more."""
    gone = [name for name in sorted(FORKS) if not (UPSTREAM / name).is_file()]
    assert not gone, (
        f"Material for MkDocs {version('mkdocs-material')} no longer ships "
        f"{', '.join('material/templates/' + n for n in gone)}: find where the code went, "
        "re-sync or remove the fork, and remove the name from FORKS in "
        "tests/test_material_forks.py.")


def test_every_inline_script_of_material_is_forked() -> None:
    """A new inline script would be blocked by the Content-Security-Policy: it must be
    moved into material-boot.js like the others."""
    shipped = {f"{SCRIPTS}/{p.name}" for p in (UPSTREAM / SCRIPTS).glob("*.html")}
    new = sorted(shipped - set(FORKS))
    assert not new, (
        f"Material for MkDocs {version('mkdocs-material')} has inline scripts Casebook has not "
        f"forked: {', '.join('material/templates/' + n for n in new)}. The "
        "Content-Security-Policy blocks them: move each into a part of "
        "theme/assets/casebook/material-boot.js, load it from an override at theme/<same "
        "path>, and record it in FORKS in tests/test_material_forks.py.")


def test_every_forked_script_has_its_override_and_its_part() -> None:
    """Each override loads material-boot.js with its part, and the part exists."""
    boot = BOOT.read_text(encoding="utf-8")
    for name in (n for n in FORKS if n.startswith(SCRIPTS + "/")):
        part = Path(name).stem
        override = (THEME / name).read_text(encoding="utf-8")
        assert "assets/casebook/material-boot.js" in override, f"theme/{name}"
        assert f'data-part="{part}"' in override, f"theme/{name} loads no `{part}` part"
        assert re.search(rf"^\s*{part}:\s*(?:function\s*)?\(\)", boot, re.MULTILINE), (
            f"material-boot.js has no `{part}` part")
    assert (THEME / "partials" / "header.html").is_file()


def test_a_changed_original_is_reported_with_what_to_resync(monkeypatch) -> None:
    """The check would notice: a recorded hash that no longer matches names its fork."""
    monkeypatch.setitem(FORKS, f"{SCRIPTS}/palette.html", "0" * 64)
    changed = [name for name in sorted(FORKS) if fingerprint(name) != FORKS[name]]
    assert f"{SCRIPTS}/palette.html" in changed
    message = resync_message([f"{SCRIPTS}/palette.html"], "9.99.0")
    assert "re-sync the `palette` part of theme/assets/casebook/material-boot.js" in message
    assert f"mkdocs-material=={MATERIAL_VERSION}" in message
    assert "python -m tests.test_material_forks" in message


def test_normalising_ignores_comments_and_whitespace_only() -> None:
    """Material's banner and line breaks do not count; a changed character does."""
    banner = "{#-\n  This file was automatically generated - do not edit\n-#}\n"
    assert normalised(banner + "<script>a=1</script>\n") == normalised("<script>a=1</script>")
    assert normalised("<script>a=1</script>") != normalised("<script>a=2</script>")


if __name__ == "__main__":
    print(records(), end="")
