"""generator/library/yamldoc.py: safe YAML with the exact position of every key and value."""

from __future__ import annotations

import datetime as dt
import time

from casebook.diagnostics.catalogue import Pos
from casebook.library import yamldoc
from casebook.library.shapes import Checker
from casebook.library.yamldoc import MAX_DEPTH, MAX_NODES, YamlResult, dotted, parse_yaml


def _codes(result: YamlResult) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.col) for d in result.diagnostics]


def test_keys_and_values_have_exact_lines_and_columns():
    """A key's position is where the key starts; its value's is under the key path plus '='."""
    result = parse_yaml("title: A title\nsource:\n  publisher: NHS Providers\n  year: 2024\n",
                        "case.md")
    assert result.positions[("title",)] == Pos(1, 1)
    assert result.positions[("title", "=")] == Pos(1, 8)
    assert result.positions[("source", "publisher")] == Pos(3, 3)
    assert result.positions[("source", "year", "=")] == Pos(4, 9)
    assert result.value == {"title": "A title",
                            "source": {"publisher": "NHS Providers", "year": 2024}}


def test_list_items_have_their_own_positions_in_flow_and_block_lists():
    """Each item of a list is found at its own line and column."""
    result = parse_yaml("areas: [data, hr-processes]\nkeywords:\n  - one\n  - two\n", "c.md")
    assert result.positions[("areas", 1)] == Pos(1, 15)
    assert result.positions[("keywords", 1)] == Pos(4, 5)


def test_line_offset_moves_every_position_down():
    """The front-matter starts on line 2 of a case file; positions are file lines."""
    result = parse_yaml("title: x\n", "c.md", line_offset=1)
    assert result.positions[("title",)] == Pos(2, 1)


def test_pos_falls_back_to_the_nearest_ancestor_with_a_position():
    """A missing key is reported where its parent mapping is."""
    result = parse_yaml("source:\n  year: 2024\n", "c.md")
    assert result.pos(("source", "publisher")) == Pos(1, 1)
    assert result.pos(("nothing", "here")) == Pos(1, 1)


def test_a_key_given_twice_is_reported_at_the_second_and_the_first_value_kept():
    """PyYAML would silently keep the last value; we keep the first and say so."""
    result = parse_yaml("outcome: improved\nsource:\n  year: 1\n  year: 2\noutcome: mixed\n",
                        "c.md")
    assert _codes(result) == [("duplicate-key", 4, 3), ("duplicate-key", 5, 1)]
    assert "first on line 3" in result.diagnostics[0].message
    assert result.diagnostics[1].message == "outcome: given twice (first on line 1)"
    assert result.value == {"outcome": "improved", "source": {"year": 1}}


def test_an_alias_is_reported_and_its_value_is_not_used():
    """'*name' never copies a value: it is reported, and the value is None."""
    result = parse_yaml("outcome: &o improved\nregion: *o\n", "c.md")
    assert _codes(result) == [("yaml-alias", 2, 1)]
    assert result.value == {"outcome": "improved", "region": None}
    assert ("region",) in result.aliased


def test_a_check_on_an_aliased_value_does_not_report_it_a_second_time():
    """One diagnostic per mistake: the alias, not also 'missing' or 'wrong type'."""
    result = parse_yaml("title: &t Some title\nsummary: *t\nkeywords: [a, *t]\n", "c.md")
    checker = Checker(result, "c.md")
    checker.report("missing-field", ("summary",), "required field missing")
    checker.expect(result.value["keywords"][1], str, ("keywords", 1))
    assert checker.diagnostics == []
    assert [d.code for d in result.diagnostics] == ["yaml-alias", "yaml-alias"]


def test_a_merge_key_is_reported_and_fields_it_would_have_given_are_not_also_missing():
    """'<<: *base' is refused once; the fields it would have merged are not reported."""
    result = parse_yaml("base: &b {publisher: X}\nsource:\n  <<: *b\n  year: 2024\n", "c.md")
    assert _codes(result) == [("yaml-alias", 3, 3)]
    checker = Checker(result, "c.md")
    checker.report("missing-field", ("source", "publisher"), "required field missing")
    checker.report("missing-field", ("title",), "required field missing")
    assert [d.message for d in checker.diagnostics] == ["title: required field missing"]


def test_a_billion_laughs_document_finishes_at_once_with_one_diagnostic_per_alias():
    """Nine levels of nine aliases would expand to 9**9 values; we never expand one."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    started = time.perf_counter()
    result = parse_yaml("\n".join(lines), "c.md")
    assert time.perf_counter() - started < 1.0
    assert len(result.diagnostics) == 81
    assert {d.code for d in result.diagnostics} == {"yaml-alias"}


def test_nesting_deeper_than_the_limit_is_one_syntax_diagnostic():
    """A value nested more than MAX_DEPTH levels is refused, not built."""
    depth = MAX_DEPTH + 5
    result = parse_yaml("k: " + "[" * depth + "]" * depth, "c.md")
    assert result.value is None
    assert [d.code for d in result.diagnostics] == ["yaml-syntax"]
    assert f"more than {MAX_DEPTH} levels" in result.diagnostics[0].message


def test_hundreds_of_thousands_of_brackets_do_not_crash_the_interpreter():
    """compose() would recurse in C until a segmentation fault; the depth is checked first."""
    started = time.perf_counter()
    result = parse_yaml("keywords: " + "[" * 300_000 + "]" * 300_000, "c.md", line_offset=1)
    assert time.perf_counter() - started < 1.0
    # The root mapping is depth 0 and the first "[" (column 11) depth 1.
    assert _codes(result) == [("yaml-syntax", 2, 11 + MAX_DEPTH)]


def test_deep_block_nesting_on_one_line_is_caught_too():
    """'- - - - x' nests a list per dash, with no brackets at all."""
    result = parse_yaml("- " * 100_000 + "x", "c.md")
    assert [d.code for d in result.diagnostics] == ["yaml-syntax"]
    assert result.value is None


def test_more_values_than_the_limit_is_one_syntax_diagnostic():
    """A front-matter of tens of thousands of values is refused, not built."""
    result = parse_yaml("k: [" + "1, " * (MAX_NODES + 1) + "]", "c.md")
    assert result.value is None
    assert [d.code for d in result.diagnostics] == ["yaml-syntax"]
    assert f"more than {MAX_NODES} values" in result.diagnostics[0].message


def test_a_real_date_becomes_a_date_and_an_impossible_one_stays_text():
    """2025-02-30 is not a crash: it stays text for the validator to report."""
    result = parse_yaml("a: 2024-02-29\nb: 2025-02-30\nc: 2025-13-01\nd: 2025-01-01 10:00:00\n",
                        "c.md")
    assert result.value == {"a": dt.date(2024, 2, 29), "b": "2025-02-30", "c": "2025-13-01",
                            "d": "2025-01-01 10:00:00"}
    assert result.diagnostics == []


def test_explicit_tags_never_raise_and_never_build_python_objects():
    """'!!int' with no digits, '!!bool maybe' and python tags keep their text."""
    text = ("a: !!int\nb: !!bool maybe\nc: !!python/object/apply:os.system [ls]\n"
            "d: !!python/name:os.system\ne: !!float x\n")
    result = parse_yaml(text, "c.md")
    assert result.diagnostics == []
    assert result.value == {"a": "", "b": "maybe", "c": ["ls"], "d": "", "e": "x"}


def test_scalars_are_typed_as_yaml_reads_them():
    """Numbers, booleans and null keep their YAML meaning; quoted text stays text."""
    result = parse_yaml('a: 3\nb: 2.5\nc: true\nd: ~\ne: "3"\nf: 0x10\n', "c.md")
    assert result.value == {"a": 3, "b": 2.5, "c": True, "d": None, "e": "3", "f": 16}


def test_a_syntax_error_points_at_its_line_and_is_the_only_diagnostic():
    """After a syntax error nothing else in the document can be trusted."""
    result = parse_yaml("a: 1\na: 2\ntitle: Reverse mentoring: a year on\n", "c.md",
                        line_offset=1)
    assert _codes(result) == [("yaml-syntax", 4, 25)]
    assert result.value is None


def test_a_tab_in_the_indentation_gets_a_hint_about_spaces():
    """libyaml says only 'cannot start any token'; the hint names the tab."""
    result = parse_yaml("source:\n\tyear: 2024\n", "c.md")
    assert _codes(result) == [("yaml-syntax", 2, 1)]
    assert "tab" in result.diagnostics[0].hint


def test_two_documents_are_a_syntax_error_at_the_second():
    """A stray '---' inside the front-matter starts a second document."""
    result = parse_yaml("a: 1\n--- b\n", "c.md")
    assert _codes(result) == [("yaml-syntax", 2, 1)]


def test_an_empty_document_is_no_value_and_no_diagnostic():
    """Empty front-matter is for the case loader to report, not the YAML reader."""
    for text in ("", "\n\n", "# only a comment\n"):
        result = parse_yaml(text, "c.md")
        assert (result.value, result.diagnostics) == (None, [])


def test_the_scalar_constructor_forgets_every_node_it_built():
    """Memory does not grow with every file read, as it would in `mkdocs serve`."""
    for _ in range(3):
        parse_yaml("a: 1\nb: [2, 3.5, true, null]\n", "c.md")
    assert yamldoc._CONSTRUCTOR.constructed_objects == {}


def test_dotted_paths_read_as_written_in_the_file():
    """Key paths read like the front-matter: source.year, impact[0].baseline.value."""
    assert dotted(("source", "year")) == "source.year"
    assert dotted(("impact", 0, "baseline", "value")) == "impact[0].baseline.value"
    assert dotted(()) == "front-matter"
