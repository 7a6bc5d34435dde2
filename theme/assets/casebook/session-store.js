/* Casebook: a session's state, shared by the "Add to session" buttons (session-add.js) and
 * the session page (session.js). The address is the truth: `/session/?cases=a,b&title=…`.
 * The browser's own storage only keeps the list being built between pages, and holds
 * nothing the address does not.
 * Every value read from an address or from storage is hostile until checked: the reading
 * here is bounded (so thousands of items cost nothing) and keeps only well-formed slugs. */

const STORE_KEY = "casebook.session";
// Longer parameters are cut before they are split: a case slug is at most 80 characters.
const MAX_PARAM = 4000;
const MAX_ITEMS = 200;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// A session holds as many cases as a pack may (MAX_CASES, generator/library/packs.py; a
// test keeps the two the same), so that every session downloads as a valid pack.
export const MAX_CASES = 12;

/* The site's root, from this module's own address (assets/casebook/ under the root). */
export const siteRoot = new URL("../../", import.meta.url);

/* Unicode controls (C0, C1, bidirectional and other format characters, separators of lines
 * and paragraphs), which a title never needs and which could reorder or hide its text. */
const CONTROLS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\p{Cn}]/gu;

/* A title as the page keeps it: controls gone, spaces single, at most `max` characters
 * (counted in code points, never splitting one). */
export function cleanTitle(text, max) {
  const plain = String(text || "")
    .slice(0, max * 4)
    .replace(CONTROLS, "")
    .replace(/\s+/g, " ")
    .trim();
  return Array.from(plain).slice(0, max).join("").trim();
}

/* The slugs of a `cases=` value, in order, each once, well formed, known, at most `max`;
 * with counts of what was left out (and the first few unknown names) for the page to say. */
export function readSlugs(value, known, max) {
  const full = String(value || "");
  const items = full.slice(0, MAX_PARAM).split(",");
  const result = { slugs: [], unknown: 0, named: [], repeated: 0, over: 0 };
  result.cut = full.length > MAX_PARAM || items.length > MAX_ITEMS;
  for (const item of items.slice(0, MAX_ITEMS)) {
    const slug = item.trim();
    if (!slug) continue;
    if (slug.length > 80 || !SLUG.test(slug) || !Object.hasOwn(known, slug)) {
      result.unknown += 1;
      if (result.named.length < 3) result.named.push(cleanTitle(slug, 40));
    } else if (result.slugs.includes(slug)) result.repeated += 1;
    else if (result.slugs.length >= max) result.over += 1;
    else result.slugs.push(slug);
  }
  return result;
}

/* The session's address, relative to the site root: only what is set. */
export function sessionAddress(session) {
  // Slugs need no encoding, so the commas stay readable in a shared link.
  const parts = [];
  if (session.cases.length) parts.push(`cases=${session.cases.join(",")}`);
  if (session.title) parts.push(`title=${encodeURIComponent(session.title)}`);
  if (session.minutes?.some((m) => m)) parts.push(`minutes=${session.minutes.join(",")}`);
  return new URL(`session/${parts.length ? `?${parts.join("&")}` : ""}`, siteRoot);
}

/* The list being built, from the browser's storage (empty where storage is refused). */
export function storedCases() {
  try {
    const stored = JSON.parse(window.localStorage.getItem(STORE_KEY) || "{}");
    const cases = Array.isArray(stored.cases) ? stored.cases : [];
    return cases.filter((s) => typeof s === "string" && SLUG.test(s)).slice(0, MAX_ITEMS);
  } catch {
    return [];
  }
}

export function storeCases(cases) {
  try {
    window.localStorage.setItem(STORE_KEY, JSON.stringify({ cases }));
  } catch {
    /* Storage refused (private browsing, a policy): the address still holds the session. */
  }
}
