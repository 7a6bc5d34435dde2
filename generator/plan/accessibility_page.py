"""The accessibility statement (/accessibility/), after the GOV.UK model statement: what
readers can do, the limits we know of, what is tested, and how to report a problem.

Planned at every build like the other pages, so every library built with Casebook has one
(the footer of every page links to it); `casebook stage DIR` writes it as
DIR/accessibility.md. It claims only what the tests check (tests/e2e/test_frame.py,
test_accessibility.py, test_site_journeys.py); change it when they change.
"""

from __future__ import annotations

from casebook.plan.fragments import render
from casebook.plan.repository import host_name

ACCESSIBILITY_SRC = "accessibility.md"
ACCESSIBILITY_DESCRIPTION = ("How accessible this website is, what is tested, the limits "
                             "we know of and how to report a problem.")


def render_accessibility(site_url: str = "", repo_url: str = "") -> str:
    """The statement's Markdown; the repository's issues are offered when its address is
    known."""
    issues = f"{repo_url.rstrip('/')}/issues".replace(" ", "%20").replace(")", "%29")
    return render("accessibility.md", site_url=site_url,
                  issues_url=issues if repo_url else "", host=host_name(repo_url))
