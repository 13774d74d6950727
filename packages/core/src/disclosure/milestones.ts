import { fieldError } from "../errors.ts";
import type { ReportState } from "../lifecycle/states.ts";
import type { TransitionName } from "../lifecycle/transitions.ts";
import { MILESTONE_LABELS, MILESTONES, type Milestone, type VersionScheme } from "./enums.ts";
import { checkVersion } from "./versions.ts";

/**
 * Milestones on the way to disclosure (fix started, ready, released; CVE
 * reserved; advisory published): each has a target and, once reached, the
 * instant it happened and the value it records. Pure: `now` is passed in.
 */

export const CVE_ID_PATTERN = /^CVE-\d{4}-\d{4,19}$/;

/** A CVE id, trimmed and upper-cased ("cve-2026-12345" → "CVE-2026-12345"). */
export function checkCveId(v: string, field = "cveId"): string {
  const id = (typeof v === "string" ? v : "").trim().toUpperCase();
  if (!CVE_ID_PATTERN.test(id)) throw fieldError(field, "Must look like CVE-2026-12345");
  return id;
}

/** An advisory's address: an absolute http(s) URL. */
function checkAdvisoryUrl(v: string, field: string): string {
  const text = v.trim();
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || !url.hostname || text.length > 2000) {
    throw fieldError(field, "Must be the advisory's address, starting with https://");
  }
  return text;
}

export interface MilestoneValue {
  kind: Milestone;
  targetAt: Date | null;
  actualAt: Date | null;
  value: string | null;
}

/** A milestone is late once its target has come (the target instant itself counts) and it has not happened. */
export function isMilestoneLate(m: { targetAt: Date | null; actualAt: Date | null }, now: Date): boolean {
  return m.actualAt === null && m.targetAt !== null && m.targetAt.getTime() <= now.getTime();
}

/** How far in the future an "it happened at" instant may be: clocks of two machines differ a little. */
const CLOCK_SKEW_MS = 60_000;

const clean = (s: string | null | undefined): string | null => {
  const t = typeof s === "string" ? s.trim() : "";
  return t ? t : null;
};

/**
 * Check a milestone a person sets and normalise its value. Instants are never
 * before the report was received, and what happened did not happen in the
 * future. A reached fix release names its version (read by the program's
 * scheme), a reached CVE reservation its CVE id, a published advisory its
 * address; a value given before the milestone is reached is checked the same
 * way. Milestones that record no value return null for it.
 */
export function checkMilestone(input: {
  kind: Milestone;
  targetAt: Date | null;
  actualAt: Date | null;
  value: string | null;
  receivedAt: Date;
  now: Date;
  versionScheme: VersionScheme;
}): { value: string | null } {
  const { kind, targetAt, actualAt, receivedAt, now } = input;
  const label = MILESTONE_LABELS[kind];
  if (!label) throw fieldError("kind", `Unknown milestone "${String(kind)}"`);
  const received = receivedAt.getTime();
  if (actualAt) {
    const t = actualAt.getTime();
    if (!Number.isFinite(t)) throw fieldError("actualAt", "Give a date, a time and a time zone");
    if (t < received) throw fieldError("actualAt", `${label} cannot be before the report was received`);
    if (t > now.getTime() + CLOCK_SKEW_MS) throw fieldError("actualAt", `${label} cannot be in the future`);
  }
  if (targetAt) {
    const t = targetAt.getTime();
    if (!Number.isFinite(t)) throw fieldError("targetAt", "Give a date, a time and a time zone");
    if (t < received) throw fieldError("targetAt", "The target cannot be before the report was received");
  }
  const value = clean(input.value);
  const reached = actualAt !== null;
  switch (kind) {
    case "fix_released":
      if (reached && !value) throw fieldError("value", "Name the version that contains the fix");
      return { value: value && checkVersion(input.versionScheme, value, "value") };
    case "cve_reserved":
      if (reached && !value) throw fieldError("value", "Give the CVE id that was reserved");
      return { value: value && checkCveId(value, "value") };
    case "advisory_published":
      if (reached && !value) throw fieldError("value", "Give the address of the published advisory");
      return { value: value && checkAdvisoryUrl(value, "value") };
    case "fix_started":
    case "fix_ready":
      return { value: null };
  }
}

/** Which milestone a state change sets, and which transition a milestone offers (they never disagree). */
export const STATE_MILESTONE: Partial<Record<ReportState, Milestone>> = {
  fixing: "fix_started",
  fixed: "fix_released",
  disclosed: "advisory_published",
};

export const MILESTONE_TRANSITION: Partial<Record<Milestone, TransitionName>> = {
  fix_started: "start_fix",
  fix_released: "mark_fixed",
  advisory_published: "disclose",
};

export type TimelineKind = "received" | "acknowledged" | Milestone | "disclosure" | "today";
export type TimelineStatus = "done" | "planned" | "late";

export interface TimelinePoint {
  kind: TimelineKind;
  at: Date;
  label: string;
  status: TimelineStatus;
  /** What the point records (the fixed version, the CVE id, the advisory URL, the disclosure zone), if anything. */
  value: string | null;
}

/**
 * The points of a report's horizontal disclosure track, sorted by instant
 * (ties keep the order received, acknowledged, milestones, disclosure, today).
 * A reached milestone sits at when it happened ("done"), an unreached one at
 * its target ("planned", or "late" once the target has passed); one with
 * neither is left out. The fix release's target falls back to
 * `fixReleaseTarget` (the resolve clock's due). The disclosure is "done" once
 * the advisory is published, else planned or late like a milestone.
 */
export function timelineOf(input: {
  receivedAt: Date;
  acknowledgedAt: Date | null;
  milestones: MilestoneValue[];
  fixReleaseTarget: Date | null;
  disclosure: { at: Date; timeZone: string } | null;
  now: Date;
}): TimelinePoint[] {
  const { now } = input;
  const points: TimelinePoint[] = [
    { kind: "received", at: input.receivedAt, label: "Received", status: "done", value: null },
  ];
  if (input.acknowledgedAt) {
    points.push({ kind: "acknowledged", at: input.acknowledgedAt, label: "Acknowledged", status: "done", value: null });
  }
  const byKind = new Map(input.milestones.map((m) => [m.kind, m]));
  for (const kind of MILESTONES) {
    const m = byKind.get(kind);
    const actualAt = m?.actualAt ?? null;
    const targetAt = m?.targetAt ?? (kind === "fix_released" ? input.fixReleaseTarget : null);
    const value = m?.value ?? null;
    if (actualAt) {
      points.push({ kind, at: actualAt, label: MILESTONE_LABELS[kind], status: "done", value });
    } else if (targetAt) {
      const status = isMilestoneLate({ targetAt, actualAt }, now) ? "late" : "planned";
      points.push({ kind, at: targetAt, label: MILESTONE_LABELS[kind], status, value });
    }
  }
  if (input.disclosure) {
    const published = byKind.get("advisory_published")?.actualAt ?? null;
    const status: TimelineStatus = published
      ? "done"
      : isMilestoneLate({ targetAt: input.disclosure.at, actualAt: null }, now)
        ? "late"
        : "planned";
    points.push({
      kind: "disclosure",
      at: input.disclosure.at,
      label: "Disclosure",
      status,
      value: input.disclosure.timeZone,
    });
  }
  points.push({ kind: "today", at: now, label: "Today", status: "done", value: null });
  return points
    .map((p, i) => [p, i] as const)
    .sort(([a, i], [b, j]) => a.at.getTime() - b.at.getTime() || i - j)
    .map(([p]) => p);
}
