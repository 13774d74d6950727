import { isCjkNumeralAt, parseAmount } from "./amounts.ts";
import { lookup } from "./lookup.ts";
import type { ParsedDuration } from "./parsed-policy.ts";
import { compilePhrases, phraseAt } from "./phrases.ts";
import { punctAt, type Tok, wordAt } from "./tokens.ts";
import { periodicOf, unitsOf, wordsOf } from "./vocabulary/index.ts";

export type UnitWord = "hours" | "days" | "business_days" | "business_hours" | "weeks" | "months" | "fortnights";
/**
 * Unit words of English, German, French, Spanish, Portuguese, Italian, Turkish and Hindi (word forms after a number),
 * and of every language in vocabulary/.
 */
export const UNIT_WORDS: Record<string, UnitWord> = lookup({
  hour: "hours",
  hours: "hours",
  hr: "hours",
  hrs: "hours",
  h: "hours",
  d: "days",
  stunde: "hours",
  stunden: "hours",
  std: "hours",
  heure: "hours",
  heures: "hours",
  hora: "hours",
  horas: "hours",
  घंटे: "hours",
  घंटा: "hours",
  घंटों: "hours",
  घण्टे: "hours",
  day: "days",
  days: "days",
  tag: "days",
  tage: "days",
  tagen: "days",
  kalendertag: "days",
  kalendertage: "days",
  kalendertagen: "days",
  jour: "days",
  jours: "days",
  día: "days",
  días: "days",
  dia: "days",
  dias: "days",
  दिन: "days",
  दिनों: "days",
  दिवस: "days",
  दिवसों: "days",
  workday: "business_days",
  workdays: "business_days",
  businessday: "business_days",
  businessdays: "business_days",
  werktag: "business_days",
  werktage: "business_days",
  werktagen: "business_days",
  arbeitstag: "business_days",
  arbeitstage: "business_days",
  arbeitstagen: "business_days",
  geschäftstag: "business_days",
  geschäftstage: "business_days",
  geschäftstagen: "business_days",
  geschäftsstunden: "business_hours",
  arbeitsstunden: "business_hours",
  कार्यदिवस: "business_days",
  कार्यदिवसों: "business_days",
  week: "weeks",
  weeks: "weeks",
  wk: "weeks",
  wks: "weeks",
  woche: "weeks",
  wochen: "weeks",
  semaine: "weeks",
  semaines: "weeks",
  semana: "weeks",
  semanas: "weeks",
  सप्ताह: "weeks",
  सप्ताहों: "weeks",
  हफ्ते: "weeks",
  हफ़्ते: "weeks",
  हफ्तों: "weeks",
  month: "months",
  months: "months",
  monat: "months",
  monate: "months",
  monaten: "months",
  mois: "months",
  mes: "months",
  meses: "months",
  mês: "months",
  महीने: "months",
  महीना: "months",
  महीनों: "months",
  saat: "hours",
  gün: "days",
  günü: "days",
  hafta: "weeks",
  ora: "hours",
  ore: "hours",
  giorno: "days",
  giorni: "days",
  settimana: "weeks",
  settimane: "weeks",
  mese: "months",
  mesi: "months",
  fortnight: "fortnights",
  fortnights: "fortnights",
  ...unitsOf(),
});
/** Words before a unit: "business days", "कार्य दिवस". */
const BUSINESS_QUALIFIERS = new Set([
  "business",
  "working",
  "work",
  "iş",
  "कार्य",
  "व्यावसायिक",
  "व्यापारिक",
  ...wordsOf("businessBefore"),
]);
const CALENDAR_QUALIFIERS = new Set(["calendar", ...wordsOf("calendarBefore")]);
const UNIT_LINKERS = new Set(wordsOf("unitLinkers"));
/** Words after a unit: "jours ouvrés", "días hábiles", "dias úteis"; "jours calendaires", "días naturales". */
const BUSINESS_AFTER = new Set([
  "ouvré",
  "ouvrée",
  "ouvrées",
  "ouvrés",
  "ouvrable",
  "ouvrables",
  "hábil",
  "hábiles",
  "habil",
  "habiles",
  "laborable",
  "laborables",
  "útil",
  "úteis",
  "util",
  "uteis",
  "lavorativo",
  "lavorativi",
  "lavorative",
  "feriali",
  ...wordsOf("businessAfter"),
]);
const CALENDAR_AFTER = new Set([
  "calendaire",
  "calendaires",
  "calendario",
  "naturales",
  "corridos",
  "calendário",
  "solari",
  ...wordsOf("calendarAfter"),
]);

/**
 * Chinese and Japanese units, as character sequences after a number ("3営業日", "24小时", "两周", "3か月").
 * "日" alone and "時間" need digits before them: "一日も早く" is "as soon as possible" and "統一時間" is no hour.
 * "営業時間" is business hours (see toDuration).
 */
const CJK_UNITS = compilePhrases<{ unit: UnitWord | null; digitsOnly: boolean }>([
  ["営業日", { unit: "business_days", digitsOnly: false }],
  ["営業時間", { unit: "business_hours", digitsOnly: false }],
  ["工作小时", { unit: "business_hours", digitsOnly: false }],
  ["个工作小时", { unit: "business_hours", digitsOnly: false }],
  ["個工作小時", { unit: "business_hours", digitsOnly: false }],
  ["工作日", { unit: "business_days", digitsOnly: false }],
  ["个工作日", { unit: "business_days", digitsOnly: false }],
  ["個工作日", { unit: "business_days", digitsOnly: false }],
  ["工作天", { unit: "business_days", digitsOnly: false }],
  ["个工作天", { unit: "business_days", digitsOnly: false }],
  ["個工作天", { unit: "business_days", digitsOnly: false }],
  ["時間", { unit: "hours", digitsOnly: true }],
  ["小时", { unit: "hours", digitsOnly: false }],
  ["小時", { unit: "hours", digitsOnly: false }],
  ["个小时", { unit: "hours", digitsOnly: false }],
  ["個小時", { unit: "hours", digitsOnly: false }],
  ["日", { unit: "days", digitsOnly: true }],
  ["日間", { unit: "days", digitsOnly: false }],
  ["天", { unit: "days", digitsOnly: false }],
  ["週間", { unit: "weeks", digitsOnly: false }],
  ["周", { unit: "weeks", digitsOnly: false }],
  ["週", { unit: "weeks", digitsOnly: false }],
  ["个周", { unit: "weeks", digitsOnly: false }],
  ["个星期", { unit: "weeks", digitsOnly: false }],
  ["個星期", { unit: "weeks", digitsOnly: false }],
  ["星期", { unit: "weeks", digitsOnly: false }],
  ["か月", { unit: "months", digitsOnly: false }],
  ["ヶ月", { unit: "months", digitsOnly: false }],
  ["カ月", { unit: "months", digitsOnly: false }],
  ["ケ月", { unit: "months", digitsOnly: false }],
  ["箇月", { unit: "months", digitsOnly: false }],
  ["个月", { unit: "months", digitsOnly: false }],
  ["個月", { unit: "months", digitsOnly: false }],
]);
/**
 * Korean units, written after the number with their particles attached ("3영업일", "30일 이내", "72시간내에"): matched
 * by their start. "영업시간" is business hours (see toDuration).
 */
const HANGUL_UNITS = compilePhrases<UnitWord | null>([
  ["영업일*", "business_days"],
  ["영업시간*", "business_hours"],
  ["시간*", "hours"],
  ["개월*", "months"],
  ["주*", "weeks"],
  ["일*", "days"],
]);
/** "6月30日", "6월 30일" are dates: a number followed by "日"/"일" right after "月"/"월" names a day of the month. */
const DATE_PARTS = new Set(["月", "年", "월", "년"]);

export interface FoundDuration {
  /** Token range [i0, i1). */
  i0: number;
  i1: number;
  kind: "duration" | "next_release" | "periodic";
  value: ParsedDuration | null;
}

/** Parses "[qualifier] unit [qualifier]" at j (after an amount); handles "90-day", "5-business-day", "3営業日". */
function parseUnit(toks: Tok[], j: number, cjkNumeral: boolean): { unit: UnitWord; next: number } | null {
  const cjk = phraseAt(toks, j, CJK_UNITS);
  if (cjk) {
    if (!cjk.value.unit || (cjk.value.digitsOnly && cjkNumeral)) return null;
    if (cjk.value.unit === "days" && cjk.end === j + 1 && DATE_PARTS.has(wordAt(toks, j - 2) ?? "")) return null;
    return { unit: cjk.value.unit, next: cjk.end };
  }
  if (cjkNumeral) return null;
  const ko = phraseAt(toks, j, HANGUL_UNITS);
  if (ko) {
    if (!ko.value || (ko.value === "days" && DATE_PARTS.has(wordAt(toks, j - 2) ?? ""))) return null;
    return { unit: ko.value, next: ko.end };
  }
  let k = punctAt(toks, j, "-") ? j + 1 : j;
  // "36 de ore": a linking word, only when a unit word follows it
  const linker = wordAt(toks, k);
  if (linker !== null && UNIT_LINKERS.has(linker) && UNIT_WORDS[wordAt(toks, k + 1) ?? ""]) k++;
  let qualifier: "business" | "calendar" | null = null;
  const q = wordAt(toks, k);
  if (q !== null && BUSINESS_QUALIFIERS.has(q)) qualifier = "business";
  else if (q !== null && CALENDAR_QUALIFIERS.has(q)) qualifier = "calendar";
  if (qualifier) {
    k++;
    if (punctAt(toks, k, "-")) k++;
  }
  const w = wordAt(toks, k);
  if (w === null) return null;
  const unit = UNIT_WORDS[w];
  if (!unit) return null;
  let next = k + 1;
  const after = wordAt(toks, next);
  // Two-word qualifiers first ("ngày làm việc": a Vietnamese working day).
  const afterTwo = after === null ? null : `${after} ${wordAt(toks, next + 1) ?? ""}`;
  if (qualifier === null && afterTwo !== null && BUSINESS_AFTER.has(afterTwo)) {
    qualifier = "business";
    next += 2;
  } else if (qualifier === null && after !== null && BUSINESS_AFTER.has(after)) {
    qualifier = "business";
    next++;
  } else if (qualifier === null && after !== null && CALENDAR_AFTER.has(after)) {
    qualifier = "calendar";
    next++;
  }
  if (qualifier === "business") {
    // Business hours: see toDuration. "A working week" is five working days, which is one calendar week whenever it
    // starts; longer working spans ("2 business months") are not guessed.
    if (unit === "hours") return { unit: "business_hours", next };
    if (unit === "weeks") return { unit: "weeks", next };
    if (unit !== "days") return null;
    return { unit: "business_days", next };
  }
  if (qualifier === "calendar" && unit !== "days") return null;
  return { unit, next };
}

/** The unit a table header names ("Days", "Fix (business days)", "期限（営業日）"): its first unit word. */
export function unitNamedIn(toks: Tok[]): UnitWord | null {
  for (let j = 0; j < toks.length; j++) {
    const u = parseUnit(toks, j, false);
    if (u) return u.unit;
  }
  return null;
}

/**
 * A policy has no months or fortnights, and holds 1 to 10,000 of a unit: anything else is no value.
 * Business hours are only whole business days ("48 business hours" is how policies write 2 business
 * days); "4 business hours" depends on the length of a working day, so it is no value, never a guess.
 */
export function toDuration(amount: number, unit: UnitWord): ParsedDuration | null {
  let d: ParsedDuration;
  if (unit === "business_hours") {
    if (amount % 24 !== 0) return null;
    d = { amount: amount / 24, unit: "business_days" };
  } else if (unit === "months") d = { amount: amount * 30, unit: "days" };
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
  quotidien: { amount: 1, unit: "days" },
  quotidienne: { amount: 1, unit: "days" },
  täglich: { amount: 1, unit: "days" },
  diario: { amount: 1, unit: "days" },
  diaria: { amount: 1, unit: "days" },
  diário: { amount: 1, unit: "days" },
  diariamente: { amount: 1, unit: "days" },
  दैनिक: { amount: 1, unit: "days" },
  hebdomadaire: { amount: 1, unit: "weeks" },
  hebdomadaires: { amount: 1, unit: "weeks" },
  wöchentlich: { amount: 1, unit: "weeks" },
  semanal: { amount: 1, unit: "weeks" },
  semanales: { amount: 1, unit: "weeks" },
  semanais: { amount: 1, unit: "weeks" },
  semanalmente: { amount: 1, unit: "weeks" },
  साप्ताहिक: { amount: 1, unit: "weeks" },
  mensuel: { amount: 30, unit: "days" },
  mensuelle: { amount: 30, unit: "days" },
  monatlich: { amount: 30, unit: "days" },
  mensual: { amount: 30, unit: "days" },
  mensal: { amount: 30, unit: "days" },
  mensalmente: { amount: 30, unit: "days" },
  मासिक: { amount: 30, unit: "days" },
  // it
  giornaliero: { amount: 1, unit: "days" },
  giornalieri: { amount: 1, unit: "days" },
  quotidiano: { amount: 1, unit: "days" },
  quotidiani: { amount: 1, unit: "days" },
  settimanale: { amount: 1, unit: "weeks" },
  settimanali: { amount: 1, unit: "weeks" },
  mensile: { amount: 30, unit: "days" },
  mensili: { amount: 30, unit: "days" },
  ...periodicOf(),
});

/** "3 to 5", "3 bis 5", "3 à 5", "3 a 5", "3 से 5", "3到5". */
const RANGE_CONNECTORS = new Set([
  "to",
  "or",
  "and",
  "bis",
  "und",
  "oder",
  "à",
  "a",
  "et",
  "ou",
  "y",
  "o",
  "e",
  "से",
  "到",
  "至",
]);
/** "The next release" in the other languages. */
const NEXT_RELEASE_PHRASES = compilePhrases<true>(
  [
    "nächste* release*",
    "nächste* version*",
    "nächste* patch*",
    "prochaine version",
    "prochaine release",
    "prochaine publication",
    "próxima versión",
    "próxima release",
    "próxima versão",
    "proxima version",
    "proxima versao",
    "次の リリース",
    "次の バージョン",
    "次回 リリース",
    "下一个版本",
    "下个版本",
    "下一版本",
    "下一個版本",
    "अगली रिलीज़",
    "अगले रिलीज़",
    "अगले संस्करण",
  ].map((p) => [p, true] as const),
);

/** "The same day" is a day; "the same business day" a business day ("le jour même", "当天", "उसी दिन"). */
const SAME_DAY_PHRASES = compilePhrases<ParsedDuration>([
  ["same day", { amount: 1, unit: "days" }],
  ["same business day", { amount: 1, unit: "business_days" }],
  ["same working day", { amount: 1, unit: "business_days" }],
  ["jour même", { amount: 1, unit: "days" }],
  ["même jour", { amount: 1, unit: "days" }],
  ["selben tag", { amount: 1, unit: "days" }],
  ["gleichen tag", { amount: 1, unit: "days" }],
  ["mismo día", { amount: 1, unit: "days" }],
  ["mesmo dia", { amount: 1, unit: "days" }],
  ["当天", { amount: 1, unit: "days" }],
  ["当日", { amount: 1, unit: "days" }],
  ["उसी दिन", { amount: 1, unit: "days" }],
]);
/** "The same day as the release", "am selben Tag wie": a day named by another event, no clock of its own. */
const SAME_AS = new Set(["as", "that", "when", "wie", "an", "que", "où", "em", "en", "जब"]);

/**
 * "Fix in next release (within 7 days)": a release restated as a time in parentheses is that time; the next release
 * alone promises no date.
 */
function withoutRestatedReleases(toks: Tok[], found: FoundDuration[]): FoundDuration[] {
  return found.filter((d, k) => {
    const next = found[k + 1];
    return !(
      d.kind === "next_release" &&
      punctAt(toks, d.i1, "(") &&
      next?.kind === "duration" &&
      next.i0 <= d.i1 + 3 &&
      !toks.slice(d.i1 + 1, next.i0).some((t) => t.k === "p")
    );
  });
}

export function findDurations(toks: Tok[]): FoundDuration[] {
  const out: FoundDuration[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i];
    if (!t || t.k === "p" || t.k === "u") {
      i++;
      continue;
    }
    const same = phraseAt(toks, i, SAME_DAY_PHRASES);
    if (same) {
      if (!SAME_AS.has(wordAt(toks, same.end) ?? ""))
        out.push({ i0: i, i1: same.end, kind: "duration", value: same.value });
      i = same.end;
      continue;
    }
    const nr = phraseAt(toks, i, NEXT_RELEASE_PHRASES);
    if (nr) {
      out.push({ i0: i, i1: nr.end, kind: "next_release", value: null });
      i = nr.end;
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
          c && ((c.k === "p" && (c.s === "-" || c.s === "\u2013")) || (c.k === "w" && RANGE_CONNECTORS.has(c.s)));
        if (isConnector) {
          const amt2 = parseAmount(toks, next + 1);
          if (amt2 && !amt2.article && amt2.value >= value) {
            const u2 = parseUnit(toks, amt2.next, isCjkNumeralAt(toks, next + 1));
            if (u2) {
              value = amt2.value;
              next = amt2.next;
            }
          }
        }
      }
      const unit = parseUnit(toks, next, isCjkNumeralAt(toks, i));
      if (unit && !(amt.article && punctAt(toks, amt.next, "-"))) {
        // "48 business hours" style qualifiers are handled in parseUnit; "24h" needs no space.
        const unitTok = toks[unit.next - 1];
        // "24h" and "7d" only written together: "4 d" is no unit.
        const okH = (unitTok?.s !== "h" && unitTok?.s !== "d") || unitTok.a === toks[next - 1]?.b;
        // "영업일 기준 3일" (3 days counted in business days).
        const businessBasis =
          unit.unit === "days" && wordAt(toks, i - 1) === "기준" && wordAt(toks, i - 2) === "영업일";
        const d = okH ? toDuration(value, businessBasis ? "business_days" : unit.unit) : null;
        if (d) {
          out.push({ i0: i, i1: unit.next, kind: "duration", value: d });
          i = unit.next;
          continue;
        }
      }
    }
    i++;
  }
  return withoutRestatedReleases(toks, out);
}
