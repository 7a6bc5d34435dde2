"""Session packs as pages: a printable handout at `/packs/<slug>/` for each pack, the list of
packs at `/packs/`, and the section of a case page that names the packs using it."""

from __future__ import annotations

from markupsafe import Markup

from casebook.library.contents import PACKS_DIR
from casebook.library.packs import MAX_CASES, MAX_QUESTIONS, Pack
from casebook.library.urls import case_url, on_site, relative
from casebook.plan.context import SiteContext
from casebook.plan.fragments import render
from casebook.plan.markdown_text import md_link, md_text
from casebook.plan.page import Page
from casebook.plan.session_page import session_address


def pack_src(slug: str) -> str:
    return f"{PACKS_DIR}/{slug}.md"


def pack_pages(ctx: SiteContext) -> list[Page]:
    """The packs index (always: it is in the navigation) and one handout per pack."""
    library = ctx.library
    pages = [Page(f"{PACKS_DIR}/index.md", "Packs", packs_index_markdown(library.packs),
                  description="Reading packs of cases for peer-learning sessions.",
                  in_nav=True)]
    for pack in library.packs:
        root = relative(f"{PACKS_DIR}/{pack.slug}/", "")
        pages.append(Page(pack_src(pack.slug), pack.title, pack_markdown(ctx, pack, root),
                          description=pack.purpose,
                          case_texts=tuple(entry.slug for entry in pack.cases)))
    return pages


def packs_index_markdown(packs: list[Pack]) -> str:
    parts = [
        "# Session packs",
        "Reading packs for peer-learning sessions. Each pack is a handful of cases chosen "
        "around one question, with why each case is in it, questions for the group and notes "
        "for whoever runs the session. Open a pack and print it for a handout.",
    ]
    if not packs:
        parts.append("There are no packs yet.")
    for pack in packs:
        count = len(pack.cases)
        parts += [f"## {md_link(pack.title, f'{pack.slug}.md')}", md_text(pack.purpose),
                  f"**For:** {md_text(pack.audience)} · **Time:** {md_text(pack.duration)} · "
                  f"**Cases:** {count}"]
    parts += [
        "## Make a pack",
        "A pack is a short YAML file in the library's `packs/` folder, checked by "
        "`casebook validate` like a case: a title, the purpose of the session, its audience "
        f"and duration, one to {MAX_CASES} cases each with why it is there and one to "
        f"{MAX_QUESTIONS} questions, and notes for the facilitator. You can also build a "
        "session in your browser: choose cases with **Add to session** on any case, then "
        "download the [session](../session/index.md) as a pack file.",
    ]
    return "\n\n".join(parts)


def pack_markdown(ctx: SiteContext, pack: Pack, root: str) -> str:
    """A printable handout: the session, then each case with why and what to discuss, and
    what it did, its impact and what did not work, in its own words."""
    parts = [
        f"# {md_text(pack.title)}",
        md_text(pack.purpose),
        render("pack-facts.html", pack=pack, count=len(pack.cases)),
        render("pack-session.html", href=session_href(pack, root)),
    ]
    for number, entry in enumerate(pack.cases, start=1):
        view = ctx.views[entry.slug]
        parts += [
            f"## {number}\\. {md_link(view.title, f'../cases/{entry.slug}.md')}",
            render("pack-case.html", c=view, root=root),
            md_text(view.summary),
            f"**Why it is in this pack.** {md_text(entry.why)}",
            render("pack-discuss.html", questions=entry.questions),
            # The case's own sections, put here once its page is rendered.
            text_marker(entry.slug),
            case_address(ctx, entry.slug, root),
        ]
    parts += ["## Facilitator notes", notes_markdown(pack.facilitator_notes)]
    return "\n\n".join(parts)


def text_marker(slug: str) -> str:
    """Where a case's own sections go on a pack's handout, once its page is rendered
    (generator/plan/pack_text.py): an HTML comment, which Python-Markdown passes as it is."""
    return f"<!-- casebook:pack-text:{slug} -->"


def case_address(ctx: SiteContext, slug: str, root: str) -> str:
    """A case's full web address, printed under it: from the site's address when it is
    known, else completed in the browser."""
    absolute = on_site(ctx.site_url, case_url(slug))
    return render("pack-address.html", href=absolute or root + case_url(slug),
                  absolute=bool(absolute))


def session_href(pack: Pack, root: str) -> str:
    """The session page holding the pack's cases, in order, under the pack's title."""
    return session_address(root, [entry.slug for entry in pack.cases], pack.title)


def notes_markdown(text: str) -> str:
    """Paragraphs as written; a block whose lines all start with '- ' becomes a list."""
    blocks = []
    for block in (b.strip() for b in text.split("\n\n")):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            blocks.append("\n".join(f"- {md_text(line[2:])}" for line in lines))
        elif lines:
            blocks.append(md_text(" ".join(lines)))
    return "\n\n".join(blocks)


def used_in_packs(packs: list[Pack], slug: str) -> Markup:
    """The body of the case page's 'Used in session packs' section as HTML, or empty when no
    pack uses the case."""
    using = [pack for pack in packs if slug in pack.case_slugs]
    if not using:
        return Markup("")
    return Markup(render("case-packs.html", packs=using, root="../../"))
