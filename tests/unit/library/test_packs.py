"""Session packs (generator/library/packs.py): checked like cases, planned as printable handouts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from casebook.cli import main
from casebook.diagnostics.catalogue import Diagnostic
from casebook.library.load import Library, load_library
from casebook.library.packs import MAX_QUESTIONS, read_pack
from casebook.plan.page import Kind, Page
from casebook.plan.site import plan_site
from tests.helpers.library import ROOT, TODAY, VALID_FRONT, case_text, make_library

SLUGS = ("reverse-mentoring-for-the-executive-team", "shadow-board-for-ethnic-minority-staff",
         "fair-recruitment-panels")

VALID_PACK: dict[str, Any] = {
    "title": "Board accountability for race equality",
    "purpose": "To help a board test how it holds itself to account for race equality.",
    "audience": "Trust chairs and non-executive directors",
    "duration": "90 minutes",
    "cases": [
        {"case": SLUGS[1], "why": "It shows a board hearing directly from staff.",
         "questions": ["Who do we hear from directly, and how often?"]},
        {"case": SLUGS[0], "why": "Executives learned from junior ethnic minority staff.",
         "questions": ["What did our executives learn last year?",
                       "What changed because of it?"]},
    ],
    "facilitator_notes": "Both cases are short; ask people to read them beforehand.\n\n"
                         "- 10 minutes: introductions.\n- 60 minutes: the cases.",
}


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a value used twice is written out twice, as a facilitator would


def pack_yaml(pack: dict[str, Any]) -> str:
    return yaml.dump(pack, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=1000)


def make_pack_library(root: Path, packs: dict[str, str], aliases: tuple[str, ...] = ()) -> Path:
    """A library of three valid cases (the first with `aliases`) and the given pack files."""
    cases = {}
    for index, slug in enumerate(SLUGS):
        front = {**VALID_FRONT, "title": f"{VALID_FRONT['title']} {index}"}
        if index == 0 and aliases:
            front["aliases"] = list(aliases)
        cases[slug] = case_text(front)
    make_library(root, cases)
    (root / "packs").mkdir()
    for name, text in packs.items():
        (root / "packs" / name).write_text(text, encoding="utf-8")
    return root


def load(root: Path) -> Library:
    return load_library(root, today=TODAY)


def pack_problems(library: Library) -> list[Diagnostic]:
    return [d for d in library.diagnostics if "/packs/" in d.path.replace("\\", "/")]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.fixture
def valid(tmp_path: Path) -> Library:
    library = load(make_pack_library(tmp_path / "lib", {"board.yml": pack_yaml(VALID_PACK)}))
    assert library.ok and not library.diagnostics, library.diagnostics
    return library


@pytest.fixture
def pages(valid: Library) -> dict[str, Page]:
    return {p.src: p for p in plan_site(valid, today=TODAY)}


# ---------------------------------------------------------------- validation


def test_a_valid_pack_loads_with_its_cases_in_order(valid):
    """The pack's fields are read, its cases kept in the order written."""
    (pack,) = valid.packs
    assert pack.slug == "board" and pack.duration == "90 minutes"
    assert [e.slug for e in pack.cases] == [SLUGS[1], SLUGS[0]]
    assert pack.cases[1].questions == ("What did our executives learn last year?",
                                       "What changed because of it?")


def test_a_pack_naming_a_missing_case_fails_with_the_line_of_the_slug(tmp_path):
    """unknown-case points at the slug's own line and suggests the closest case."""
    pack = {**VALID_PACK, "cases": [*VALID_PACK["cases"],
                                    {"case": "shadow-board-for-ethnic-minority-staf",
                                     "why": "A misspelt slug in the third entry.",
                                     "questions": ["Is this slug right?"]}]}
    text = pack_yaml(pack)
    library = load(make_pack_library(tmp_path / "lib", {"board.yml": text}))
    assert not library.ok
    (problem,) = pack_problems(library)
    assert problem.code == "unknown-case"
    assert problem.path.endswith("packs/board.yml")
    line = text.splitlines().index("- case: shadow-board-for-ethnic-minority-staf") + 1
    assert (problem.line, problem.col) == (line, len("- case: ") + 1)
    assert "cases[2].case" in problem.message
    assert f"Did you mean '{SLUGS[1]}'?" in problem.hint


def test_casebook_validate_reports_pack_problems_with_file_and_line(tmp_path, capsys):
    """`casebook validate` lists a pack's problems like a case's and exits 1."""
    pack = {**VALID_PACK, "cases": [{**VALID_PACK["cases"][0], "case": "no-such-case"}]}
    root = make_pack_library(tmp_path / "lib", {"board.yml": pack_yaml(pack)})
    assert main(["--root", str(root), "validate"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"packs/board\.yml\n\s+\d+:\d+\s+error\s+unknown-case", out)


@pytest.mark.parametrize("field", ["title", "purpose", "audience", "duration", "cases",
                                   "facilitator_notes"])
def test_a_missing_field_is_reported_by_name(tmp_path, field):
    """Each required field, left out, gives missing-field naming it."""
    pack = {k: v for k, v in VALID_PACK.items() if k != field}
    library = load(make_pack_library(tmp_path / "lib", {"board.yml": pack_yaml(pack)}))
    problems = pack_problems(library)
    assert [(d.code, d.message) for d in problems] == [
        ("missing-field", f"{field}: required field '{field}' is missing")]
    assert not library.ok and not library.packs


@pytest.mark.parametrize("field", ["case", "why", "questions"])
def test_a_missing_field_of_a_case_entry_points_at_the_entry(tmp_path, field):
    """A case entry without one of its fields is reported at the entry's line."""
    entry = {k: v for k, v in VALID_PACK["cases"][1].items() if k != field}
    text = pack_yaml({**VALID_PACK, "cases": [VALID_PACK["cases"][0], entry]})
    library = load(make_pack_library(tmp_path / "lib", {"board.yml": text}))
    (problem,) = pack_problems(library)
    assert problem.code == "missing-field"
    assert problem.message.startswith(f"cases[1].{field}: ")
    first_key = next(iter(entry))
    assert problem.line == line_of(text, f"- {first_key}: {entry[first_key]}")


def test_a_case_listed_twice_is_a_duplicate_value_at_the_second(tmp_path):
    """The second mention of a case is the one reported."""
    text = pack_yaml({**VALID_PACK, "cases": [*VALID_PACK["cases"], VALID_PACK["cases"][0]]})
    library = load(make_pack_library(tmp_path / "lib", {"board.yml": text}))
    (problem,) = pack_problems(library)
    assert problem.code == "duplicate-value"
    lines = [i for i, line in enumerate(text.splitlines(), 1) if SLUGS[1] in line]
    assert problem.line == lines[-1]
    assert "(first as cases[0])" in problem.message


def test_a_bad_file_name_is_an_invalid_slug(tmp_path):
    """packs/Board Pack.yml gets invalid-slug with the name to use instead."""
    library = load(make_pack_library(tmp_path / "lib", {"Board Pack.yml": pack_yaml(VALID_PACK)}))
    (problem,) = pack_problems(library)
    assert (problem.code, problem.line) == ("invalid-slug", 1)
    assert "'board-pack.yml'" in problem.hint


@pytest.mark.parametrize(("change", "code", "where"), [
    ({"facilitator_notes_typo": "x"}, "unknown-field", "facilitator_notes_typo"),
    ({"title": "Short"}, "text-length", "title"),
    ({"duration": 90}, "wrong-type", "duration"),
    ({"cases": []}, "empty-list", "cases"),
    ({"cases": "shadow-board"}, "wrong-type", "cases"),
])
def test_shape_problems_use_the_same_codes_as_cases(tmp_path, change, code, where):
    """Unknown fields, lengths, types and empty lists are reported with the case codes."""
    library = load(make_pack_library(tmp_path / "lib",
                                     {"board.yml": pack_yaml({**VALID_PACK, **change})}))
    codes = [(d.code, d.message.split(":")[0]) for d in pack_problems(library)]
    assert (code, where) in codes


def test_too_many_questions_and_a_question_that_is_not_a_list(tmp_path):
    """More than three questions is a text-length problem; a bare string is wrong-type."""
    entries = [{**VALID_PACK["cases"][0], "questions": ["A question to ask?"] * 4},
               {**VALID_PACK["cases"][1], "questions": "Just one question as text?"}]
    library = load(make_pack_library(tmp_path / "lib", {
        "board.yml": pack_yaml({**VALID_PACK, "cases": entries})}))
    found = {(d.code, d.message.split(":")[0]) for d in pack_problems(library)}
    assert ("text-length", "cases[0].questions") in found
    assert ("wrong-type", "cases[1].questions") in found
    assert MAX_QUESTIONS == 3


def test_a_former_slug_is_reported_with_the_current_one(tmp_path):
    """A pack naming a renamed case's old slug is told the new slug."""
    pack = {**VALID_PACK, "cases": [{**VALID_PACK["cases"][0], "case": "old-mentoring-slug"}]}
    library = load(make_pack_library(tmp_path / "lib", {"board.yml": pack_yaml(pack)},
                                     aliases=("old-mentoring-slug",)))
    (problem,) = pack_problems(library)
    assert problem.code == "unknown-case" and f"Use '{SLUGS[0]}'" in problem.hint


@pytest.mark.parametrize(("text", "code"), [
    ("title: [unclosed\n", "yaml-syntax"),
    ("", "missing-field"),
    ("- just\n- a list\n", "wrong-type"),
])
def test_broken_files_are_diagnostics_not_tracebacks(tmp_path, text, code):
    """Malformed YAML, an empty file and a list instead of fields are each one clear problem."""
    path = tmp_path / "broken.yml"
    path.write_text(text, encoding="utf-8")
    pack, problems = read_pack(path, set(SLUGS))
    assert pack is None
    assert [d.code for d in problems] == [code]


def test_discouraged_wording_is_a_warning_as_in_cases(tmp_path):
    """A pack is held to the same wording guidance as a case."""
    pack = {**VALID_PACK, "audience": "BAME staff network chairs"}
    library = load(make_pack_library(tmp_path / "lib", {"board.yml": pack_yaml(pack)}))
    (problem,) = pack_problems(library)
    assert (problem.code, problem.is_error) == ("discouraged-term", False)
    assert library.ok


def test_checking_some_case_files_leaves_packs_alone(tmp_path):
    """`casebook validate cases/x.md` checks that file, not the library's packs."""
    pack = {**VALID_PACK, "cases": [{**VALID_PACK["cases"][0], "case": "no-such-case"}]}
    root = make_pack_library(tmp_path / "lib", {"board.yml": pack_yaml(pack)})
    library = load_library(root, [root / "cases" / f"{SLUGS[0]}.md"], today=TODAY)
    assert library.ok and not library.packs


def test_the_two_real_packs_validate():
    """The repository's packs load without a single diagnostic."""
    library = load_library(ROOT)
    assert not pack_problems(library)
    titles = {p.title for p in library.packs}
    assert {"Board accountability for race equality",
            "Fair recruitment and progression"} <= titles
    for pack in library.packs:
        assert all(1 <= len(e.questions) <= 3 for e in pack.cases)


# ---------------------------------------------------------------- pages


def test_pack_pages_are_planned_with_the_cases_in_order(pages):
    """The handout links each case, in the pack's order, with why and the questions."""
    page = pages["packs/board.md"]
    md = page.markdown
    links = re.findall(r"\]\(\.\./cases/([\w-]+)\.md\)", md)
    assert links == [SLUGS[1], SLUGS[0]]
    assert md.index("## 1\\.") < md.index("## 2\\.") < md.index("## Facilitator notes")
    assert "**Why it is in this pack.** It shows a board hearing directly from staff." in md
    assert "<li>What did our executives learn last year?</li>" in md
    assert "- 60 minutes: the cases." in md
    assert "Strength of evidence:" in md and 'href="../../evidence/promising/"' in md
    assert not page.in_nav and page.kind is Kind.PAGE


def test_the_packs_index_lists_every_pack_and_is_in_the_nav(pages):
    """/packs/ links each pack's handout and shows its audience and duration."""
    index = pages["packs/index.md"]
    assert index.in_nav
    assert "[Board accountability for race equality](board.md)" in index.markdown
    assert "**Time:** 90 minutes" in index.markdown


def test_case_pages_list_the_packs_that_use_them(pages):
    """Cases in a pack say so and link it; a case in no pack has no such section."""
    for slug in SLUGS[:2]:
        meta = pages[f"cases/{slug}.md"].front_matter()
        assert ["used-in-session-packs", "Used in session packs"] in meta["casebook_sections_toc"]
        assert ('<a href="../../packs/board/">Board accountability for race equality</a>'
                in meta["casebook_sections"])
    assert "Used in session packs" not in pages[f"cases/{SLUGS[2]}.md"].case.sections


def test_pack_text_is_escaped_in_markdown(tmp_path):
    """Markdown and HTML in a pack's text show as written."""
    pack = {**VALID_PACK, "title": "Accountability [on race] <b>now</b> *today*"}
    library = load(make_pack_library(tmp_path / "lib", {"board.yml": pack_yaml(pack)}))
    md = next(p for p in plan_site(library, today=TODAY) if p.src == "packs/board.md").markdown
    assert md.startswith("# Accountability \\[on race\\] &lt;b&gt;now&lt;/b&gt; \\*today\\*")


def test_a_library_without_packs_plans_only_the_packs_index(tmp_path):
    """No packs/ folder: the navigation's packs index says so; no handouts, no case section."""
    root = make_library(tmp_path / "lib", {SLUGS[0]: case_text()})
    planned = plan_site(load(root), today=TODAY)
    packs = [p for p in planned if p.src.startswith("packs/")]
    assert [p.src for p in packs] == ["packs/index.md"]
    assert "There are no packs yet." in packs[0].markdown
    assert all("Used in session packs" not in p.markdown + (p.case.sections if p.case else "")
               for p in planned)
