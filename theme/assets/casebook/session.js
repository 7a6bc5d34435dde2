/* Casebook: the session page, `/session/?cases=a,b&title=…&minutes=10,15`.
 * The address is the session; this draws it: the running order (reorder, remove, minutes the
 * facilitator types), each case's summary and sections fetched from its own page, the
 * questions to discuss from the cases' areas, a link to copy (share.js copies it) and the
 * session as a pack file to download. Every value from the address is set as text
 * (textContent, attributes), never as markup. An ES module: it runs once the page is parsed. */

import { packFile } from "./session-pack.js";
import { caseParts } from "./session-parts.js";
import {
  cleanTitle,
  readSlugs,
  sessionAddress,
  siteRoot,
  storeCases,
  storedCases,
} from "./session-store.js";
import { addressParam, replaceAddress } from "./url-state.js";

const MAX_MINUTES = 999;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/* A button whose visible words start its name, with the case's title for a screen reader. */
function actionButton(words, title, after) {
  const button = element("button", "cb-session__action", words);
  button.type = "button";
  button.append(element("span", "cb-visually-hidden", ` “${title}”${after}`));
  return button;
}

function readMinutes(value, count) {
  const items = String(value || "")
    .slice(0, 4000)
    .split(",")
    .slice(0, count);
  const minutes = items.map((m) => (/^\d{1,3}$/.test(m.trim()) ? String(Number(m)) : ""));
  while (minutes.length < count) minutes.push("");
  return minutes;
}

function notesFor(read, max) {
  const notes = [];
  if (read.unknown) {
    const names = read.named
      .filter(Boolean)
      .map((n) => `“${n}”`)
      .join(", ");
    notes.push(
      `${read.unknown === 1 ? "One case in the link is" : `${read.unknown} cases in the link are`} not in this library and left out${names ? ` (${names}${read.unknown > read.named.length ? ", …" : ""})` : ""}.`,
    );
  }
  if (read.repeated)
    notes.push(
      `${read.repeated === 1 ? "A case was" : `${read.repeated} cases were`} listed twice: each is shown once.`,
    );
  if (read.over || read.cut)
    notes.push(`A session holds at most ${max} cases: the rest of the link is left out.`);
  return notes.join(" ");
}

function setUp(root) {
  const data = JSON.parse(document.getElementById("cb-session-data").textContent);
  const app = document.getElementById("cb-session-app");
  const heading = document.querySelector(".md-content h1");
  const defaultHeading = heading ? heading.textContent : "Session";
  const titleInput = document.getElementById("cb-session-title");
  const link = document.getElementById("cb-session-link");
  const download = document.getElementById("cb-session-download");
  const rows = document.getElementById("cb-session-rows");
  const total = document.getElementById("cb-session-total");
  const casesBox = document.getElementById("cb-session-cases");
  const questions = document.getElementById("cb-session-questions");
  const keep = questions.querySelector(".cb-keep");
  const empty = document.getElementById("cb-session-empty");
  const order = document.getElementById("cb-session-order-section");

  const read = readSlugs(
    addressParam("cases") ?? storedCases().join(","),
    data.cases,
    data.maxCases,
  );
  const session = {
    cases: read.slugs,
    title: cleanTitle(addressParam("title"), data.maxTitle),
    minutes: readMinutes(addressParam("minutes"), read.slugs.length),
  };
  document.getElementById("cb-session-notes").textContent = notesFor(read, data.maxCases);
  titleInput.value = session.title;
  const fetched = new Map();
  const articles = new Map();

  const caseUrl = (slug) =>
    data.site ? `${data.site}cases/${slug}/` : new URL(`cases/${slug}/`, siteRoot).href;

  function address() {
    const relative = sessionAddress(session);
    return data.site ? `${data.site}session/${relative.search}` : relative.href;
  }

  function caseArticle(slug) {
    if (articles.has(slug)) return articles.get(slug);
    const [title, , organisation] = data.cases[slug];
    const article = element("article", "cb-session__case");
    const h2 = element("h2", "cb-session__case-title");
    const number = element("span", "cb-session__number");
    const titleLink = element("a", "", title);
    titleLink.href = caseUrl(slug);
    h2.append(number, " ", titleLink);
    const meta = element("p", "cb-session__meta", organisation);
    const online = element("p", "cb-print-address", "Online: ");
    const address = element("a", "", caseUrl(slug));
    address.href = caseUrl(slug);
    online.append(address);
    const body = element("div", "cb-session__parts", "Loading the case…");
    article.append(h2, meta, body, online);
    articles.set(slug, article);
    return article;
  }

  function fillCase(slug, parts) {
    const article = articles.get(slug);
    const body = article.querySelector(".cb-session__parts");
    if (!parts) {
      body.textContent = "This case's text could not be loaded here: open it at the address below.";
      return;
    }
    if (parts.labels.length)
      article.querySelector(".cb-session__meta").append(` · ${parts.labels.join(" · ")}`);
    body.replaceChildren(element("p", "cb-session__summary", parts.summary));
    for (const [title, nodes] of parts.sections) {
      const section = element("section", "cb-session__section");
      section.append(element("h3", "", title), ...nodes);
      body.append(section);
    }
  }

  function load(slug, index) {
    if (!fetched.has(slug)) {
      const url = new URL(`cases/${slug}/`, siteRoot);
      fetched.set(
        slug,
        fetch(url)
          .then((response) =>
            response.ok ? response.text() : Promise.reject(new Error(String(response.status))),
          )
          .then((text) => caseParts(text, url.href, `cb-s${index}-`))
          .catch(() => null)
          .then((parts) => fillCase(slug, parts)),
      );
    }
    return fetched.get(slug);
  }

  function drawQuestions() {
    const areaIds = [];
    for (const slug of session.cases) {
      const area = data.cases[slug][1];
      if (!areaIds.includes(area)) areaIds.push(area);
    }
    areaIds.sort((a, b) => data.areas[a][0] - data.areas[b][0]);
    for (const old of questions.querySelectorAll(".cb-discuss__group")) old.remove();
    const seen = new Set();
    let first = true;
    for (const id of areaIds) {
      const [number, title, asked] = data.areas[id];
      const fresh = asked.filter((q) => !seen.has(q));
      if (!fresh.length) continue;
      for (const q of fresh) seen.add(q);
      const group = element("div", "cb-discuss__group");
      const list = element("ol");
      for (const q of fresh) list.append(element("li", "", q));
      group.append(element("h3", "", `${number}. ${title}`), list);
      // The heading and the first group stay together on paper.
      (first ? keep : questions).append(group);
      first = false;
    }
    questions.hidden = !areaIds.length;
  }

  function drawTotal() {
    const typed = session.minutes.filter(Boolean);
    const sum = typed.reduce((s, m) => s + Number(m), 0);
    total.textContent = typed.length ? `${sum} minutes (the times typed in)` : "None typed";
  }

  function move(index, by) {
    const to = index + by;
    if (to < 0 || to >= session.cases.length) return;
    for (const list of [session.cases, session.minutes])
      [list[index], list[to]] = [list[to], list[index]];
    changed();
    rows
      .querySelectorAll("tr")
      [to]?.querySelector(by < 0 ? "[data-move='-1']" : "[data-move='1']")
      ?.focus();
  }

  function remove(index) {
    session.cases.splice(index, 1);
    session.minutes.splice(index, 1);
    changed();
    const next = rows.querySelectorAll("tr")[Math.min(index, session.cases.length - 1)];
    (next?.querySelector("[data-remove]") || titleInput).focus();
  }

  function row(slug, index) {
    const title = data.cases[slug][0];
    const tr = element("tr");
    const cell = element("td");
    const a = element("a", "", title);
    a.href = `#cb-session-case-${index + 1}`;
    cell.append(a);
    const minutesCell = element("td");
    const input = element("input", "cb-session__minutes");
    Object.assign(input, {
      type: "number",
      min: "0",
      max: String(MAX_MINUTES),
      step: "1",
      inputMode: "numeric",
      value: session.minutes[index],
    });
    input.setAttribute("aria-label", `Minutes for “${title}”`);
    input.addEventListener("input", () => {
      const value = Math.min(Math.max(Math.floor(Number(input.value) || 0), 0), MAX_MINUTES);
      session.minutes[index] = value ? String(value) : "";
      write();
      drawTotal();
    });
    minutesCell.append(input);
    const actions = element("td", "cb-session__noprint cb-session__actions");
    const up = actionButton("Up", title, " earlier");
    up.dataset.move = "-1";
    up.disabled = index === 0;
    up.addEventListener("click", () => move(index, -1));
    const down = actionButton("Down", title, " later");
    down.dataset.move = "1";
    down.disabled = index === session.cases.length - 1;
    down.addEventListener("click", () => move(index, 1));
    const drop = actionButton("Remove", title, " from the session");
    drop.dataset.remove = "";
    drop.addEventListener("click", () => remove(index));
    actions.append(up, down, drop);
    tr.append(element("td", "", String(index + 1)), cell, minutesCell, actions);
    return tr;
  }

  function write() {
    replaceAddress(sessionAddress(session).href);
    storeCases(session.cases);
    link.href = address();
    link.textContent = address();
    const file = packFile(session, data);
    download.textContent = `Download as packs/${file.slug}.yml`;
  }

  function changed() {
    write();
    if (heading) heading.textContent = session.title || defaultHeading;
    document.title = `${session.title || defaultHeading} - Casebook`;
    rows.replaceChildren(...session.cases.map(row));
    casesBox.replaceChildren(
      ...session.cases.map((slug, i) => {
        const article = caseArticle(slug);
        article.id = `cb-session-case-${i + 1}`;
        article.querySelector(".cb-session__number").textContent = `${i + 1}.`;
        return article;
      }),
    );
    empty.hidden = session.cases.length > 0;
    order.hidden = session.cases.length === 0;
    download.disabled = session.cases.length === 0;
    drawQuestions();
    drawTotal();
  }

  titleInput.addEventListener("input", () => {
    session.title = cleanTitle(titleInput.value, data.maxTitle);
    changed();
  });
  download.addEventListener("click", () => {
    const file = packFile(session, data);
    const url = URL.createObjectURL(new Blob([file.text], { type: "application/x-yaml" }));
    const a = element("a");
    a.href = url;
    a.download = `${file.slug}.yml`;
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  });

  changed();
  app.hidden = false;
  Promise.all(session.cases.map(load)).then(() => root.setAttribute("data-cb-ready", "true"));
}

const root = document.querySelector("[data-cb-session]");
if (root) setUp(root);
