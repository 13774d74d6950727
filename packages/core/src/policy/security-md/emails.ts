import { isDomainChar, isLocalChar, isSpaceCode } from "./chars.ts";
import { wordsOf } from "./vocabulary/index.ts";

export interface EmailHit {
  email: string;
  a: number;
  b: number;
}

/** Finds email addresses in ana[a, b) by expanding around each "@" (linear, bounded). */
export function findEmails(ana: string, ats: number[], a: number, b: number): EmailHit[] {
  const out: EmailHit[] = [];
  // first "@" at or after a (binary search over the precomputed positions)
  let lo = 0;
  let hi = ats.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ats[mid] ?? 0) < a) lo = mid + 1;
    else hi = mid;
  }
  let k = lo;
  let lastEnd = a;
  while (k < ats.length && (ats[k] ?? b) < b) {
    const at = ats[k] ?? b;
    k++;
    if (at < lastEnd) continue;
    let l = at;
    // "secalert\_us@": Markdown escapes an underscore in the local part; the backslash is not the address's.
    while (l > a && at - l < 64 && (isLocalChar(ana.charCodeAt(l - 1)) || isEscapedUnderscore(ana, l - 1))) l--;
    let r = at + 1;
    while (r < b && r - at < 254 && isDomainChar(ana.charCodeAt(r))) r++;
    // trim punctuation that ends a sentence or wraps the address
    while (r > at + 1 && (ana[r - 1] === "." || ana[r - 1] === "-")) r--;
    while (l < at && (ana[l] === "." || ana[l] === "-")) l++;
    const local = ana.slice(l, at).replaceAll("\\_", "_");
    const domain = ana.slice(at + 1, r);
    const labels = domain.split(".");
    const tld = labels[labels.length - 1] ?? "";
    const valid =
      local.length > 0 &&
      !local.includes("..") &&
      labels.length >= 2 &&
      labels.every((x) => x.length > 0 && x.length <= 63 && !x.startsWith("-") && !x.endsWith("-")) &&
      /^[A-Za-z]{2,63}$/.test(tld) &&
      (l === a || ana[l - 1] !== "@") &&
      !isInsideUrl(ana, l, a);
    if (valid) {
      out.push({ email: `${local}@${domain}`, a: l, b: r });
      lastEnd = r;
    }
  }
  return out;
}

const isEscapedUnderscore = (s: string, i: number) => s[i] === "\\" && s[i + 1] === "_";

function isInsideUrl(ana: string, l: number, min: number): boolean {
  // Looks back over the same whitespace-free run (bounded) for "://".
  let i = l - 1;
  const stop = Math.max(min, l - 200);
  while (i >= stop) {
    const c = ana.charCodeAt(i);
    if (isSpaceCode(c) || c === 40 /* ( */ || c === 60 /* < */ || c === 91 /* [ */) return false;
    if (c === 47 /* / */ && ana[i - 1] === "/" && ana[i - 2] === ":") return true;
    i--;
  }
  return false;
}

/** "[at]" and the word for "@" in other languages, bracketed: "<zavináč>", "(małpa)", "[собака]". */
const bracketed = (words: string[]) => words.flatMap((w) => [`[${w}]`, `(${w})`, `{${w}}`, `<${w}>`]);
const AT_MARKERS = [...bracketed(["at", ...wordsOf("atWords")]), "[@]", "(@)", "-at-", " at "];
/** Only spaces since the line began, or a colon, "to" or "email" right before. */
function startsAddressLine(text: string, l: number): boolean {
  const lineStart = text.lastIndexOf("\n", l - 1) + 1;
  const before = text.slice(lineStart, l).trim();
  // "please email `security at host dot org`": a quote or backtick may open the address
  const bare = before.replace(/[`'"]+$/, "").trimEnd();
  return bare === "" || /(:|\bto|\be-?mail|\bat)$/.test(bare) || /^[-*+]$/.test(bare);
}
/**
 * "security-at-example.org", "security at example.org": an unbracketed "at" is a word in prose ("data-at-rest",
 * "security at scale"), so only a mailbox name for reports counts before it.
 */
const MAILBOX_LOCAL = /^(security|secure|sec|vuln|vulnerabilit(y|ies)|psirt|cert|report|reports|disclosure|contact)$/;
/** "Email me at …", "email us at …": the pronoun is no mailbox name. */
const PRONOUNS = new Set(["me", "us", "you", "them", "him", "her"]);
// " dot " unbracketed too, once an "at" marker began the address ("security at host dot org")
const DOT_WORDS = [...bracketed(["dot", ".", ...wordsOf("dotWords")]), "dot "];

/**
 * Whether an unbracketed "at" ("-at-", " at ") at i in `text` (the lowercased ana[a, …)) begins an address whose
 * name `local` starts at l. "at" is a common word ("data-at-rest", "security at scale"), so it takes one of:
 * - written out to fool harvesters: "jane AT host.com" in capitals, or "name at host dot com" with the dot spelled too;
 * - a mailbox name for reports ("security at host.org"), and for " at " a line of its own or "to:"/"email" before it;
 * - for " at ", "email" right before the name, which may then be any name but a pronoun ("email `fox.cpp at host.org`").
 * Checked before the domain is read: " at " is a common word.
 */
function unbracketedAtBegins(
  ana: string,
  a: number,
  text: string,
  i: number,
  l: number,
  marker: string,
  local: string,
) {
  if (marker === "-at-") return MAILBOX_LOCAL.test(local);
  const writtenOut =
    ana.startsWith(" AT ", a + i) || /^[a-z0-9-]{1,63} dot [a-z]{2,63}\b(?! dot\b)/.test(text.slice(i + 4, i + 140));
  if (writtenOut) return true;
  const afterEmailWord = !PRONOUNS.has(local) && /\be-?mail\s*:?\s*[`'"]?$/.test(text.slice(Math.max(0, l - 20), l));
  return (afterEmailWord || MAILBOX_LOCAL.test(local)) && startsAddressLine(text, l);
}
const isLabelChar = (c: number) => isDomainChar(c) && c !== 46;

/**
 * Addresses written to fool harvesters: "name [at] example [dot] com", "name (at) example.org",
 * "name [at] example [dot com]". Only bracketed markers count: a bare "at" is a word.
 */
export function findObfuscatedEmails(ana: string, a: number, b: number): EmailHit[] {
  const end = Math.min(b, a + 4000);
  const text = ana.slice(a, end).toLowerCase();
  const out: EmailHit[] = [];
  for (const marker of AT_MARKERS) {
    for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length)) {
      let l = i;
      while (l > 0 && text[l - 1] === " ") l--;
      const localEnd = l;
      while (l > 0 && localEnd - l < 64 && isLocalChar(text.charCodeAt(l - 1))) l--;
      const local = text.slice(l, localEnd);
      if ((marker === "-at-" || marker === " at ") && !unbracketedAtBegins(ana, a, text, i, l, marker, local)) continue;
      const labels: string[] = [];
      let j = i + marker.length;
      for (;;) {
        while (text[j] === " ") j++;
        const start = j;
        while (j < text.length && isLabelChar(text.charCodeAt(j))) j++;
        if (j === start) break;
        labels.push(text.slice(start, j));
        let k = j;
        while (text[k] === " ") k++;
        const dot = DOT_WORDS.find((d) => text.startsWith(d, k));
        if (text[k] === ".") j = k + 1;
        else if (dot) j = k + dot.length;
        else if ((text[k] === "[" || text[k] === "(") && text.startsWith("dot ", k + 1)) {
          // "[dot com]": the last label inside the brackets
          let m = k + 5;
          const s = m;
          while (m < text.length && isLabelChar(text.charCodeAt(m))) m++;
          if (m > s && (text[m] === "]" || text[m] === ")")) labels.push(text.slice(s, m));
          j = m + 1;
          break;
        } else break;
      }
      const tld = labels[labels.length - 1] ?? "";
      if (local && labels.length >= 2 && /^[a-z]{2,63}$/.test(tld) && !local.startsWith(".")) {
        out.push({ email: `${local}@${labels.join(".")}`, a: a + l, b: a + Math.min(j, text.length) });
      }
    }
  }
  return out.sort((x, y) => x.a - y.a);
}
