import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { findDurations } from "./durations.ts";
import { parseSecurityMd } from "./index.ts";
import type { ParsedDuration, ParsedPolicy } from "./parsed-policy.ts";
import { tokenize } from "./tokens.ts";

// Fixtures kept in the repo (packages/core/fixtures/securitymd), so any clone can run them:
// 24 real SECURITY.md files, with their sources and hand labels in INDEX.tsv (see README.md).
export const FIXTURES = path.resolve(import.meta.dirname, "../../../fixtures/securitymd");

export const h = (amount: number): ParsedDuration => ({ amount, unit: "hours" });
export const d = (amount: number): ParsedDuration => ({ amount, unit: "days" });
export const w = (amount: number): ParsedDuration => ({ amount, unit: "weeks" });
export const bd = (amount: number): ParsedDuration => ({ amount, unit: "business_days" });
export const NO_FIX: ParsedPolicy["resolve"] = { critical: null, high: null, medium: null, low: null };

export const isEmpty = (v: unknown): boolean => {
  if (v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.values(v as object).every(isEmpty);
  return false;
};

/**
 * Values the parser returned that the expectation does not have (the "invented" count): a value where the
 * expectation has none, or a list item it does not list. A different value where one is expected is a miss, not
 * an invention.
 */
export function invented(got: unknown, want: unknown): number {
  if (want === null || (Array.isArray(want) && want.length === 0)) return isEmpty(got) ? 0 : 1;
  if (Array.isArray(got) && Array.isArray(want)) {
    return got.filter((g) => !want.some((x) => isDeepStrictEqual(g, x))).length;
  }
  if (got && want && typeof got === "object" && typeof want === "object" && !Array.isArray(want)) {
    return Object.keys(want).reduce(
      (n, k) => n + invented((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k]),
      0,
    );
  }
  return 0;
}

/** The non-empty fields without evidence and confidence: what a phrasing test compares. */
export const only = (p: ParsedPolicy) => {
  const { evidence: _evidence, confidence: _confidence, ...rest } = p;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (!isEmpty(v)) out[k] = v;
  return out;
};

/** The values a document promises, without what is only "possibly relevant": what a rule-class test compares. */
export const promised = (md: string) => {
  const { possiblyRelevant: _possiblyRelevant, ...rest } = only(parseSecurityMd(md));
  return rest;
};

/** The same fix time for every severity. */
export const allSeverities = (v: ParsedDuration) => ({ critical: v, high: v, medium: v, low: v });

export const tokensOf = (text: string) => tokenize(text, 0, text.length);

/** The sentence's tokens and the token range of its first duration. */
export const firstDuration = (text: string) => {
  const toks = tokensOf(text);
  const d = findDurations(toks)[0];
  if (!d) throw new Error(`no duration in ${text}`);
  return { toks, start: d.i0, end: d.i1 };
};
