/** Compact words for the track record, shared by the report page's card and the researcher page. */

/** A duration as a triager reads it at a glance: "35 min", "5 h", "3 d". */
export function shortDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${Math.max(minutes, 0)} min`;
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(ms / 86_400_000)} d`;
}

/** "1 report", "3 reports". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface TrackSummary {
  total: number;
  valid: number;
  invalid: number;
  spam: number;
  creditsReceived: number;
  medianAckMs: number | null;
}

/** "12 reports · 9 valid · 2 spam · median ack 5 h · 3 credits": the parts that are not zero, reports always. */
export function trackRecordParts(s: TrackSummary): string[] {
  const parts = [plural(s.total, "report")];
  if (s.valid) parts.push(`${s.valid} valid`);
  if (s.invalid) parts.push(`${s.invalid} invalid`);
  if (s.spam) parts.push(`${s.spam} spam`);
  if (s.medianAckMs !== null) parts.push(`median ack ${shortDuration(s.medianAckMs)}`);
  if (s.creditsReceived) parts.push(plural(s.creditsReceived, "credit"));
  return parts;
}

/** Only http(s) links are made clickable; anything else a researcher typed is shown as text. */
export const isWebLink = (url: string) => /^https?:\/\/[^\s]+$/i.test(url);
