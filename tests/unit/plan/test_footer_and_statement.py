"""The foot of every page (theme/partials/copyright.html) and the accessibility statement it
links to (generator/plan/accessibility_page.py)."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest
import yaml

from casebook.plan.accessibility_page import ACCESSIBILITY_SRC, render_accessibility
from casebook.plan.page import Page
from casebook.plan.site import plan
from tests.helpers.library import ROOT
from tests.regenerate_golden import FIXTURE_TODAY, load_fixture_library

REPO = "https://github.com/example/casebook"
SETTINGS = {"owner": "the Casebook project", "contact_email": "",
            "code_licence": "MIT licence", "code_licence_url": "",
            "content_licence": "", "content_licence_url": ""}


def footer(extra: dict[str, Any], repo_url: str = "", repo_name: str = "") -> str:
    """The footer partial rendered as MkDocs renders it: no autoescaping, `url` relative."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme"), autoescape=False)
    env.filters["url"] = lambda path: "../" + path
    config = {"site_name": "Casebook", "repo_url": repo_url, "repo_name": repo_name,
              "extra": extra}
    return env.get_template("partials/copyright.html").render(config=config)


def test_mkdocs_yml_fills_the_footer_only_with_what_the_repository_states() -> None:
    """The settings in mkdocs.yml: the owner the site has named, the code's licence from
    pyproject.toml, and nothing the repository does not say (an address, a contact, the
    content's licence)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    settings = config["extra"]["casebook"]
    assert {k: v for k, v in settings.items() if k != "edit_uri"} == SETTINGS
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "repo_url" not in config


def test_the_footer_links_the_statement_privacy_contact_and_repository() -> None:
    text = footer({"casebook": SETTINGS}, REPO, "GitHub")
    assert '<a href="../accessibility/">Accessibility statement</a>' in text
    assert '<a href="../about/#privacy">Privacy</a>' in text
    assert '<a href="../contribute/">Share your case</a>' in text
    assert f'<a href="{REPO}/issues">Contact us through an issue on GitHub</a>' in text
    assert f'<a href="{REPO}">Source code on GitHub</a>' in text
    assert "Casebook is run by the Casebook project." in text
    assert "The code is published under the MIT licence." in text


def test_a_setting_left_empty_is_left_out_of_the_footer() -> None:
    """No repository: no contact or source link; no content licence: no sentence about it."""
    text = footer({"casebook": SETTINGS})
    assert "issue" not in text and "Source code" not in text
    assert "case studies are published" not in text
    assert "Accessibility statement" in text  # always: every site has one
    bare = footer({})
    assert "is run by" not in bare and "licence" not in bare


def test_every_setting_given_appears_with_its_link() -> None:
    text = footer({"casebook": {
        "owner": "NHS Example", "contact_email": "cases@example.nhs.uk",
        "code_licence": "MIT licence", "code_licence_url": "https://example.org/mit",
        "content_licence": "Open Government Licence v3.0",
        "content_licence_url": "https://example.org/ogl"}}, REPO, "GitHub")
    assert 'Contact: <a href="mailto:cases@example.nhs.uk">cases@example.nhs.uk</a>' in text
    assert "Contact us through an issue" not in text  # the address given comes first
    assert ('The case studies are published under the '
            '<a href="https://example.org/ogl">Open Government Licence v3.0</a>.') in text
    assert 'under the <a href="https://example.org/mit">MIT licence</a>.' in text


def test_the_footer_escapes_every_setting() -> None:
    """MkDocs' templates do not autoescape; a setting cannot add markup to every page."""
    hostile = '"><script>alert(1)</script>'
    text = footer({"casebook": {"owner": hostile, "contact_email": hostile,
                                "content_licence": hostile, "content_licence_url": hostile}},
                  REPO + hostile, hostile)
    assert "<script>" not in text and '"><script' not in text
    assert text.count("&#34;&gt;&lt;script&gt;") == 7  # each place a setting is shown


def test_the_material_credit_can_be_switched_off() -> None:
    assert "Material for MkDocs" in footer({"casebook": SETTINGS})
    assert "Material for MkDocs" not in footer({"casebook": SETTINGS, "generator": False})


# ---------------------------------------------------------------- the statement


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    library = load_fixture_library()
    return {p.src: p for p in plan(library, FIXTURE_TODAY, repo_url=REPO)[0]}


def test_every_site_has_an_accessibility_statement_the_about_page_links_to(
        pages: dict[str, Page]) -> None:
    statement = pages[ACCESSIBILITY_SRC]
    assert statement.markdown.startswith("# Accessibility statement\n")
    assert not statement.in_nav
    assert "](accessibility.md)" in pages["about.md"].markdown


def test_the_statement_has_the_model_statement_s_sections(pages: dict[str, Page]) -> None:
    """GOV.UK's model: how accessible, what is tested, reporting, enforcement, preparation."""
    headings = [line for line in pages[ACCESSIBILITY_SRC].markdown.splitlines()
                if line.startswith("## ")]
    assert headings == ["## How accessible this website is", "## What we test",
                        "## Reporting accessibility problems with this website",
                        "## Enforcement procedure", "## Preparation of this statement"]


def test_the_statement_offers_the_repository_s_issues_only_when_known() -> None:
    assert f"]({REPO}/issues)" in render_accessibility(repo_url=REPO)
    without = render_accessibility()
    assert "/issues" not in without and "foot of every page" in without


def test_the_statement_claims_only_checks_the_browser_tests_make() -> None:
    """Each check the statement lists is a test in tests/e2e: change both together."""
    e2e = "\n".join(p.read_text(encoding="utf-8")
                    for p in (ROOT / "tests" / "e2e").glob("test_*.py"))
    for evidence in ("axe.run(", '"dark"', "scrollWidth", "def test_page_titles_",
                     "def test_browse_is_usable_with_the_keyboard_alone",
                     "def test_the_coverage_table_is_reachable_by_keyboard",
                     "def test_browse_without_javascript_lists_every_case",
                     "def test_a_printed_case_has_no_navigation"):
        assert evidence in e2e, evidence
