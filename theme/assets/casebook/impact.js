/* Casebook: the source's sentence beside each gathered impact measure (/impact/, /wres/<n>/).
 * CSS shows it while the pointer is over its button or the sentence itself, and while the
 * button has keyboard focus (WCAG 2.2, 1.4.13: hoverable and persistent). This adds the
 * third rule, dismissible: Escape hides it without moving the pointer or the focus; it shows
 * again once the pointer leaves and comes back, or focus leaves and returns. A click (a tap
 * on a phone) keeps it open until the next click or Escape.
 * No inline handlers and no external requests (the Content-Security-Policy forbids them).
 * An ES module: it runs once the page is parsed. */
const TIP = ".cb-source-tip";

function reset(tip) {
  tip.removeAttribute("data-cb-dismissed");
}

function setUp() {
  const tips = document.querySelectorAll(TIP);
  if (!tips.length) return;
  for (const tip of tips) {
    const button = tip.querySelector("button");
    tip.addEventListener("mouseleave", () => reset(tip));
    tip.addEventListener("focusout", (event) => {
      if (!tip.contains(event.relatedTarget)) {
        reset(tip);
        tip.removeAttribute("data-cb-open");
      }
    });
    button.addEventListener("click", () => {
      reset(tip);
      tip.toggleAttribute("data-cb-open");
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const shown = `${TIP}:hover, ${TIP}:focus-within, ${TIP}[data-cb-open]`;
    for (const tip of document.querySelectorAll(shown)) {
      tip.setAttribute("data-cb-dismissed", "");
      tip.removeAttribute("data-cb-open");
    }
  });
}

setUp();
