import { CREDIT_TYPES, type CreditType } from "../disclosure/enums.ts";

/**
 * Acknowledgment lists (issue 12): who is thanked for which disclosed report. The
 * database picks the rows (disclosed reports, accepted credits, the viewer's programs,
 * the period); this module orders them and the renderers in render.ts turn them into
 * Markdown, CSV, JSON and HTML. Every text here came from a researcher or a form and
 * is untrusted wherever it is shown.
 */

export const ACK_FORMATS = ["md", "csv", "json", "html"] as const;
export type AckFormat = (typeof ACK_FORMATS)[number];

export interface AckEntry {
  /** As the person chose to be named; null for an anonymous credit (shown as "Anonymous"). */
  displayName: string | null;
  creditType: CreditType;
  reportKey: string;
  cveId: string | null;
  advisoryUrl: string | null;
  programName: string;
  disclosedAt: Date;
}

export interface AckList {
  /** The heading, e.g. "Acknowledgments — IndiVillage Voice Agent System". */
  title: string;
  /** The period the list covers (see period.ts); null for an open end. */
  from: Date | null;
  to: Date | null;
  entries: AckEntry[];
  generatedAt: Date;
}

export const ANONYMOUS_NAME = "Anonymous";

/** The name shown for an entry: the chosen name, or "Anonymous" when none was chosen. */
export function ackName(entry: Pick<AckEntry, "displayName">): string {
  const name = entry.displayName?.trim();
  return name ? name : ANONYMOUS_NAME;
}

/** What the entry links to: the CVE id when there is one, else the report key. */
export const ackAdvisoryId = (entry: Pick<AckEntry, "cveId" | "reportKey">): string =>
  entry.cveId?.trim() || entry.reportKey;

/**
 * The advisory address when it is an absolute http(s) URL, normalised by the URL
 * parser; anything else (javascript:, data:, relative, malformed) is dropped in every
 * format, so no export ever carries a link that is not a web page.
 */
export function ackAdvisoryUrl(entry: Pick<AckEntry, "advisoryUrl">): string | null {
  const raw = entry.advisoryUrl?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}

/**
 * The calendar day of an instant in UTC (YYYY-MM-DD). Lists show days, not times, and
 * are read in many places at once, so one zone for everyone: UTC, said on the page.
 */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

const names = new Intl.Collator("en", { sensitivity: "base" });
const keys = new Intl.Collator("en", { numeric: true });

/** Code-unit order, the last tie-break so the order never depends on the engine's collation data. */
const plain = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareEntries(a: AckEntry, b: AckEntry): number {
  return (
    names.compare(ackName(a), ackName(b)) ||
    plain(ackName(a), ackName(b)) ||
    keys.compare(a.reportKey, b.reportKey) ||
    a.disclosedAt.getTime() - b.disclosedAt.getTime() ||
    CREDIT_TYPES.indexOf(a.creditType) - CREDIT_TYPES.indexOf(b.creditType)
  );
}

/**
 * Oldest disclosure day first, then name ("Anonymous" sorts as that word, ignoring
 * case and accents), then report key (VOICE-9 before VOICE-10). Entries are compared
 * by their UTC day rather than the instant so that the people shown under one date
 * read alphabetically. Returns a new array.
 */
export function sortAckEntries(entries: readonly AckEntry[]): AckEntry[] {
  return [...entries].sort((a, b) => plain(utcDay(a.disclosedAt), utcDay(b.disclosedAt)) || compareEntries(a, b));
}

/**
 * The public hall of fame: one group per year of disclosure (UTC), newest year first,
 * and within a year the newest disclosure day first, then name and key as above.
 */
export function hallOfFameGroups(entries: readonly AckEntry[]): { year: number; entries: AckEntry[] }[] {
  const sorted = [...entries].sort(
    (a, b) => plain(utcDay(b.disclosedAt), utcDay(a.disclosedAt)) || compareEntries(a, b),
  );
  const groups: { year: number; entries: AckEntry[] }[] = [];
  for (const entry of sorted) {
    const year = entry.disclosedAt.getUTCFullYear();
    const last = groups.at(-1);
    if (last?.year === year) last.entries.push(entry);
    else groups.push({ year, entries: [entry] });
  }
  return groups;
}
