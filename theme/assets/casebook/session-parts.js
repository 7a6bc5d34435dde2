/* Casebook: the parts of a case page a session shows (session.js): its summary, labels and
 * the sections "What they did", "Impact" and "What did not work", taken from the case's own
 * page as the site built it (already cleaned against the site's allow-list) and cleaned once
 * more here, since they are put into another page: no scripts, frames, forms, handlers or
 * styles; links made absolute; ids made unique to this session; headings moved down. */

export const SECTIONS = ["What they did", "Impact", "What did not work"];
const DROP =
  "script, style, iframe, object, embed, form, input, button, select, textarea, link, meta, template, .headerlink, .cb-failure__more";
const IDREFS = ["aria-labelledby", "aria-describedby", "headers", "for"];
const SCHEMES = ["http:", "https:", "mailto:"];

function headingText(heading) {
  const copy = heading.cloneNode(true);
  for (const link of copy.querySelectorAll(".headerlink")) link.remove();
  return copy.textContent.replace(/\s+/g, " ").trim().toLowerCase();
}

/* Where a section ends: the next level-1 or level-2 heading, a panel that starts with one
 * (What did not work), or the sections after the body. */
function isBoundary(node) {
  return (
    /^H[12]$/.test(node.tagName) ||
    node.querySelector(":scope > h2") !== null ||
    node.classList.contains("cb-case__after")
  );
}

function sectionNodes(heading) {
  const nodes = [];
  for (
    let node = heading.nextElementSibling;
    node && !isBoundary(node);
    node = node.nextElementSibling
  ) {
    nodes.push(node);
  }
  return nodes;
}

function absolute(element, name, base) {
  const value = element.getAttribute(name);
  if (value === null) return;
  try {
    const url = new URL(value, base);
    if (SCHEMES.includes(url.protocol)) element.setAttribute(name, url.href);
    else element.removeAttribute(name);
  } catch {
    element.removeAttribute(name);
  }
}

function demote(element) {
  const level = Number(element.tagName[1]);
  const lower = document.createElement(`h${Math.min(level + 2, 6)}`);
  lower.append(...element.childNodes);
  if (element.className) lower.className = element.className;
  element.replaceWith(lower);
}

/* `node` of the fetched page, made safe and self-contained for the session page. */
function cleaned(node, base, prefix) {
  const copy = document.importNode(node, true);
  const holder = document.createElement("div");
  holder.appendChild(copy);
  for (const element of holder.querySelectorAll(DROP)) element.remove();
  for (const element of holder.querySelectorAll("*")) {
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on") || name === "style" || name.startsWith("data-"))
        element.removeAttribute(attribute.name);
      else if (name === "id") element.id = prefix + attribute.value;
      else if (IDREFS.includes(name)) {
        element.setAttribute(
          name,
          attribute.value
            .split(/\s+/)
            .map((ref) => prefix + ref)
            .join(" "),
        );
      }
    }
    if (element.tagName === "A") absolute(element, "href", base);
    if (element.tagName === "IMG") absolute(element, "src", base);
  }
  for (const heading of holder.querySelectorAll("h1, h2, h3, h4, h5")) demote(heading);
  return [...holder.childNodes];
}

/* {summary, labels, sections: [[title, nodes]]} of a case page's HTML `text` at `base`. */
export function caseParts(text, base, prefix) {
  const doc = new DOMParser().parseFromString(text, "text/html");
  const article = doc.querySelector("article.cb-case");
  if (!article) return null;
  const summary = article.querySelector(".cb-summary")?.textContent.trim() || "";
  const labels = [...article.querySelectorAll(".cb-glance .cb-badge")].map((b) =>
    b.textContent.replace(/\s+/g, " ").trim(),
  );
  const headings = [...article.querySelectorAll("h2")];
  const sections = [];
  for (const title of SECTIONS) {
    const heading = headings.find((h) => headingText(h) === title.toLowerCase());
    if (!heading) continue;
    const nodes = sectionNodes(heading).flatMap((node) => cleaned(node, base, prefix));
    sections.push([title, nodes]);
  }
  return { summary, labels, sections };
}
