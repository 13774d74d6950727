/**
 * Catalog checks the test suite runs (issue 15: "a missing translation key
 * fails the test suite, never the page"). Pure, so the test can also show
 * they catch a broken catalog.
 */
export type Messages = { [key: string]: string | Messages };

/** "form.title" → text, for every leaf. */
export function flatten(messages: Messages, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(messages)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** The `{{name}}` placeholders and `<tag>`s a message uses, sorted: a translation must keep them all. */
export function markersOf(text: string): string[] {
  const names = [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => `{{${m[1]}}}`);
  const tags = [...text.matchAll(/<\/?([a-z]+)>/g)].map((m) => m[0]);
  return [...names, ...tags].sort();
}

/** What is wrong with a message's syntax: an unclosed `{{`, a stray `}}`, unbalanced tags. */
export function syntaxProblems(text: string): string[] {
  const problems: string[] = [];
  const stripped = text.replace(/\{\{\s*[\w.]+\s*(?:,[^}]*)?\}\}/g, "");
  if (stripped.includes("{{") || stripped.includes("}}")) problems.push("unbalanced {{ }}");
  const stack: string[] = [];
  for (const m of text.matchAll(/<(\/?)([a-z]+)>/g)) {
    if (!m[1]) stack.push(m[2]!);
    else if (stack.pop() !== m[2]) problems.push(`unbalanced <${m[2]}>`);
  }
  if (stack.length) problems.push(`unclosed <${stack.join(">, <")}>`);
  return problems;
}

/** Every difference between a catalog and the reference one: missing or extra keys, other placeholders. */
export function catalogDifferences(reference: Messages, other: Messages): string[] {
  const a = flatten(reference);
  const b = flatten(other);
  const out: string[] = [];
  for (const k of a.keys()) if (!b.has(k)) out.push(`missing ${k}`);
  for (const k of b.keys()) if (!a.has(k)) out.push(`extra ${k}`);
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined) continue;
    if (markersOf(v).join(" ") !== markersOf(w).join(" ")) out.push(`placeholders differ in ${k}`);
    if (!w.trim()) out.push(`empty ${k}`);
  }
  return out;
}
