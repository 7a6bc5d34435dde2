/* Casebook: a session written as a pack file, `packs/<slug>.yml`, for a maintainer who wants
 * to keep it. The file passes `casebook validate` as it is (generator/library/packs.py, whose
 * field lengths the session page embeds as `limits`); where the session does not say
 * something a pack needs (why each case is there, who the session is for), the file says so
 * in words a maintainer replaces before committing it. Nothing is invented about a case: its
 * questions are its primary area's board questions from taxonomy.yml.
 * Safety: every string is written as a double-quoted YAML scalar with every character that is
 * not plain printable ASCII escaped, so no title, however hostile, can end its line, start a
 * key or hide a character. */

/* A double-quoted YAML scalar of `text` in printable ASCII: quotes and backslashes escaped,
 * everything else outside space…tilde written as \uXXXX or \UXXXXXXXX (YAML's escapes). */
export function yamlString(text) {
  let out = '"';
  for (const ch of String(text)) {
    const code = ch.codePointAt(0);
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += `\\U${code.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

/* A pack's file name from its title: lower-case words joined by hyphens, never a name the
 * site uses itself. */
export function packSlug(title, reserved) {
  const slug =
    title
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 70)
      .replace(/-+$/, "") || "session";
  return reserved.includes(slug) ? `${slug}-pack` : slug;
}

/* `text` within the pack's (shortest, longest) for a field: cut at the longest (on a code
 * point), and lengthened with `filler` when short. */
function within(text, [lo, hi], filler) {
  let value = text.trim();
  if (value.length < lo) value = value ? `${value} (${filler})` : filler;
  const points = Array.from(value);
  return points.length > hi ? points.slice(0, hi).join("").trim() : value;
}

function minutesText(minutes) {
  const total = minutes.reduce((sum, m) => sum + (Number(m) || 0), 0);
  return total ? `${total} minutes` : "";
}

/* The pack file for `session` ({cases, title, minutes}), with `data` the session page's
 * embedded data. Returns {slug, text}. */
export function packFile(session, data) {
  const limits = data.limits;
  const title = within(session.title || "", limits.title, "a session of Casebook cases");
  const names = session.cases.map((slug) => data.cases[slug][0]);
  const purpose = within(
    `A peer-learning session on ${names.length === 1 ? "one case" : `${names.length} cases`}: ${names.join("; ")}. Write here what the session is for.`,
    limits.purpose,
    "write here what the session is for",
  );
  const lines = [
    "# A session pack, downloaded from the session page of the Casebook site.",
    "# Before committing it: say why each case is in the pack (each 'why'), who the session",
    "# is for and how long it takes, and check the questions. Then run `casebook validate`.",
    `title: ${yamlString(title)}`,
    `purpose: ${yamlString(purpose)}`,
    `audience: ${yamlString(within("Not yet stated: write who the session is for", limits.audience, "not yet stated"))}`,
    `duration: ${yamlString(within(minutesText(session.minutes || []) || "Not yet stated", limits.duration, "not yet stated"))}`,
    "cases:",
  ];
  for (const slug of session.cases) {
    const [, area] = data.cases[slug];
    const questions = data.areas[area][2].slice(0, data.maxQuestions);
    lines.push(`  - case: ${yamlString(slug)}`);
    lines.push(
      `    why: ${yamlString(within("Not yet stated: write why this case is in the pack, honestly.", limits.why, "not yet stated"))}`,
    );
    lines.push("    questions:");
    for (const q of questions)
      lines.push(`      - ${yamlString(within(q, limits.question, "a question"))}`);
  }
  const running = session.cases
    .map(
      (slug, i) =>
        `${i + 1}. ${data.cases[slug][0]}${session.minutes?.[i] ? `: ${session.minutes[i]} minutes` : ""}`,
    )
    .join("; ");
  const notes = within(
    `Running order as built on the session page: ${running}. The questions are the board questions of each case's primary area of good practice.`,
    limits.facilitator_notes,
    "notes for whoever runs the session",
  );
  lines.push(`facilitator_notes: ${yamlString(notes)}`);
  return { slug: packSlug(title, data.reserved), text: `${lines.join("\n")}\n` };
}
