import { isCjkCode } from "./chars.ts";
import type { Tok } from "./tokens.ts";

/**
 * Word patterns for every language the reader knows, matched against word tokens.
 *
 * A pattern is words separated by spaces. A word may end in "*" (any ending: "acknowledg*"), start with "*" (any
 * beginning, for German compounds: "*bestätigung" matches "eingangsbestätigung") or both (anywhere in the word).
 * Chinese and Japanese text is tokenised one character at a time (it has no spaces), so a pattern word written in
 * those scripts is split into its characters: "受領" is the two-word pattern "受 領".
 */
type WordPattern = { mode: "exact" | "prefix" | "suffix" | "infix"; s: string };
interface Compiled<T> {
  words: WordPattern[];
  value: T;
  /** Letters the pattern spells out: of two patterns over the same words, the more specific one wins. */
  size: number;
}
export interface PhraseTable<T> {
  exact: Map<string, Compiled<T>[]>;
  prefix: Map<string, Compiled<T>[]>;
  prefixLengths: number[];
  suffix: Map<string, Compiled<T>[]>;
  suffixLengths: number[];
  infix: Compiled<T>[];
}

function splitWords(pattern: string): string[] {
  const out: string[] = [];
  for (const w of pattern.trim().split(/\s+/)) {
    if (w === "") continue;
    if ([...w].some((ch) => isCjkCode(ch.codePointAt(0) ?? 0))) for (const ch of w) out.push(ch);
    else out.push(w);
  }
  return out;
}

function wordPattern(w: string): WordPattern {
  const lead = w.startsWith("*") && w.length > 1;
  const trail = w.endsWith("*") && w.length > 1;
  const s = w.slice(lead ? 1 : 0, trail ? -1 : undefined).toLowerCase();
  return { mode: lead && trail ? "infix" : lead ? "suffix" : trail ? "prefix" : "exact", s };
}

export function wordMatches(p: WordPattern, word: string): boolean {
  switch (p.mode) {
    case "exact":
      return word === p.s;
    case "prefix":
      return word.startsWith(p.s);
    case "suffix":
      return word.endsWith(p.s);
    case "infix":
      return word.includes(p.s);
  }
}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

/** Indexes patterns by their first word, so matching costs a few map look-ups per word whatever the table's size. */
export function compilePhrases<T>(entries: readonly (readonly [string, T])[]): PhraseTable<T> {
  const table: PhraseTable<T> = {
    exact: new Map(),
    prefix: new Map(),
    prefixLengths: [],
    suffix: new Map(),
    suffixLengths: [],
    infix: [],
  };
  for (const [pattern, value] of entries) {
    const words = splitWords(pattern).map(wordPattern);
    const first = words[0];
    if (!first) continue;
    const c = { words, value, size: words.reduce((n, w) => n + w.s.length, 0) };
    if (first.mode === "exact") push(table.exact, first.s, c);
    else if (first.mode === "prefix") {
      push(table.prefix, first.s, c);
      if (!table.prefixLengths.includes(first.s.length)) table.prefixLengths.push(first.s.length);
    } else if (first.mode === "suffix") {
      push(table.suffix, first.s, c);
      if (!table.suffixLengths.includes(first.s.length)) table.suffixLengths.push(first.s.length);
    } else table.infix.push(c);
  }
  return table;
}

function candidates<T>(table: PhraseTable<T>, word: string): Compiled<T>[] {
  const out: Compiled<T>[] = [...(table.exact.get(word) ?? [])];
  for (const n of table.prefixLengths) if (n <= word.length) out.push(...(table.prefix.get(word.slice(0, n)) ?? []));
  for (const n of table.suffixLengths) if (n <= word.length) out.push(...(table.suffix.get(word.slice(-n)) ?? []));
  for (const c of table.infix) if (word.includes(c.words[0]?.s ?? "\u0000")) out.push(c);
  return out;
}

export interface PhraseHit<T> {
  value: T;
  /** Token index of the first and one past the last token of the match. */
  start: number;
  end: number;
}

/**
 * Every non-overlapping match over the word tokens of toks (other tokens between the words are skipped: "on-call"
 * is "on call"). Longer patterns claim their words first (more words, then more letters: "심각도*" before "심각*");
 * results are in token order.
 */
export function matchPhrases<T>(toks: Tok[], table: PhraseTable<T>): PhraseHit<T>[] {
  const words: number[] = [];
  for (let i = 0; i < toks.length; i++) if (toks[i]?.k === "w") words.push(i);
  const found: { w: number; n: number; size: number; value: T }[] = [];
  for (let w = 0; w < words.length; w++) {
    const word = toks[words[w] ?? -1]?.s ?? "";
    for (const c of candidates(table, word)) {
      if (w + c.words.length > words.length) continue;
      let ok = true;
      for (let k = 1; k < c.words.length && ok; k++) {
        const p = c.words[k];
        if (!p || !wordMatches(p, toks[words[w + k] ?? -1]?.s ?? "")) ok = false;
      }
      if (ok) found.push({ w, n: c.words.length, size: c.size, value: c.value });
    }
  }
  found.sort((x, y) => y.n - x.n || y.size - x.size || x.w - y.w);
  const used = new Uint8Array(words.length);
  const hits: PhraseHit<T>[] = [];
  for (const f of found) {
    let free = true;
    for (let k = 0; k < f.n && free; k++) if (used[f.w + k]) free = false;
    if (!free) continue;
    for (let k = 0; k < f.n; k++) used[f.w + k] = 1;
    hits.push({ value: f.value, start: words[f.w] ?? 0, end: (words[f.w + f.n - 1] ?? 0) + 1 });
  }
  return hits.sort((x, y) => x.start - y.start);
}

/** The longest match that starts exactly at token i and runs over adjacent word tokens only. */
export function phraseAt<T>(toks: Tok[], i: number, table: PhraseTable<T>): PhraseHit<T> | null {
  const t = toks[i];
  if (t?.k !== "w") return null;
  let best: Compiled<T> | null = null;
  for (const c of candidates(table, t.s)) {
    let ok = true;
    for (let k = 1; k < c.words.length && ok; k++) {
      const u = toks[i + k];
      const p = c.words[k];
      if (u?.k !== "w" || !p || !wordMatches(p, u.s)) ok = false;
    }
    if (
      ok &&
      (!best || c.words.length > best.words.length || (c.words.length === best.words.length && c.size > best.size))
    )
      best = c;
  }
  return best ? { value: best.value, start: i, end: i + best.words.length } : null;
}

/** A yes/no test for any of the patterns (same pattern syntax as compilePhrases). */
export function anyOf(patterns: readonly string[]): (toks: Tok[]) => boolean {
  const table = compilePhrases(patterns.map((p) => [p, true] as const));
  return (toks) => matchPhrases(toks, table).length > 0;
}
