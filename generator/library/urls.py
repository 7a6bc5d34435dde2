"""Where every page lives. URLs are a promise to facilitators: they never change."""

from __future__ import annotations

# facet id → the folder of its pages, and the query-string key Browse uses for it.
FACET_FOLDERS: dict[str, str] = {
    "areas": "areas",
    "trust_type": "trust-types",
    "population_profile": "population",
    "region": "regions",
    "evidence": "evidence",
    "outcome": "outcomes",
    "wres_indicator": "wres",
    "high_impact_action": "high-impact-actions",
}
QUERY_KEYS: dict[str, str] = {
    "areas": "area",
    "trust_type": "trust_type",
    "population_profile": "population",
    "region": "region",
    "evidence": "evidence",
    "outcome": "outcome",
    "wres_indicator": "wres",
    "high_impact_action": "hia",
}

# The site's other names at its top level: generated pages and files, the docs pages,
# MkDocs' and the theme's own files, the search index, and the pages the site map promises
# (DESIGN.md). tests/integration/test_contents.py builds a site and fails on any name at its
# top level that is missing here, so a new family of pages cannot be forgotten.
SITE_NAMES = frozenset({
    "index", "cases", "browse", "search", "coverage", "about", "contribute", "frameworks",
    "maintainers", "packs", "schema", "feed", "diagnostics", "assets", "pagefind", "sitemap", "404",
    "session", "impact", "learning-from-failure", "hosting", "sources", "_headers",
    "accessibility",
})
# Names a case (its file name or an alias) or a pack may not take: `cases/index.md` would
# be the page at /cases/ and `packs/index.md` is the list of packs, and a case at
# /cases/browse/ would pass for the site's own Browse page.
RESERVED_SLUGS = SITE_NAMES | frozenset(FACET_FOLDERS.values())


def is_reserved(name: object) -> bool:
    """True when `name` is one of the site's own names (RESERVED_SLUGS)."""
    return isinstance(name, str) and name in RESERVED_SLUGS


def case_src(slug: str) -> str:
    return f"cases/{slug}.md"


def case_url(slug: str) -> str:
    return f"cases/{slug}/"


def on_site(site_url: str, path: str) -> str:
    """`path` (site-relative) under the site's address (MkDocs' `site_url`), or '' when the
    address is unknown."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else ""


def permanent_url(slug: str, site_url: str) -> str:
    """The case's address: absolute when the site's address is known, else site-relative."""
    return on_site(site_url, case_url(slug)) or case_url(slug)


def facet_src(facet_id: str) -> str:
    return f"{FACET_FOLDERS[facet_id]}/index.md"


def facet_url(facet_id: str) -> str:
    return f"{FACET_FOLDERS[facet_id]}/"


def term_src(facet_id: str, term_id: str) -> str:
    return f"{FACET_FOLDERS[facet_id]}/{term_id}.md"


def term_url(facet_id: str, term_id: str) -> str:
    return f"{FACET_FOLDERS[facet_id]}/{term_id}/"


def browse_url(**filters: str) -> str:
    """A Browse link with filters set, e.g. browse_url(trust_type='acute')."""
    query = "&".join(f"{QUERY_KEYS[k]}={v}" for k, v in filters.items())
    return "browse/" + (f"?{query}" if query else "")


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` (both site-relative, folder style)."""
    depth = from_url.count("/")
    return "../" * depth + to_url if to_url else ("../" * depth or "./")


def link_address(url: str) -> str:
    """`url` as the target of a link: a space or ')' would end a Markdown link early, so both
    are percent-encoded, which a browser reads as the same address."""
    return url.replace(" ", "%20").replace(")", "%29")
