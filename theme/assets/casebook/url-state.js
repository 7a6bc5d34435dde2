/* Casebook: the state of Browse and Search kept in the page's address, written once for both,
 * so a copied link reopens the same view: ?q=words&area=data&area=boards&sort=title.
 * A state is { q, sort, facets: { key: [value, …] } }. */

/**
 * How one page keeps its state in the address.
 * keys: the facets' query keys, in the order they are written.
 * sorts: the orders the page offers; the first is the default and is left out of the address.
 * accept(key, value): whether a value read from an address is one the page knows.
 */
export function addressState({ keys, sorts, accept = () => true }) {
  /* The state an address's query string holds. Values joined by commas (an older form of
   * link) count one by one; unknown sorts read as the default. */
  function read(search) {
    const params = new URLSearchParams(search);
    const sort = params.get("sort");
    const state = {
      q: (params.get("q") || "").trim(),
      sort: sorts.includes(sort) ? sort : sorts[0],
      facets: {},
    };
    for (const key of keys) {
      state.facets[key] = params
        .getAll(key)
        .flatMap((value) => value.split(","))
        .filter((value) => value && accept(key, value));
    }
    return state;
  }

  /* The query string of a state: "" for the default view. */
  function query(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const key of keys) {
      for (const value of state.facets[key]) params.append(key, value);
    }
    if (state.sort !== sorts[0]) params.set("sort", state.sort);
    const text = params.toString();
    return text ? `?${text}` : "";
  }

  /* The state a form shows: its words, its sort and its ticked boxes (named by facet key). */
  function fromForm(words, sort, boxes) {
    const state = { q: words.value.trim(), sort: sort.value, facets: {} };
    for (const key of keys) state.facets[key] = [];
    for (const box of boxes.querySelectorAll("input[type=checkbox]:checked")) {
      state.facets[box.name].push(box.value);
    }
    return state;
  }

  /* Put a state in the address: a new history entry, or in place of the current one
   * (while the reader types), and nothing when the address already says it. */
  function write(state, { replace }) {
    const url = window.location.pathname + query(state);
    if (url === window.location.pathname + window.location.search) return;
    if (replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
  }

  return { read, query, fromForm, write };
}

/* For the session page (session.js), whose address is not a set of facets: one parameter of
 * the page's address (null when it has none), and an address put in place of the current
 * one without a new history entry. */
export function addressParam(name) {
  return new URLSearchParams(window.location.search).get(name);
}

export function replaceAddress(url) {
  history.replaceState(null, "", url);
}
