/* Casebook: cases from trusts like mine, never a dead end. When few cases (or none) match the
 * reader's trust type, population profile and areas in Find cases, the closest cases are
 * shown after the results, ranked, each saying how it differs, with the packs that fit.
 *
 * The rules and every word shown are generator/plan/nearest.py's, written into the page as
 * #cb-nearest-data (its tiers, similar trust types, neighbouring profiles and phrases); this
 * file only applies them. It listens for the "casebook:results" event Find cases sends after
 * each update, with detail { state, matches, records }: records are the embedded case
 * records ({ s: slug, t: title, d: date, f: { key: [ids] } }), matches the slugs shown.
 * finder.js imports this module first, so it listens before the first update. */

const KEYS = { type: "trust_type", population: "population", area: "area" };
const RANKED = Object.values(KEYS);

function readModel() {
  const node = document.getElementById("cb-nearest-data");
  const box = document.getElementById("cb-nearest");
  if (!node || !box) return null;
  try {
    return { model: JSON.parse(node.textContent), box };
  } catch {
    return null; // a broken model shows nothing rather than something untrue
  }
}

function list(value) {
  return Array.isArray(value) ? value.filter((v) => typeof v === "string") : [];
}

/* What the reader chose, from Find cases' state: { facets: { key: [ids] }, q }. */
function choiceOf(state) {
  const facets = state?.facets || {};
  return {
    types: list(facets[KEYS.type]),
    populations: list(facets[KEYS.population]),
    areas: list(facets[KEYS.area]),
  };
}

function has(object, key) {
  return Object.hasOwn(object, key);
}

/* Filters other than the three ranked ones (evidence, outcome, region …) still hold: a
 * close case differs only in what it says it differs in. */
function keepsOtherFilters(record, state) {
  const facets = state?.facets || {};
  const have = record?.f || {};
  return Object.keys(facets).every((key) => {
    const wanted = list(facets[key]);
    return (
      RANKED.includes(key) || !wanted.length || wanted.some((v) => list(have[key]).includes(v))
    );
  });
}

function candidateOf(record) {
  const f = record?.f || {};
  return {
    slug: String(record.s),
    title: String(record.t),
    date: String(record.d),
    type: list(f[KEYS.type])[0] || "",
    population: list(f[KEYS.population])[0] || "",
    areas: list(f[KEYS.area]),
  };
}

/* [tier, population] as nearest.py's score(), or null: not near, exact, or unknown ids. */
function score(c, choice, m) {
  if (!has(m.types, c.type) || !has(m.populations, c.population)) return null;
  if (!c.areas.every((a) => has(m.areas, a))) return null;
  const similar = (t) => (has(m.similar, t) ? m.similar[t] : []);
  const beside = (p) => (has(m.neighbours, p) ? m.neighbours[p] : []);
  let kind = 0;
  if (!choice.types.length || choice.types.includes(c.type)) kind = 2;
  else if (choice.types.some((t) => similar(t).includes(c.type))) kind = 1;
  const area = !choice.areas.length || choice.areas.some((a) => c.areas.includes(a)) ? 1 : 0;
  let people = 2;
  if (!choice.populations.length || choice.populations.includes(c.population)) people = 0;
  else if (choice.populations.some((p) => beside(p).includes(c.population))) people = 1;
  const tier = m.tiers.findIndex(([k, a]) => k === kind && a === area);
  if (tier < 0 || (kind === 2 && area === 1 && people === 0)) return null;
  const shares =
    (choice.types.length && kind > 0) ||
    (choice.areas.length && area > 0) ||
    (choice.populations.length && people < 2);
  return shares ? [tier, people] : null;
}

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function differences(c, choice, m) {
  const parts = [];
  if (choice.types.length && !choice.types.includes(c.type)) parts.push(m.types[c.type]);
  if (choice.populations.length && !choice.populations.includes(c.population)) {
    parts.push(m.populations[c.population]);
  }
  if (choice.areas.length && !choice.areas.some((a) => c.areas.includes(a))) {
    parts.push(`other areas: ${c.areas.map((a) => m.areas[a]).join(", ")}`);
  }
  return capital(parts.join("; "));
}

/* Nearest first, then newest, then by slug: as nearest.py's rank(). */
function rank(candidates, choice, m) {
  const scored = [];
  for (const c of candidates) {
    const s = score(c, choice, m);
    if (s) scored.push({ c, s });
  }
  scored.sort(
    (x, y) =>
      x.s[0] - y.s[0] ||
      x.s[1] - y.s[1] ||
      (x.c.date < y.c.date ? 1 : x.c.date > y.c.date ? -1 : 0) ||
      (x.c.slug < y.c.slug ? -1 : x.c.slug > y.c.slug ? 1 : 0),
  );
  return scored.slice(0, m.limit).map(({ c }) => ({ c, differs: differences(c, choice, m) }));
}

function fittingPacks(choice, shown, m) {
  const kinds = new Set(choice.types);
  for (const t of choice.types) for (const s of has(m.similar, t) ? m.similar[t] : []) kinds.add(s);
  const areas = new Set(choice.areas.length ? choice.areas : shown.flatMap((c) => c.areas));
  const fits = [];
  for (const pack of m.packs) {
    const types = list(pack.types).filter((t) => kinds.has(t) && has(m.types, t));
    const shared = list(pack.areas).filter((a) => areas.has(a) && has(m.areas, a));
    if (!types.length && !shared.length) continue;
    const parts = [];
    if (types.length)
      parts.push(`includes a case from ${types.map((t) => m.types[t]).join(" and ")}`);
    if (shared.length) parts.push(`areas: ${shared.map((a) => m.areas[a]).join(", ")}`);
    fits.push({ pack, types: types.length, shared: shared.length, why: capital(parts.join("; ")) });
  }
  fits.sort(
    (x, y) =>
      y.types - x.types ||
      y.shared - x.shared ||
      (x.pack.t < y.pack.t ? -1 : x.pack.t > y.pack.t ? 1 : 0),
  );
  return fits.slice(0, m.packsLimit);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function link(href, text) {
  const a = element("a", "", text);
  a.href = href;
  return a;
}

function intro(count) {
  if (!count) {
    return "No case matches all of your choices. These come closest, nearest first; each says how it differs.";
  }
  const only = count === 1 ? "Only 1 case matches" : `Only ${count} cases match`;
  return `${only} all of your choices. These come next, nearest first; each says how it differs.`;
}

function show(box, near, packs, exactCount, m) {
  box.replaceChildren();
  const title = element("h2", "", "Closest cases to your choices");
  title.id = "closest-cases";
  box.setAttribute("aria-labelledby", "closest-cases");
  box.append(title, element("p", "cb-nearest__intro", intro(exactCount)));
  const items = element("ol", "cb-nearest__list");
  for (const { c, differs } of near) {
    const item = element("li", "cb-nearest__item");
    item.append(
      link(`${m.root}cases/${encodeURIComponent(c.slug)}/`, c.title),
      " ",
      element("span", "cb-nearest__differs", `How it differs: ${differs}.`),
    );
    items.append(item);
  }
  box.append(items);
  if (packs.length) {
    box.append(element("h3", "", "Packs that fit"));
    const ul = element("ul", "cb-nearest__packs");
    for (const { pack, why } of packs) {
      const item = element("li");
      item.append(
        link(String(pack.u), String(pack.t)),
        " ",
        element("span", "cb-nearest__why", `${why}.`),
      );
      ul.append(item);
    }
    box.append(ul);
  }
  box.hidden = false;
}

function update(found, detail) {
  const { model: m, box } = found;
  const choice = choiceOf(detail.state);
  const records = Array.isArray(detail.records) ? detail.records : [];
  const bySlug = new Map(records.filter((r) => r).map((r) => [r.s, r]));
  const matches = (Array.isArray(detail.matches) ? detail.matches : [])
    .map((slug) => bySlug.get(slug))
    .filter((r) => r);
  const words = detail.state && typeof detail.state.q === "string" && detail.state.q.trim();
  const chosen = choice.types.length || choice.populations.length || choice.areas.length;
  if (words || !chosen || matches.length >= m.few) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const pool = records.filter((r) => r && keepsOtherFilters(r, detail.state));
  const near = rank(pool.map(candidateOf), choice, m);
  if (!near.length) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const shown = matches.map(candidateOf).concat(near.map((n) => n.c));
  show(box, near, fittingPacks(choice, shown, m), matches.length, m);
}

const found = readModel();
if (found) {
  document.addEventListener("casebook:results", (event) => update(found, event.detail || {}));
}
