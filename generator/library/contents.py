"""What a contribution may contain: the one place that decides which files of the content
folders Casebook reads and which it publishes. `casebook validate` and the build both ask it
(through generator/library/load.py), so the files the check accepts are the files the build
copies into the site, and nothing else is.

cases/    case files (`<slug>.md`, directly in the folder), and the images and documents
          the cases link to (ASSET_TYPES, each at most MAX_ASSET_BYTES, in the folder or a
          sub-folder): the only files of the content folders copied into the site
packs/    pack files (`<slug>.yml`, directly in the folder)

Anything else is a diagnostic: another kind of file (HTML, SVG, scripts, text), an image or
document no case links to, one over the size limit or whose bytes are not of its type, and a
symbolic link anywhere, which is never followed. Files whose names start with a dot
(`.gitkeep`, `.DS_Store`) are neither read, published nor reported, unless named like a case,
pack, image or document, which is checked as one (and refused if it is an image: its name
breaks the rule for names). Folders whose names start with a dot are looked into like any.

SVG is refused, not cleaned: it is XML that can carry scripts, event handlers, links to other
hosts and embedded HTML, and opened on its own it runs them on the site's origin without the
pages' Content-Security-Policy. Cleaning it safely needs an XML parser and an allow-list of
its own; a PNG of the same picture needs neither.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import unquote

from casebook.diagnostics.catalogue import Diagnostic, Pos, diagnostic
from casebook.library.urls import RESERVED_SLUGS

CASES_DIR = "cases"
PACKS_DIR = "packs"
# The library's other files at its top level: the terms, and the contributor guide whose
# consent checklist the issue form and pull request template carry.
TAXONOMY_FILE = "taxonomy.yml"
CONTRIBUTING_FILE = "CONTRIBUTING.md"
# The images and documents a case may show or link to, with the first bytes every file of
# the type starts with: a file named '.png' that holds HTML is refused, not published.
ASSET_TYPES: dict[str, tuple[str, re.Pattern[bytes]]] = {
    ".png": ("a PNG image", re.compile(rb"\x89PNG\r\n\x1a\n")),
    ".jpg": ("a JPEG image", re.compile(rb"\xff\xd8\xff")),
    ".jpeg": ("a JPEG image", re.compile(rb"\xff\xd8\xff")),
    ".webp": ("a WebP image", re.compile(rb"RIFF.{4}WEBP", re.DOTALL)),
    ".gif": ("a GIF image", re.compile(rb"GIF8[79]a")),
    ".pdf": ("a PDF document", re.compile(rb"%PDF-")),
}
MAX_ASSET_BYTES = 5_000_000
# Entries the content folders may hold in all, so a folder nobody meant to contribute (a
# copied repository, node_modules) is refused quickly instead of walked for minutes.
MAX_ENTRIES = 100_000
# Each part of an asset's path: what a case can link to without quoting, and what every
# web server serves under the same name.
_ASSET_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*")
_HEAD_BYTES = 12
# A folder named like a case or pack file is checked as one (reading it says it is not a
# file); a file named like anything the folders may hold is checked, hidden or not.
_NAMED_LIKE_A_FILE = re.compile(r"\.(?:md|yml)$")
_NAMED_LIKE_CONTENT = re.compile(r"\.(?:md|yml|" + "|".join(s[1:] for s in ASSET_TYPES) + ")$")
_TYPE_LIST = ", ".join(suffix[1:] for suffix in ASSET_TYPES)
_NOT_FOLLOWING = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
# How a contributed file is opened for reading: never through a link, should one have taken
# the file's place since it was looked at, and never waiting on a pipe.
READ_NOT_FOLLOWING = os.O_RDONLY | _NOT_FOLLOWING | getattr(os, "O_NONBLOCK", 0)
# An address in a case body ends at one of these; an asset's name holds none of them. An
# address that ends in an asset type is matched from where it starts: the look-behind lets
# a match start only after one of these, so each address is tried once and the pattern runs
# in time linear in the body.
_END = "\\s\"'()<>\\[\\]`="
_SUFFIX = "|".join(re.escape(suffix) for suffix in ASSET_TYPES)
_LINKED = re.compile(rf"(?<![^{_END}])[^{_END}]*?(?:{_SUFFIX})(?=[{_END}#?]|$)")
# Trying _LINKED at every character costs a quarter of a second over 1,000 cases: it is run
# only over the lines where this finds an asset type, which the engine finds at C speed, and
# the lines after them up to _WINDOW characters on.
_ANY_SUFFIX = re.compile(_SUFFIX)
_WINDOW = 200


def megabytes(size: int, places: int = 1) -> str:
    """A size as the limits' messages give it: '1.5 MB', or with `places` 0 a limit, '5 MB'."""
    return f"{size / 1_000_000:,.{places}f} MB"


@dataclass(frozen=True)
class Asset:
    """An image or document in cases/: `name` is its path from that folder, '/'-separated,
    as a case links to it."""

    path: Path
    name: str
    size: int


@dataclass
class Contents:
    """What the content folders hold, sorted: files to read as cases and packs, images and
    documents that may be published, and a diagnostic for every other file."""

    cases: list[Path] = field(default_factory=list)
    packs: list[Path] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class AssetError(Exception):
    """An asset could not be read as the survey accepted it (it changed since, say)."""


# ---------------------------------------------------------------- sorting the folders


def survey_library(root: Path) -> Contents:
    """Every file of the library's cases/ and packs/ folders, sorted."""
    contents = Contents()
    survey_cases(root / CASES_DIR, contents)
    for entry, name in _entries(root / PACKS_DIR, contents):
        if "/" not in name and name.endswith(".yml"):
            contents.packs.append(Path(entry.path))
        else:
            _refuse(contents, Path(entry.path), f"'{name}' is not a pack file",
                    "packs/ holds only pack files, named '<slug>.yml', directly in the "
                    "folder. Move or remove this file.")
    contents.packs.sort()
    return contents


def survey_cases(folder: Path, contents: Contents) -> Contents:
    """Every file of a folder of cases, sorted into `contents`: its case files in name
    order, after any already there."""
    cases = []
    for entry, name in _entries(folder, contents):
        path = Path(entry.path)
        suffix = PurePosixPath(name).suffix
        if "/" not in name and suffix == ".md":
            cases.append(path)
        elif suffix in ASSET_TYPES and all(map(_ASSET_NAME.fullmatch, name.split("/"))):
            contents.assets.append(Asset(path, name, entry.stat(follow_symlinks=False).st_size))
        else:
            _refuse_in_cases(contents, path, name, suffix)
    # By name: the order of the files' names, at a fraction of the cost of comparing paths.
    contents.cases.extend(sorted(cases, key=lambda p: p.name))
    return contents


def survey_files(paths: list[Path], contents: Contents) -> Contents:
    """Files named one by one (`casebook validate FILE…`): links refused, case files to read,
    images and documents checked alone (whether a case links to one is a question for the
    whole folder)."""
    for path in paths:
        try:
            info = path.lstat()
        except OSError:
            contents.cases.append(path)  # reading it reports why it cannot be read
            continue
        suffix = path.suffix
        if stat.S_ISLNK(info.st_mode):
            _link(contents, path)
        elif suffix == ".md" or not stat.S_ISREG(info.st_mode):
            contents.cases.append(path)
        elif suffix in ASSET_TYPES and _ASSET_NAME.fullmatch(path.name):
            contents.diagnostics.extend(check_asset(Asset(path, path.name, info.st_size)))
        else:
            _refuse_in_cases(contents, path, path.name, suffix)
    return contents


def _entries(folder: Path, contents: Contents) -> Iterator[tuple[os.DirEntry[str], str]]:
    """Every regular file under `folder` with its '/'-separated path from it, never through a
    link: links, and entries that are neither files nor folders, go into `contents` as
    diagnostics instead. A missing folder holds nothing."""
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        contents.diagnostics.append(_unreadable(folder, exc))
        return
    if stat.S_ISLNK(info.st_mode):
        _link(contents, folder)
        return
    seen = 0
    folders = [(folder, "")]
    while folders:
        current, prefix = folders.pop()
        try:
            with os.scandir(current) as listing:
                found = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            contents.diagnostics.append(_unreadable(current, exc))
            continue
        seen += len(found)
        if seen > MAX_ENTRIES:
            contents.diagnostics.append(diagnostic(
                "library-too-large", folder, Pos(),
                f"more than {MAX_ENTRIES:,} files and folders; Casebook reads at most "
                f"{MAX_ENTRIES:,}"))
            return
        for entry in found:
            if entry.is_symlink():
                _link(contents, Path(entry.path))
            elif entry.is_dir(follow_symlinks=False):
                folders.append((Path(entry.path), f"{prefix}{entry.name}/"))
                if _NAMED_LIKE_A_FILE.search(entry.name):
                    yield entry, prefix + entry.name  # reading it says it is not a file
            elif entry.is_file(follow_symlinks=False):
                if not entry.name.startswith(".") or _NAMED_LIKE_CONTENT.search(entry.name):
                    yield entry, prefix + entry.name  # not '.gitkeep', '.DS_Store
            else:
                _refuse(contents, Path(entry.path), "it is not a regular file",
                        "Replace the device, pipe or socket with a plain file, or remove it.")


def _refuse_in_cases(contents: Contents, path: Path, name: str, suffix: str) -> None:
    if suffix == ".md":
        _refuse(contents, path, "a case file must be directly in cases/, not in a sub-folder",
                "Move the file into cases/ itself.")
    elif suffix.lower() in ASSET_TYPES:
        _refuse(contents, path, f"'{name}': the names of images and documents, and of their "
                "folders, use only lower-case letters, digits, hyphens, underscores and dots",
                f"Rename it, for example to '{suggest_name(name)}', and link to it by that "
                "name.")
    elif suffix.lower() == ".svg":
        _refuse(contents, path, "SVG images are not published: an SVG file can carry "
                "scripts that would run on the site",
                "Save the picture as a PNG image and link to that instead.")
    else:
        what = f"'{suffix}' files" if suffix else "files without a type"
        _refuse(contents, path, f"{what} are not published",
                f"cases/ holds case files (.md) and the images and documents they link to "
                f"({_TYPE_LIST}). Remove the file, or convert it to one of those types.")


def suggest_name(name: str) -> str:
    """A name the name rule accepts: 'My Images/Chart 1.PNG' → 'my-images/chart-1.png'."""
    parts = []
    for part in name.lower().split("/"):
        stem, dot, suffix = part.rpartition(".") if "." in part.lstrip(".") else (part, "", "")
        parts.append((re.sub(r"[^a-z0-9_]+", "-", stem).strip("-_") or "file") + dot + suffix)
    return "/".join(parts)


def _refuse(contents: Contents, path: Path, why: str, hint: str) -> None:
    contents.diagnostics.append(diagnostic("file-not-allowed", path, Pos(), why, hint))


def _link(contents: Contents, path: Path) -> None:
    contents.diagnostics.append(symbolic_link(path))


def symbolic_link(path: Path) -> Diagnostic:
    return diagnostic("symbolic-link", path, Pos(),
                      "this is a symbolic link; Casebook never follows one")


def reserved_slug(path: Path, pos: Pos, name: str, label: str) -> Diagnostic:
    """A case's or pack's name that would take a place the site's own pages have."""
    return diagnostic(
        "reserved-slug", path, pos,
        f"{label}: '{name}' is a name the site uses for its own pages",
        f"Choose a name that says what it is about, such as '{name}-of-our-trust'; the site "
        f"uses these names itself: {', '.join(sorted(RESERVED_SLUGS))}.")


def _unreadable(path: Path, exc: OSError) -> Diagnostic:
    return diagnostic("not-utf8", path, Pos(), f"cannot read the folder: {exc.strerror}",
                      "Check the folder exists and is readable.")


# ---------------------------------------------------------------- which assets are published


def linked_assets(body: str) -> set[str]:
    """The assets a case body links to, as paths from cases/ ('images/chart.png'): every
    relative address that ends in an asset type, in a Markdown link or image, a reference
    definition or an HTML attribute."""
    addresses: set[str] = set()
    at = 0
    while hit := _ANY_SUFFIX.search(body, at):
        start = body.rfind("\n", 0, hit.start()) + 1
        # To the end of a line at least _WINDOW characters on, so that a body of many short
        # lines with an address on each is read in a few calls, not one a line.
        at = body.find("\n", hit.end() + _WINDOW) % (len(body) + 1)
        addresses.update(_LINKED.findall(body, start, at))
        at += 1
    found: set[str] = set()
    for address in addresses:
        if ":" in address or address.startswith("/"):
            continue  # another site, or the site's root: not a file beside the cases
        name = posixpath.normpath(posixpath.join(CASES_DIR, unquote(address)))
        if name.startswith(f"{CASES_DIR}/"):
            found.add(name.removeprefix(f"{CASES_DIR}/"))
    return found


def published_assets(assets: list[Asset],
                     linked: set[str]) -> tuple[list[str], list[Diagnostic]]:
    """The assets that may be published ('cases/…' paths): those a case links to, within the
    size limit and of their type; and a diagnostic for each of the others."""
    published: list[str] = []
    problems: list[Diagnostic] = []
    for asset in sorted(assets, key=lambda a: a.name):
        found = check_asset(asset)
        if asset.name not in linked:
            found.append(diagnostic(
                "unused-asset", asset.path, Pos(), f"no case links to '{asset.name}'",
                f"Link to it from the case it belongs to, for example "
                f"'![What the picture shows]({asset.name})', or remove it."))
        problems.extend(found)
        if not found:
            published.append(f"{CASES_DIR}/{asset.name}")
    return published, problems


def check_asset(asset: Asset) -> list[Diagnostic]:
    """The size limit, and that the file's bytes are of the type its name says."""
    if asset.size > MAX_ASSET_BYTES:
        return [diagnostic(
            "asset-too-large", asset.path, Pos(),
            f"the file is {megabytes(asset.size)}; the limit is {megabytes(MAX_ASSET_BYTES, 0)}")]
    try:
        with _open_regular(asset.path) as handle:
            head = handle.read(_HEAD_BYTES)
    except (OSError, AssetError) as exc:
        return [diagnostic("not-utf8", asset.path, Pos(), f"cannot read the file: {exc}",
                           "Check the file exists and is readable.")]
    what, signature = ASSET_TYPES[PurePosixPath(asset.name).suffix]
    if not signature.match(head):
        return [diagnostic(
            "file-not-allowed", asset.path, Pos(),
            f"'{asset.name}' does not hold {what}, as its name says",
            f"Save the file again as {what} from the program that made it, or give it the "
            "name of its real type.")]
    return []


# ---------------------------------------------------------------- copying, never through a link


def copy_asset(root: Path, name: str, target: Path) -> None:
    """Copy the asset `name` ('cases/…', as published_assets gives it) to `target`, opening
    every folder on the way without following a link, so a file swapped for a link after
    the check is refused, not copied. Raises AssetError."""
    parts = name.split("/")
    if parts[0] != CASES_DIR or PurePosixPath(name).suffix not in ASSET_TYPES:
        raise AssetError(f"{name} is not an image or document of the cases")
    folder = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for part in parts[:-1]:
            inner = os.open(part, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOT_FOLLOWING,
                            dir_fd=folder)
            os.close(folder)
            folder = inner
        with _open_regular(Path(parts[-1]), dir_fd=folder) as source:
            data = source.read(MAX_ASSET_BYTES + 1)  # within the limit, even if it grew
        if len(data) > MAX_ASSET_BYTES:
            raise AssetError(f"{name} grew past the size limit while the site was built")
        target.write_bytes(data)
    except OSError as exc:
        raise AssetError(f"{name} could not be copied without following a link "
                         f"({exc.strerror})") from exc
    finally:
        os.close(folder)


def _open_regular(path: Path, dir_fd: int | None = None) -> BinaryIO:
    """`path` opened for reading if it is a regular file within the size limit, never
    through a link (O_NOFOLLOW) and never waiting on a pipe (O_NONBLOCK)."""
    descriptor = os.open(path, READ_NOT_FOLLOWING, dir_fd=dir_fd)
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ASSET_BYTES:
        os.close(descriptor)
        raise AssetError("it is not a regular file within the size limit")
    return os.fdopen(descriptor, "rb")
