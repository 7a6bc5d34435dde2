/* Material for MkDocs' small inline scripts, moved into a file so the Content-Security-Policy
 * needs no 'unsafe-inline' for scripts (theme/partials/cb-security.html). Material writes
 * each as an inline <script> at a set place in the page; Casebook's overrides in
 * theme/partials/javascripts/ load this file at those same places, synchronously, and
 * `data-part` says which part runs there. The code is Material's own (9.x), unminified;
 * values Material printed into the script come from data-* attributes instead.
 * tests/test_material_forks.py fails, naming the part to re-sync, when Material changes one.
 * A classic script, not a module: it must run where it stands, and reads document.currentScript. */
(() => {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script, which is not strict by default
  "use strict";
  const script = document.currentScript;
  const part = script?.getAttribute("data-part");

  const parts = {
    /* partials/javascripts/base.html, in <head>: the storage helpers Material's bundle uses. */
    base: () => {
      // Casebook's, not Material's: the document is marked as scripted before its first
      // paint (this part runs in <head>), so casebook.css can keep room for the controls a
      // script shows later (Find cases' word box and bar, "Add to session") and the page
      // does not move when they appear. Without JavaScript there is no mark and no room.
      document.documentElement.classList.add("cb-scripted");
      window.__md_scope = new URL(script.getAttribute("data-scope") || ".", location);
      window.__md_hash = (text) =>
        Array.prototype.reduce.call(text, (h, c) => (h << 5) - h + c.charCodeAt(0), 0);
      window.__md_get = (key, storage = localStorage, scope = window.__md_scope) =>
        JSON.parse(storage.getItem(`${scope.pathname}.${key}`));
      window.__md_set = (key, value, storage = localStorage, scope = window.__md_scope) => {
        try {
          storage.setItem(`${scope.pathname}.${key}`, JSON.stringify(value));
        } catch {
          /* full or blocked */
        }
      };
    },

    /* partials/javascripts/palette.html, after the palette toggle: the reader's colour scheme. */
    palette: () => {
      const palette = window.__md_get("__palette");
      if (!palette?.color) return;
      if (palette.color.media === "(prefers-color-scheme)") {
        const media = matchMedia("(prefers-color-scheme: light)");
        const input = document.querySelector(
          media.matches
            ? "[data-md-color-media='(prefers-color-scheme: light)']"
            : "[data-md-color-media='(prefers-color-scheme: dark)']",
        );
        palette.color.media = input.getAttribute("data-md-color-media");
        palette.color.scheme = input.getAttribute("data-md-color-scheme");
        palette.color.primary = input.getAttribute("data-md-color-primary");
        palette.color.accent = input.getAttribute("data-md-color-accent");
      }
      for (const [key, value] of Object.entries(palette.color)) {
        document.body.setAttribute(`data-md-color-${key}`, value);
      }
    },

    /* partials/javascripts/content.html, after the content: linked tabs, and the tab a
     * link's #hash names. */
    content: () => {
      const tabs = script.hasAttribute("data-tabs-link") ? window.__md_get("__tabs") : null;
      if (Array.isArray(tabs)) {
        sets: for (const set of document.querySelectorAll(".tabbed-set")) {
          const labels = set.querySelector(".tabbed-labels");
          for (const tab of tabs) {
            for (const label of labels.getElementsByTagName("label")) {
              // biome-ignore lint/performance/useDomNodeTextContent: Material compares the text as shown
              if (label.innerText.trim() === tab) {
                document.getElementById(label.htmlFor).checked = true;
                continue sets;
              }
            }
          }
        }
      }
      const target = document.getElementById(location.hash.slice(1));
      if (target?.name) target.checked = target.name.startsWith("__tabbed_");
    },

    /* partials/javascripts/announce.html: keep a dismissed announcement hidden. */
    announce: () => {
      const el = document.querySelector("[data-md-component=announce]");
      if (!el) return;
      const content = el.querySelector(".md-typeset");
      if (window.__md_hash(content.innerHTML) === window.__md_get("__announce")) el.hidden = true;
    },

    /* partials/javascripts/outdated.html: the banner on an outdated version. */
    outdated: () => {
      const el = document.querySelector("[data-md-component=outdated]");
      const base = new URL(script.getAttribute("data-base") || ".", location);
      if (window.__md_get("__outdated", sessionStorage, base) === true && el) el.hidden = false;
    },

    /* partials/javascripts/consent.html: the cookie consent form. */
    consent: () => {
      const form = document.forms.consent;
      const consent = window.__md_get("__consent");
      if (consent) {
        for (const input of form.elements) {
          if (input.name) input.checked = consent[input.name] || false;
        }
      } else if (location.protocol !== "file:") {
        setTimeout(() => {
          document.querySelector("[data-md-component=consent]").hidden = false;
        }, 250);
      }
      for (const action of ["submit", "reset"]) {
        form.addEventListener(action, (event) => {
          event.preventDefault();
          if (event.type === "reset") {
            for (const input of form.elements) if (input.name) input.checked = false;
          }
          const chosen = Object.fromEntries(
            Array.from(new FormData(form).keys()).map((key) => [key, true]),
          );
          window.__md_set("__consent", chosen);
          location.hash = "";
          location.reload();
        });
      }
    },
  };

  if (parts[part]) parts[part]();
})();
