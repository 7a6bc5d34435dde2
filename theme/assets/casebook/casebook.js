/* Casebook: copy-link controls on headings, and the start of Find cases (finder.js).
 * No external requests, no inline handlers (the Content-Security-Policy forbids them).
 * An ES module: it runs once the page is parsed. */
import { copyText } from "./clipboard.js";

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

/* ---------------------------------------------------------------- Find cases */

/* The old search page (/search/) sends its reader on to Find cases with the same query
 * string and fragment, so a saved link still opens its search. The target is the page's own
 * (generator/templates/search.html; a case cannot carry data-cb-* attributes) and is read as
 * an address on this site only. */
function forward(marker) {
  const target = new URL(marker.getAttribute("data-cb-forward"), window.location.href);
  if (target.origin !== window.location.origin) return;
  window.location.replace(target.pathname + window.location.search + window.location.hash);
}

/* Without a configured site_url the printed address is relative; the browser knows it. */
function fillPrintUrl() {
  for (const span of document.querySelectorAll(".cb-print-url span")) {
    span.textContent = window.location.href.split("#")[0];
  }
}

setUpCopyLinks();
fillPrintUrl();
const forwarding = document.querySelector("[data-cb-forward]");
if (forwarding) forward(forwarding);
// The scripts of one kind of page are fetched only where they work: Find cases, the
// session page, and the source sentences of measured impact (/impact/, /wres/<n>/).
if (document.querySelector("[data-cb-browse]")) import("./finder.js");
if (document.querySelector("[data-cb-session]")) import("./session.js");
if (document.querySelector(".cb-source-tip")) import("./impact.js");
