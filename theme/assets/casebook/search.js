/* Casebook search page: Pagefind's JavaScript API behind an accessible form whose state
 * lives in the query string (/search/?q=reverse+mentoring&trust_type=acute), so a copied
 * link reopens the same search. Filters always go with a search term: a Pagefind query
 * with filters alone downloads the whole index, and Browse does that job better. */
(function () {
  "use strict";
  var root = document.querySelector("[data-cb-search]");
  if (!root) return;

  var PAGE_SIZE = 10;
  var base = new URL(root.getAttribute("data-cb-root"), window.location.href);
  var facets = JSON.parse(document.getElementById("cb-search-facets").textContent);
  var form = document.getElementById("cb-search-form");
  var input = document.getElementById("cb-search-q");
  var panel = document.getElementById("cb-search-filters");
  var status = document.getElementById("cb-search-status");
  var list = document.getElementById("cb-search-results");
  var sortRow = document.getElementById("cb-search-sort-row");
  var sort = document.getElementById("cb-search-sort");
  var pagefind = null;
  var latest = 0;
  var shown = PAGE_SIZE;

  facets.forEach(function (f) {
    f.labelOf = {};
    f.idOf = {};
    f.terms.forEach(function (t) { f.labelOf[t.id] = t.label; f.idOf[t.label] = t.id; });
  });

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        // Loading the filter index up front makes every search report counts for every facet.
        return pf.options({ baseUrl: base.pathname })
          .then(function () { return pf.filters(); })
          .then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function readState(search) {
    var params = new URLSearchParams(search);
    var state = { q: (params.get("q") || "").trim(), sort: params.get("sort") === "newest" ? "newest" : "relevance", facets: {} };
    facets.forEach(function (f) {
      state.facets[f.key] = [];
      params.getAll(f.key).forEach(function (v) {
        v.split(",").forEach(function (id) { if (f.labelOf[id]) state.facets[f.key].push(id); });
      });
    });
    return state;
  }

  function toQuery(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    facets.forEach(function (f) {
      state.facets[f.key].forEach(function (id) { params.append(f.key, id); });
    });
    if (state.sort === "newest") params.set("sort", "newest");
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function formState() {
    var state = { q: input.value.trim(), sort: sort.value, facets: {} };
    facets.forEach(function (f) { state.facets[f.key] = []; });
    panel.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      state.facets[box.name].push(box.value);
    });
    return state;
  }

  function pagefindFilters(state) {
    var filters = {};
    facets.forEach(function (f) {
      var ids = state.facets[f.key];
      if (ids.length) filters[f.name] = { any: ids.map(function (id) { return f.labelOf[id]; }) };
    });
    return filters;
  }

  /* Pagefind's excerpt marks matches with <mark>; keep those and nothing else. */
  function safeExcerpt(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var out = document.createElement("span");
    holder.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function renderFilters(state, counts) {
    panel.textContent = "";
    facets.forEach(function (f) {
      var fieldset = document.createElement("fieldset");
      fieldset.className = "cb-facet";
      var legend = document.createElement("legend");
      legend.textContent = f.name;
      fieldset.appendChild(legend);
      var available = counts[f.name] || {};
      var any = false;
      f.terms.forEach(function (t) {
        var checked = state.facets[f.key].indexOf(t.id) >= 0;
        var n = available[t.label] || 0;
        if (!n && !checked) return;
        any = true;
        var row = document.createElement("p");
        row.className = "cb-facet__term";
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = f.key;
        box.value = t.id;
        box.id = "s-" + f.key + "-" + t.id;
        box.checked = checked;
        var label = document.createElement("label");
        label.htmlFor = box.id;
        label.textContent = t.label + " ";
        var count = document.createElement("span");
        count.className = "cb-count";
        count.textContent = "(" + n + ")";
        label.appendChild(count);
        row.appendChild(box);
        row.appendChild(label);
        fieldset.appendChild(row);
      });
      if (any) panel.appendChild(fieldset);
    });
  }

  function renderResults(items, total) {
    list.textContent = "";
    items.forEach(function (data) {
      var item = document.createElement("li");
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.meta.title || data.url;
      heading.appendChild(link);
      item.appendChild(heading);
      var summary = document.createElement("p");
      summary.textContent = data.meta.summary || "";
      item.appendChild(summary);
      var excerpt = document.createElement("p");
      excerpt.className = "cb-search__excerpt";
      excerpt.appendChild(safeExcerpt(data.excerpt || ""));
      item.appendChild(excerpt);
      var meta = document.createElement("p");
      meta.className = "cb-search__meta";
      meta.textContent = [data.meta.organisation, data.meta.trust_type].filter(Boolean).join(" · ");
      item.appendChild(meta);
      list.appendChild(item);
    });
    if (total > items.length) {
      var more = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = "Show more results";
      button.addEventListener("click", function () { shown += PAGE_SIZE; run(formState()); });
      more.appendChild(button);
      list.appendChild(more);
    }
  }

  function run(state) {
    var ticket = ++latest;
    // Cleared while a search is in flight, so nothing (a test, a script) mistakes the last
    // search's results for this one's.
    root.setAttribute("data-cb-ready", "false");
    list.setAttribute("aria-busy", "true");
    sortRow.hidden = !state.q;
    if (!state.q) {
      list.textContent = "";
      panel.textContent = "";
      status.textContent = "Type a few words and press Search. To list cases by filters alone, use Browse.";
      finished();
      return Promise.resolve();
    }
    status.textContent = "Searching…";
    return loadPagefind().then(function (pf) {
      var options = { filters: pagefindFilters(state) };
      if (state.sort === "newest") options.sort = { published: "desc" };
      return pf.search(state.q, options);
    }).then(function (search) {
      if (ticket !== latest || !search) return null;
      return Promise.all(search.results.slice(0, shown).map(function (r) { return r.data(); }))
        .then(function (items) {
          if (ticket !== latest) return;
          var n = search.results.length;
          renderFilters(state, search.filters || {});
          renderResults(items, n);
          status.textContent = n === 0
            ? "No case matches “" + state.q + "”" + (Object.keys(pagefindFilters(state)).length ? " with these filters." : ".")
            : n + (n === 1 ? " case matches “" : " cases match “") + state.q + "”.";
          finished();
        });
    }).catch(function () {
      status.textContent = "Search is not available right now. Every case can be reached through Browse.";
      if (ticket === latest) finished();
    });
  }

  function finished() {
    list.removeAttribute("aria-busy");
    root.setAttribute("data-cb-ready", "true");
  }

  function update(push) {
    var state = formState();
    var url = window.location.pathname + toQuery(state);
    if (url !== window.location.pathname + window.location.search) {
      if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
    }
    shown = PAGE_SIZE;
    return run(state);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
  panel.addEventListener("change", function () { update(true); });
  sort.addEventListener("change", function () { update(true); });
  var typing = null;
  input.addEventListener("input", function () {
    window.clearTimeout(typing);
    typing = window.setTimeout(function () { update(false); }, 250);
  });
  window.addEventListener("popstate", function () { start(); });

  function start() {
    // Fetch Pagefind's script, WebAssembly and filter index while the reader types, so the
    // first search waits only for the search itself.
    loadPagefind().catch(function () { /* run() reports it if search is used */ });
    var state = readState(window.location.search);
    input.value = state.q;
    sort.value = state.sort;
    var header = document.getElementById("cb-header-q");
    if (header) header.value = state.q;
    renderFilters(state, {});
    return run(state);
  }
  start();
})();
