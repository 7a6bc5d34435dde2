"""The two contribution pages: "Share your case" for trust staff (generator/plan/share.py)
and the maintainer's guide (generator/plan/maintainers.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casebook.intake.issue_form import FORM_PATH
from casebook.library.checklist import consent_checklist
from casebook.library.load import Library
from casebook.plan.context import SiteContext, site_context
from casebook.plan.maintainers import MAINTAINERS_SRC, maintainers_page
from casebook.plan.page import Page
from casebook.plan.share import FORM_FILE, SHARE_SRC, as_asked, form_url, share_page
from casebook.plan.site import plan_site
from tests.helpers.library import ROOT
from tests.regenerate_golden import FIXTURE_REPOSITORY, FIXTURE_TODAY, load_fixture_library

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
# Words of the files behind the library, which trust staff should never meet on their page.
TECHNICAL = re.compile(
    r"\bgit\b|\bya?ml\b|front[- ]?matter|schema|json|markdown|pull request|taxonomy|\bslugs?\b"
    r"|\bcommit|\bfork|repositor|\.md\b|`", re.IGNORECASE)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_ATTRIBUTES = re.compile(r"\{[^}]*\}")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_fixture_library()


def context(library: Library, repo_url: str = FIXTURE_REPOSITORY) -> SiteContext:
    """The fixture library's context with the repository's own CONTRIBUTING.md."""
    ctx = site_context(library, FIXTURE_TODAY, repo_url=repo_url)
    ctx.contributing = CONTRIBUTING
    return ctx


def reader_text(page: Page) -> str:
    """What a reader sees of a page's Markdown: link addresses and attribute lists removed."""
    return _ATTRIBUTES.sub("", _LINK_TARGET.sub("]", page.markdown))


@pytest.mark.parametrize("repo_url", [FIXTURE_REPOSITORY, "", "https://gitlab.com/o/n"])
def test_share_your_case_uses_no_word_of_the_files_behind_the_library(
        library: Library, repo_url: str) -> None:
    """No Git, YAML, front-matter, schema, JSON, Markdown or pull request on the page, with
    or without a repository, the real checklist included."""
    text = reader_text(share_page(context(library, repo_url)))
    # One item of the checklist offers "an issue or a pull request" for a later change: the
    # form shows it in those words, and rewording it would make every proposal already
    # ticked fail its check (consent-not-confirmed), so only there is the phrase allowed.
    found = TECHNICAL.findall(text.replace("open an issue or a pull request", ""))
    assert not found, found


def test_the_word_check_catches_each_technical_word() -> None:
    """The check above is not vacuous: each word it guards against is found."""
    for word in ("Git", "YAML", "front-matter", "front matter", "JSON Schema", "schema",
                 "Markdown", "pull request", "taxonomy.yml", "slug", "commit", "`title`",
                 "repository", "CONTRIBUTING.md"):
        assert TECHNICAL.search(f"Open {word} here."), word
    assert not TECHNICAL.search("Sign in to GitHub, a digital service.")


def test_share_your_case_puts_the_web_form_first_then_what_happens_next(
        library: Library) -> None:
    """The form route, then the steps after sending, then the checklist."""
    page = share_page(context(library))
    headings = re.findall(r"^## (.+?)(?: \{.*\})?$", page.markdown, re.MULTILINE)
    assert headings[:4] == ["Before you start", "Send your case through the online form",
                            "What happens next", "Consent and permission checklist"]
    assert page.src == SHARE_SRC and page.url == "contribute/" and page.in_nav
    assert page.title == "Share your case"


def test_the_form_link_opens_the_repository_s_propose_a_case_form(library: Library) -> None:
    """The link opens the issue form that issue_form.py writes, on GitHub."""
    assert Path(FORM_PATH).name == FORM_FILE
    assert (ROOT / FORM_PATH).is_file()
    page = share_page(context(library))
    expected = f"{FIXTURE_REPOSITORY}/issues/new?template={FORM_FILE}"
    assert f"[Propose a case study]({expected})" in page.markdown


@pytest.mark.parametrize("repo_url", ["", "https://gitlab.com/o/n"])
def test_without_a_github_repository_the_page_says_the_form_is_not_yet_set(
        library: Library, repo_url: str) -> None:
    """No made-up address: the page says the form's address is not set yet, and where to
    ask (the people named at the foot of every page)."""
    page = share_page(context(library, repo_url))
    assert form_url(repo_url) == ""
    assert "/issues/new" not in page.markdown and "Propose a case study](" not in page.markdown
    assert "do not yet name the website where its form is" in page.markdown
    assert "named at the foot of every" in page.markdown
    assert "Suggest a correction" not in page.markdown


def test_the_checklist_is_the_one_the_form_asks_contributors_to_tick(library: Library) -> None:
    """Every item of CONTRIBUTING.md's checklist (the form's checkboxes), in order, with the
    field names given as the form's questions."""
    items = consent_checklist(CONTRIBUTING)
    assert len(items) >= 8
    page = share_page(context(library)).markdown
    checklist = page.split("## Consent and permission checklist", 1)[1].split("\n## ", 1)[0]
    shown = re.findall(r"^- (.+)$", checklist, re.MULTILINE)
    assert shown == [as_asked(item) for item in items]
    assert 'recorded in the form\'s "Sign-off" questions by role' in checklist
    assert 'listed in the form\'s "Links to published evidence" question' in checklist
    assert 'appear only in the form\'s "Contact" questions' in checklist


def test_a_repository_address_cannot_end_the_form_link() -> None:
    """A space or ')' in mkdocs.yml's repo_url is encoded, so the link stays one link."""
    assert form_url("https://github.com/o/a b)") == (
        "https://github.com/o/a%20b%29/issues/new?template=propose-a-case.yml")


def test_a_checklist_item_s_unknown_field_name_is_given_as_plain_words() -> None:
    assert as_asked("Set `made_up_field` first.") == "Set made up field first."


def test_the_maintainer_s_guide_covers_what_the_repository_has(library: Library) -> None:
    """Fields, taxonomy, schema, the check and its codes, packs, every workflow in .github/,
    and how the site is published; repository files as plain text, trust staff sent to
    Share your case first."""
    page = maintainers_page(context(library))
    assert page.src == MAINTAINERS_SRC and page.url == "maintainers/" and page.in_nav
    text = page.markdown
    assert text.startswith("# Maintainer's guide\n") and "# Contributing a case study" not in text
    assert text.index(f"]({SHARE_SRC})") < text.index("\n## ")
    for section in ("## What each field means", "## The taxonomy", "## Help from your editor",
                    "## The check's messages", "## Packs", "## Notes for maintainers",
                    "## How the site is published", "## Consent and anonymisation checklist"):
        assert section in text, section
    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        assert f".github/workflows/{workflow.name}" in text, workflow.name
    assert "/schema/case.schema.json" in text and "/diagnostics/" in text
    # Links to repository files do not exist on the site: their words stay, the link goes.
    assert not re.search(r"\]\((?!https?://|#|contribute\.md)[^)]*\)", text)


def test_both_pages_are_planned_and_the_old_address_is_share_your_case(
        library: Library) -> None:
    """/contribute/ keeps working: it is Share your case; the guide is /maintainers/."""
    pages = {page.src: page for page in plan_site(library, FIXTURE_TODAY)}
    assert pages[SHARE_SRC].title == "Share your case"
    assert pages[MAINTAINERS_SRC].title == "Maintainer's guide"
    # The home page and About send readers to it; About's privacy note to its checklist.
    assert "[Share your case](contribute.md)" in pages["index.md"].markdown
    assert "](contribute.md#checklist)" in pages["about.md"].markdown
    assert "## Consent and permission checklist { #checklist }" in pages[SHARE_SRC].markdown
