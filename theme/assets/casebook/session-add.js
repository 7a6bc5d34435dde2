/* Casebook: "Add to session" on case cards and case pages.
 * The buttons are in the page, hidden, from the core's templates (card.html,
 * case-header.html): this shows them, keeps them in step with the list being built, and shows
 * a bar that opens the session page with the list in its address.
 * An ES module: it runs once the page is parsed. */
import { MAX_CASES, sessionAddress, storeCases, storedCases } from "./session-store.js";

const LABELS = { add: ["Add", " to session"], remove: ["Remove", " from session"] };

function label(button, inSession) {
  const hidden = button.querySelector(".cb-visually-hidden");
  const [before, after] = inSession ? LABELS.remove : LABELS.add;
  button.replaceChildren(before, hidden || "", after);
  button.setAttribute("aria-pressed", String(inSession));
}

function makeBar() {
  const bar = document.createElement("div");
  bar.className = "cb-session-bar";
  bar.setAttribute("role", "status");
  const text = document.createElement("span");
  const link = document.createElement("a");
  link.className = "cb-session-bar__open";
  bar.append(text, " ", link);
  document.body.appendChild(bar);
  return { bar, text, link };
}

function setUp() {
  const buttons = [...document.querySelectorAll("button[data-cb-add]")];
  // The session page draws its own list; its bar would only repeat it.
  if (!buttons.length || document.querySelector("[data-cb-session]")) return;
  const parts = makeBar();
  let note = "";

  function draw() {
    const cases = storedCases();
    for (const button of buttons) label(button, cases.includes(button.dataset.cbAdd));
    parts.bar.hidden = cases.length === 0 && !note;
    const count = `${cases.length} ${cases.length === 1 ? "case" : "cases"} in your session.`;
    parts.text.textContent = note ? `${note} ${count}` : count;
    parts.link.textContent = "Open the session";
    parts.link.href = sessionAddress({ cases }).href;
    parts.link.hidden = cases.length === 0;
  }

  for (const button of buttons) {
    button.closest(".cb-add").hidden = false;
    button.addEventListener("click", () => {
      const cases = storedCases();
      const slug = button.dataset.cbAdd;
      const at = cases.indexOf(slug);
      note = "";
      if (at >= 0) cases.splice(at, 1);
      else if (cases.length >= MAX_CASES) note = `A session holds at most ${MAX_CASES} cases.`;
      else cases.push(slug);
      storeCases(cases);
      draw();
    });
  }
  // Another tab may change the list (the session page, or a card elsewhere).
  window.addEventListener("storage", draw);
  draw();
}

setUp();
