/* Casebook: copy buttons for a case's permanent link and citation.
 * Progressive enhancement: the text is on the page without JavaScript; this adds the buttons.
 * Elements marked data-cb-copy="Button label" are copied (a link copies its address);
 * links marked data-cb-absolute show the page's full address once the browser knows it.
 * No inline handlers and no external requests (the Content-Security-Policy forbids them).
 * An ES module: it runs once the page is parsed. */
import { copyBySelecting, copyText } from "./clipboard.js";

/* A link copies the permanent address it shows (the site's own address, which may differ
 * from the one it was opened at), or else the address it leads to. */
function textOf(target) {
  const text = target.textContent.replace(/\s+/g, " ").trim();
  if (target.tagName === "A" && !/^https?:\/\//.test(text)) return target.href;
  return text;
}

/* Without the asynchronous clipboard (an intranet served over plain HTTP, or no permission),
 * the text is selected and the older copy command tried; if that fails too, the text stays
 * selected for the reader to copy. */
function copy(target, status, what) {
  status.textContent = "";
  copyText(textOf(target)).then((copied) => {
    if (copied || copyBySelecting(target)) status.textContent = `Copied the ${what}`;
    else status.textContent = `The ${what} is selected: press Ctrl+C (or Cmd+C) to copy it`;
  });
}

function setUp() {
  for (const link of document.querySelectorAll("a[data-cb-absolute]")) {
    link.textContent = link.href;
  }
  const targets = document.querySelectorAll("[data-cb-copy]");
  if (!targets.length) return;
  const actions = document.createElement("div");
  actions.className = "cb-share__actions";
  const status = document.createElement("p");
  status.className = "cb-share__status";
  status.setAttribute("role", "status");
  for (const target of targets) {
    const label = target.getAttribute("data-cb-copy");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button cb-share__button";
    button.textContent = label;
    const what = label.replace(/^Copy\s+/i, "");
    button.addEventListener("click", () => copy(target, status, what));
    actions.appendChild(button);
  }
  actions.appendChild(status);
  const last = targets[targets.length - 1];
  const block = last.closest("p") || last;
  block.parentNode.insertBefore(actions, block.nextSibling);
}

setUp();
