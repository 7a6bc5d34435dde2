"""The consent and anonymisation checklist, as CONTRIBUTING.md states it.

One list, read from one place: the issue form's checkboxes and the pull request template
(generator/intake/issue_form.py) and the site's "Share your case" page
(generator/plan/share.py) all show these items, so what a contributor is asked to confirm
never differs between them.
"""

from __future__ import annotations

import re

CHECKLIST_HEADING = "## Consent and anonymisation checklist"
# A Markdown checkbox line, "- [ ] item" or "- [X] item".
# The label is taken whole and stripped by the reader: r"(.+?)\s*$" tried every split of a
# label followed by thousands of spaces, in time quadratic in the line.
CHECKBOX = re.compile(r"^\s*[-*]\s+\[([ xX])\]\s++(.+)$")


def consent_checklist(contributing: str) -> tuple[str, ...]:
    """The items of CONTRIBUTING.md's consent checklist, each joined onto one line."""
    items: list[str] = []
    inside = False
    for line in contributing.split("\n"):
        if line.startswith("## "):
            inside = line.strip() == CHECKLIST_HEADING
            continue
        if not inside:
            continue
        tick = CHECKBOX.match(line)
        if tick:
            items.append(tick.group(2).rstrip())
        elif items and line.startswith(" ") and line.strip():
            items[-1] += " " + line.strip()
        elif items and not line.strip():
            inside = False
    return tuple(items)
