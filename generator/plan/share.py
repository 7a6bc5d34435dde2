""""Share your case" (/contribute/): how trust staff send a case, in plain English.

Written for an EDI lead or communications officer, not a maintainer: the web form route,
what happens next, and the consent checklist, with none of the words of the files behind
them (tests/unit/plan/test_contribution_pages.py fails if one appears). The checklist is
CONTRIBUTING.md's, the one the form asks contributors to tick, with each field name given
as the form's question instead. The maintainers' side is the maintainer's guide
(generator/plan/maintainers.py).

The page keeps the address /contribute/ that the site and its readers have always linked to.
"""

from __future__ import annotations

import re

from casebook.library.checklist import consent_checklist
from casebook.library.contract import FIELDS, Field
from casebook.plan.context import SiteContext
from casebook.plan.fragments import render
from casebook.plan.page import Page
from casebook.plan.repository import host_name

SHARE_SRC = "contribute.md"
SHARE_TITLE = "Share your case"
# The issue form's file in the repository's .github/ISSUE_TEMPLATE/ (FORM_PATH of
# generator/intake/issue_form.py, which plan may not import; a test keeps the two equal).
FORM_FILE = "propose-a-case.yml"
_FIELD_NAME = re.compile(r"`([a-z_]+)`")


def share_page(ctx: SiteContext) -> Page:
    markdown = render("share.md", form_url=form_url(ctx.repo_url), host=host_name(ctx.repo_url),
                      checklist=[as_asked(item) for item in consent_checklist(ctx.contributing)])
    return Page(SHARE_SRC, SHARE_TITLE, markdown, in_nav=True, description=(
        "How NHS staff share their organisation's work on race equality with the library: "
        "the online form, what happens next, and what to agree before sending."))


def form_url(repo_url: str) -> str:
    """The "Propose a case study" form on GitHub; '' when the repository is not known or is
    elsewhere (only GitHub reads the form's file)."""
    if not repo_url or host_name(repo_url) != "GitHub":
        return ""
    # As the accessibility statement does: nothing in the address may end the Markdown link.
    base = repo_url.rstrip("/").replace(" ", "%20").replace(")", "%29")
    return f"{base}/issues/new?template={FORM_FILE}"


def as_asked(item: str) -> str:
    """A checklist item with each field name in it (`consent`) given as the form asks for
    it ('the form's "Sign-off" questions')."""
    return _FIELD_NAME.sub(lambda m: _question_name(m.group(1)), item)


def _question_name(name: str) -> str:
    spec = next((f for f in FIELDS if f.name == name), None)
    if spec is None:
        return name.replace("_", " ")
    labels = _labels(spec)
    if not labels:
        return name.replace("_", " ")
    if len(labels) == 1:
        return f'the form\'s "{labels[0]}" question'
    # A group's questions share the part before the colon ("Sign-off: approved by").
    return f'the form\'s "{labels[0].split(":")[0]}" questions'


def _labels(spec: Field) -> list[str]:
    if spec.fields and not spec.ask.label:
        return [sub.ask.label for sub in spec.fields if sub.ask.label]
    return [spec.ask.label] if spec.ask.label else []
