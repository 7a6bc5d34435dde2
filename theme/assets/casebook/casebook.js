/* Casebook: copy-link controls on headings, and the Browse view's filters.
 * No external requests, no inline handlers (the Content-Security-Policy forbids them). */
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("cb-copied");
    if (!region) {
      region = document.createElement("div");
      region.id = "cb-copied";
      region.className = "cb-copied";
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    region.textContent = text;
    window.setTimeout(function () { region.textContent = ""; }, 2500);
  }

  /* Heading anchors: following the link still works; it also copies the address. */
  function setUpCopyLinks() {
    document.querySelectorAll(".md-typeset .headerlink").forEach(function (link) {
      link.setAttribute("aria-label", "Copy link to this section");
      link.addEventListener("click", function () {
        if (!navigator.clipboard) return;
        navigator.clipboard.writeText(link.href).then(function () {
          announce("Link to this section copied");
        }, function () { /* no clipboard permission: the link still works */ });
      });
    });
  }

  /* ---------------------------------------------------------------- Browse */

  function setUpBrowse(root) {
    var dataNode = document.getElementById("cb-data");
    var form = document.getElementById("cb-filters");
    var list = document.getElementById("cb-cards");
    var status = document.getElementById("cb-status");
    if (!dataNode || !form || !list || !status) return;
    var records = JSON.parse(dataNode.textContent);
    var cards = {};
    records.forEach(function (r) { cards[r.s] = document.getElementById("case-" + r.s); });
    var keys = [];
    form.querySelectorAll("fieldset input[type=checkbox]").forEach(function (box) {
      if (keys.indexOf(box.name) < 0) keys.push(box.name);
    });
    var search = document.getElementById("cb-q");
    var sort = document.getElementById("cb-sort");
    form.hidden = false;
    var empty = document.createElement("p");
    empty.className = "cb-empty";
    empty.hidden = true;
    empty.textContent = "No case matches all of these filters. Untick a filter or clear them all.";
    list.parentNode.insertBefore(empty, list);

    function readState(search) {
      var params = new URLSearchParams(search);
      var state = { q: params.get("q") || "", sort: params.get("sort") || "newest", facets: {} };
      keys.forEach(function (key) {
        var values = [];
        params.getAll(key).forEach(function (v) {
          v.split(",").forEach(function (part) { if (part) values.push(part); });
        });
        state.facets[key] = values;
      });
      return state;
    }

    function writeForm(state) {
      search.value = state.q;
      sort.value = state.sort === "title" ? "title" : "newest";
      form.querySelectorAll("fieldset input[type=checkbox]").forEach(function (box) {
        box.checked = state.facets[box.name].indexOf(box.value) >= 0;
      });
    }

    function formState() {
      var state = { q: search.value.trim(), sort: sort.value, facets: {} };
      keys.forEach(function (key) { state.facets[key] = []; });
      form.querySelectorAll("fieldset input[type=checkbox]:checked").forEach(function (box) {
        state.facets[box.name].push(box.value);
      });
      return state;
    }

    function toQuery(state) {
      var params = new URLSearchParams();
      if (state.q) params.set("q", state.q);
      keys.forEach(function (key) {
        state.facets[key].forEach(function (v) { params.append(key, v); });
      });
      if (state.sort === "title") params.set("sort", "title");
      var text = params.toString();
      return text ? "?" + text : "";
    }

    function matches(record, state, skipKey) {
      if (state.q) {
        var words = state.q.toLowerCase().split(/\s+/);
        for (var i = 0; i < words.length; i++) {
          if (record.x.indexOf(words[i]) < 0) return false;
        }
      }
      for (var k = 0; k < keys.length; k++) {
        var key = keys[k];
        var wanted = state.facets[key];
        if (key === skipKey || !wanted.length) continue;
        var have = record.f[key] || [];
        var any = false;
        for (var j = 0; j < wanted.length; j++) {
          if (have.indexOf(wanted[j]) >= 0) { any = true; break; }
        }
        if (!any) return false;
      }
      return true;
    }

    function updateCounts(state) {
      keys.forEach(function (key) {
        var counts = {};
        records.forEach(function (r) {
          if (!matches(r, state, key)) return;
          (r.f[key] || []).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
        });
        form.querySelectorAll("input[name='" + key + "']").forEach(function (box) {
          var n = counts[box.value] || 0;
          var label = form.querySelector("[data-count-for='" + key + "=" + box.value + "']");
          if (label) label.textContent = "(" + n + ")";
        });
      });
    }

    function apply(state) {
      var shown = records.filter(function (r) { return matches(r, state, null); });
      var ordered = shown.slice();
      if (state.sort === "title") {
        ordered.sort(function (a, b) { return a.t.localeCompare(b.t, "en-GB"); });
      }
      var visible = {};
      ordered.forEach(function (r) { visible[r.s] = true; list.appendChild(cards[r.s]); });
      records.forEach(function (r) { cards[r.s].hidden = !visible[r.s]; });
      empty.hidden = shown.length > 0;
      var n = shown.length;
      status.textContent = n === records.length ? n + (n === 1 ? " case" : " cases")
        : n + (n === 1 ? " case matches" : " cases match") + " your filters (of " + records.length + ")";
      updateCounts(state);
    }

    var typingTimer = null;
    function onChange(replace) {
      var state = formState();
      var url = window.location.pathname + toQuery(state);
      if (url !== window.location.pathname + window.location.search) {
        if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
      }
      apply(state);
    }

    form.addEventListener("change", function (event) {
      if (event.target === search) return;
      onChange(false);
    });
    search.addEventListener("input", function () {
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(function () { onChange(true); }, 150);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      writeForm(readState(""));
      onChange(false);
    });
    window.addEventListener("popstate", function () {
      var state = readState(window.location.search);
      writeForm(state);
      apply(state);
    });

    var initial = readState(window.location.search);
    writeForm(initial);
    apply(initial);
    root.setAttribute("data-cb-ready", "true");
  }

  /* Without a configured site_url the printed address is relative; the browser knows it. */
  function fillPrintUrl() {
    document.querySelectorAll(".cb-print-url span").forEach(function (span) {
      span.textContent = window.location.href.split("#")[0];
    });
  }

  function start() {
    setUpCopyLinks();
    fillPrintUrl();
    var browse = document.querySelector("[data-cb-browse]");
    if (browse) setUpBrowse(browse);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
