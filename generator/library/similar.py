"""`similar` in taxonomy.yml: which trust types come closest to each other, as data.

"Cases from trusts like mine" (generator/plan/nearest.py) offers the cases of similar trust
types when few of the reader's own type match. Which types are similar is a judgement about
the terms' descriptions, so it lives beside them in taxonomy.yml, not in code, and is checked
like every other value there: known ids of the same facet, never the term itself, each once,
and mutual (a pair listed on both terms, so the file reads the same from either side).
"""

from __future__ import annotations

from typing import Any

from casebook.library.shapes import Checker, did_you_mean
from casebook.library.yamldoc import KeyPath

SIMILAR = "similar"
# The facets whose terms may list similar terms.
SIMILAR_FACETS = ("trust_type",)


def check_similar(terms: list[tuple[int, str, tuple[str, ...]]], key_path: KeyPath,
                  checker: Checker) -> dict[str, tuple[str, ...]]:
    """Each term's valid similar ids, from (index in the file, id, listed ids); every problem
    reported at the listed id. Invalid ids are dropped, so a site is never built on them."""
    known = [term_id for _, term_id, _ in terms]
    listed: dict[str, tuple[str, ...]] = {}
    for index, term_id, similar in terms:
        kept: list[str] = []
        for pos, ref in enumerate(similar):
            where = (*key_path, index, SIMILAR, pos)
            if not ref:
                continue  # not text: reported when it was read
            if ref not in known:
                checker.report("unknown-term", where, f"unknown term '{ref}'",
                               f"{did_you_mean(ref, known)}Expected one of: {', '.join(known)}.")
            elif ref == term_id:
                checker.report("similar-to-itself", where,
                               f"term '{term_id}' lists itself as similar")
            elif ref in kept:
                checker.report("similar-listed-twice", where, f"'{ref}' is listed twice")
            else:
                kept.append(ref)
        listed[term_id] = tuple(kept)
    for index, term_id, similar in terms:
        for ref in listed[term_id]:
            if term_id not in listed.get(ref, ()):
                pos = similar.index(ref)
                checker.report("similar-not-mutual", (*key_path, index, SIMILAR, pos),
                               f"'{term_id}' lists '{ref}' as similar, but '{ref}' does not "
                               f"list '{term_id}'",
                               f"Add '{term_id}' to the similar list of '{ref}', or remove "
                               f"'{ref}' here.")
    return {term_id: tuple(ref for ref in ids if term_id in listed[ref])
            for term_id, ids in listed.items()}


def listed_ids(data: dict[str, Any], key_path: KeyPath, checker: Checker) -> tuple[str, ...]:
    """A term's `similar` list as written: '' in place of each item that is not text
    (reported here), so that every other item keeps its position for its diagnostics."""
    full = (*key_path, SIMILAR)
    value = data.get(SIMILAR)
    if value is None or not checker.expect(value, list, full):
        return ()
    return tuple(item if checker.expect(item, str, (*full, pos)) else ""
                 for pos, item in enumerate(value))
