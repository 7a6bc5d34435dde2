/* Material for MkDocs' small inline scripts, moved into a file so the Content-Security-Policy
 * needs no 'unsafe-inline' for scripts (theme/partials/cb-security.html). Material writes
 * each as an inline <script> at a set place in the page; Casebook's overrides in
 * theme/partials/javascripts/ load this file at those same places, synchronously, and
 * `data-part` says which part runs there. The code is Material's own (9.x), unminified;
 * values Material printed into the script come from data-* attributes instead.
 * tests/test_material_forks.py fails, naming the part to re-sync, when Material changes one. */
(function () {
  "use strict";
  var script = document.currentScript;
  var part = script && script.getAttribute("data-part");

  var parts = {
    /* partials/javascripts/base.html, in <head>: the storage helpers Material's bundle uses. */
    base: function () {
      window.__md_scope = new URL(script.getAttribute("data-scope") || ".", location);
      window.__md_hash = function (text) {
        return Array.prototype.reduce.call(text, function (h, c) {
          return (h << 5) - h + c.charCodeAt(0);
        }, 0);
      };
      window.__md_get = function (key, storage, scope) {
        storage = storage || localStorage;
        scope = scope || window.__md_scope;
        return JSON.parse(storage.getItem(scope.pathname + "." + key));
      };
      window.__md_set = function (key, value, storage, scope) {
        storage = storage || localStorage;
        scope = scope || window.__md_scope;
        try { storage.setItem(scope.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* full or blocked */ }
      };
    },

    /* partials/javascripts/palette.html, after the palette toggle: the reader's colour scheme. */
    palette: function () {
      var palette = window.__md_get("__palette");
      if (!palette || !palette.color) return;
      if (palette.color.media === "(prefers-color-scheme)") {
        var media = matchMedia("(prefers-color-scheme: light)");
        var input = document.querySelector(media.matches
          ? "[data-md-color-media='(prefers-color-scheme: light)']"
          : "[data-md-color-media='(prefers-color-scheme: dark)']");
        palette.color.media = input.getAttribute("data-md-color-media");
        palette.color.scheme = input.getAttribute("data-md-color-scheme");
        palette.color.primary = input.getAttribute("data-md-color-primary");
        palette.color.accent = input.getAttribute("data-md-color-accent");
      }
      Object.keys(palette.color).forEach(function (key) {
        document.body.setAttribute("data-md-color-" + key, palette.color[key]);
      });
    },

    /* partials/javascripts/content.html, after the content: linked tabs, and the tab a
     * link's #hash names. */
    content: function () {
      if (script.hasAttribute("data-tabs-link")) {
        var tabs = window.__md_get("__tabs");
        if (Array.isArray(tabs)) {
          document.querySelectorAll(".tabbed-set").forEach(function (set) {
            var labels = set.querySelector(".tabbed-labels");
            outer: for (var i = 0; i < tabs.length; i++) {
              var found = labels.getElementsByTagName("label");
              for (var j = 0; j < found.length; j++) {
                if (found[j].innerText.trim() === tabs[i]) {
                  document.getElementById(found[j].htmlFor).checked = true;
                  break outer;
                }
              }
            }
          });
        }
      }
      var target = document.getElementById(location.hash.slice(1));
      if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
    },

    /* partials/javascripts/announce.html: keep a dismissed announcement hidden. */
    announce: function () {
      var el = document.querySelector("[data-md-component=announce]");
      if (!el) return;
      var content = el.querySelector(".md-typeset");
      if (window.__md_hash(content.innerHTML) === window.__md_get("__announce")) el.hidden = true;
    },

    /* partials/javascripts/outdated.html: the banner on an outdated version. */
    outdated: function () {
      var el = document.querySelector("[data-md-component=outdated]");
      var base = new URL(script.getAttribute("data-base") || ".", location);
      if (window.__md_get("__outdated", sessionStorage, base) === true && el) el.hidden = false;
    },

    /* partials/javascripts/consent.html: the cookie consent form. */
    consent: function () {
      var form = document.forms.consent;
      var consent = window.__md_get("__consent");
      var i;
      if (consent) {
        for (i = 0; i < form.elements.length; i++) {
          var input = form.elements[i];
          if (input.name) input.checked = consent[input.name] || false;
        }
      } else if (location.protocol !== "file:") {
        setTimeout(function () {
          document.querySelector("[data-md-component=consent]").hidden = false;
        }, 250);
      }
      ["submit", "reset"].forEach(function (action) {
        form.addEventListener(action, function (event) {
          event.preventDefault();
          if (event.type === "reset") {
            for (var k = 0; k < form.elements.length; k++) {
              if (form.elements[k].name) form.elements[k].checked = false;
            }
          }
          var chosen = {};
          Array.from(new FormData(form).keys()).forEach(function (key) { chosen[key] = true; });
          window.__md_set("__consent", chosen);
          location.hash = "";
          location.reload();
        });
      });
    }
  };

  if (parts[part]) parts[part]();
})();
