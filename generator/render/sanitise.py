"""The last line of defence: a case page's HTML is cleaned against an allow-list.

The validator refuses unsafe HTML in a case with a diagnostic, so a contributor learns what
to change; this module makes sure nothing it missed ever reaches a reader. It runs on the
rendered HTML of every case page (the plugin's `on_page_content` hook), after Markdown, so
it also sees what Markdown extensions produced (`attr_list` can add any attribute).

Two allow-lists, one for each author:
- a contributed body (`sanitise_contributed_html`): text, headings, lists, tables, links and
  images, and nothing the site's own machinery reads: no `class` (but an admonition's), no
  `id` (but a heading's, which generator/plan/headings.py then gives back from the heading's
  text), no `hidden`, no `data-*` (Pagefind's filters, meta, sort and weight; Casebook's
  `data-cb-*`), no ARIA or roles (a body cannot pose as a dialog or the site's controls);
- Casebook's own fragments of a case page (`sanitise_case_html`): the metadata panel, the
  impact table and its small SVG charts, the sections after the body, with the classes,
  ids and `data-pagefind-*` attributes search and the site's scripts read.
Both drop a `title` that holds markup characters once decoded: Material's tooltips
(`content.tooltips` in mkdocs.yml) put a title into the page with `innerHTML`, so
`title="&lt;iframe srcdoc=…&gt;"` would become a live frame when a reader hovers the link.
Addresses may be http, https, mailto or relative. Everything else — scripts, frames, forms,
styles, event handlers, `javascript:` and `data:` addresses, however they are disguised — is
removed. nh3 (a binding of the Rust `ammonia` crate) parses the HTML as a browser does, so
entity and whitespace tricks do not get past.
"""

from __future__ import annotations

import nh3

from casebook.library.anchors import is_reserved_id

# Elements whose content goes too, not only the tags: their text is never case text.
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "object", "embed", "form", "template", "noscript",
    "textarea", "select", "frame", "frameset", "noembed", "noframes", "xmp", "plaintext",
    "math",
})

_TEXT = {"p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "small",
         "sub", "sup", "mark", "del", "ins", "s", "q", "cite", "kbd"}
_STRUCTURE = {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "div",
              "span", "section", "aside", "figure", "figcaption", "time", "abbr", "a", "img",
              "details", "summary"}
_TABLE = {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col"}
_SVG = {"svg", "g", "rect", "line", "text", "title", "desc", "tspan", "path", "circle"}
ALLOWED_TAGS = frozenset(_TEXT | _STRUCTURE | _TABLE | _SVG)

_GEOMETRY = {"x", "y", "width", "height", "rx", "ry", "x1", "y1", "x2", "y2", "dx", "dy",
             "transform", "text-anchor", "dominant-baseline", "fill", "stroke",
             "stroke-width"}
# Casebook's own data attributes that its scripts read on a case page (share.js: copy
# buttons and absolute links). Named one by one: `data-cb-browse` or `data-cb-search` in a
# case would wake the Browse or search script on a page that is neither.
CASEBOOK_DATA_ATTRIBUTES = frozenset({"data-cb-copy", "data-cb-absolute"})
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "role", "title", "lang", "dir", "hidden", *CASEBOOK_DATA_ATTRIBUTES},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "th": {"scope", "colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "svg": {"viewBox", "width", "height", "xmlns", "preserveAspectRatio", "focusable"},
    "g": {"transform"},
    "rect": _GEOMETRY,
    "line": _GEOMETRY,
    "text": _GEOMETRY,
    "tspan": _GEOMETRY,
    "circle": _GEOMETRY | {"cx", "cy", "r"},
    "path": _GEOMETRY | {"d"},
}
# Any element may carry ARIA and the attributes Pagefind reads (filter, meta, sort, weight,
# ignore, index-attrs, body).
ATTRIBUTE_PREFIXES = frozenset({"aria-", "data-pagefind-"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# A contributed body: what Markdown writes, and the HTML a contributor may mean by it.
# No inline SVG (the charts are Casebook's own), no attribute the site's scripts, its styles
# or Pagefind read. Headings keep their id for generator/plan/headings.py to replace.
CONTRIBUTED_TAGS = frozenset(_TEXT | _STRUCTURE | _TABLE)
CONTRIBUTED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"title", "lang", "dir"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
    **{tag: ALLOWED_ATTRIBUTES[tag] for tag in ("a", "img", "time", "ol", "th", "td", "col",
                                                  "colgroup", "details")},
}
# Python-Markdown's admonitions (`!!! note`) and the toc extension's permalinks (which
# generator/plan/headings.py takes out and writes again) are the only classes a body keeps.
ADMONITION_KINDS = frozenset({"note", "abstract", "info", "tip", "success", "question",
                              "warning", "failure", "danger", "bug", "example", "quote"})
CONTRIBUTED_CLASSES: dict[str, frozenset[str]] = {
    "div": frozenset({"admonition", *ADMONITION_KINDS}),
    "p": frozenset({"admonition-title"}),
    "a": frozenset({"headerlink"}),
}
# Characters that make a decoded title markup when Material's tooltip sets it as innerHTML
# (a tag, or an entity that shows other text than the attribute held).
_MARKUP_IN_TITLE = frozenset("<>&")

def safe_title(value: str) -> bool:
    """Whether a title attribute (decoded, as nh3 hands it over) is text to a tooltip that
    sets it as innerHTML: no tag, no entity."""
    return _MARKUP_IN_TITLE.isdisjoint(value)


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id" and is_reserved_id(value):
        return None
    if name == "title" and not safe_title(value):
        return None
    return value


def _filter_contributed_attribute(tag: str, name: str, value: str) -> str | None:
    """As `_filter_attribute`, and a class attribute keeps only the classes allowed on its
    element (nh3's own `allowed_classes` would leave an empty `class=""` behind)."""
    if name == "class":
        allowed = CONTRIBUTED_CLASSES.get(tag, frozenset())
        return " ".join(c for c in value.split() if c in allowed) or None
    return _filter_attribute(tag, name, value)


def _cleaner(*, contributed: bool) -> nh3.Cleaner:
    if contributed:
        tags, prefixes, keep = CONTRIBUTED_TAGS, frozenset[str](), _filter_contributed_attribute
        attributes = {tag: set(names) for tag, names in CONTRIBUTED_ATTRIBUTES.items()}
        for tag in CONTRIBUTED_CLASSES:
            attributes.setdefault(tag, set()).add("class")
    else:
        tags, prefixes, keep = ALLOWED_TAGS, ATTRIBUTE_PREFIXES, _filter_attribute
        attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    return nh3.Cleaner(
        tags=set(tags),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=attributes,
        attribute_filter=keep,
        generic_attribute_prefixes=set(prefixes),
        url_schemes=set(URL_SCHEMES),
        # Casebook's links carry no `target`, so no `rel` is needed, and the HTML stays as
        # Markdown wrote it.
        link_rel=None,
        strip_comments=True,
    )


# Built once: nh3.clean() builds its allow-list anew on every call, which cost half the time
# of cleaning a case page (docs/performance.md).
_CLEANER = _cleaner(contributed=False)
_CONTRIBUTED_CLEANER = _cleaner(contributed=True)


def sanitise_case_html(html: str) -> str:
    """Casebook's own HTML of a case page with everything outside its allow-list removed."""
    return _CLEANER.clean(html)


def sanitise_contributed_html(html: str) -> str:
    """A contributed body's HTML with everything outside the contributed allow-list removed:
    nothing in it can run, or drive the site's scripts, styles or search."""
    return _CONTRIBUTED_CLEANER.clean(html)
