"""Reading a source file as text, with every way that can fail turned into a diagnostic."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .contents import symbolic_link
from .diagnostics import Diagnostic, Pos, diagnostic

MAX_BYTES = 1_000_000
_READ_ONLY_HERE = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                   | getattr(os, "O_CLOEXEC", 0))
_BOM = "\ufeff"
# C0 controls other than tab, newline and carriage return, DEL, the C1 controls, the Unicode
# line and paragraph separators and the two non-characters. YAML counts U+0085, U+2028 and
# U+2029 as line breaks, so one of them in the front-matter would shift every line number
# after it; YAML refuses the others outright, without saying where they are.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


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
        if path.is_symlink():
            # A link could lead anywhere (a system file, the repository's .git): never read.
            return None, [symbolic_link(path)]
        info = path.stat()
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
                f"the file is {info.st_size / 1_000_000:.1f} MB; the limit is 1 MB",
            )]
        # Opened without following a link, should one have taken the file's place since.
        with os.fdopen(os.open(path, _READ_ONLY_HERE), "rb") as handle:
            # What stat() gave and a byte more (asking for the limit would allocate 1 MB for
            # every file); never more than the limit, even if the file grows while it is read.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_BYTES + 1 - len(data))
        if len(data) > MAX_BYTES:
            return None, [diagnostic("file-too-large", path, Pos(),
                                     "the file is larger than the 1 MB limit")]
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
            f"invisible control character U+{ord(bad.group()):04X} at line {line}",
        )]
    return text, []
