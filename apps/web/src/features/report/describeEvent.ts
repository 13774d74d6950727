import { STATE_LABELS, TRANSITION_LABELS, type TransitionName } from "@embargo/core";
import type { ReportDetail } from "../../lib/types.ts";

type Event = ReportDetail["events"][number];

const str = (v: unknown) => (typeof v === "string" ? v : null);

/** One line of plain text per timeline event. */
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
    case "edited":
      return `Edited ${Array.isArray(d.fields) ? d.fields.join(", ") : "fields"}`;
    default:
      return e.type;
  }
}
