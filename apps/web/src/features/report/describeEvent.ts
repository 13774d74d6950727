import {
  CREDIT_TYPE_LABELS,
  type CreditType,
  formatZonedInstant,
  isTimeZone,
  MILESTONE_LABELS,
  type Milestone,
  STATE_LABELS,
  TRANSITION_LABELS,
  type TransitionName,
} from "@embargo/core";
import { exactTime } from "../../lib/time.ts";
import type { ReportDetail } from "../../lib/types.ts";

type Event = ReportDetail["events"][number];

const str = (v: unknown) => (typeof v === "string" ? v : null);

/** An instant the event stored as ISO text, in the zone it was set in (else the viewer's). */
function when(iso: unknown, zone: unknown): string {
  const s = str(iso);
  if (!s) return "no date";
  const at = new Date(s);
  if (Number.isNaN(at.getTime())) return "no date";
  const tz = str(zone);
  return tz && isTimeZone(tz) ? formatZonedInstant(at, tz) : exactTime(at);
}

const quoted = (v: unknown) => (str(v) ? ` — “${str(v)}”` : "");

function describeDisclosure(d: Record<string, unknown>): string {
  const from = when(d.oldAt, d.timeZone);
  const to = when(d.newAt, d.timeZone);
  const byReporter = d.requestedBy === "researcher";
  switch (str(d.action)) {
    case "propose":
      return `Disclosure date proposed: ${to}`;
    case "edit":
      return `Disclosure date changed: ${from} → ${to}`;
    case "agree":
      if (typeof d.requestId === "number") return `Reporter's suggested disclosure date approved: ${to}`;
      return `Disclosure date agreed by ${d.by === "researcher" ? "the reporter" : "the team"}: ${to}`;
    case "extend":
      return `Disclosure date ${d.shortening === true ? "brought forward" : "extended"}${byReporter ? " at the reporter's request" : ""}: ${from} → ${to}`;
    case "follow":
      return `Disclosure date moved with the fix release: ${from} → ${to}`;
    case "publish":
      return d.early === true
        ? `Advisory published before the disclosure date${quoted(d.overrideReason)}`
        : "Advisory published";
    case "cancel":
      return "Disclosure plan cancelled";
    case "reset":
      return "Disclosure plan reset";
    default:
      return "Disclosure plan changed";
  }
}

function describeRequest(d: Record<string, unknown>): string {
  const move = `${when(d.oldAt, d.timeZone)} → ${when(d.newAt, d.timeZone)}`;
  // A team extension applies at once: the plan's own event beside this one shows the dates.
  if (d.requestedBy === "team") {
    return `Team ${d.shortening === true ? "shortening" : "extension"} recorded with its reason`;
  }
  if (d.kind === "contest") return `Reporter suggested another disclosure date: ${move}`;
  return `Reporter asked to ${d.shortening === true ? "bring the disclosure date forward" : "extend the disclosure date"}: ${move}`;
}

function describeMilestone(d: Record<string, unknown>): string {
  const kind = str(d.kind) as Milestone | null;
  const label = kind && kind in MILESTONE_LABELS ? MILESTONE_LABELS[kind] : "Milestone";
  const value = str(d.value) ? ` (${str(d.value)})` : "";
  if (str(d.actualAt)) return `${label} reached ${when(d.actualAt, null)}${value}`;
  if (str(d.targetAt)) return `${label} planned for ${when(d.targetAt, null)}${value}`;
  return `${label} cleared`;
}

/** One line of plain text per timeline event. */
/** A credit change: the credit's type, display and consent only (events never hold names). */
function describeCredit(d: Record<string, unknown>): string {
  const type = CREDIT_TYPE_LABELS[str(d.type) as CreditType] ?? str(d.type) ?? "credit";
  const what = `${/^[aeiou]/i.test(type) ? "an" : "a"} ${type.toLowerCase()} credit`;
  switch (str(d.action)) {
    case "add":
      return d.asked === true ? `Added ${what}; consent requested by email` : `Added ${what} (${str(d.consent)})`;
    case "update":
      return `Changed ${what} (shown as ${str(d.display)})`;
    case "remove":
      return `Removed ${what}`;
    case "withdraw":
      return `Consent withdrawn for ${what}`;
    case "answer":
      return `The credited person ${d.consent === "accepted" ? "accepted" : "declined"} ${what}`;
    default:
      return "Credits changed";
  }
}

export function describeEvent(e: Event): string {
  const d = e.data;
  switch (e.type) {
    case "created":
      return `Report received via ${str(d.channel) ?? "unknown channel"}`;
    case "transition":
    case "reopened": {
      const action = str(d.action) as TransitionName | null;
      const verb = action ? TRANSITION_LABELS[action] : "Changed state";
      const to = e.toState ? STATE_LABELS[e.toState] : "?";
      const from = e.fromState ? STATE_LABELS[e.fromState] : "?";
      let s = `${verb}: ${from} → ${to}`;
      if (str(d.duplicateOf)) s += ` (duplicate of ${str(d.duplicateOf)})`;
      if (str(d.fixedVersion)) s += ` (fixed in ${str(d.fixedVersion)})`;
      if (str(d.reason)) s += ` — “${str(d.reason)}”`;
      return s;
    }
    case "cvss":
      return str(d.vector) ? `CVSS set to ${str(d.vector)} (${d.score}, ${str(d.to)})` : "CVSS vector cleared";
    case "severity":
      return `Severity overridden: ${str(d.from) ?? "unrated"} → ${str(d.to) ?? "unrated"} — “${str(d.reason) ?? ""}”`;
    case "assigned":
      return str(d.toName) ? `Assigned to ${str(d.toName)}` : "Unassigned";
    case "message":
      return d.kind === "internal"
        ? "Internal note added"
        : d.kind === "to_reporter"
          ? "Message sent to reporter"
          : "Reporter replied";
    case "credit":
      return `Reporter set credit preference: ${str(d.creditAs) ?? "?"} (${str(d.consent) ?? "?"})`;
    case "credits":
      return describeCredit(d);
    case "edited":
      return `Edited ${Array.isArray(d.fields) ? d.fields.join(", ") : "fields"}`;
    case "disclosure":
      return describeDisclosure(d);
    case "disclosure_request":
      return describeRequest(d);
    case "disclosure_decision":
      return d.approve === false
        ? "Request to move the disclosure date declined"
        : "Request to move the disclosure date decided";
    case "milestone":
      return describeMilestone(d);
    case "advisory":
      return d.created === true
        ? "Advisory written"
        : `Advisory edited${Array.isArray(d.fields) && d.fields.length ? `: ${d.fields.join(", ")}` : ""}`;
    default:
      return e.type;
  }
}
