"""generator/library/contract.py: the front-matter contract (v1.1), field by field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from casebook.library.contract import FIELD_NAMES, REQUIRED, is_slug
from casebook.library.fieldcheck import FieldChecker
from casebook.library.shapes import Checker
from casebook.library.taxonomy import load_taxonomy
from casebook.library.yamldoc import parse_yaml
from tests.helpers.library import TAXONOMY, TODAY, VALID_FRONT, front_matter

_TAXONOMY, _ = load_taxonomy(TAXONOMY)


def _check_text(text: str) -> tuple[dict[str, Any], list[tuple[str, int, int, str]]]:
    """Check front-matter written as YAML text (line 1 is the first field)."""
    doc = parse_yaml(text, "c.md")
    assert doc.diagnostics == []
    checker = Checker(doc, "c.md")
    values = FieldChecker(checker, _TAXONOMY, TODAY).check(doc.value)
    return values, [(d.code, d.line, d.col, d.message) for d in checker.diagnostics]


def _check(**changes: Any) -> list[tuple[str, str]]:
    """(code, message) of checking the valid front-matter with `changes` (None removes)."""
    front = {**VALID_FRONT, **changes}
    front = {key: value for key, value in front.items() if value is not None}
    _values, found = _check_text(front_matter(front))
    return [(code, message) for code, _line, _col, message in found]


def test_the_contract_fields_are_the_public_v1_1_list():
    """Field names are a public contract: renaming one breaks every contributor's case."""
    assert FIELD_NAMES == (
        "title", "summary", "organisation", "trust_type", "population_profile", "areas",
        "evidence", "outcome", "published", "source", "period", "region", "wres_indicators",
        "high_impact_actions", "reviewed", "impact", "related", "aliases", "keywords",
        "contact", "links", "consent")
    assert FIELD_NAMES[:10] == REQUIRED


def test_the_valid_front_matter_passes_and_is_typed():
    """Dates are dates, areas a tuple, the source a mapping."""
    values, found = _check_text(front_matter(VALID_FRONT))
    assert found == []
    assert values["published"] == dt.date(2025, 3, 14)
    assert values["areas"] == ("personal-values-and-behaviours", "education-on-race")
    assert values["source"] == VALID_FRONT["source"]


def test_every_missing_required_field_is_reported_at_once():
    """A contributor sees all ten at the first run, each with what to write."""
    _values, found = _check_text("keywords: [mentoring]\n")
    missing = [message.split(":")[0] for code, _l, _c, message in found
               if code == "missing-field"]
    assert missing == list(REQUIRED)
    assert all(line == 1 for _code, line, _col, _message in found)


def test_a_missing_field_hint_says_what_to_write():
    """The hint names the field and describes it."""
    doc = parse_yaml(front_matter({k: v for k, v in VALID_FRONT.items() if k != "evidence"}),
                     "c.md")
    checker = Checker(doc, "c.md")
    FieldChecker(checker, _TAXONOMY, TODAY).check(doc.value)
    assert checker.diagnostics[0].hint.startswith("Add 'evidence:' — How strong the evidence")


@pytest.mark.parametrize(("title", "ok"), [
    ("x" * 9, False), ("x" * 10, True), ("x" * 120, True), ("x" * 121, False),
    ("   padded title   ", True), ("          ", False),
])
def test_the_title_is_10_to_120_characters_after_trimming(title, ok):
    """Lengths count the text without surrounding spaces."""
    assert (_check(title=title) == []) is ok


@pytest.mark.parametrize(("summary", "ok"), [("x" * 39, False), ("x" * 40, True),
                                             ("x" * 300, True), ("x" * 301, False)])
def test_the_summary_is_40_to_300_characters(summary, ok):
    """The summary is shown on cards and in search results."""
    assert (_check(summary=summary) == []) is ok


def test_a_number_where_text_is_expected_is_read_as_text():
    """'organisation: 1234567' is odd but is text; YAML made it a number."""
    assert _check(organisation=1234567) == []


def test_a_list_where_text_is_expected_is_the_wrong_type():
    """The message says what was expected and what was found."""
    assert _check(title=["A", "list"]) == [("wrong-type", "title: expected text, got a list")]


def test_an_unknown_term_says_did_you_mean_and_names_the_facet():
    """'acut' is one letter from 'acute'."""
    values, found = _check_text(front_matter({**VALID_FRONT, "trust_type": "acut"}))
    assert [(c, m) for c, _l, _col, m in found] == [
        ("unknown-term", "trust_type: unknown trust type 'acut'")]
    assert "trust_type" not in values


def test_a_single_area_without_brackets_is_one_area_reported_where_it_is_written():
    """'areas: data' means one area; a wrong one points at the value, not the key."""
    values, found = _check_text(front_matter({**VALID_FRONT, "areas": "data"}))
    assert (values["areas"], found) == (("data",), [])
    _values, found = _check_text("areas: hr-proces\n")
    unknown = [(line, col) for code, line, col, _m in found if code == "unknown-term"]
    assert unknown == [(1, 8)]


@pytest.mark.parametrize(("areas", "code"), [
    ([], "empty-list"),
    (["data", "hr-processes", "data"], "duplicate-value"),
    (["data", "hr-processes", "education-on-race", "foster-safe-spaces", "culture-of-challenge"],
     "too-many-areas"),
    ({"primary": "data"}, "wrong-type"),
])
def test_areas_are_one_to_four_unique_terms(areas, code):
    """Each broken rule has its own code."""
    assert [c for c, _m in _check(areas=areas)] == [code]


def test_a_repeated_area_is_reported_at_its_second_appearance():
    """The duplicate's own position, so the editor jumps to the one to delete."""
    _values, found = _check_text("areas: [data, hr-processes, data]\n")
    assert [(c, line, col) for c, line, col, _m in found if c == "duplicate-value"] == [
        ("duplicate-value", 1, 29)]


@pytest.mark.parametrize(("indicators", "code"), [
    ([0], "unknown-term"), ([10], "unknown-term"), (["3"], "wrong-type"), ([True], "wrong-type"),
    ([3, 3], "duplicate-value"), ([], "empty-list"), (3, "wrong-type"),
])
def test_wres_indicators_are_whole_numbers_from_1_to_9(indicators, code):
    """Numbers, not text; each once; only the nine indicators."""
    assert [c for c, _m in _check(wres_indicators=indicators)] == [code]


def test_high_impact_actions_are_whole_numbers_from_1_to_6():
    """The six actions of the EDI improvement plan."""
    assert _check(high_impact_actions=[1, 6]) == []
    assert [c for c, _m in _check(high_impact_actions=[7])] == ["unknown-term"]


@pytest.mark.parametrize(("published", "code"), [
    ("2025-02-30", "invalid-date"), ("March 2025", "invalid-date"), (2025, "invalid-date"),
    ("2025-3-14", "invalid-date"), (TODAY + dt.timedelta(days=1), "future-date"),
])
def test_published_is_a_real_date_not_in_the_future(published, code):
    """Impossible dates and text are invalid-date; tomorrow is future-date."""
    assert [c for c, _m in _check(published=published)] == [code]


def test_published_today_is_allowed():
    """'Not in the future' includes today."""
    assert _check(published=TODAY) == []


@pytest.mark.parametrize(("year", "ok"), [(1947, False), (1948, True), (TODAY.year, True),
                                          (TODAY.year + 1, False)])
def test_a_source_year_is_between_the_nhs_founding_and_this_year(year, ok):
    """1948 is the NHS's founding; a year after today cannot have been published."""
    assert (_check(source={**VALID_FRONT["source"], "year": year}) == []) is ok


def test_an_unknown_field_inside_source_suggests_the_right_one():
    """Nested mappings are checked with the same rules as the top level."""
    doc = parse_yaml("source:\n  type: first-hand\n  publsher: NHS Providers\n", "c.md")
    checker = Checker(doc, "c.md")
    FieldChecker(checker, _TAXONOMY, TODAY).check(doc.value)
    unknown = [d for d in checker.diagnostics if d.code == "unknown-field"]
    assert [(d.line, d.col) for d in unknown] == [(3, 3)]
    assert unknown[0].hint.startswith("Did you mean 'publisher'?")


@pytest.mark.parametrize("url", ["www.example.nhs.uk", "javascript:alert(1)", "ftp://x.org/a",
                                 "https://", "https:// example.org"])
def test_link_addresses_are_full_http_addresses(url):
    """Only http(s) addresses; a script address is not a web address."""
    links = [{"title": "Our WRES report", "url": url}]
    assert [c for c, _m in _check(links=links)] == ["invalid-url"]


@pytest.mark.parametrize("email", ["edi.team", "a@b", "two@@example.org", "a b@example.org"])
def test_a_contact_email_must_look_like_an_address(email):
    """A rough shape check: something@domain.tld, no spaces."""
    assert [c for c, _m in _check(contact={"email": email})] == ["invalid-email"]


@pytest.mark.parametrize(("value", "ok"), [(12.5, True), (0, True), ("12%", False),
                                           (True, False), (float("nan"), False),
                                           (float("inf"), False)])
def test_an_impact_figure_is_a_finite_number(value, ok):
    """'12%' is text, and YAML's '.nan' and '.inf' are not figures anyone measured."""
    impact = [{"measure": "Ethnic minority staff at band 8a+", "unit": "%",
               "baseline": {"value": value, "year": 2019},
               "latest": {"value": 14, "year": 2023},
               "quote": f"The share rose from {value}% to 14%."}]
    assert (_check(impact=impact) == []) is ok


def test_an_impact_record_needs_a_baseline_and_a_latest_figure():
    """Both halves of the before-and-after are required."""
    impact = [{"measure": "Ethnic minority staff at band 8a+", "quote": "As the source says."}]
    assert sorted(m for _c, m in _check(impact=impact)) == [
        "impact[0].baseline: required field 'baseline' is missing",
        "impact[0].latest: required field 'latest' is missing"]


@pytest.mark.parametrize(("slugs", "code"), [
    (["Shadow-Board"], "invalid-slug"), (["shadow board"], "invalid-slug"),
    (["shadow-board", "shadow-board"], "duplicate-value"), ("shadow-board", "wrong-type"),
])
def test_related_and_aliases_are_lists_of_valid_slugs(slugs, code):
    """Both fields hold slugs: lower-case words joined by hyphens."""
    assert [c for c, _m in _check(related=slugs)] == [code]
    assert [c for c, _m in _check(aliases=slugs)] == [code]


def test_keywords_are_short_free_text():
    """Each keyword is 1 to 80 characters."""
    assert _check(keywords=["reverse mentoring", "shadow board"]) == []
    assert [c for c, _m in _check(keywords=["x" * 81])] == ["text-length"]


def test_consent_names_a_role_and_a_date():
    """Who signed off publication, and when."""
    consent = {"approved_by": "Director of People", "date": dt.date(2025, 3, 1)}
    assert _check(consent=consent) == []
    assert [c for c, _m in _check(consent={"approved_by": "Director of People"})] == [
        "missing-field"]


@pytest.mark.parametrize(("slug", "ok"), [
    ("shadow-board", True), ("a", True), ("wres-2024", True), ("x" * 80, True),
    ("x" * 81, False), ("Shadow-Board", False), ("shadow--board", False), ("-shadow", False),
    ("shadow-", False), ("shadow_board", False), ("", False), ("café", False),
])
def test_a_slug_is_lower_case_words_joined_by_single_hyphens(slug, ok):
    """At most 80 characters, so every URL stays readable."""
    assert is_slug(slug) is ok


# ---------------------------------------------------------------- v1.1: two kinds of source

FIRST_HAND = {
    "source": {"type": "first-hand"},
    "contact": {"role": "EDI lead", "email": "edi.team@example.nhs.uk"},
    "consent": {"approved_by": "Director of People", "date": dt.date(2025, 3, 1)},
}


def test_a_source_without_a_type_is_reported_with_both_choices():
    """Every case says whether it is drawn from a published source or written first-hand."""
    found = _check(source={"publisher": "NHS Providers", "year": 2024})
    assert found == [("missing-field", "source.type: required field 'type' is missing")]


def test_an_unknown_source_type_suggests_the_closest_choice():
    """'publised' is a typing mistake for 'published', not a third kind of source."""
    doc = parse_yaml(front_matter({**VALID_FRONT, "source": {**VALID_FRONT["source"],
                                                             "type": "publised"}}), "c.md")
    checker = Checker(doc, "c.md")
    FieldChecker(checker, _TAXONOMY, TODAY).check(doc.value)
    [found] = checker.diagnostics
    assert found.code == "unknown-choice"
    assert found.hint == "Did you mean 'published'? Expected one of: published, first-hand."


@pytest.mark.parametrize("missing", ["publisher", "year", "title", "url"])
def test_a_published_source_needs_publisher_year_title_and_url(missing):
    """Each one missing is named, with why it is required and what a first-hand case is."""
    source = {k: v for k, v in VALID_FRONT["source"].items() if k != missing}
    doc = parse_yaml(front_matter({**VALID_FRONT, "source": source}), "c.md")
    checker = Checker(doc, "c.md")
    FieldChecker(checker, _TAXONOMY, TODAY).check(doc.value)
    [found] = checker.diagnostics
    assert (found.code, found.message) == (
        "missing-field", f"source.{missing}: field '{missing}' is required when source.type "
                         "is 'published'")
    assert found.hint.startswith(f"Add '{missing}:' — ")
    assert "'first-hand'" in found.hint
    assert found.line == 12  # the "source:" line, where the missing key belongs


def test_a_first_hand_case_needs_a_contact_and_consent_but_no_publisher():
    """Written by the organisation itself: who to contact and who signed it off."""
    assert _check(**FIRST_HAND) == []
    assert _check(**{**FIRST_HAND, "contact": None, "consent": None}) == [
        ("missing-field", "contact: field 'contact' is required when source.type is "
                          "'first-hand'"),
        ("missing-field", "consent: field 'consent' is required when source.type is "
                          "'first-hand'")]


def test_a_published_source_does_not_need_contact_or_consent():
    """They stay optional for a case drawn from a published source."""
    assert _check() == []


def test_an_impact_figure_from_a_published_source_needs_its_quote():
    """Every figure traceable: the source's own sentence, verbatim."""
    impact = [{"measure": "Ethnic minority staff at band 8a+", "unit": "%",
               "baseline": {"value": 10, "year": 2019}, "latest": {"value": 14, "year": 2023}}]
    assert _check(impact=impact) == [
        ("missing-field", "impact[0].quote: field 'quote' is required when source.type is "
                          "'published'")]
    assert _check(impact=impact, **FIRST_HAND) == []


@pytest.mark.parametrize(("period", "codes"), [
    ({"start": 2019}, []), ({"start": 2019, "end": 2022}, []), ({"start": 2022, "end": 2022}, []),
    ({"end": 2022}, ["missing-field"]), ({"start": TODAY.year + 1}, ["invalid-date"]),
    ({"start": 2019, "end": TODAY.year + 1}, ["invalid-date"]), ({"start": "2019"}, ["wrong-type"]),
])
def test_a_period_is_a_start_year_and_an_optional_end_year_not_in_the_future(period, codes):
    """When the work ran, so a reader knows a 2019 programme from a 2024 one."""
    assert [c for c, _m in _check(period=period)] == codes
