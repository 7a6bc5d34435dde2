/* Casebook: copy-link controls on headings, and the Browse view's filters.
 * No external requests, no inline handlers (the Content-Security-Policy forbids them).
 * An ES module: it runs once the page is parsed. */
import { copyText } from "./clipboard.js";
import "./nearest.js"; // listens for casebook:results before Browse first sends it
import { addressState } from "./url-state.js";

function announce(text) {
  let region = document.getElementById("cb-copied");
  if (!region) {
    region = document.createElement("div");
    region.id = "cb-copied";
    region.className = "cb-copied";
    region.setAttribute("role", "status");
    document.body.appendChild(region);
  }
  region.textContent = text;
  window.setTimeout(() => {
    region.textContent = "";
  }, 2500);
}

/* Heading anchors: following the link still works; it also copies the address (and says
 * nothing without a clipboard permission). */
function setUpCopyLinks() {
  for (const link of document.querySelectorAll(".md-typeset .headerlink")) {
    link.setAttribute("aria-label", "Copy link to this section");
    link.addEventListener("click", () => {
      copyText(link.href).then((copied) => {
        if (copied) announce("Link to this section copied");
      });
    });
  }
}

/* ---------------------------------------------------------------- Browse */

function setUpBrowse(root) {
  const dataNode = document.getElementById("cb-data");
  const form = document.getElementById("cb-filters");
  const list = document.getElementById("cb-cards");
  const status = document.getElementById("cb-status");
  if (!dataNode || !form || !list || !status) return;
  const records = JSON.parse(dataNode.textContent);
  const cards = {};
  for (const r of records) cards[r.s] = document.getElementById(`case-${r.s}`);
  const keys = [];
  for (const box of form.querySelectorAll("fieldset input[type=checkbox]")) {
    if (!keys.includes(box.name)) keys.push(box.name);
  }
  const address = addressState({ keys, sorts: ["newest", "title"] });
  const search = document.getElementById("cb-q");
  const sort = document.getElementById("cb-sort");
  form.hidden = false;
  const empty = document.createElement("p");
  empty.className = "cb-empty";
  empty.hidden = true;
  empty.textContent = "No case matches all of these filters. Untick a filter or clear them all.";
  list.parentNode.insertBefore(empty, list);

  function writeForm(state) {
    search.value = state.q;
    sort.value = state.sort;
    for (const box of form.querySelectorAll("fieldset input[type=checkbox]")) {
      box.checked = state.facets[box.name].includes(box.value);
    }
  }

  function matches(record, state, skipKey) {
    if (state.q) {
      for (const word of state.q.toLowerCase().split(/\s+/)) {
        if (!record.x.includes(word)) return false;
      }
    }
    for (const key of keys) {
      const wanted = state.facets[key];
      if (key === skipKey || !wanted.length) continue;
      const have = record.f[key] || [];
      if (!wanted.some((value) => have.includes(value))) return false;
    }
    return true;
  }

  function updateCounts(state) {
    for (const key of keys) {
      const counts = {};
      for (const r of records) {
        if (!matches(r, state, key)) continue;
        for (const v of r.f[key] || []) counts[v] = (counts[v] || 0) + 1;
      }
      for (const box of form.querySelectorAll(`input[name='${key}']`)) {
        const label = form.querySelector(`[data-count-for='${key}=${box.value}']`);
        if (label) label.textContent = `(${counts[box.value] || 0})`;
      }
    }
  }

  function apply(state) {
    const shown = records.filter((r) => matches(r, state, null));
    const ordered = shown.slice();
    if (state.sort === "title") {
      ordered.sort((a, b) => a.t.localeCompare(b.t, "en-GB"));
    }
    const visible = {};
    for (const r of ordered) {
      visible[r.s] = true;
      list.appendChild(cards[r.s]);
    }
    for (const r of records) cards[r.s].hidden = !visible[r.s];
    empty.hidden = shown.length > 0;
    const n = shown.length;
    status.textContent =
      n === records.length
        ? n + (n === 1 ? " case" : " cases")
        : `${n}${n === 1 ? " case matches" : " cases match"} your filters (of ${records.length})`;
    updateCounts(state);
    // The finder's contract with nearest.js (closest cases when few match).
    document.dispatchEvent(
      new CustomEvent("casebook:results", { detail: { state, matches: shown, records } }),
    );
  }

  let typingTimer = null;
  function onChange(replace) {
    const state = address.fromForm(search, sort, form);
    address.write(state, { replace });
    apply(state);
  }

  form.addEventListener("change", (event) => {
    if (event.target === search) return;
    onChange(false);
  });
  search.addEventListener("input", () => {
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(() => onChange(true), 150);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    writeForm(address.read(""));
    onChange(false);
  });
  window.addEventListener("popstate", () => {
    const state = address.read(window.location.search);
    writeForm(state);
    apply(state);
  });

  const initial = address.read(window.location.search);
  writeForm(initial);
  apply(initial);
  root.setAttribute("data-cb-ready", "true");
}

/* Without a configured site_url the printed address is relative; the browser knows it. */
function fillPrintUrl() {
  for (const span of document.querySelectorAll(".cb-print-url span")) {
    span.textContent = window.location.href.split("#")[0];
  }
}

setUpCopyLinks();
fillPrintUrl();
const browse = document.querySelector("[data-cb-browse]");
if (browse) setUpBrowse(browse);
