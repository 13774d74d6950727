import { digitValue, isCjkCode, isLetterCode, isLocalChar, isSpaceCode } from "./chars.ts";
import { lookup } from "./lookup.ts";

export interface Tok {
  /** w: word, n: number, p: punctuation, u: URL, email address or @handle (opaque) */
  k: "w" | "n" | "p" | "u";
  s: string;
  a: number;
  b: number;
  /** Integer value of a plain number token (no decimals), else null. */
  int: number | null;
}

/** Chinese and Japanese clause punctuation read as its ASCII counterpart ("～" joins a range like "-"). */
const FULL_WIDTH_PUNCTUATION: Readonly<Record<string, string>> = lookup({
  "\uff0c": ",",
  "\u3001": ",",
  "\uff1a": ":",
  "\uff1b": ";",
  "\uff08": "(",
  "\uff09": ")",
  "\uff5e": "-",
  "\u301c": "-",
});

/** Markdown emphasis and code markers carry no meaning for us and are skipped. */
export const SKIP_CHARS = new Set(["*", "_", "`", "~", "\\"]);

/** Tokenises ana[a, b) (analysis text; offsets are kept absolute). */
export function tokenize(ana: string, a: number, b: number): Tok[] {
  const toks: Tok[] = [];
  let i = a;
  while (i < b) {
    const c = ana.charCodeAt(i);
    if (isSpaceCode(c)) {
      i++;
      continue;
    }
    const ch = ana[i] ?? "";
    // URLs are one opaque token (their digits and words are not prose).
    if ((ch === "h" || ch === "H" || ch === "w" || ch === "W") && isUrlStart(ana, i)) {
      let j = i;
      while (j < b) {
        const d = ana.charCodeAt(j);
        if (isSpaceCode(d) || d === 41 /* ) */ || d === 93 /* ] */ || d === 62 /* > */ || d === 60 /* < */) break;
        j++;
      }
      // Sentence punctuation after a URL is not part of it.
      while (j > i + 1 && ".,;:!?'\"".includes(ana[j - 1] ?? "")) j--;
      toks.push({ k: "u", s: ana.slice(i, j), a: i, b: j, int: null });
      i = j;
      continue;
    }
    // Email addresses and @handles are opaque too ("1h@example.com" is not one hour).
    if (c === 64 /* @ */) {
      let start = i;
      while (start > a && i - start < 64 && isLocalChar(ana.charCodeAt(start - 1))) start--;
      while (toks.length > 0 && (toks[toks.length - 1]?.a ?? -1) >= start) toks.pop();
      let j = i + 1;
      while (j < b) {
        const d = ana.charCodeAt(j);
        if (isSpaceCode(d) || ")]>\"'<,;`*".includes(ana[j] ?? "")) break;
        j++;
      }
      while (j > i + 1 && ".:!?".includes(ana[j - 1] ?? "")) j--;
      toks.push({ k: "u", s: ana.slice(start, j).toLowerCase(), a: start, b: j, int: null });
      i = j;
      continue;
    }
    if (digitValue(c) >= 0) {
      let j = i;
      while (j < b && digitValue(ana.charCodeAt(j)) >= 0) j++;
      let decimal = false;
      while (j + 1 < b && (ana[j] === "." || ana[j] === ",") && digitValue(ana.charCodeAt(j + 1)) >= 0) {
        if (ana[j] === ".") decimal = true;
        j++;
        while (j < b && digitValue(ana.charCodeAt(j)) >= 0) j++;
      }
      const text = ana.slice(i, j);
      let int: number | null = null;
      if (!decimal) {
        let digits = "";
        for (let k = i; k < j; k++) {
          const v = digitValue(ana.charCodeAt(k));
          if (v >= 0) digits += String(v);
        }
        if (digits.length <= 6) int = Number.parseInt(digits, 10);
      }
      toks.push({ k: "n", s: text, a: i, b: j, int });
      i = j;
      continue;
    }
    // Chinese and Japanese have no spaces between words: one token per character, words are matched as sequences.
    if (isCjkCode(c)) {
      toks.push({ k: "w", s: ch, a: i, b: i + 1, int: null });
      i++;
      continue;
    }
    if (isLetterCode(c, ch)) {
      let j = i + 1;
      while (j < b) {
        const d = ana.charCodeAt(j);
        const dch = ana[j] ?? "";
        if (isCjkCode(d)) break;
        if (isLetterCode(d, dch) || digitValue(d) >= 0) {
          j++;
          continue;
        }
        if ((dch === "'" || dch === "\u2019") && j + 1 < b && isLetterCode(ana.charCodeAt(j + 1), ana[j + 1] ?? "")) {
          j += 2;
          continue;
        }
        break;
      }
      toks.push({
        k: "w",
        s: ana
          .slice(i, j)
          .toLowerCase()
          .replace(/\u2019/g, "'"),
        a: i,
        b: j,
        int: null,
      });
      i = j;
      continue;
    }
    // Surrogate pairs (emoji) are a single punctuation token.
    const cp = ana.codePointAt(i) ?? c;
    const width = cp > 0xffff ? 2 : 1;
    if (!SKIP_CHARS.has(ch)) {
      const p = ana.slice(i, i + width);
      toks.push({ k: "p", s: FULL_WIDTH_PUNCTUATION[p] ?? p, a: i, b: i + width, int: null });
    }
    i += width;
  }
  return toks;
}

function isUrlStart(s: string, i: number): boolean {
  const head = s.slice(i, i + 8).toLowerCase();
  return head.startsWith("http://") || head.startsWith("https://") || head.startsWith("www.");
}

export const wordAt = (toks: Tok[], i: number): string | null => {
  const t = toks[i];
  return t && t.k === "w" ? t.s : null;
};
export const punctAt = (toks: Tok[], i: number, s: string): boolean => {
  const t = toks[i];
  return !!t && t.k === "p" && t.s === s;
};
