import type { Cue } from "../cues.ts";
import type { UnitWord } from "../durations.ts";
import type { ParsedDuration, ParsedSupportStatus } from "../parsed-policy.ts";
import type { ResolveSeverity } from "../severities.ts";
import { ar } from "./ar.ts";
import { cs } from "./cs.ts";
import { da } from "./da.ts";
import { el } from "./el.ts";
import { fa } from "./fa.ts";
import { fi } from "./fi.ts";
import { he } from "./he.ts";
import { hu } from "./hu.ts";
import { id } from "./id.ts";
import { nb } from "./nb.ts";
import { nl } from "./nl.ts";
import { pl } from "./pl.ts";
import { ro } from "./ro.ts";
import { ru } from "./ru.ts";
import { sv } from "./sv.ts";
import { th } from "./th.ts";
import { uk } from "./uk.ts";
import { vi } from "./vi.ts";

/**
 * Everything the SECURITY.md reader needs to know about one language, in one file, so that adding a language is one
 * new file here rather than an edit to every word list. (English, German, French, Spanish, Portuguese, Italian,
 * Turkish, Chinese, Japanese, Korean and Hindi came first and still live in the lists of each module.)
 * Patterns use the phrase syntax of phrases.ts: words separated by spaces, "*" at either end of a word for a prefix
 * or suffix match. Words are compared lowercased.
 */
export interface Vocabulary {
  /** BCP 47 code, for documentation and tests. */
  language: string;
  /** Unit word forms after a number ("48 godzin", "3 dni"), every case form a policy uses. */
  units: Record<string, UnitWord>;
  /** Number words that stand before a unit ("binnen vijf werkdagen"); words that are also common words elsewhere
   * ("to", "en", "on") are left out. */
  numbers?: Record<string, number>;
  /** Cadence words ("wekelijks", "cotygodniowe"): daily, weekly, monthly. */
  daily?: string[];
  weekly?: string[];
  monthly?: string[];
  /** Words between a number and its unit ("36 de ore": Romanian puts "de" after numbers from 20). */
  unitLinkers?: string[];
  /** Words before a unit that make it working days ("3 рабочих дней", "5 pracovních dnů"). */
  businessBefore?: string[];
  /** Words (or two-word phrases) after a unit that make it working days ("2 hari kerja", "3 ngày làm việc"). */
  businessAfter?: string[];
  /** Words before or after a unit that make it calendar days. */
  calendarBefore?: string[];
  calendarAfter?: string[];
  /** Words that tie a severity to the time before it ("30 zile pentru severitate ridicată": "for"). */
  forWords?: string[];
  /** Severity words (severities.ts); everyday words that are also a rating are left out. */
  severities?: Partial<Record<ResolveSeverity, string[]>>;
  /** What a number may be promised for (see cues.ts). */
  cues: Partial<Record<Cue, string[]>>;
  /** The words for "@" and "." in addresses written to fool harvesters ("contact <zavináč> example <tečka> cz"). */
  atWords?: string[];
  dotWords?: string[];
  /** Subjects whose numbers are no clock: rewards, statistics, history, retention (other-subjects.ts). */
  otherSubjects?: string[];
  /** Retention, expiry, validity: a number after these is no clock (non-promises.ts NOT_A_TIMELINE). */
  notATimeline?: string[];
  /** "After" and "since", and the words for the fix as an event: "30 days after the fix" (disclosure-anchors.ts). */
  afterWords?: string[];
  fixEvents?: string[];
  /** "About" in "an update about the fix" (clocks.ts ABOUT_WORDS). */
  aboutWords?: string[];
  /** Words that tie an address to security reports (contacts.ts REPORT_WORDS); the heading kind too. */
  reportWords: string[];
  /** Words that only say "write to" (contacts.ts GENERIC_CONTACT_WORDS). */
  contactWords: string[];
  /** Words naming security itself (contacts.ts SECURITY_WORDS). */
  securityWords: string[];
  /** Substrings of a version table's version and status column headers (versions.ts). */
  versionHeader: string[];
  statusHeader: string[];
  /** Words in a version table's status cell, first match wins (version-status.ts). */
  statuses: [string, ParsedSupportStatus][];
}

export const VOCABULARIES: readonly Vocabulary[] = [
  pl,
  cs,
  id,
  vi,
  ar,
  nl,
  ru,
  uk,
  fa,
  th,
  sv,
  da,
  nb,
  fi,
  el,
  he,
  ro,
  hu,
];

type ListKey = Exclude<keyof Vocabulary, "language" | "units" | "numbers" | "cues" | "statuses" | "severities">;

/** One list, over every vocabulary here. */
export const wordsOf = (key: ListKey): string[] => VOCABULARIES.flatMap((v) => v[key] ?? []);
export const severitiesOf = (sev: ResolveSeverity): string[] => VOCABULARIES.flatMap((v) => v.severities?.[sev] ?? []);
export const cuesOf = (cue: Cue): string[] => VOCABULARIES.flatMap((v) => v.cues[cue] ?? []);
export const numbersOf = (): Record<string, number> => Object.assign({}, ...VOCABULARIES.map((v) => v.numbers ?? {}));
export const periodicOf = (): Record<string, ParsedDuration> =>
  Object.fromEntries(
    VOCABULARIES.flatMap((v) => [
      ...(v.daily ?? []).map((w) => [w, { amount: 1, unit: "days" }] as const),
      ...(v.weekly ?? []).map((w) => [w, { amount: 1, unit: "weeks" }] as const),
      ...(v.monthly ?? []).map((w) => [w, { amount: 30, unit: "days" }] as const),
    ]),
  );
export const unitsOf = (): Record<string, UnitWord> => Object.assign({}, ...VOCABULARIES.map((v) => v.units));
export const statusesOf = (): [string, ParsedSupportStatus][] => VOCABULARIES.flatMap((v) => v.statuses);
/** Plain substrings as one alternation, for the header regexes. */
export const alternationOf = (key: "versionHeader" | "statusHeader"): string =>
  wordsOf(key)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("|");
