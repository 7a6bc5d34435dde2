"""A pack handout carries its cases' text: built by `casebook build` (strict), a pack of two
real cases with impact charts and "What did not work", the hostile corpus's case whose
sections try to leave their place, and another hostile case, shows under each case, in the
pack's order, its "What they did", "Impact" and "What did not work" in the case file's own
words, with no markup of theirs and every id unique on the page.

The case files are read with PyYAML and plain string work, not through Casebook."""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from casebook.cli import main
from tests.helpers.library import HOSTILE, ROOT, copy_site_files

HOSTILE_SLUG = "pack-text-that-tries-to-leave-its-case"
PANEL_SLUG = "what-did-not-work-that-tries-to-leave-its-panel"
REAL = ("race-strategy-that-did-not-shift-the-dial-tavistock-and-portman",
        "ethnicity-pay-gap-rose-in-second-year-of-reporting-berkshire-healthcare")
ORDER = (REAL[0], HOSTILE_SLUG, REAL[1], PANEL_SLUG)
SECTIONS = ("What they did", "Impact", "What did not work")
_TAG = re.compile(r"<[^>]+>")
_MARKDOWN = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")


def _case_file(slug: str) -> Path:
    hostile = HOSTILE / "cases" / f"{slug}.md"
    return hostile if hostile.exists() else ROOT / "cases" / f"{slug}.md"


@pytest.fixture(scope="module")
def pack_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("packtext")
    root = folder / "library"
    copy_site_files(root)
    (root / "cases").mkdir()
    (root / "packs").mkdir()
    for slug in ORDER:
        shutil.copyfile(_case_file(slug), root / "cases" / f"{slug}.md")
    pack = {"title": "Cases in their own words",
            "purpose": "To read each case of the pack in full, in its own words.",
            "audience": "Board members", "duration": "60 minutes",
            "cases": [{"case": slug, "why": f"Why {slug} is here.",
                       "questions": [f"What does {slug} ask of us?"]} for slug in ORDER],
            "facilitator_notes": "Notes for whoever runs the session, long enough to pass."}
    (root / "packs" / "own-words.yml").write_text(yaml.safe_dump(pack), encoding="utf-8")
    site = folder / "site"
    assert main(["--root", str(root), "build", "--site-dir", str(site), "--quiet"]) == 0
    return (site / "packs" / "own-words" / "index.html").read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def _file_sections(slug: str) -> dict[str, str]:
    """Each level-2 section of the case file's body, as plain words (links as their text)."""
    body = _case_file(slug).read_text(encoding="utf-8").split("---\n", 2)[2]
    parts = re.split(r"^## (.+)$", body, flags=re.MULTILINE)
    return {title.strip(): " ".join(_MARKDOWN.sub(r"\1", text).split())
            for title, text in zip(parts[1::2], parts[2::2], strict=True)}


def _case_blocks(page: str) -> list[str]:
    """The HTML under each case's level-2 heading, up to the next level-2 heading."""
    article = page[page.index("<h1"):]
    return re.split(r"<h2\b", article)[1:len(ORDER) + 1]


def test_each_case_shows_its_sections_in_order_in_its_own_words(pack_html: str) -> None:
    blocks = _case_blocks(pack_html)
    for slug, block in zip(ORDER[::2], blocks[::2], strict=True):  # the real cases
        assert f"cases/{slug}/" in block
        own = _file_sections(slug)
        starts = [block.index(f">{title}<a") for title in SECTIONS]
        assert starts == sorted(starts), slug
        text = _text(block)
        for title in SECTIONS:
            first_words = own[title][:120]
            assert first_words in text, (slug, title)
        assert _file_sections(slug)["Lessons"][:80] not in text  # the lessons stay on its page
        assert "Questions for your board" not in text


def test_the_cases_come_in_the_pack_s_order(pack_html: str) -> None:
    blocks = _case_blocks(pack_html)
    linked = [re.search(r'href="\.\./\.\./cases/([^/]+)/"', block) for block in blocks]
    assert [match.group(1) if match else "" for match in linked] == list(ORDER)


def test_every_id_on_the_page_is_unique(pack_html: str) -> None:
    ids = re.findall(r'\sid="([^"]*)"', pack_html)
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    # The handout's own heading keeps its anchor; the case's heading of that name does not.
    assert '<h2 id="facilitator-notes">Facilitator notes' in pack_html
    # Each chart's text alternative is named by an id that is on the page, once.
    labelled = re.findall(r'aria-labelledby="([^"]*)"', pack_html)
    charts = [name for name in labelled if name.startswith("cb-chart")]
    assert len(charts) >= 2 and len(set(charts)) == len(charts)
    for name in labelled:
        assert f' id="{name}"' in pack_html


class _Nesting(HTMLParser):
    """Where each case-text block, address and 'Questions to discuss' sits."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.addresses_inside_text: int = 0
        self.text_blocks: int = 0
        self.discuss_inside_text: int = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        inside = "cb-pack__text" in self.stack
        self.addresses_inside_text += inside and "cb-print-address" in classes
        self.discuss_inside_text += inside and bool({"cb-discuss", "cb-discuss__heading"}
                                                     & set(classes))
        if tag in ("br", "img", "hr", "input", "meta", "link", "path", "rect", "line"):
            return
        self.text_blocks += "cb-pack__text" in classes
        self.stack.append("cb-pack__text" if "cb-pack__text" in classes else tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()


def test_hostile_sections_show_their_text_and_nothing_more(pack_html: str) -> None:
    hostile = _case_blocks(pack_html)[1]
    text = _text(hostile)
    for words in ("Hostile words open the section.", "Hostile impact words."):
        assert words in text
    # Its "What did not work" opens an element it never closes: carried, it would wrap what
    # follows it, so the pack leaves it out, as /learning-from-failure/ does.
    assert "Hostile failure words." not in text
    # Its forged address is a plain link: the handout prints the cases' addresses only.
    assert pack_html.count('class="cb-print-address"') == len(ORDER)
    assert 'class="cb-print-address cb-discuss"' not in pack_html
    assert "casebook:pack-text" not in pack_html  # every place filled, none forged
    assert "The lessons stay on the case page." not in pack_html
    nesting = _Nesting()
    nesting.feed(pack_html[pack_html.index("<h1"):])
    assert nesting.text_blocks == len(ORDER)
    assert nesting.addresses_inside_text == 0
    assert nesting.discuss_inside_text == 0
    # The case whose place the hostile body names has its text under its own heading, once.
    named = _file_sections(REAL[1])["What they did"][:120]
    assert named not in text
    assert _text(pack_html).count(named) == 1
