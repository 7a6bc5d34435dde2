"""Where the nearest cases are shown: after a trust type's own cases on its page (built, so
it works without JavaScript), and the model Find cases ranks with in the browser."""

from __future__ import annotations

from casebook.library.contents import PACKS_DIR
from casebook.library.urls import term_url
from casebook.plan.context import SiteContext
from casebook.plan.fragments import render, script_json
from casebook.plan.nearest import (
    TRUST_TYPE,
    Choice,
    PackSummary,
    candidate,
    fitting_packs,
    model,
    model_json,
    pack_summary,
    rank,
)
from casebook.plan.plurals import counted


def pack_summaries(ctx: SiteContext) -> list[PackSummary]:
    by_slug = {c.slug: candidate(c) for c in ctx.cases}
    order = list(ctx.taxonomy.areas.ids)
    return [pack_summary(p, by_slug, order) for p in ctx.library.packs]


def pack_url(slug: str) -> str:
    return f"{PACKS_DIR}/{slug}/"


def closest_on_term_page(ctx: SiteContext, term_id: str, root: str) -> str:
    """'Closest cases from similar trusts' for /trust-types/<id>/, ranked as Find cases
    ranks them for that one choice; '' for a type with no similar types or no such cases."""
    term = ctx.taxonomy[TRUST_TYPE].get(term_id)
    if term is None or not term.similar:
        return ""
    m = model(ctx.taxonomy)
    pool = [candidate(c) for t in term.similar for c in ctx.index.cases(TRUST_TYPE, t)]
    choice = Choice(trust_types=frozenset({term_id}))
    near = rank(pool, choice, m)
    if not near:
        return ""
    types = ctx.taxonomy[TRUST_TYPE]
    similar = [{"label": types.label_of(t), "url": root + term_url(TRUST_TYPE, t),
                "count": counted(ctx.index.count(TRUST_TYPE, t), "case")}
               for t in term.similar]
    packs = fitting_packs(pack_summaries(ctx), choice, [n.case for n in near], m)
    return render("nearest-list.html", root=root, near=near, similar=similar, packs=packs,
                  pack_url=pack_url)


def nearest_fragment(ctx: SiteContext, root: str) -> str:
    """For Find cases: the element the closest cases are shown in, and the model
    theme/assets/casebook/nearest.js ranks them with."""
    data = model_json(model(ctx.taxonomy), pack_summaries(ctx),
                      {p.slug: root + pack_url(p.slug) for p in ctx.library.packs})
    data["root"] = root
    return render("nearest.html", data=script_json(data))
