/* Casebook: Find cases (/browse/, generator/templates/browse.html). Words are searched in the
 * full text of every case with Pagefind; facets are filtered over the metadata embedded in
 * the page (#cb-data), so a view with no words never loads Pagefind. The state lives in the
 * address (?q=words&area=data&trust_type=acute&sort=title), so a copied link reopens it.
 * casebook.js imports this module only on the finder's page.
 *
 * HOOK for other modules (the nearest-cases module), a contract kept stable:
 * - After every update the finder dispatches on `document` a CustomEvent
 *   "casebook:results" whose detail is { state, matches, records }:
 *     state:   { q: "the words" (or ""), sort: "" (the default) | "relevance" | "newest" | "title",
 *                facets: { area: [...], trust_type: [...], population: [...], region: [...],
 *                          evidence: [...], outcome: [...], wres: [...] } }
 *              facets maps each query key to the chosen term ids (an empty list for none);
 *     matches: the slugs of the matching cases, in the order shown (empty when none match);
 *     records: every case's metadata, newest first, { s: slug, t: title, d: "YYYY-MM-DD",
 *              f: { <query key>: [term ids] } }. Read-only: the finder uses them too.
 * - The last detail also stays on the finder's root element, for a module that starts after
 *   the first update: document.querySelector("[data-cb-browse]").casebookResults.
 * - <div id="cb-nearest" hidden> follows the results: yours to fill and unhide; the finder
 *   never writes in it.
 * - Labels: each filter box (input[name=<key>][value=<id>]) carries data-label, the term's
 *   label, and its fieldset data-label, the facet's.
 * - To change the view, push the new address (?area=data) onto the browser's history, then
 *   dispatch a "popstate" event on window: the finder reads the address again. A plain link
 *   to ?area=data works too.
 * The words, the facets and the sort come from the address, which anyone can write: words are
 * cleaned (cleanWords) and only ever set as text; a facet value is kept only if the page has
 * a box for it; an unknown sort reads as the default.
 */
import "./nearest.js"; // listens for casebook:results before the first update
import { addressState } from "./url-state.js";

const SLUG_FILTER = "slug"; // Pagefind's filter naming each case (generator/templates/panel.html)
const RANKED = 20; // matches put in Pagefind's order of relevance; the rest follow, newest first
const MAX_WORDS = 200; // characters of words kept from an address or the box
const SHOWN_WORDS = 60; // characters of words repeated in the status line
// Control characters (Cc) and format characters (Cf: the marks that reorder or hide text,
// bidirectional overrides and isolates, zero-width joiners, soft hyphens): none belongs in a
// search, and in the status line they could make the words read as something else.
const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}]/gu;

/* The words of a search as the finder keeps them: no control or direction characters, spaces
 * collapsed, at most MAX_WORDS characters. */
export function cleanWords(text) {
  return text
    .replace(UNSAFE_CHARACTERS, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, MAX_WORDS)
    .trim();
}

/* Counts in words, as generator/plan/plurals.py writes them: "1 case", "2 cases", "0 cases". */
export function counted(n, singular, plural = "") {
  return `${n} ${n === 1 ? singular : plural || `${singular}s`}`;
}

/* "1 case matches", "2 cases match". */
function matchesPhrase(n) {
  return `${counted(n, "case")} ${n === 1 ? "matches" : "match"}`;
}

/* Writes that change nothing are skipped: on the first update of an unfiltered page every
 * card, count and label is already as the page was built, and each needless write would make
 * the browser restyle and lay out the page again while it is still loading. */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function setHidden(node, hidden) {
  if (node.hidden !== hidden) node.hidden = hidden;
}

/* Pagefind's excerpt marks matches with <mark>; keep those and nothing else, as text. */
function safeExcerpt(html) {
  const holder = document.createElement("template");
  holder.innerHTML = html;
  const out = document.createElement("p");
  out.className = "cb-card__excerpt";
  for (const node of holder.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.appendChild(mark);
    } else {
      out.appendChild(document.createTextNode(node.textContent));
    }
  }
  return out;
}

/* Pagefind, loaded once on first use, with its filter index: with it loaded, every search
 * says which cases it matched (its "slug" filter's counts) without fetching each result. */
function pagefindLoader(base) {
  let loading = null;
  return () => {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", base).href)
        .then((pf) =>
          pf
            .options({ baseUrl: base.pathname })
            .then(() => pf.filters())
            .then(() => pf),
        )
        .catch((error) => {
          loading = null; // try again next time
          throw error;
        });
    }
    return loading;
  };
}

function setUpFinder(root) {
  const base = new URL(root.getAttribute("data-cb-root"), window.location.href);
  const records = JSON.parse(document.getElementById("cb-data").textContent);
  const el = (id) => document.getElementById(id);
  const wordsForm = el("cb-filters-words");
  const words = el("cb-q");
  const form = el("cb-filters");
  const list = el("cb-cards");
  const status = el("cb-status");
  const bar = el("cb-filters-bar");
  const toggle = el("cb-filters-toggle");
  const sort = el("cb-sort");
  const clear = el("cb-filters-clear");
  const chips = el("cb-filters-chips");
  const empty = el("cb-filters-empty");
  const done = el("cb-filters-done");
  const bySlug = new Map(records.map((r) => [r.s, r]));
  const cards = new Map(records.map((r) => [r.s, el(`case-${r.s}`)]));
  const boxes = Array.from(form.querySelectorAll("input[type=checkbox]"));
  const keys = [...new Set(boxes.map((box) => box.name))];
  const boxOf = new Map(boxes.map((box) => [`${box.name}=${box.value}`, box]));
  const countOf = new Map(
    boxes.map((box) => [box, form.querySelector(`[data-count-for="${box.name}=${box.value}"]`)]),
  );
  const address = addressState({
    keys,
    sorts: ["", "relevance", "newest", "title"],
    accept: (key, value) => boxOf.has(`${key}=${value}`),
  });
  const loadPagefind = pagefindLoader(base);
  const searches = new Map(); // words → a promise of { slugs, search }
  let ticket = 0;
  let current = null; // the state shown

  function read(search) {
    const state = address.read(search);
    state.q = cleanWords(state.q);
    return state;
  }

  /* The order shown: the chosen one, else best match for words and newest first without. */
  function sortOf(state) {
    if (state.sort && (state.sort !== "relevance" || state.q)) return state.sort;
    return state.q ? "relevance" : "newest";
  }

  /* The state the form shows. The sort is the one last chosen (current.sort), or the one
   * just picked from the menu; the default order, whichever it is for these words, is left
   * out of the address. */
  function formState(picked = false) {
    const state = address.fromForm(words, sort, form);
    state.q = cleanWords(state.q);
    if (!picked) state.sort = current.sort;
    if (state.sort === sortOf({ ...state, sort: "" })) state.sort = "";
    if (state.sort === "relevance" && !state.q) state.sort = "";
    return state;
  }

  function writeForm(state) {
    words.value = state.q;
    const header = el("cb-header-q");
    if (header) header.value = state.q;
    for (const box of boxes) box.checked = state.facets[box.name].includes(box.value);
    const best = sort.querySelector("option[value=relevance]");
    best.hidden = !state.q;
    best.disabled = !state.q;
    sort.value = sortOf(state);
  }

  function chosenCount(state) {
    return keys.reduce((n, key) => n + state.facets[key].length, 0);
  }

  function passes(record, state, skipKey) {
    for (const key of keys) {
      const wanted = state.facets[key];
      if (key === skipKey || !wanted.length) continue;
      const have = record.f[key] || [];
      if (!wanted.some((value) => have.includes(value))) return false;
    }
    return true;
  }

  /* Which cases hold the words: Pagefind's full-text search, once per set of words. */
  function wordSearch(q) {
    if (!searches.has(q)) {
      const found = loadPagefind()
        .then((pf) => pf.search(q))
        .then((search) => {
          const counts = search?.filters?.[SLUG_FILTER] || {};
          const slugs = new Set(Object.keys(counts).filter((s) => counts[s] > 0 && bySlug.has(s)));
          return { slugs, search };
        });
      found.catch(() => searches.delete(q));
      searches.set(q, found);
    }
    return searches.get(q);
  }

  /* The matches in Pagefind's order of relevance (the first RANKED; the rest newest first),
   * with the excerpt of each ranked one. */
  async function bestOrder(q, shown, hit) {
    let search = hit.search;
    if (shown.length < hit.slugs.size) {
      const pf = await loadPagefind();
      search = await pf.search(q, { filters: { [SLUG_FILTER]: { any: shown.map((r) => r.s) } } });
    }
    const top = await Promise.all(search.results.slice(0, RANKED).map((r) => r.data()));
    const rank = new Map();
    const excerpts = new Map();
    top.forEach((data, i) => {
      const slug = /\/cases\/([^/]+)\/$/.exec(new URL(data.url, base).pathname)?.[1];
      if (slug && !rank.has(slug)) {
        rank.set(slug, i);
        excerpts.set(slug, data.excerpt || "");
      }
    });
    const ordered = shown
      .slice()
      .sort((a, b) => (rank.get(a.s) ?? RANKED) - (rank.get(b.s) ?? RANKED));
    return { ordered, excerpts };
  }

  function ordered(shown, order) {
    const out = shown.slice(); // records are newest first already
    if (order === "title") out.sort((a, b) => a.t.localeCompare(b.t, "en-GB"));
    return out;
  }

  /* The cards shown, in this order; the others hidden. They are moved only when the order
   * shown differs from the order they stand in. */
  function showCards(order, excerpts) {
    for (const excerpt of list.querySelectorAll(".cb-card__excerpt")) excerpt.remove();
    const wanted = order.map((r) => cards.get(r.s));
    const visible = new Set(wanted);
    const standing = Array.from(list.children).filter((card) => visible.has(card));
    if (standing.some((card, i) => card !== wanted[i])) list.append(...wanted);
    order.forEach((r, i) => {
      if (excerpts.get(r.s)) wanted[i].appendChild(safeExcerpt(excerpts.get(r.s)));
    });
    for (const card of cards.values()) setHidden(card, !visible.has(card));
  }

  /* Each option's count among the cases the words and the other facets' choices leave;
   * options with none are hidden (unless ticked), and so is a facet left with no option. */
  function showCounts(state, inWords) {
    for (const key of keys) {
      const counts = new Map();
      for (const r of records) {
        if (!inWords(r) || !passes(r, state, key)) continue;
        for (const v of r.f[key] || []) counts.set(v, (counts.get(v) || 0) + 1);
      }
      for (const box of boxes) {
        if (box.name !== key) continue;
        const n = counts.get(box.value) || 0;
        setText(countOf.get(box), `(${n})`);
        setHidden(box.closest(".cb-facet__term"), n === 0 && !box.checked);
      }
    }
    for (const fieldset of form.querySelectorAll("fieldset")) {
      setHidden(fieldset, !fieldset.querySelector(".cb-facet__term:not([hidden])"));
    }
  }

  function showChips(state) {
    if (!chips.childElementCount && !chosenCount(state)) return; // none shown, none to show
    chips.textContent = "";
    for (const key of keys) {
      for (const value of state.facets[key]) {
        const box = boxOf.get(`${key}=${value}`);
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "cb-chip";
        button.dataset.key = key;
        button.dataset.value = value;
        const hidden = document.createElement("span");
        hidden.className = "cb-visually-hidden";
        hidden.textContent = "Remove filter: ";
        const cross = document.createElement("span");
        cross.setAttribute("aria-hidden", "true");
        cross.textContent = " ×";
        button.append(
          hidden,
          `${box.closest("fieldset").dataset.label}: ${box.dataset.label}`,
          cross,
        );
        item.appendChild(button);
        chips.appendChild(item);
      }
    }
    chips.hidden = !chips.childElementCount;
  }

  function describe(state, n, searchFailed) {
    const chosen = chosenCount(state);
    const unavailable = searchFailed
      ? "Searching the words is not available right now; these are the filters' results. "
      : "";
    if (!state.q && !chosen) return `${unavailable}${counted(n, "case")}`;
    let what = "your filters";
    if (state.q && !searchFailed) {
      const shown = state.q.length > SHOWN_WORDS ? `${state.q.slice(0, SHOWN_WORDS)}…` : state.q;
      what = chosen ? `“${shown}” and your filters` : `“${shown}”`;
    }
    if (searchFailed && !chosen) return `${unavailable}${counted(n, "case")}`;
    return `${unavailable}${matchesPhrase(n)} ${what} (of ${records.length})`;
  }

  async function apply(state) {
    const mine = ++ticket;
    current = state;
    // Cleared until this update's results are shown, so nothing (a test, another module)
    // mistakes the last update's results for this one's.
    root.setAttribute("data-cb-ready", "false");
    list.setAttribute("aria-busy", "true");
    let hit = null;
    let searchFailed = false;
    if (state.q) {
      try {
        hit = await wordSearch(state.q);
      } catch {
        searchFailed = true;
      }
    }
    if (mine !== ticket) return;
    const inWords = (r) => !hit || hit.slugs.has(r.s);
    const shown = records.filter((r) => inWords(r) && passes(r, state, null));
    const order = sortOf(state);
    let result = { ordered: ordered(shown, order), excerpts: new Map() };
    if (order === "relevance" && hit && shown.length) {
      try {
        result = await bestOrder(state.q, shown, hit);
      } catch {
        /* newest first, as without words */
      }
      if (mine !== ticket) return;
    }
    showCards(result.ordered, result.excerpts);
    showCounts(state, inWords);
    showChips(state);
    const chosen = chosenCount(state);
    setText(toggle, `Filters (${chosen})`);
    setText(done, `Show ${counted(shown.length, "case")}`);
    setHidden(empty, shown.length > 0);
    setText(status, describe(state, shown.length, searchFailed));
    list.removeAttribute("aria-busy");
    const detail = {
      state: structuredClone(state),
      matches: result.ordered.map((r) => r.s),
      records,
    };
    root.casebookResults = detail;
    root.setAttribute("data-cb-ready", "true");
    document.dispatchEvent(new CustomEvent("casebook:results", { detail }));
  }

  /* Typing searches as it goes: its first search is a new entry in the history and the
   * next ones replace it, so Back returns to the view before the typing began. */
  let typed = false;
  function change(push, picked = false, typing = false) {
    const state = formState(picked);
    address.write(state, { replace: typed || !push });
    typed = typing;
    writeForm(state);
    return apply(state);
  }

  function setOpen(open) {
    form.classList.toggle("cb-filters--open", open);
    toggle.setAttribute("aria-expanded", String(open));
  }

  let typing = null;
  words.addEventListener("input", () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(() => change(true, false, true), 300);
  });
  wordsForm.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(typing);
    change(true);
  });
  form.addEventListener("change", () => change(true));
  form.addEventListener("submit", (event) => event.preventDefault());
  sort.addEventListener("change", () => change(true, true));
  clear.addEventListener("click", () => {
    const state = read("");
    address.write(state, { replace: false });
    typed = false;
    writeForm(state);
    apply(state);
    words.focus();
  });
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
  done.addEventListener("click", () => {
    setOpen(false);
    toggle.focus();
  });
  chips.addEventListener("click", (event) => {
    const button = event.target.closest("button.cb-chip");
    if (!button) return;
    const item = button.closest("li");
    const next = item.nextElementSibling || item.previousElementSibling;
    const nextKey = next ? `${next.firstChild.dataset.key}=${next.firstChild.dataset.value}` : "";
    boxOf.get(`${button.dataset.key}=${button.dataset.value}`).checked = false;
    change(true).then(() => {
      // Focus stays among the chips, or goes back to the words once the last is gone.
      const target = Array.from(chips.querySelectorAll("button")).find(
        (b) => `${b.dataset.key}=${b.dataset.value}` === nextKey,
      );
      (target || words).focus();
    });
  });
  window.addEventListener("popstate", () => {
    typed = false;
    const state = read(window.location.search);
    writeForm(state);
    apply(state);
  });

  wordsForm.hidden = false;
  bar.hidden = false;
  form.hidden = false;
  const initial = read(window.location.search);
  if (initial.q) loadPagefind().catch(() => {}); // apply() reports a failure
  writeForm(initial);
  apply(initial);
}

const root = document.querySelector("[data-cb-browse]");
if (root) setUpFinder(root);
