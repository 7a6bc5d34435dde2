"""generator/plan/nearest.py: the closest cases to a reader's choices, ranked from the taxonomy."""

from __future__ import annotations

import dataclasses

import pytest

from casebook.plan.nearest import (
    LIMIT,
    TIERS,
    Candidate,
    Choice,
    Model,
    PackSummary,
    exact,
    fitting_packs,
    model,
    model_json,
    rank,
    type_phrase,
)
from tests.helpers.library import valid_taxonomy

MH = "mental-health"
COMBINED = "combined-mental-health-community"


@pytest.fixture(scope="module")
def m() -> Model:
    """The model of the repository's taxonomy."""
    return model(valid_taxonomy())


def case(slug: str, trust_type: str = "acute", population: str = "not-stated",
         areas: tuple[str, ...] = ("data",), published: str = "2024-01-01") -> Candidate:
    return Candidate(slug, f"Title of {slug}", published, trust_type, population, areas)


def choose(types: tuple[str, ...] = (), populations: tuple[str, ...] = (),
           areas: tuple[str, ...] = ()) -> Choice:
    return Choice(frozenset(types), frozenset(populations), frozenset(areas))


def slugs(near: list) -> list[str]:
    return [n.case.slug for n in near]


def test_the_neds_choice_ranks_same_type_then_similar_then_same_population(m: Model) -> None:
    """Mental health + highly diverse, none exact: own type first, then the combined trust
    (its neighbouring profile before one not stated), then an unrelated type with the chosen
    profile; a case sharing nothing is left out."""
    cases = [
        case("unrelated", "ambulance", "less-diverse"),
        case("same-population", "ambulance", "highly-diverse"),
        case("combined-not-stated", COMBINED, "not-stated", published="2025-01-01"),
        case("combined-diverse", COMBINED, "diverse"),
        case("own-type", MH, "not-stated"),
    ]
    near = rank(cases, choose((MH,), ("highly-diverse",)), m)
    assert slugs(near) == ["own-type", "combined-diverse", "combined-not-stated",
                           "same-population"]
    assert [n.differs for n in near] == [
        "Local population: not stated",
        "A combined mental health and community trust; local population: diverse",
        "A combined mental health and community trust; local population: not stated",
        "An ambulance trust",
    ]


def test_an_exact_match_is_never_offered_as_close(m: Model) -> None:
    """The reader sees exact matches already; the close list holds only the others."""
    cases = [case("exact", MH, "diverse"), case("close", MH, "highly-diverse")]
    choice = choose((MH,), ("diverse",))
    assert [c.slug for c in exact(cases, choice)] == ["exact"]
    assert slugs(rank(cases, choice, m)) == ["close"]


def test_areas_rank_after_type_as_the_tiers_say(m: Model) -> None:
    """Same type and area; similar type in that area; same type elsewhere; similar type
    elsewhere; another type in that area: TIERS, nearest first."""
    cases = [
        case("other-type-same-area", "ambulance", areas=("hr-processes",)),
        case("similar-elsewhere", COMBINED, areas=("data",)),
        case("same-elsewhere", MH, areas=("data",)),
        case("similar-same-area", COMBINED, areas=("hr-processes", "data")),
        case("same-type-same-area", MH, "diverse", areas=("hr-processes",)),
    ]
    near = rank(cases, choose((MH,), ("highly-diverse",), ("hr-processes",)), m)
    assert slugs(near) == ["same-type-same-area", "similar-same-area", "same-elsewhere",
                           "similar-elsewhere", "other-type-same-area"]
    assert [n.rank[0] for n in near] == [0, 1, 2, 3, 4] == list(range(len(TIERS)))
    assert near[2].differs == ("Local population: not stated; other areas: Better use and "
                               "understanding of data")


def test_within_a_tier_newest_comes_first_then_the_slug(m: Model) -> None:
    """Deterministic: the browser's nearest.js sorts the same way."""
    cases = [case("b", COMBINED, published="2023-01-01"), case("c", COMBINED),
             case("a", COMBINED)]
    assert slugs(rank(cases, choose((MH,)), m)) == ["a", "c", "b"]


def test_at_most_limit_cases_and_none_without_a_choice(m: Model) -> None:
    """A long tail is cut at LIMIT; with nothing chosen there is nothing to be near."""
    cases = [case(f"c{i:02}", COMBINED) for i in range(LIMIT + 4)]
    assert len(rank(cases, choose((MH,)), m)) == LIMIT
    assert rank(cases, choose(), m) == []


def test_population_neighbours_come_from_the_taxonomy_order_and_skip_not_stated(
        m: Model) -> None:
    """Highly diverse sits beside diverse only; not stated is nobody's neighbour."""
    assert m.neighbours["highly-diverse"] == ("diverse",)
    assert m.neighbours["diverse"] == ("highly-diverse", "moderately-diverse")
    assert m.neighbours["less-diverse"] == ("moderately-diverse",)
    assert m.neighbours["not-stated"] == ()


def test_reordering_the_taxonomy_reorders_the_neighbours() -> None:
    """Data, not code: the neighbours follow the order the terms are declared in."""
    taxonomy = valid_taxonomy()
    facet = taxonomy["population_profile"]
    reordered = dataclasses.replace(facet, terms=tuple(reversed(facet.terms)))
    changed = dataclasses.replace(taxonomy, facets={**taxonomy.facets,
                                                    "population_profile": reordered})
    assert model(changed).neighbours["moderately-diverse"] == ("less-diverse", "diverse")


def test_similar_types_come_from_the_taxonomy_not_from_code() -> None:
    """A taxonomy without `similar` lists offers no similar types at all."""
    taxonomy = valid_taxonomy()
    facet = taxonomy["trust_type"]
    plain = dataclasses.replace(facet, terms=tuple(dataclasses.replace(t, similar=())
                                                   for t in facet.terms))
    m = model(dataclasses.replace(taxonomy, facets={**taxonomy.facets, "trust_type": plain}))
    assert rank([case("combined", COMBINED)], choose((MH,)), m) == []


def test_a_case_with_ids_the_taxonomy_does_not_have_is_left_out_without_an_error(
        m: Model) -> None:
    """Nothing true could be said about how it differs, so it is not offered."""
    cases = [case("bad-type", "<script>", "diverse"), case("bad-population", MH, "x\"y"),
             case("bad-area", MH, areas=("data", "no-such-area")), case("good", COMBINED)]
    assert slugs(rank(cases, choose((MH,), ("diverse",), ("data",)), m)) == ["good"]


def test_unknown_chosen_ids_rank_nothing_and_raise_nothing(m: Model) -> None:
    """A query string naming ids that do not exist (or markup) finds nothing close."""
    cases = [case("a", MH), case("b", COMBINED, "diverse")]
    assert rank(cases, choose(("<b>x</b>",), ("?",), ("\"'",)), m) == []


def test_every_difference_is_made_of_the_cases_own_labels(m: Model) -> None:
    """Never an invented word about a case: the phrases are the taxonomy's labels."""
    taxonomy = valid_taxonomy()
    for term in taxonomy["trust_type"]:
        assert term.label.lower() in type_phrase(term).lower() or term.id == "not-stated"
    assert type_phrase(taxonomy["trust_type"].get("acute")) == "an acute trust"
    assert type_phrase(taxonomy["trust_type"].get("not-stated")) == "trust type not stated"
    labels = {t.id: t.label.lower() for t in taxonomy["population_profile"]}
    assert all(phrase == f"local population: {labels[i]}"
               for i, phrase in m.population_phrases.items())


def test_packs_fit_by_similar_trust_type_first_then_by_the_areas_of_the_cases_shown(
        m: Model) -> None:
    """A pack with a combined trust's case comes before one only sharing an area; a pack
    sharing nothing is not offered; each says why in labels."""
    packs = [
        PackSummary("areas-only", "A pack on data", ("ambulance",), ("data",)),
        PackSummary("by-type", "Z pack with a combined trust", (COMBINED, "acute"), ()),
        PackSummary("nothing", "Nothing in common", ("ambulance",), ("foster-safe-spaces",)),
    ]
    fits = fitting_packs(packs, choose((MH,)), [case("shown", MH, areas=("data",))], m)
    assert [f.pack.slug for f in fits] == ["by-type", "areas-only"]
    assert fits[0].why == "Includes a case from a combined mental health and community trust"
    assert fits[1].why == "Areas: Better use and understanding of data"


def test_the_browser_model_carries_the_same_rules_and_words(m: Model) -> None:
    """nearest.js reads tiers, similar types, neighbours and phrases from here, not its own."""
    data = model_json(m, [PackSummary("p", "T", (MH,), ("data",))], {"p": "../packs/p/"})
    assert data["tiers"] == [list(t) for t in TIERS]
    assert data["similar"][MH] == [COMBINED]
    assert data["neighbours"]["highly-diverse"] == ["diverse"]
    assert data["types"][COMBINED] == "a combined mental health and community trust"
    assert data["packs"] == [{"s": "p", "t": "T", "u": "../packs/p/", "types": [MH],
                              "areas": ["data"]}]
