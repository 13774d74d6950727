import { TZDate } from "@date-fns/tz";
import { getISODay } from "date-fns";
import { AGE_BUCKET_LABELS, AGE_BUCKETS, type AgeBucket, type KpiTable } from "./kpis.ts";

/** A user's weekly digest: ISO weekday (1 Monday … 7 Sunday) and hour in their zone; weekday null = off. */
export interface DigestSetting {
  weekday: number | null;
  hour: number;
  timeZone: string;
}

export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** Six days: a digest is weekly even when the server was down at the hour and catches up later that day. */
const MIN_GAP_MS = 6 * 86_400_000;

/**
 * Whether the digest is due at `now`: it is the chosen weekday in the user's
 * zone, the hour has come (a server that was down at 08:00 still sends at
 * 10:00 the same day) and none was sent in the last six days.
 */
export function digestDue(s: DigestSetting, lastSentAt: Date | null, now: Date): boolean {
  if (s.weekday === null) return false;
  const local = new TZDate(now.getTime(), s.timeZone);
  if (getISODay(local) !== s.weekday || local.getHours() < s.hour) return false;
  return !lastSentAt || now.getTime() - lastSentAt.getTime() >= MIN_GAP_MS;
}

export interface DigestFigures {
  programs: string;
  openEscalations: number;
  pageEscalations: number;
  openCriticals: number;
  breached: number;
  atRisk: number;
  disclosuresDue: number;
  kpis: KpiTable;
}

const pct = (r: number | null) => (r === null ? "–" : `${Math.round(r * 100)}%`);
const dur = (ms: number | null) =>
  ms === null ? "–" : ms >= 86_400_000 ? `${(ms / 86_400_000).toFixed(1)} d` : `${(ms / 3_600_000).toFixed(1)} h`;

/**
 * The digest's subject and plain text: counts and durations only. No key,
 * title or reason: the mail leaves the building, and the panel link shows the
 * rest to whoever is signed in.
 */
export function digestEmail(f: DigestFigures, panelUrl: string): { subject: string; text: string } {
  const k = f.kpis;
  const lines = [
    `Weekly leadership digest for ${f.programs}, ${k.period.label}.`,
    "",
    `Open escalations: ${f.openEscalations} (${f.pageEscalations} at page level)`,
    `Open critical reports: ${f.openCriticals}`,
    `Clocks breached: ${f.breached}; at risk: ${f.atRisk}`,
    `Disclosures due in the next 30 days: ${f.disclosuresDue}`,
    "",
    `Received: ${k.flow.received}; closed: ${k.flow.closed}`,
    "",
    "Time to acknowledge / assess / fix (median, 90th percentile):",
  ];
  for (const t of k.timeTo.filter((x) => x.n > 0)) {
    lines.push(`  ${t.measure} · ${t.severity}: ${dur(t.medianMs)}, ${dur(t.p90Ms)} (${t.n} reports)`);
  }
  lines.push("", "SLA compliance (met / due):");
  for (const c of k.compliance.filter((x) => x.due > 0)) {
    lines.push(`  ${c.programName} · ${c.clock}: ${c.met}/${c.due} (${pct(c.ratio)})`);
  }
  lines.push("", "Open reports by age:");
  const totals = AGE_BUCKETS.map((_, i) => k.backlog.reduce((s, b) => s + (b.buckets[i] ?? 0), 0));
  lines.push(`  ${AGE_BUCKETS.map((b: AgeBucket, i) => `${AGE_BUCKET_LABELS[b]}: ${totals[i]}`).join(", ")}`);
  lines.push("", `The panel: ${panelUrl}`, "", "You get this because you turned on the weekly digest in your profile.");
  return {
    subject: `[Embargo] Weekly leadership digest: ${f.openEscalations} open escalation${f.openEscalations === 1 ? "" : "s"}`,
    text: lines.join("\n"),
  };
}
