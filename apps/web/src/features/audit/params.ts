import { parseZonedInstant } from "@embargo/core";

/**
 * The Audit page's filters live in the URL (?actor=ada&action=report.&program=voice&from=2026-11-01&to=2026-11-30)
 * so a filtered view can be shared and survives a reload. Dates are whole days in the viewer's zone; `to`
 * is the last day shown. `before` is the paging cursor (entries with a smaller id).
 */
export interface AuditFilterParams {
  actor: string;
  action: string;
  program: string;
  from: string;
  to: string;
}

export const FILTER_KEYS = ["actor", "action", "program", "from", "to"] as const;

export function filtersFrom(params: URLSearchParams): AuditFilterParams {
  return {
    actor: params.get("actor") ?? "",
    action: params.get("action") ?? "",
    program: params.get("program") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
  };
}

export function beforeFrom(params: URLSearchParams): number | undefined {
  const n = Number(params.get("before"));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function filterParams(f: AuditFilterParams, before?: number): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = f[k].trim();
    if (v) out.set(k, v);
  }
  if (before) out.set("before", String(before));
  return out;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => DAY.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The first instant of a day in the zone (UTC midnight if the zone skips midnight that day). */
export function startOfDay(day: string, timeZone: string): Date {
  try {
    return parseZonedInstant(`${day}T00:00`, timeZone);
  } catch {
    return new Date(`${day}T00:00:00Z`);
  }
}

/**
 * The API's filter: days become instants in the viewer's zone (`to` ends after its day).
 * A value that is not a day goes to the server as typed, so its field error is shown beside the field.
 */
export function apiFilter(f: AuditFilterParams, timeZone: string) {
  const day = (s: string, end: boolean): Date | string | undefined => {
    if (!s) return undefined;
    if (!isDay(s)) return s;
    return startOfDay(end ? nextDay(s) : s, timeZone);
  };
  return {
    actor: f.actor || undefined,
    action: f.action || undefined,
    program: f.program || undefined,
    from: day(f.from, false) as Date | undefined,
    to: day(f.to, true) as Date | undefined,
  };
}

/** Prefixes of the actions ("report.", "escalation.") to filter a whole family. */
export function actionPrefixes(actions: readonly string[]): string[] {
  const out = new Set<string>();
  for (const a of actions) {
    const dot = a.indexOf(".");
    if (dot > 0) out.add(a.slice(0, dot + 1));
  }
  return [...out].sort();
}

const scalar = (v: unknown): string => (v === null || typeof v !== "object" ? String(v) : JSON.stringify(v));

/**
 * The data as `key=value` pairs on one line, cut to `max` characters: quicker to
 * scan than JSON; the JSON itself is one click away. Empty for `{}`.
 */
export function dataSummary(json: string, max = 90): string {
  let text = json;
  try {
    const value = JSON.parse(json) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      text = Object.entries(value)
        .map(([k, v]) => `${k}=${scalar(v)}`)
        .join(" ");
    } else text = JSON.stringify(value);
  } catch {
    // Shown as stored.
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function prettyData(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}
