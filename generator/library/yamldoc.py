"""Safe YAML reading that keeps the position of every key and value.

PyYAML's `compose()` gives each node a start mark; we build plain Python values from the
nodes ourselves so that we can (a) record exact positions, (b) refuse anchors and aliases
(a "billion laughs" document expands exponentially), (c) report duplicate keys, which PyYAML
silently overwrites, and (d) turn an impossible date into a diagnostic instead of a crash.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from casebook.diagnostics.catalogue import Diagnostic, Pos, diagnostic

# A key path such as ("source", "year") or ("impact", 0, "measure").
KeyPath = tuple[str | int, ...]

MAX_DEPTH = 20
MAX_NODES = 20_000
# A date as the contract writes it, YYYY-MM-DD (YAML reads other timestamps too).
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"
_CONSTRUCTOR = yaml.SafeLoader("")  # only used for its scalar constructors
# libyaml's parser is several times faster and gives the same marks; fall back when absent.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Every mapping or list opens at one of these characters, so a text with few of them cannot be
# nested deeply enough to hurt compose(); only texts with more are scanned first.
_OPENERS = "[{-?:"
_SCAN_ABOVE = 1_000
_TAB_HINT = "Indent with spaces; YAML does not allow tab characters for indentation."


@dataclass
class YamlResult:
    """Plain values, the position of each key path, and what went wrong."""

    value: Any = None
    positions: dict[KeyPath, Pos] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Aliases replaced by None, and mappings whose merge key ('<<') was refused: both are
    # reported once here, so checks skip the problems that only follow from them.
    aliased: set[KeyPath] = field(default_factory=set)
    merged: set[KeyPath] = field(default_factory=set)

    def pos(self, path: KeyPath) -> Pos:
        """The position of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), Pos(1, 1))

    def narrowed(self, keys: tuple[str, ...]) -> YamlResult:
        """This result with the positions of `keys` and of the document alone."""
        kept = {path: pos for path, pos in self.positions.items() if not path or path[0] in keys}
        return replace(self, positions=kept)

    def already_reported(self, code: str, path: KeyPath) -> bool:
        """True when a problem at `path` only follows from an alias or merge key reported."""
        return path in self.aliased or (code == "missing-field" and path[:-1] in self.merged)


class _TooComplexError(Exception):
    pass


def _pos(node: yaml.Node, line_offset: int) -> Pos:
    return Pos(node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


def parse_yaml(text: str, path: str, line_offset: int = 0) -> YamlResult:
    """Parse one YAML document; `line_offset` is the file line before the text's first line."""
    result = YamlResult()
    deep = _too_deep(text, line_offset)
    if deep is not None:
        result.diagnostics.append(_too_complex(path, deep, _NESTED))
        return result
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Pos(mark.line + 1 + line_offset, mark.column + 1) if mark else Pos(1 + line_offset, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        hint = _TAB_HINT if "'\\t'" in problem or _tab_indented(text, mark) else ""
        result.diagnostics.append(
            diagnostic("yaml-syntax", path, pos, f"invalid YAML: {problem}", hint)
        )
        return result
    except yaml.YAMLError as exc:
        result.diagnostics.append(
            diagnostic("yaml-syntax", path, Pos(1 + line_offset, 1), f"invalid YAML: {exc}")
        )
        return result
    except RecursionError:
        result.diagnostics.append(
            diagnostic("yaml-syntax", path, Pos(1 + line_offset, 1),
                       "invalid YAML: values are nested too deeply")
        )
        return result
    if node is None:
        return result
    result.positions[()] = _pos(node, line_offset)
    builder = _Builder(path, line_offset, result)
    try:
        result.value = builder.build(node, (), 0)
    except _TooComplexError as exc:
        result.value = None
        result.diagnostics.append(_too_complex(path, _pos(node, line_offset), str(exc)))
    return result


_NESTED = f"values are nested more than {MAX_DEPTH} levels deep"


def _too_complex(path: str, pos: Pos, problem: str) -> Diagnostic:
    return diagnostic("yaml-syntax", path, pos, f"invalid YAML: {problem}",
                      "Keep the front-matter to plain fields, short lists and small mappings.")


def _too_deep(text: str, line_offset: int) -> Pos | None:
    """Where nesting first passes MAX_DEPTH, found without recursion; None when it never does.

    `yaml.compose()` recurses in C: a few tens of thousands of '[' crash the interpreter with
    a segmentation fault, which no `except` catches. libyaml's event parser keeps its own
    stack, so it looks first, and stops at the first level too deep (parsing deep nesting to
    the end takes time quadratic in the depth).
    """
    if sum(text.count(c) for c in _OPENERS) <= _SCAN_ABOVE:
        return None
    return _first_too_deep(text, line_offset, look_again=True)


def _first_too_deep(text: str, line_offset: int, *, look_again: bool) -> Pos | None:
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                start = event.start_mark  # as _pos() reads a node's; a parser marks every event
                if depth - 1 > MAX_DEPTH and start is not None:  # the root is at depth 0
                    return Pos(start.line + 1 + line_offset, start.column + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml (PyYAML 6.0.3 and later) refuses nesting past its own limit of 1,000
        # levels, and reads up to 1,024 characters ahead before it hands over events, so
        # the refusal can come before the event where our limit is passed. The text up to
        # the refusal nests less deeply, and gives the events.
        mark = exc.problem_mark
        if look_again and mark is not None and "nesting depth" in (exc.problem or ""):
            return _first_too_deep(text[:mark.index], line_offset, look_again=False)
        return None  # compose() reports it, having nested no deeper than this scan did
    except yaml.YAMLError:
        return None
    return None


def _tab_indented(text: str, mark: yaml.Mark | None) -> bool:
    """True when the line of a syntax error is indented with a tab (libyaml does not say so)."""
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines):
        return False
    line = lines[mark.line]
    return "\t" in line[: len(line) - len(line.lstrip(" \t"))]


class _Builder:
    def __init__(self, path: str, line_offset: int, result: YamlResult) -> None:
        self.path = path
        self.line_offset = line_offset
        self.result = result
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, key_path: KeyPath, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _TooComplexError(f"values are nested more than {MAX_DEPTH} levels deep")
        if id(node) in self.seen:
            # The same node reached twice can only be an alias: point at where it is used.
            where = self.result.positions.get(key_path, _pos(node, self.line_offset))
            self.result.positions[(*key_path, "=")] = where
            self.result.aliased.add(key_path)
            self.result.diagnostics.append(
                diagnostic("yaml-alias", self.path, where,
                           f"{dotted(key_path)}: YAML aliases are not allowed")
            )
            return None
        self.seen.add(id(node))
        if len(self.seen) > MAX_NODES:
            raise _TooComplexError(f"more than {MAX_NODES} values")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key_path, depth)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                child = (*key_path, index)
                self.result.positions[child] = _pos(item, self.line_offset)
                items.append(self.build(item, child, depth + 1))
            return items
        return self._scalar(node, key_path)

    def _mapping(self, node: yaml.MappingNode, key_path: KeyPath, depth: int) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.result.diagnostics.append(
                    diagnostic("yaml-alias", self.path, _pos(key_node, self.line_offset),
                               "YAML merge keys ('<<') are not allowed")
                )
                self.result.merged.add(key_path)
                continue
            key = self.build(key_node, key_path, depth + 1)
            if not isinstance(key, str | int | bool | float) and key is not None:
                key = str(key)
            label = str(key)
            if label in mapping:
                self.result.diagnostics.append(
                    diagnostic(
                        "duplicate-key", self.path, _pos(key_node, self.line_offset),
                        f"{dotted((*key_path, label))}: given twice (first on line "
                        f"{self.result.positions[(*key_path, label)].line})",
                    )
                )
                continue
            child = (*key_path, label)
            self.result.positions[child] = _pos(key_node, self.line_offset)
            self.result.positions[(*child, "=")] = _pos(value_node, self.line_offset)
            mapping[label] = self.build(value_node, child, depth + 1)
        return mapping

    def _scalar(self, node: yaml.Node, key_path: KeyPath) -> Any:
        if node.tag == _STR_TAG:
            return node.value  # most scalars: no need for the general constructor
        if node.tag == _TIMESTAMP_TAG:
            return date_or_text(node.value)
        try:
            return _CONSTRUCTOR.construct_object(node, deep=True)
        except Exception:
            # Any failure ('!!int' with no digits raises IndexError, '!!bool x' KeyError)
            # keeps the text, for the validator to report as the wrong type.
            return node.value
        finally:
            # The constructor remembers every node it built; forget them, or memory only grows.
            _CONSTRUCTOR.constructed_objects.clear()
            _CONSTRUCTOR.recursive_objects.clear()


def date_or_text(value: str) -> dt.date | str:
    """A YAML timestamp as a date; an impossible one stays text for the validator to report."""
    if DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def dotted(key_path: KeyPath) -> str:
    out = ""
    for part in key_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "front-matter"
