import { UNIT_WORDS } from "./durations.ts";
import { isAboutOtherSubject } from "./other-subjects.ts";
import { compilePhrases, matchPhrases } from "./phrases.ts";
import { CLAUSE_BOUNDARIES } from "./sentences.ts";
import { type Tok, wordAt } from "./tokens.ts";
import { wordsOf } from "./vocabulary/index.ts";

const NEGATIONS = new Set([
  "not",
  "never",
  "jamais",
  "nunca",
  "no",
  "nicht",
  "kein",
  "keine",
  "keinen",
  "pas",
  "aucun",
  "aucune",
  "não",
  "nao",
  "ningún",
  "ninguna",
  "नहीं",
  "未",
  "没",
  "沒",
  "无",
  "無",
]);
export const isNegation = (s: string) => NEGATIONS.has(s) || s.endsWith("n't") || s.startsWith("fail");
const CONDITIONS = new Set(["if", "wenn", "falls", "si", "se", "यदि", "अगर", "若", "もし"]);
/** "如果" is two tokens (one per character). */
const isConditionAt = (toks: Tok[], i: number) => {
  const t = toks[i];
  if (t?.k !== "w") return false;
  return CONDITIONS.has(t.s) || t.s === "unless" || (t.s === "如" && toks[i + 1]?.s === "果");
};
/** Japanese and Korean put the condition after the number: "3営業日以内に返信がない場合", "답변이 없는 경우". */
const JA_NEGATED_CONDITION = compilePhrases<true>(
  [
    "ない 場合",
    "なければ",
    "なかった 場合",
    "ない とき",
    "ない 時",
    "없* 경우*",
    "않* 경우*",
    "못* 경우*",
    "없으면",
    "않으면",
  ].map((p) => [p, true] as const),
);

/**
 * "If a fix is available within 7 days of the report, it lands at once; …": a number inside an if-clause that a
 * main clause follows (after a comma) is the condition, not a promise. "If confirmed, we fix it within 30 days" has
 * its number in the main clause, and "If the issue is critical we fix it within 7 days" (no comma) is read as before.
 */
export function insideIfClause(toks: Tok[], at: number, end: number): boolean {
  let cond = -1;
  for (let i = at - 1; i >= 0; i--) {
    const t = toks[i];
    if (!t || (t.k === "p" && CLAUSE_BOUNDARIES.has(t.s))) break;
    if (isConditionAt(toks, i) && toks[i]?.s !== "unless") {
      cond = i;
      break;
    }
  }
  if (cond < 0) return false;
  for (let j = end; j < toks.length; j++) {
    const t = toks[j];
    if (t?.k === "p" && t.s === ",") return true;
    if (t?.k === "p" && CLAUSE_BOUNDARIES.has(t.s)) return false;
  }
  return false;
}

/**
 * "If you do not receive ... within 6 business days" (or "wenn ... nicht", "si ... pas", "如果...没有", "...がない場合")
 * is when to escalate, not what is promised.
 */
export function isConditional(toks: Tok[], at: number, end = at + 1): boolean {
  let conditional = false;
  for (let i = at - 1; i >= 0 && !conditional; i--) {
    const t = toks[i];
    if (t && isConditionAt(toks, i)) {
      if (t.s === "unless") conditional = true;
      // The negation may come before the number or after it in the same clause ("wenn ... 5 Werktagen keine Antwort").
      let sameClause = true;
      for (let j = i + 1; j < Math.min(toks.length, end + 4) && !conditional; j++) {
        const u = toks[j];
        if (u?.k === "p" && CLAUSE_BOUNDARIES.has(u.s)) {
          if (j >= end) break;
          sameClause = false;
        }
        if (j >= end && !sameClause) break;
        if (u?.k === "w" && isNegation(u.s)) conditional = true;
      }
    }
  }
  if (!conditional) {
    const after: Tok[] = [];
    for (let i = end; i < Math.min(toks.length, end + 20); i++) {
      const t = toks[i];
      if (!t || (t.k === "p" && CLAUSE_BOUNDARIES.has(t.s) && t.s !== ",")) break;
      after.push(t);
    }
    conditional = matchPhrases(after, JA_NEGATED_CONDITION).length > 0;
  }
  return conditional;
}

/**
 * Numbers about something other than handling a report: how long logs or data are kept, when keys or tokens rotate
 * or expire, how long something is valid or cached. "Logs are kept for 30 days" under a "Response times" heading is
 * still no response time.
 */
const NOT_A_TIMELINE = [
  "retain*",
  "retention",
  "archiv*",
  "purg*",
  "expire*",
  "expiry",
  "expiration",
  "rotate*",
  "rotation",
  "cached",
  "caching",
  "lifetime",
  "ttl",
  "validity",
  "aufbewahr*",
  "gespeichert",
  "conservé*",
  "conservad*",
  "almacenad*",
  "armazenad*",
  "保存",
  "保管",
  ...wordsOf("notATimeline"),
];
const NOT_A_TIMELINE_TABLE = compilePhrases<true>(NOT_A_TIMELINE.map((p) => [p, true] as const));
/** "Logs are kept for 30 days", "valid for 24 hours", "deleted after 90 days": only right before the number. */
const HELD_FOR = new Set([
  "closed",
  "kept",
  "stored",
  "held",
  "valid",
  "deleted",
  "removed",
  "erased",
  "logged",
  "lasts",
  "last",
]);

const PAST = new Set([
  "past",
  "last",
  "previous",
  "preceding",
  "letzten",
  "derniers",
  "dernières",
  "últimos",
  "últimas",
]);

/** A table header naming retention, rotation or expiry ("Retention", "Expires after"): its numbers are no clock. */
export const namesNotATimeline = (header: Tok[]) => matchPhrases(header, NOT_A_TIMELINE_TABLE).length > 0;

export function isNotATimeline(toks: Tok[], at: number, end = at + 1): boolean {
  if (isAboutOtherSubject(toks, at, end)) return true;
  const clause: Tok[] = [];
  for (let i = at - 1; i >= 0 && clause.length < 12; i--) {
    const t = toks[i];
    if (!t || (t.k === "p" && CLAUSE_BOUNDARIES.has(t.s))) break;
    clause.unshift(t);
  }
  const words = clause.filter((t) => t.k === "w").map((t) => t.s);
  const w1 = words[words.length - 1] ?? "";
  const w2 = words[words.length - 2] ?? "";
  if (HELD_FOR.has(w1) || (["for", "after", "up", "to"].includes(w1) && HELD_FOR.has(w2))) return true;
  // "in the past 6 months", "over the last 2 weeks": history, not a promise.
  if (PAST.has(w1)) return true;
  if (w1 === "to" && w2 === "up" && HELD_FOR.has(words[words.length - 3] ?? "")) return true;
  // "... 30 days old", "... 2 years ago"
  for (let i = at; i < Math.min(toks.length, at + 4); i++) {
    const t = toks[i];
    if (t?.k === "w" && (t.s === "old" || t.s === "ago")) return true;
  }
  if (matchPhrases(clause, NOT_A_TIMELINE_TABLE).length > 0) return true;
  // "a 90-day password rotation policy", "ログは30日間保存されます": the subject may follow the number.
  const after: Tok[] = [];
  for (let i = end; i < toks.length && after.length < 8; i++) {
    const t = toks[i];
    if (!t || (t.k === "p" && CLAUSE_BOUNDARIES.has(t.s))) break;
    after.push(t);
  }
  return matchPhrases(after, NOT_A_TIMELINE_TABLE).length > 0;
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
  // "may exceed 60 days" bounds nothing; "will not exceed 90 days" is a promise like "no later than".
  const exceedAt = words.slice(0, 4).findIndex((w) => w === "beyond" || w.startsWith("exceed"));
  const negatedExceed =
    exceedAt >= 0 &&
    words.slice(exceedAt + 1, exceedAt + 3).some((w) => w === "not" || w === "never" || w.endsWith("n't"));
  if (negatedExceed) return { words, reading: "promise" };
  if (exceedAt >= 0) return { words, reading: "no_promise" };
  if (negated && !promiseThan) return { words, reading: allDisclosure ? "disclosure_only" : "no_promise" };
  // "more than 24 hours", "longer than 4 hours", "mehr als", "plus de", "más de", "超过": a lower bound, no deadline.
  if (!negated && isLowerBound(words) && !words.includes("no")) return { words, reading: "no_promise" };
  return { words, reading: "promise" };
}

const RATE_WORDS = new Set(["a", "an", "per", "each", "every", "pro", "am", "die", "par", "por", "al", "ao", "प्रति"]);
/** "24 hours a day", "24 Stunden am Tag", "24 heures par jour" are how often, not how soon. */
export function isRate(toks: Tok[], end: number): boolean {
  const r1 = wordAt(toks, end);
  const r2 = wordAt(toks, end + 1);
  return r1 !== null && RATE_WORDS.has(r1) && r2 !== null && !!UNIT_WORDS[r2];
}

/** The words right before a number (nearest first) make it a lower bound: "more than", "mehr als", "超过". */
function isLowerBound(words: string[]): boolean {
  const [w1 = "", w2 = ""] = words;
  if ((w1 === "than" && (w2 === "more" || w2 === "longer")) || (w1 === "als" && w2 === "mehr")) return true;
  if ((w1 === "de" && (w2 === "plus" || w2 === "más" || w2 === "mais")) || (w1 === "过" && w2 === "超")) return true;
  return false;
}
