"""One formatter for diagnostics: text for people, GitHub annotations for CI, JSON for tools."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path

from casebook.diagnostics.catalogue import Diagnostic

FORMATS = ("text", "github", "json")


def display_path(path: str) -> str:
    """A path relative to the working folder when it is inside it, as CI annotations need."""
    try:
        return os.path.relpath(path) if Path(path).is_absolute() else path
    except ValueError:
        return path


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def summary_line(diagnostics: list[Diagnostic], files_checked: int) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    checked = f"{_plural(files_checked, 'case')} checked"
    if not diagnostics:
        return f"{checked}: no problems"
    files = len({d.path for d in diagnostics})
    return (f"{checked}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')} "
            f"in {_plural(files, 'file')}")


def format_text(diagnostics: list[Diagnostic], files_checked: int) -> str:
    out: list[str] = []
    ordered = sorted(diagnostics, key=lambda d: (d.path, d.line, d.col))
    for path, group in groupby(ordered, key=lambda d: d.path):
        out.append(display_path(path))
        for d in group:
            where = f"{d.line}:{d.col}" if d.line else "-"
            out.append(f"  {where:<7} {d.severity:<7} {d.code:<26} {d.message}")
            out.append(f"  {'':<7} {'':<7} {'':<26} hint: {d.hint}")
        out.append("")
    out.append(summary_line(diagnostics, files_checked))
    return "\n".join(out)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: list[Diagnostic], files_checked: int) -> str:
    """GitHub workflow commands: one annotation per diagnostic, shown on the changed lines."""
    out = []
    for d in diagnostics:
        props = [f"file={_escape_property(display_path(d.path))}"]
        if d.line:
            props += [f"line={d.line}", f"col={d.col}"]
        props.append(f"title={_escape_property(d.code)}")
        message = _escape_data(f"{d.message} — {d.hint}")
        out.append(f"::{d.severity} {','.join(props)}::{message}")
    out.append(summary_line(diagnostics, files_checked))
    return "\n".join(out)


def format_json(diagnostics: Iterable[Diagnostic], files_checked: int) -> str:
    """A stable list for tools: one object per diagnostic, keys always present."""
    items = [{**d.as_dict(), "path": display_path(d.path)} for d in diagnostics]
    return json.dumps(items, indent=2, ensure_ascii=False)


def format_diagnostics(diagnostics: list[Diagnostic], files_checked: int, fmt: str) -> str:
    formatter = {"text": format_text, "github": format_github, "json": format_json}[fmt]
    return formatter(diagnostics, files_checked)
