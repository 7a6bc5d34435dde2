"""Reading a source file as text, with every way that can fail turned into a diagnostic."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from casebook.diagnostics.catalogue import Diagnostic, Pos, diagnostic
from casebook.library.contents import READ_NOT_FOLLOWING, megabytes, symbolic_link

MAX_BYTES = 1_000_000
_BOM = "\ufeff"
# C0 controls other than tab, newline and carriage return, DEL, the C1 controls, the Unicode
# line and paragraph separators and the two non-characters. YAML counts U+0085, U+2028 and
# U+2029 as line breaks, so one of them in the front-matter would shift every line number
# after it; YAML refuses the others outright, without saying where they are.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


# Characters that change how text is shown without being seen: the bidirectional embeddings,
# overrides and isolates (U+202A–202E, U+2066–2069) and marks (U+200E, U+200F, U+061C), which
# can make "by 70%" display from other bytes; and the invisible ones (zero-width space,
# word joiner, invisible operators, a byte-order mark after the start), which make two
# different texts look the same. The zero-width joiner and non-joiner (U+200D, U+200C) are
# allowed between two characters outside ASCII, where emoji sequences and some scripts need
# them; anywhere else they hide a difference, and are refused like the rest.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_JOINERS = "\u200c\u200d"
MAX_LISTED = 20  # invisible characters listed for one file; then a note that more follow

# The bytes of tab, line breaks and printable ASCII: what most of any case file is.
_PLAIN_ASCII = bytes([9, 10, 13, *range(32, 127)])


def _holds_a_control(data: bytes) -> bool:
    """True when valid UTF-8 `data` has a character _CONTROL matches. Searched for among the
    bytes that are not plain ASCII, which bytes.translate picks out at memory speed: the
    expression over every character took a tenth of the time of reading a case file."""
    rest = data.translate(None, _PLAIN_ASCII)  # ASCII controls and non-ASCII characters
    return bool(rest) and _CONTROL.search(rest.decode("utf-8")) is not None


def read_text(path: Path) -> tuple[str | None, list[Diagnostic]]:
    """The file's text with a BOM removed and line endings made '\\n', or None with reasons."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            # A link could lead anywhere (a system file, the repository's .git): never read.
            return None, [symbolic_link(path)]
        if not stat.S_ISREG(info.st_mode):
            # A device, pipe or socket named like a case would never end, or never stop
            # growing: refuse it before reading a byte.
            return None, [diagnostic("not-utf8", path, Pos(),
                                     "cannot read the file: it is not a regular file",
                                     "A case is a plain text file; replace the device or "
                                     "folder with one.")]
        if info.st_size > MAX_BYTES:
            return None, [diagnostic(
                "file-too-large", path, Pos(),
                f"the file is {megabytes(info.st_size)}; the limit is {megabytes(MAX_BYTES, 0)}",
            )]
        # Opened without following a link, should one have taken the file's place since.
        with os.fdopen(os.open(path, READ_NOT_FOLLOWING), "rb") as handle:
            # What lstat() gave and a byte more (asking for the limit would allocate 1 MB for
            # every file); never more than the limit, even if the file grows while it is read.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_BYTES + 1 - len(data))
        if len(data) > MAX_BYTES:
            return None, [diagnostic("file-too-large", path, Pos(), "the file is larger "
                                     f"than the {megabytes(MAX_BYTES, 0)} limit")]
    except OSError as exc:
        return None, [diagnostic("not-utf8", path, Pos(), f"cannot read the file: {exc.strerror}",
                                 "Check the file exists and is readable.")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [diagnostic(
            "not-utf8", path, Pos(line, col),
            f"byte 0x{data[exc.start]:02x} at line {line} is not valid UTF-8",
        )]
    text = text.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text) if _holds_a_control(data) else None
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        return None, [diagnostic(
            "control-character", path, Pos(line, col),
            f"invisible control character U+{ord(bad.group()):04X} at line {line}, "
            f"column {col}",
        )]
    invisible = _invisible_characters(text, path) if _holds_invisible(data) else []
    return (None, invisible) if invisible else (text, [])


def _holds_invisible(data: bytes) -> bool:
    """A quick look: every character _INVISIBLE matches is encoded from the byte 0xD8
    (U+061C), 0xE2 (U+2000–2FFF) or 0xEF (U+FEFF); most files have neither of the last two
    but for curly quotes and dashes, which the expression then rules out."""
    return b"\xe2" in data or b"\xef" in data or b"\xd8" in data


def _invisible_characters(text: str, path: Path) -> list[Diagnostic]:
    """Each bidirectional or invisible character, with its code point, line and column."""
    found: list[Diagnostic] = []
    for match in _INVISIBLE.finditer(text):
        at = match.start()
        if match.group() in _JOINERS and _between_non_ascii(text, at):
            continue
        line = text.count("\n", 0, at) + 1  # for at most MAX_LISTED + 1 characters
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        if len(found) == MAX_LISTED:
            found.append(diagnostic("invisible-character", path, Pos(line, col),
                                    f"more bidirectional or invisible characters from line "
                                    f"{line}, column {col}; only the first {MAX_LISTED} are "
                                    "listed"))
            break
        name = unicodedata.name(match.group(), "a format character")
        found.append(diagnostic(
            "invisible-character", path, Pos(line, col),
            f"bidirectional or invisible character U+{ord(match.group()):04X} ({name}) at "
            f"line {line}, column {col}"))
    return found


def _between_non_ascii(text: str, at: int) -> bool:
    before = text[at - 1] if at else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    return all(c and ord(c) > 127 and not _INVISIBLE.match(c) for c in (before, after))
