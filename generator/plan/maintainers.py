"""The maintainer's guide (/maintainers/): CONTRIBUTING.md, as the repository states it.

Everything about the files behind the library (the front-matter contract, the taxonomy, the
schema, the check and its codes, packs, the workflows and how the site is published) is
written once, in CONTRIBUTING.md, and shown here. Trust staff who only want to send a case
have "Share your case" (generator/plan/share.py), which this page points them to first.
"""

from __future__ import annotations

import re

from casebook.plan.context import SiteContext
from casebook.plan.page import Page
from casebook.plan.share import SHARE_SRC, SHARE_TITLE

MAINTAINERS_SRC = "maintainers.md"
MAINTAINERS_TITLE = "Maintainer's guide"
# A link to a file of the repository: it does not exist on the site, so its words stay and
# the link goes. Web addresses and anchors in the page are kept.
_REPOSITORY_LINK = re.compile(r"\[([^\]]+)\]\((?!https?://|#)[^)]*\)")
# CONTRIBUTING.md's title and opening, which speak of the site from the outside: the page
# has its own, which can link. (A guide without sections loses only its title.)
_OPENING = re.compile(r"\A(?:.*?(?=^## )|\s*# [^\n]*\n)", re.DOTALL | re.MULTILINE)


def maintainers_page(ctx: SiteContext) -> Page:
    guide = ctx.contributing or "The guide is in the repository's CONTRIBUTING.md."
    guide = _REPOSITORY_LINK.sub(r"\1", _OPENING.sub("", guide, count=1))
    markdown = (f"# {MAINTAINERS_TITLE}\n\n"
                "This guide is for the people who run the library and anyone who edits its "
                "files: the contract of a case file and its fields, the taxonomy, the check and "
                "its messages, packs, the workflows and how the site is published. It is the "
                "repository's CONTRIBUTING.md.\n\n"
                f"Sharing a case from your organisation? You need none of this: "
                f"[{SHARE_TITLE}]({SHARE_SRC}) explains the online form in plain English.\n\n"
                f"{guide}")
    return Page(MAINTAINERS_SRC, MAINTAINERS_TITLE, markdown, in_nav=True, description=(
        "For the people who run the library: the case file's fields, the taxonomy, the "
        "check and its messages, packs, the workflows and how the site is published."))
