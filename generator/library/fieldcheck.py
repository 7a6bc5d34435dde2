"""Checking front-matter values against the contract's field table (contract.FIELDS).

Each kind of field has its check here, named after the kind (`_text`, `_term`, …); a check
reports what is wrong through the Checker and returns the value it passed, typed, or None.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from casebook.library.contract import (
    EMAIL,
    FIELDS,
    FIRST_YEAR,
    KEYWORD,
    MAX_FIGURE,
    SLUG_MAX,
    URL,
    Field,
    is_slug,
)
from casebook.library.shapes import Checker, describe, did_you_mean
from casebook.library.taxonomy import Taxonomy
from casebook.library.yamldoc import KeyPath


class FieldChecker:
    """Checks front-matter values against FIELDS, returning the values that passed."""

    def __init__(self, checker: Checker, taxonomy: Taxonomy, today: dt.date) -> None:
        self.checker = checker
        self.taxonomy = taxonomy
        self.today = today
        self._root: dict[str, Any] = {}

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        self._root = data  # what conditions (`required_when`) are read from
        return self._fields(data, FIELDS, ())

    def _fields(self, data: dict[str, Any], fields: tuple[Field, ...],
                key_path: KeyPath) -> dict[str, Any]:
        self.checker.unknown_keys(data, [f.name for f in fields], key_path)
        values: dict[str, Any] = {}
        for spec in fields:
            full = (*key_path, spec.name)
            if data.get(spec.name) is None:
                self._missing(spec, full)
                continue
            value = self._value(spec, data[spec.name], full)
            if value is not None:
                values[spec.name] = value
        return values

    def _missing(self, spec: Field, key_path: KeyPath) -> None:
        hint = f"Add '{spec.name}:' — {spec.description}"
        if spec.required:
            self.checker.report("missing-field", key_path,
                                f"required field '{spec.name}' is missing", hint,
                                at_value=False)
        elif spec.required_when and spec.required_when.holds(self._root):
            self.checker.report("missing-field", key_path,
                                f"field '{spec.name}' is required when {spec.required_when}",
                                f"{hint} {spec.required_when.hint}",
                                at_value=False)

    def _value(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        check = getattr(self, f"_{spec.kind.value}")
        return check(spec, value, key_path)

    def _report(self, code: str, key_path: KeyPath, message: str, hint: str = "") -> None:
        self.checker.report(code, key_path, message, hint)

    def _text(self, spec: Field, value: Any, key_path: KeyPath) -> str | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not self.checker.expect(value, str, key_path):
            return None
        length = len(value.strip())
        if spec.max_len and not spec.min_len <= length <= spec.max_len:
            self._report("text-length", key_path,
                         f"{length} characters; expected {spec.min_len} to {spec.max_len}")
        return value.strip()

    def _term(self, spec: Field, value: Any, key_path: KeyPath) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not self.checker.expect(value, str, key_path):
            return None
        facet = self.taxonomy[spec.facet]
        if value not in facet.ids:
            self._report("unknown-term", key_path,
                         f"unknown {facet.label.lower()} '{value}'",
                         f"{did_you_mean(value, facet.ids)}Expected one of: "
                         f"{', '.join(facet.ids)}.")
            return None
        return value

    def _choice(self, spec: Field, value: Any, key_path: KeyPath) -> str | None:
        if not self.checker.expect(value, str, key_path):
            return None
        if value not in spec.choices:
            self._report("unknown-choice", key_path, f"'{value}' is not one of the choices",
                         f"{did_you_mean(value, spec.choices)}Expected one of: "
                         f"{', '.join(spec.choices)}.")
            return None
        return value

    def _terms(self, spec: Field, value: Any, key_path: KeyPath) -> tuple[str, ...] | None:
        if isinstance(value, str):
            # A single area written without brackets is still one area; point at it as written.
            term = self._term(spec, value, key_path)
            return (term,) if term else None
        items = self._list(value, key_path)
        if items is None:
            return None
        if spec.max_items and len(items) > spec.max_items:
            self._report("too-many-areas", key_path,
                         f"{len(items)} areas; at most {spec.max_items} are allowed")
        terms = [self._term(spec, item, (*key_path, i)) for i, item in enumerate(items)]
        return self._unique([t for t in terms if t], key_path, items)

    def _numbers(self, spec: Field, value: Any, key_path: KeyPath) -> tuple[int, ...] | None:
        items = self._list(value, key_path)
        if items is None:
            return None
        numbers = []
        for index, item in enumerate(items):
            if self.checker.expect(item, int, (*key_path, index)) and self._term(
                spec, item, (*key_path, index)
            ):
                numbers.append(item)
        return self._unique(numbers, key_path, items)

    def _list(self, value: Any, key_path: KeyPath) -> list[Any] | None:
        if not self.checker.expect(value, list, key_path):
            return None
        if not value:
            self._report("empty-list", key_path, "the list is empty")
            return None
        return value

    def _unique(self, values: list[Any], key_path: KeyPath, raw: list[Any]) -> tuple[Any, ...]:
        seen: list[Any] = []
        for item in values:
            if item in seen:
                index = len(raw) - 1 - [str(r) for r in reversed(raw)].index(str(item))
                self._report("duplicate-value", (*key_path, index), f"'{item}' is listed twice")
            else:
                seen.append(item)
        return tuple(seen)

    def _date(self, spec: Field, value: Any, key_path: KeyPath) -> dt.date | None:
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            self._report("invalid-date", key_path,
                         f"expected a date YYYY-MM-DD, got {describe(value)}")
            return None
        if value > self.today:
            self._report("future-date", key_path,
                         f"{value.isoformat()} is after today ({self.today.isoformat()})")
        return value

    def _year(self, spec: Field, value: Any, key_path: KeyPath) -> int | None:
        if not self.checker.expect(value, int, key_path):
            return None
        if not FIRST_YEAR <= value <= self.today.year:
            self._report("invalid-date", key_path,
                         f"year {value} is not between {FIRST_YEAR} (the NHS's founding) and "
                         f"{self.today.year}")
            return None
        return value

    def _number(self, spec: Field, value: Any, key_path: KeyPath) -> float | int | None:
        hint = "Write the figure alone, such as 12.5; put the unit in 'unit'."
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._report("wrong-type", key_path, f"expected a number, got {describe(value)}",
                         hint)
            return None
        if isinstance(value, float) and not math.isfinite(value):
            # YAML reads '.nan' and '.inf' as numbers; neither is a figure anyone measured.
            self._report("wrong-type", key_path, f"expected a number, got '{value}'", hint)
            return None
        if abs(value) > MAX_FIGURE:
            # A whole number of 400 digits is no float at all: shown or charted, it raised
            # OverflowError. Compared as it is, never converted.
            self._report("number-out-of-range", key_path,
                         f"{describe(value)} is larger than {MAX_FIGURE:,} in size")
            return None
        return value

    def _url(self, spec: Field, value: Any, key_path: KeyPath) -> str | None:
        if not self.checker.expect(value, str, key_path):
            return None
        if not URL.match(value.strip()):
            self._report("invalid-url", key_path, f"'{value}' is not an http(s) address")
            return None
        return value.strip()

    def _email(self, spec: Field, value: Any, key_path: KeyPath) -> str | None:
        if not self.checker.expect(value, str, key_path):
            return None
        if not EMAIL.match(value.strip()):
            self._report("invalid-email", key_path, f"'{value}' is not an e-mail address")
            return None
        return value.strip()

    def _slugs(self, spec: Field, value: Any, key_path: KeyPath) -> tuple[str, ...] | None:
        items = self._list(value, key_path)
        if items is None:
            return None
        slugs = []
        for index, item in enumerate(items):
            if not self.checker.expect(item, str, (*key_path, index)):
                continue
            if not is_slug(item):
                self._report("invalid-slug", (*key_path, index), f"'{item}' is not a valid slug",
                             "Use lower-case words joined by hyphens, at most "
                             f"{SLUG_MAX} characters.")
                continue
            slugs.append(item)
        return self._unique(slugs, key_path, items)

    def _strings(self, spec: Field, value: Any, key_path: KeyPath) -> tuple[str, ...] | None:
        items = self._list(value, key_path)
        if items is None:
            return None
        out = []
        for index, item in enumerate(items):
            text = self._text(KEYWORD, item, (*key_path, index))
            if text:
                out.append(text)
        return tuple(out)

    def _mapping(self, spec: Field, value: Any, key_path: KeyPath) -> dict[str, Any] | None:
        if not self.checker.expect(value, dict, key_path):
            return None
        return self._fields(value, spec.fields, key_path)

    def _records(self, spec: Field, value: Any, key_path: KeyPath) -> tuple[dict[str, Any], ...]:
        items = self._list(value, key_path) or []
        records = []
        for index, item in enumerate(items):
            record = self._mapping(spec, item, (*key_path, index))
            if record is not None:
                records.append(record)
        return tuple(records)

