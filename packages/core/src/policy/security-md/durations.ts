import { parseAmount } from "./amounts.ts";
import { lookup } from "./lookup.ts";
import type { ParsedDuration } from "./parsed-policy.ts";
import { punctAt, type Tok, wordAt } from "./tokens.ts";

type UnitWord = "hours" | "days" | "business_days" | "weeks" | "months" | "fortnights";
export const UNIT_WORDS: Record<string, UnitWord> = lookup({
  hour: "hours",
  hours: "hours",
  hr: "hours",
  hrs: "hours",
  h: "hours",
  day: "days",
  days: "days",
  workday: "business_days",
  workdays: "business_days",
  businessday: "business_days",
  businessdays: "business_days",
  week: "weeks",
  weeks: "weeks",
  wk: "weeks",
  wks: "weeks",
  month: "months",
  months: "months",
  fortnight: "fortnights",
  fortnights: "fortnights",
});
const BUSINESS_QUALIFIERS = new Set(["business", "working", "work"]);

export interface FoundDuration {
  /** Token range [i0, i1). */
  i0: number;
  i1: number;
  kind: "duration" | "next_release" | "periodic";
  value: ParsedDuration | null;
}

/** Parses "[qualifier] unit" at j (after an amount); handles "90-day", "5-business-day". */
function parseUnit(toks: Tok[], j: number): { unit: UnitWord; next: number } | null {
  let k = punctAt(toks, j, "-") ? j + 1 : j;
  let qualifier: "business" | "calendar" | null = null;
  const q = wordAt(toks, k);
  if (q !== null && BUSINESS_QUALIFIERS.has(q)) qualifier = "business";
  else if (q === "calendar") qualifier = "calendar";
  if (qualifier) {
    k++;
    if (punctAt(toks, k, "-")) k++;
  }
  const w = wordAt(toks, k);
  if (w === null) return null;
  const unit = UNIT_WORDS[w];
  if (!unit) return null;
  if (qualifier === "business") {
    // "business hours" or "working weeks" cannot be expressed; do not guess.
    if (unit !== "days") return null;
    return { unit: "business_days", next: k + 1 };
  }
  if (qualifier === "calendar" && unit !== "days") return null;
  return { unit, next: k + 1 };
}

/** A policy has no months or fortnights, and holds 1 to 10,000 of a unit: anything else is no value. */
function toDuration(amount: number, unit: UnitWord): ParsedDuration | null {
  let d: ParsedDuration;
  if (unit === "months") d = { amount: amount * 30, unit: "days" };
  else if (unit === "fortnights") d = { amount: amount * 2, unit: "weeks" };
  else d = { amount, unit };
  return Number.isInteger(d.amount) && d.amount >= 1 && d.amount <= 10_000 ? d : null;
}

const NEXT_RELEASE_QUALIFIERS = new Set([
  "minor",
  "major",
  "patch",
  "point",
  "regular",
  "regularly",
  "scheduled",
  "planned",
  "feature",
  "maintenance",
  "bugfix",
  "stable",
  "security",
  "upcoming",
  "normal",
]);
const PERIODIC_WORDS: Record<string, ParsedDuration> = lookup({
  daily: { amount: 1, unit: "days" },
  weekly: { amount: 1, unit: "weeks" },
  biweekly: { amount: 2, unit: "weeks" },
  fortnightly: { amount: 2, unit: "weeks" },
  monthly: { amount: 30, unit: "days" },
});

export function findDurations(toks: Tok[]): FoundDuration[] {
  const out: FoundDuration[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i];
    if (!t || t.k === "p" || t.k === "u") {
      i++;
      continue;
    }
    // "next release", "next minor release", "upcoming release"
    if (t.s === "next" || t.s === "upcoming") {
      let j = i + 1;
      // "next business day" = one business day
      const nb = wordAt(toks, j);
      if (t.s === "next" && nb !== null && BUSINESS_QUALIFIERS.has(nb)) {
        const u = wordAt(toks, j + 1);
        if (u === "day") {
          out.push({ i0: i, i1: j + 2, kind: "duration", value: { amount: 1, unit: "business_days" } });
          i = j + 2;
          continue;
        }
      }
      let skipped = 0;
      while (skipped < 2) {
        const w = wordAt(toks, j);
        if (w === null || !NEXT_RELEASE_QUALIFIERS.has(w)) break;
        j++;
        skipped++;
      }
      const r = wordAt(toks, j);
      if (r === "release" || r === "releases" || r === "version") {
        out.push({ i0: i, i1: j + 1, kind: "next_release", value: null });
        i = j + 1;
        continue;
      }
    }
    if (t.k === "w" && PERIODIC_WORDS[t.s]) {
      const v = PERIODIC_WORDS[t.s];
      const bi = punctAt(toks, i - 1, "-") && wordAt(toks, i - 2) === "bi";
      out.push({
        i0: i,
        i1: i + 1,
        kind: "periodic",
        value: bi && t.s === "weekly" ? { amount: 2, unit: "weeks" } : (v ?? null),
      });
      i++;
      continue;
    }
    const amt = parseAmount(toks, i);
    if (amt) {
      let next = amt.next;
      let value = amt.value;
      // Ranges: "24-48 hours", "3 to 5 business days", "between 1 and 3 days" → the upper bound.
      if (!amt.article) {
        const c = toks[next];
        const isConnector =
          c &&
          ((c.k === "p" && (c.s === "-" || c.s === "\u2013")) ||
            (c.k === "w" && (c.s === "to" || c.s === "or" || c.s === "and")));
        if (isConnector) {
          const amt2 = parseAmount(toks, next + 1);
          if (amt2 && !amt2.article && amt2.value >= value) {
            const u2 = parseUnit(toks, amt2.next);
            if (u2) {
              value = amt2.value;
              next = amt2.next;
            }
          }
        }
      }
      const unit = parseUnit(toks, next);
      if (unit && !(amt.article && punctAt(toks, amt.next, "-"))) {
        // "48 business hours" style qualifiers are handled in parseUnit; "24h" needs no space.
        const unitTok = toks[unit.next - 1];
        const okH = unitTok?.s !== "h" || unitTok.a === toks[next - 1]?.b;
        const d = okH ? toDuration(value, unit.unit) : null;
        if (d) {
          out.push({ i0: i, i1: unit.next, kind: "duration", value: d });
          i = unit.next;
          continue;
        }
      }
    }
    i++;
  }
  return out;
}
