/* Casebook search page: Pagefind's JavaScript API behind an accessible form whose state
 * lives in the query string (/search/?q=reverse+mentoring&trust_type=acute), so a copied
 * link reopens the same search. Filters always go with a search term: a Pagefind query
 * with filters alone downloads the whole index, and Browse does that job better.
 * An ES module: it runs once the page is parsed. */
import { addressState } from "./url-state.js";

const PAGE_SIZE = 10;

/* Pagefind's excerpt marks matches with <mark>; keep those and nothing else. */
function safeExcerpt(html) {
  const holder = document.createElement("template");
  holder.innerHTML = html;
  const out = document.createElement("span");
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

function setUpSearch(root) {
  const base = new URL(root.getAttribute("data-cb-root"), window.location.href);
  const facets = JSON.parse(document.getElementById("cb-search-facets").textContent);
  const form = document.getElementById("cb-search-form");
  const input = document.getElementById("cb-search-q");
  const panel = document.getElementById("cb-search-filters");
  const status = document.getElementById("cb-search-status");
  const list = document.getElementById("cb-search-results");
  const sortRow = document.getElementById("cb-search-sort-row");
  const sort = document.getElementById("cb-search-sort");
  let pagefind = null;
  let latest = 0;
  let shown = PAGE_SIZE;

  const labelOf = {};
  for (const f of facets) {
    labelOf[f.key] = {};
    for (const t of f.terms) labelOf[f.key][t.id] = t.label;
  }
  const address = addressState({
    keys: facets.map((f) => f.key),
    sorts: ["relevance", "newest"],
    accept: (key, id) => Boolean(labelOf[key][id]),
  });

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then((pf) =>
        // Loading the filter index up front makes every search report counts for every facet.
        pf
          .options({ baseUrl: base.pathname })
          .then(() => pf.filters())
          .then(() => pf),
      );
    }
    return pagefind;
  }

  function pagefindFilters(state) {
    const filters = {};
    for (const f of facets) {
      const ids = state.facets[f.key];
      if (ids.length) filters[f.name] = { any: ids.map((id) => labelOf[f.key][id]) };
    }
    return filters;
  }

  function renderFilters(state, counts) {
    panel.textContent = "";
    for (const f of facets) {
      const fieldset = document.createElement("fieldset");
      fieldset.className = "cb-facet";
      const legend = document.createElement("legend");
      legend.textContent = f.name;
      fieldset.appendChild(legend);
      const available = counts[f.name] || {};
      let any = false;
      for (const t of f.terms) {
        const checked = state.facets[f.key].includes(t.id);
        const n = available[t.label] || 0;
        if (!n && !checked) continue;
        any = true;
        const row = document.createElement("p");
        row.className = "cb-facet__term";
        const box = document.createElement("input");
        box.type = "checkbox";
        box.name = f.key;
        box.value = t.id;
        box.id = `s-${f.key}-${t.id}`;
        box.checked = checked;
        const label = document.createElement("label");
        label.htmlFor = box.id;
        label.textContent = `${t.label} `;
        const count = document.createElement("span");
        count.className = "cb-count";
        count.textContent = `(${n})`;
        label.appendChild(count);
        row.appendChild(box);
        row.appendChild(label);
        fieldset.appendChild(row);
      }
      if (any) panel.appendChild(fieldset);
    }
  }

  function renderResults(items, total) {
    list.textContent = "";
    for (const data of items) {
      const item = document.createElement("li");
      const heading = document.createElement("h2");
      const link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.meta.title || data.url;
      heading.appendChild(link);
      item.appendChild(heading);
      const summary = document.createElement("p");
      summary.textContent = data.meta.summary || "";
      item.appendChild(summary);
      const excerpt = document.createElement("p");
      excerpt.className = "cb-search__excerpt";
      excerpt.appendChild(safeExcerpt(data.excerpt || ""));
      item.appendChild(excerpt);
      const meta = document.createElement("p");
      meta.className = "cb-search__meta";
      meta.textContent = [data.meta.organisation, data.meta.trust_type].filter(Boolean).join(" · ");
      item.appendChild(meta);
      list.appendChild(item);
    }
    if (total > items.length) {
      const more = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = "Show more results";
      button.addEventListener("click", () => {
        shown += PAGE_SIZE;
        run(formState());
      });
      more.appendChild(button);
      list.appendChild(more);
    }
  }

  function describe(state, n) {
    if (n === 0) {
      const filtered = Object.keys(pagefindFilters(state)).length ? " with these filters." : ".";
      return `No case matches “${state.q}”${filtered}`;
    }
    return `${n}${n === 1 ? " case matches “" : " cases match “"}${state.q}”.`;
  }

  function run(state) {
    const ticket = ++latest;
    // Cleared while a search is in flight, so nothing (a test, a script) mistakes the last
    // search's results for this one's.
    root.setAttribute("data-cb-ready", "false");
    list.setAttribute("aria-busy", "true");
    sortRow.hidden = !state.q;
    if (!state.q) {
      list.textContent = "";
      panel.textContent = "";
      status.textContent =
        "Type a few words and press Search. To list cases by filters alone, use Browse.";
      finished();
      return Promise.resolve();
    }
    status.textContent = "Searching…";
    return loadPagefind()
      .then((pf) => {
        const options = { filters: pagefindFilters(state) };
        if (state.sort === "newest") options.sort = { published: "desc" };
        return pf.search(state.q, options);
      })
      .then((search) => {
        if (ticket !== latest || !search) return null;
        return Promise.all(search.results.slice(0, shown).map((r) => r.data())).then((items) => {
          if (ticket !== latest) return;
          renderFilters(state, search.filters || {});
          renderResults(items, search.results.length);
          status.textContent = describe(state, search.results.length);
          finished();
        });
      })
      .catch(() => {
        status.textContent =
          "Search is not available right now. Every case can be reached through Browse.";
        if (ticket === latest) finished();
      });
  }

  function finished() {
    list.removeAttribute("aria-busy");
    root.setAttribute("data-cb-ready", "true");
  }

  function formState() {
    return address.fromForm(input, sort, panel);
  }

  function update(push) {
    const state = formState();
    address.write(state, { replace: !push });
    shown = PAGE_SIZE;
    return run(state);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update(true);
  });
  panel.addEventListener("change", () => update(true));
  sort.addEventListener("change", () => update(true));
  let typing = null;
  input.addEventListener("input", () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(() => update(false), 250);
  });
  window.addEventListener("popstate", () => start());

  function start() {
    // Fetch Pagefind's script, WebAssembly and filter index while the reader types, so the
    // first search waits only for the search itself.
    loadPagefind().catch(() => {
      /* run() reports it if search is used */
    });
    const state = address.read(window.location.search);
    input.value = state.q;
    sort.value = state.sort;
    const header = document.getElementById("cb-header-q");
    if (header) header.value = state.q;
    renderFilters(state, {});
    return run(state);
  }
  start();
}

const root = document.querySelector("[data-cb-search]");
if (root) setUpSearch(root);
