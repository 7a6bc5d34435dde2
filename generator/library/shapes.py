"""Small shape checks shared by every YAML file Casebook reads (cases, taxonomy, packs).

Each check looks at one value at one key path and returns diagnostics, so every file type
reports problems the same way: key first, value quoted, exact line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, TypeGuard, TypeVar

from casebook.diagnostics.catalogue import Diagnostic, diagnostic
from casebook.library.yamldoc import KeyPath, YamlResult, dotted

TYPE_NAMES: dict[type, str] = {
    str: "text",
    int: "a whole number",
    list: "a list",
    dict: "a mapping of fields",
    bool: "true or false",
}

_T = TypeVar("_T")


def describe(value: Any) -> str:
    """How a value reads to a contributor: 'a list', 'the number 3', 'the text \"x\"'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, int) and abs(value) >= 10**20:
        return f"a number of {len(str(abs(value))):,} digits"  # not all of them, in a message
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "…"
        return f"the text '{short}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return f"a {type(value).__name__}"


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a misspelt word, if any is close enough."""
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    best = suggest(word, choices)
    return f"Did you mean '{best}'? " if best else ""


class Checker:
    """Collects diagnostics for one parsed YAML file."""

    def __init__(self, doc: YamlResult, path: str) -> None:
        self.doc = doc
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def report(self, code: str, key_path: KeyPath, message: str, hint: str = "",
               at_value: bool = True) -> None:
        if self.doc.already_reported(code, key_path):
            return  # one diagnostic per mistake: the alias or merge key is reported already
        pos = self.doc.pos((*key_path, "=")) if at_value else self.doc.pos(key_path)
        self.diagnostics.append(
            diagnostic(code, self.path, pos, f"{dotted(key_path)}: {message}", hint)
        )

    def expect(self, value: object, kind: type[_T], key_path: KeyPath,
               hint: str = "") -> TypeGuard[_T]:
        """True when `value` is of `kind` (so the caller may use it as one); otherwise
        reports wrong-type."""
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if not ok:
            self.report("wrong-type", key_path,
                        f"expected {TYPE_NAMES.get(kind, kind.__name__)}, got {describe(value)}",
                        hint)
        return ok

    def text(self, mapping: dict[str, Any], key: str, key_path: KeyPath,
             required: bool = True) -> str:
        """A non-empty text field of a mapping, or '' after reporting why not."""
        full = (*key_path, key)
        if key not in mapping or mapping[key] is None:
            if required:
                self.report("missing-field", full, "required field missing", at_value=False)
            return ""
        value = mapping[key]
        if not self.expect(value, str, full):
            return ""
        if required and not value.strip():
            self.report("missing-field", full, "must not be empty")
        return value

    def text_list(self, mapping: dict[str, Any], key: str, key_path: KeyPath,
                  required: bool = False) -> list[str]:
        full = (*key_path, key)
        if key not in mapping:
            if required:
                self.report("missing-field", full, "required field missing", at_value=False)
            return []
        value = mapping[key]
        if not self.expect(value, list, full):
            return []
        out = []
        for index, item in enumerate(value):
            text = str(item) if isinstance(item, int) and not isinstance(item, bool) else item
            if self.expect(text, str, (*full, index)):
                out.append(text)
        return out

    def unknown_keys(self, mapping: dict[str, Any], allowed: Iterable[str],
                     key_path: KeyPath) -> None:
        allowed = list(allowed)
        for key in mapping:
            if key not in allowed:
                self.report(
                    "unknown-field", (*key_path, str(key)), f"unknown field '{key}'",
                    f"{did_you_mean(str(key), allowed)}Allowed here: {', '.join(allowed)}.",
                    at_value=False,
                )
