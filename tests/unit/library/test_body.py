"""library/body.py: headings, unsafe HTML and links, link targets, personal data, wording."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.diagnostics.catalogue import Pos
from casebook.library.body import MAX_WORDS, _rule_lines, check_body, check_field
from casebook.library.contract import REQUIRED_HEADINGS
from casebook.library.links import Links, check_html, is_unsafe_url, link_findings
from casebook.library.wording import check_wording, is_nhs_number, personal_findings

HEADINGS = "\n\n".join(f"## {h}\n\nText." for h in REQUIRED_HEADINGS)
FIRST = 20  # the file line the body starts on


def _check(extra: str = "", body: str | None = None, known: tuple[str, ...] = (),
           cases_dir: Path = Path("/nonexistent/cases")) -> list[tuple[str, int, int]]:
    text = f"{extra}\n\n{HEADINGS}\n" if body is None else body
    found = check_body(text, FIRST, Path("c.md"), set(known).__contains__, cases_dir)
    return [(d.code, d.line, d.col) for d in found]


def test_a_body_with_the_four_headings_in_order_has_no_problems():
    """The baseline every other test adds one thing to."""
    assert _check("An introduction.") == []


def test_each_missing_heading_is_reported_on_the_first_line_of_the_body():
    """The contributor sees every missing heading at once."""
    found = _check(body="## The challenge\n\nText.\n")
    assert found == [("missing-heading", FIRST, 1)] * 3


def test_headings_out_of_order_are_reported_at_the_one_that_comes_too_early():
    """'## Lessons' before '## Impact' points at the Lessons heading."""
    body = "## The challenge\n\n## What they did\n\n## Lessons\n\n## Impact\n"
    assert _check(body=body) == [("heading-order", FIRST + 4, 1)]


def test_headings_match_whatever_their_case_and_extra_headings_are_allowed():
    """'## the CHALLENGE' counts, and '## Background' may sit between them."""
    body = "## Background\n\n## the CHALLENGE\n\n## What they did\n\n## Impact\n\n## Lessons\n"
    assert _check(body=body) == []


def test_a_heading_inside_a_code_block_does_not_count():
    """A fenced example of a heading is not the heading."""
    body = HEADINGS.replace("## Lessons", "```\n## Lessons\n```")
    assert [code for code, _, _ in _check(body=body)] == ["missing-heading"]


@pytest.mark.parametrize(("html", "col"), [
    ("<script>alert(1)</script>", 8),
    ("<SCRIPT>alert(1)</SCRIPT>", 8),
    ("< script>alert(1)</script>", 8),
    ('<iframe src="https://example.org"></iframe>', 8),
    ("<style>body {display: none}</style>", 8),
    ('<form action="https://example.org">', 8),
    ('<img src="https://example.org/a.png" onerror="alert(1)">', 45),
    ("<svg/onload=alert(1)>", 13),
])
def test_unsafe_html_is_one_diagnostic_at_its_column(html, col):
    """Scripts, frames, styles, forms and event handlers are refused where they start."""
    assert _check(f"Before {html}") == [("unsafe-html", FIRST, col)]


def test_an_event_handler_on_a_later_line_of_a_tag_is_caught():
    """Markdown passes a tag spread over lines through whole, handler and all."""
    body = f'<img src="https://example.org/a.png"\n     onerror="alert(1)">\n\n{HEADINGS}'
    assert _check(body=body) == [("unsafe-html", FIRST + 1, 6)]


def test_an_unsafe_address_on_a_later_line_of_a_tag_is_caught():
    """href= on its own line still belongs to the tag above it."""
    body = f'<a\n  href="javascript:alert(1)">x</a>\n\n{HEADINGS}'
    assert _check(body=body) == [("unsafe-url", FIRST + 1, 9)]


def test_html_in_a_fenced_code_block_is_only_shown_never_run():
    """A fenced block may show <script> as text."""
    body = f"An example:\n\n```html\n<script>alert(1)</script>\n```\n\n{HEADINGS}"
    assert _check(body=body) == []


def test_a_script_tag_in_a_code_span_is_still_refused():
    """Markdown's rules for code spans are too subtle to mirror, so a span is no shelter."""
    assert _check("Never write `<script>` here.") == [("unsafe-html", FIRST, 14)]


@pytest.mark.parametrize("url", [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106avascript:alert(1)",
    "java&Tab;script:alert(1)",
    "java&#x0A;script:alert(1)",
    "java\tscript:alert(1)",
    "jav\u200bascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "file:///etc/passwd",
])
def test_script_and_data_addresses_are_unsafe_however_disguised(url):
    """Entities, invisible characters, whitespace and case do not hide the scheme."""
    assert is_unsafe_url(url)


@pytest.mark.parametrize("url", [
    "https://www.example.nhs.uk/report.pdf", "http://example.org", "../other-case/",
    "other-case.md", "images/chart.png", "#the-challenge", "mailto:edi@example.nhs.uk",
    "/cases/other-case/", "javascript-guide.md",
])
def test_ordinary_addresses_are_safe(url):
    """Web addresses, relative links, anchors and mail links pass."""
    assert not is_unsafe_url(url)


@pytest.mark.parametrize(("line", "col"), [
    ("See [the report](javascript:alert(1)).", 18),
    ("See [the report]( &#106;avascript:alert(1)).", 19),
    ('<a href="java&Tab;script:alert(1)">x</a>', 10),
    ("<a href=javascript:alert(1)>x</a>", 9),
    ("[report]: javascript:alert(1)", 11),
    ("<javascript:alert(1)>", 2),
    ("![chart](data:image/svg+xml;base64,PHN2Zz4=)", 10),
])
def test_an_unsafe_link_is_one_diagnostic_at_the_address(line, col):
    """Links, definitions, autolinks and attributes; a disguised one is not also 'broken'."""
    assert _check(line) == [("unsafe-url", FIRST, col)]


def test_links_to_cases_resolve_in_each_of_their_written_forms(tmp_path):
    """'other.md', '../other/', '../other/#anchor' and './other.md' reach an existing case."""
    (tmp_path / "other-case.md").write_text(f"---\ntitle: x\n---\n{HEADINGS}\n", "utf-8")
    extra = ("[a](other-case.md) [b](../other-case/) [c](../other-case/#impact) "
             "[d](./other-case.md) [e](other-case.md#lessons)")
    assert _check(extra, known=("other-case",), cases_dir=tmp_path) == []


def test_a_link_to_a_missing_case_or_image_is_broken(tmp_path):
    """Each broken link is reported at its own column."""
    extra = "[a](missing.md) [b](../missing/) ![c](images/missing.png)"
    assert _check(extra, cases_dir=tmp_path) == [
        ("broken-link", FIRST, 5), ("broken-link", FIRST, 21), ("broken-link", FIRST, 39)]


def test_an_image_beside_the_cases_resolves(tmp_path):
    """A relative image inside the cases folder is a real file, so not broken."""
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "chart.png").write_bytes(b"\x89PNG")
    assert _check("![A chart](images/chart.png)", cases_dir=tmp_path) == []


@pytest.mark.parametrize("target", [
    "../taxonomy.yml", "../cases/../taxonomy.yml", "images/../../taxonomy.yml",
    "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd",
])
def test_a_link_that_climbs_out_of_the_cases_folder_is_broken_even_if_the_file_exists(
        tmp_path, target):
    """A relative link never reaches a file outside the cases folder, such as taxonomy.yml."""
    cases_dir = tmp_path / "library" / "cases"
    (cases_dir / "images").mkdir(parents=True)
    (tmp_path / "library" / "taxonomy.yml").write_text("facets: {}\n", encoding="utf-8")
    assert _check(f"[x]({target})", cases_dir=cases_dir) == [("broken-link", FIRST, 5)]


def test_web_addresses_and_anchors_are_not_checked_as_files():
    """Only relative links are looked up."""
    extra = "[a](https://example.org/x.md) [b](#impact) [d](mailto:a@b.org)"
    assert [c for c, _, _ in _check(extra)] == ["personal-data"]


@pytest.mark.parametrize("link", ["[c](/about/)", "[c](/cases/other/)", "[c]: /x/",
                                  "<a href=\"/cases/x/\">c</a>", "[c](\\cases)"])
def test_a_link_from_the_root_of_the_site_is_refused(link):
    """The strict build refuses it (issue 13, class 12), so validate does first."""
    assert [c for c, _, _ in _check(link)] == ["root-relative-link"]


@pytest.mark.parametrize(("link", "codes"), [
    ("[a](#the-challenge)", []),
    ("[a](#what-they-did)", []),
    ("[a](#nope)", ["missing-anchor"]),
    ("[a](other-case.md#lessons)", []),
    ("[a](../other-case/#our-panel)", []),
    ("[a](other-case.md#nope)", ["missing-anchor"]),
    ("[a](other-case.md#emphasised)", ["missing-anchor"]),  # an id it cannot be sure of
    ("[a](other-case.md#impact_1)", []),
    ('<a href="#nope">a</a>', []),  # raw HTML: MkDocs does not check it either
])
def test_a_link_to_an_anchor_is_checked_against_the_target_s_headings(tmp_path, link, codes):
    """An anchor the strict build would not find is missing-anchor (issue 13, class 12)."""
    other = "## Impact\n\n## Our panel {: #our-panel }\n\n## *Emphasised*\n\n## Impact\n"
    (tmp_path / "other-case.md").write_text(f"---\ntitle: x\n---\n{HEADINGS}\n{other}", "utf-8")
    found = _check(link, known=("other-case",), cases_dir=tmp_path)
    assert [c for c, _, _ in found] == codes


@pytest.mark.parametrize("link", ["[a](other\tcase.md)", "[a](<other case.md>)",
                                  "[a](other case.md)"])
def test_white_space_inside_a_link_is_part_of_its_address(tmp_path, link):
    """Python-Markdown keeps it, so the build looks for 'other  case.md' (issue 13)."""
    found = _check(link, known=("other-case",), cases_dir=tmp_path)
    assert [c for c, _, _ in found] == ["broken-link"]


def test_a_link_with_a_title_is_checked_without_it(tmp_path):
    """'other-case.md "Title"' leads to other-case.md."""
    assert _check('[a](other-case.md "A title") [b](other-case.md \'T\')',
                  known=("other-case",), cases_dir=tmp_path) == []


def test_an_email_address_in_the_body_is_possible_personal_data():
    """A warning, at the address's column."""
    assert _check("Write to jane.doe@example.nhs.uk.") == [("personal-data", FIRST, 10)]


@pytest.mark.parametrize("number", ["943 476 5919", "943-476-5919", "9434765919"])
def test_a_valid_nhs_number_is_possible_personal_data_and_not_also_a_phone_number(number):
    """The modulus 11 check digit makes it an NHS number; it is reported once."""
    found = check_body(f"Patient {number} was seen.\n\n{HEADINGS}", FIRST, Path("c.md"),
                       lambda _slug: False, Path("/nonexistent"))
    assert [(d.code, d.col) for d in found] == [("personal-data", 9)]
    assert "NHS number" in found[0].message


def test_ten_digits_that_fail_the_nhs_check_digit_are_not_flagged():
    """A reference number is not an NHS number unless its check digit says so."""
    assert _check("Order 943 476 5918 shipped.") == []


@pytest.mark.parametrize(("digits", "valid"), [
    ("9434765919", True), ("9434765918", False), ("1111111111", False), ("123456789", False),
    ("401023213X", False), ("4010232137", True),
])
def test_the_nhs_number_check_digit(digits, valid):
    """Modulus 11 with weights 10 to 2; a remainder giving 10 is never valid."""
    assert is_nhs_number(digits) is valid


@pytest.mark.parametrize("phone", ["020 7946 0000", "+44 20 7946 0000", "01632 960123",
                                   "07700 900123", "0113-496-0000"])
def test_uk_phone_numbers_are_possible_personal_data(phone):
    """Landlines, mobiles and the +44 form are flagged."""
    assert [c for c, _, _ in _check(f"Call {phone} to book.")] == ["personal-data"]


def test_years_and_ordinary_figures_are_not_phone_numbers():
    """A WRES table of years and percentages is not personal data."""
    assert _check("In 2019, 2020 and 2021 the figure rose from 12.5% to 14.1% (n = 1,204).") == []


def test_bame_is_a_discouraged_term_with_a_suggestion():
    """'BAME' is flagged wherever it appears outside code, with the wording to use."""
    found = check_wording("Our BAME network met.", "c.md", 7)
    assert [(d.code, d.line, d.col) for d in found] == [("discouraged-term", 7, 5)]
    assert "ethnic minority" in found[0].hint


@pytest.mark.parametrize("text", ["non-white staff", "Non white staff", "people of colour",
                                  "People of color"])
def test_other_discouraged_terms_are_flagged(text):
    """The other terms current guidance advises against."""
    assert [d.code for d in check_wording(text, "c.md", 1)] == ["discouraged-term"]


@pytest.mark.parametrize("text", [
    "The WRES BME figures improved.",
    "The Workforce Race Equality Standard reports BME staff separately.",
    'Staff said "BME colleagues feel unheard" in the survey.',
    "Staff said “BME colleagues feel unheard” in the survey.",
    "> BME colleagues feel unheard.",
])
def test_bme_is_allowed_in_a_wres_context_and_in_quotations(text):
    """BME is the WRES's own term, and a quotation keeps the words that were said."""
    assert check_wording(text, "c.md", 1) == []


def test_bme_in_plain_prose_is_flagged():
    """Outside the WRES and quotations, BME gets the same advice as BAME."""
    found = check_wording("BME colleagues feel unheard.", "c.md", 1)
    assert [(d.code, d.col) for d in found] == [("discouraged-term", 1)]


def test_wording_in_a_field_is_labelled_and_placed_at_its_column():
    """For front-matter text the label names the field and the column counts from the value."""
    found = check_wording("A BAME network", "c.md", 2, col_offset=7, label="title")
    assert [(d.line, d.col) for d in found] == [(2, 10)]
    assert found[0].message.startswith("title: 'BAME'")


def test_a_discouraged_term_in_a_code_span_is_flagged():
    """Code is published and indexed like prose, so its wording counts (issue 13, class 9)."""
    assert _check("Search for `BAME` in the old reports.") == [("discouraged-term", FIRST, 13)]


@pytest.mark.parametrize("fence", ["```", "~~~", "```text", "````"])
def test_personal_data_and_wording_in_a_fenced_block_are_flagged(fence):
    """A fence shows HTML as text, but an address, a phone number, an NHS number or a
    discouraged term in it is still published and indexed."""
    close = fence.removesuffix("text")
    lines = ["Contact a@example.nhs.uk", "Ring 0161 496 0000", "NHS 943 476 5919",
             "our BAME network", '<script>alert(1)</script> [x](javascript:1)']
    body = f"Intro.\n\n{fence}\n" + "\n".join(lines) + f"\n{close}\n\n{HEADINGS}"
    found = _check(body=body)
    assert found == [("personal-data", FIRST + 3, 9), ("personal-data", FIRST + 4, 6),
                     ("personal-data", FIRST + 5, 5), ("discouraged-term", FIRST + 6, 5)]


def test_personal_data_in_indented_code_is_flagged():
    """Four spaces make code too; the rules apply to it as to any text."""
    body = f"Intro.\n\n    mail a@example.nhs.uk\n\n{HEADINGS}"
    assert _check(body=body) == [("personal-data", FIRST + 2, 10)]


def test_a_body_longer_than_the_limit_is_a_warning_on_its_first_line():
    """long-body counts words, not characters."""
    found = _check("word " * MAX_WORDS)
    assert found == [("long-body", FIRST, 1)]


def test_the_shortest_body_over_the_word_limit_is_still_counted():
    """Bodies too short to pass the limit are not counted; the shortest that can pass is."""
    words = " ".join("a" * (MAX_WORDS + 1))
    found = check_body(words, FIRST, Path("c.md"), set().__contains__, Path("/nonexistent"))
    assert ("long-body", FIRST, 1) in [(d.code, d.line, d.col) for d in found]
    shorter = " ".join("a" * MAX_WORDS)
    found = check_body(shorter, FIRST, Path("c.md"), set().__contains__, Path("/nonexistent"))
    assert "long-body" not in [d.code for d in found]


def test_an_nhs_number_in_other_digits_is_found_in_a_body_that_is_not_ascii():
    """\\d matches every script's digits: the search for suspect lines must as well."""
    assert _check("Café notes: ٩٤٣ ٤٧٦ ٥٩١٩") == [("personal-data", FIRST, 13)]


# Pieces that line rules match, pieces that come close, and text that moves lines about.
_PIECES = ("<script>", '<a href="javascript:x">', "onclick=", "[x](javascript:1)",
           "[y]: vbscript:1", "[z](missing.md)", "a@b.co.uk", "0161 496 0000",
           "943 476 5919", "٩٤٣ ٤٧٦ ٥٩١٩", "１２３", "BME", "Bme", "BAME", "non-White",
           "People of Color", "WRES", "“BME”", "`BAME`", "```", "## Impact", "é", "İ", "12",
           "3", "=", "<", "](", "text", " ", "\n", "\n\n")


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_every_line_a_line_rule_flags_is_among_the_suspect_lines(body):
    """The whole-body search that picks the lines to check never misses one a rule flags,
    and picks it for that rule."""
    markup, personal, wording = _rule_lines(body)
    nowhere = Links(lambda _: False, Path("/nonexistent"), set)
    for index, text in enumerate(body.split("\n")):
        if check_html(text, "c.md", 1) or list(link_findings(text, nowhere)):
            assert index in markup, (index, text)
        if list(personal_findings(text)):
            assert index in personal, (index, text)
        if check_wording(text, "c.md", 1):
            assert index in wording, (index, text)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_a_front_matter_value_gets_the_html_and_wording_rules(text):
    """check_field skips a value with nothing to find, and otherwise reports exactly what
    the two rules report, placed from the value's position."""
    pos = Pos(3, 10)
    expected = (check_html(text, "c.md", 3, 9)
                + check_wording(text, "c.md", 3, 9, label="summary"))
    assert check_field(text, "c.md", pos, "summary") == expected


def test_a_script_in_a_title_is_reported_at_its_column():
    """The value starts at column 8, and ten characters of it come before the tag."""
    found = check_field("Mentoring <script>x</script>", "c.md", Pos(2, 8), "title")
    assert [(d.code, d.line, d.col) for d in found] == [("unsafe-html", 2, 18)]


def test_a_lone_surrogate_in_the_body_is_no_error():
    """Text that cannot be encoded as it is (a lone surrogate) is still searched."""
    assert _check("Café \ud800 and our BAME network.")[0][0] == "discouraged-term"


def test_the_fixed_sections_counted_as_anchors_are_on_every_planned_case_page():
    """anchors.FIXED_SECTIONS names only sections every case page has."""
    from casebook.library.anchors import FIXED_SECTIONS
    from tests.regenerate_golden import plan_fixture_library

    pages = [p for p in plan_fixture_library() if p.is_case]
    assert pages
    for page in pages:
        ids = {heading_id for heading_id, _title in page.case.sections_toc}
        assert set(FIXED_SECTIONS) <= ids, page.src


def test_a_link_to_a_fixed_section_renamed_by_the_body_s_own_heading_is_found():
    """A body with '## Source' moves the fixed Source section to '#source_1'."""
    body = f"[s](#source_1) [t](#source) [u](#how-to-cite-this-case)\n\n## Source\n\n{HEADINGS}"
    assert _check(body=body) == []
    assert [c for c, _, _ in _check("[s](#source_1)")] == ["missing-anchor"]


@pytest.mark.parametrize(("link", "codes"), [
    ("[a](<other-case.md#impact>)", []),
    ('[a](<other-case.md#impact> "T")', []),
    ("[a](<other-case.md#impact> (T))", ["broken-link"]),  # found by the property test
])
def test_an_address_in_angle_brackets_is_one_only_when_a_title_or_nothing_follows(
        tmp_path, link, codes):
    """Python-Markdown reads '<a.md> (T)' as the address '<a.md> (T)', which is no file."""
    (tmp_path / "other-case.md").write_text(f"---\ntitle: x\n---\n{HEADINGS}\n", "utf-8")
    found = _check(link, known=("other-case",), cases_dir=tmp_path)
    assert [c for c, _, _ in found] == codes


@settings(max_examples=300)
@given(st.text(max_size=60))
def test_the_validator_s_slugify_is_python_markdown_s(text):
    """anchors.slugify, which spares validate an import of Markdown, gives every heading the
    id the toc extension gives it."""
    from markdown.extensions.toc import slugify as toc_slugify

    from casebook.library.anchors import slugify
    assert slugify(text) == toc_slugify(text, "-")
