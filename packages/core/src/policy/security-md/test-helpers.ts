import path from "node:path";
import type { ParsedDuration, ParsedPolicy } from "./parsed-policy.ts";

// Fixtures copied from shared/fixtures/securitymd into the repo, so any clone can run them
// (24 real SECURITY.md files, hand labels in INDEX.tsv).
export const FIXTURES = path.resolve(import.meta.dirname, "../../../fixtures/securitymd");

export const h = (amount: number): ParsedDuration => ({ amount, unit: "hours" });
export const d = (amount: number): ParsedDuration => ({ amount, unit: "days" });
export const w = (amount: number): ParsedDuration => ({ amount, unit: "weeks" });
export const NO_FIX: ParsedPolicy["resolve"] = { critical: null, high: null, medium: null, low: null };

export const isEmpty = (v: unknown): boolean => {
  if (v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.values(v as object).every(isEmpty);
  return false;
};

/** The non-empty fields without evidence: what a phrasing test compares. */
export const only = (p: ParsedPolicy) => {
  const { evidence: _evidence, ...rest } = p;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (!isEmpty(v)) out[k] = v;
  return out;
};
