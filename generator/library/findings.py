"""What a body or field rule finds, and how a finding becomes a diagnostic."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from casebook.diagnostics.catalogue import Diagnostic, Pos, diagnostic

# A finding of a rule: where in the text it searched (an offset), the code, the message and
# a hint ('' for the catalogue's).
Finding = tuple[int, str, str, str]



def placed(findings: Iterable[Finding], path: Path | str, line: int, col_offset: int
            ) -> list[Diagnostic]:
    return [diagnostic(code, path, Pos(line, offset + 1 + col_offset), message, hint)
            for offset, code, message, hint in findings]


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
