import { UNIT_WORDS } from "./durations.ts";
import { CLAUSE_BOUNDARIES } from "./sentences.ts";
import { type Tok, wordAt } from "./tokens.ts";

const NEGATIONS = new Set(["not", "never", "no"]);
const isNegation = (s: string) => NEGATIONS.has(s) || s.endsWith("n't") || s.startsWith("fail");

/** "If you do not receive ... within 6 business days" is when to escalate, not what is promised. */
export function isConditional(toks: Tok[], at: number): boolean {
  let conditional = false;
  for (let i = at - 1; i >= 0 && !conditional; i--) {
    const t = toks[i];
    if (t?.k === "w" && (t.s === "if" || t.s === "unless")) {
      if (t.s === "unless") conditional = true;
      for (let j = i + 1; j < at && !conditional; j++) {
        const u = toks[j];
        if (u?.k === "w" && isNegation(u.s)) conditional = true;
      }
    }
  }
  return conditional;
}

export interface ClauseBefore {
  /** Up to eight words before the number, in its clause, nearest first. */
  words: string[];
  /** "disclosure_only": only a disclosure is negated, so only a disclosure window can be read. */
  reading: "promise" | "no_promise" | "disclosure_only";
}

/**
 * Negated or open-ended wording ("not on the 60-day schedule", "we do not guarantee a response within",
 * "beyond 60 days") promises nothing. "Please do not disclose ... before 90 days" still states a disclosure
 * window, and "no later than" is a promise.
 */
export function readClauseBefore(toks: Tok[], at: number): ClauseBefore {
  const words: string[] = [];
  let negated = false;
  let allDisclosure = true;
  for (let i = at - 1; i >= 0 && words.length < 8; i--) {
    const t = toks[i];
    if (!t) continue;
    if (t.k === "p" && CLAUSE_BOUNDARIES.has(t.s)) break;
    if (t.k !== "w") continue;
    words.push(t.s);
    if (t.s === "not" || t.s === "never" || t.s.endsWith("n't")) {
      negated = true;
      const n1 = wordAt(toks, i + 1) ?? "";
      const n2 = wordAt(toks, i + 2) ?? "";
      const isDisclosureVerb = (w: string) => w.startsWith("disclos") || w.startsWith("publish") || w === "publicly";
      if (!isDisclosureVerb(n1) && !isDisclosureVerb(n2)) allDisclosure = false;
    }
  }
  const promiseThan =
    words.includes("than") && (words.includes("later") || words.includes("more") || words.includes("longer"));
  if (words.slice(0, 4).some((w) => w === "beyond" || w.startsWith("exceed"))) return { words, reading: "no_promise" };
  if (negated && !promiseThan) return { words, reading: allDisclosure ? "disclosure_only" : "no_promise" };
  return { words, reading: "promise" };
}

/** "24 hours a day" is how often, not how soon. */
export function isRate(toks: Tok[], end: number): boolean {
  const r1 = wordAt(toks, end);
  const r2 = wordAt(toks, end + 1);
  return r1 !== null && ["a", "an", "per", "each", "every"].includes(r1) && r2 !== null && !!UNIT_WORDS[r2];
}
