/* Casebook: copy buttons for a case's permanent link and citation.
 * Progressive enhancement: the text is on the page without JavaScript; this adds the buttons.
 * Elements marked data-cb-copy="Button label" are copied (a link copies its address);
 * links marked data-cb-absolute show the page's full address once the browser knows it.
 * No inline handlers and no external requests (the Content-Security-Policy forbids them). */
(function () {
  "use strict";

  /* A link copies the permanent address it shows (the site's own address, which may differ
   * from the one it was opened at), or else the address it leads to. */
  function textOf(target) {
    var text = target.textContent.replace(/\s+/g, " ").trim();
    if (target.tagName === "A" && !/^https?:\/\//.test(text)) return target.href;
    return text;
  }

  function selectText(target) {
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /* Without the asynchronous clipboard (an intranet served over plain HTTP, or no permission),
   * select the text and try the older copy command; if that fails too, the text stays
   * selected for the reader to copy. */
  function fallback(target, status, what) {
    selectText(target);
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    status.textContent = copied ? "Copied the " + what
      : "The " + what + " is selected: press Ctrl+C (or Cmd+C) to copy it";
  }

  function copy(target, status, what) {
    var text = textOf(target);
    status.textContent = "";
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = "Copied the " + what;
      }, function () { fallback(target, status, what); });
    } else {
      fallback(target, status, what);
    }
  }

  function setUp() {
    document.querySelectorAll("a[data-cb-absolute]").forEach(function (link) {
      link.textContent = link.href;
    });
    var targets = document.querySelectorAll("[data-cb-copy]");
    if (!targets.length) return;
    var actions = document.createElement("div");
    actions.className = "cb-share__actions";
    var status = document.createElement("p");
    status.className = "cb-share__status";
    status.setAttribute("role", "status");
    targets.forEach(function (target) {
      var label = target.getAttribute("data-cb-copy");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button cb-share__button";
      button.textContent = label;
      var what = label.replace(/^Copy\s+/i, "");
      button.addEventListener("click", function () { copy(target, status, what); });
      actions.appendChild(button);
    });
    actions.appendChild(status);
    var last = targets[targets.length - 1];
    var block = last.closest("p") || last;
    block.parentNode.insertBefore(actions, block.nextSibling);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
