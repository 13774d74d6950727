import { SEVERITIES, type Severity } from "../../severity/levels.ts";
import { lookup } from "./lookup.ts";
import type { Tok } from "./tokens.ts";

/** Severities a policy can promise a fix time for: "none" needs no fix. */
export type ResolveSeverity = Exclude<Severity, "none">;
export const RESOLVE_SEVERITIES = SEVERITIES.filter((s): s is ResolveSeverity => s !== "none");
export const SEVERITY_WORDS: Record<string, ResolveSeverity> = lookup({
  critical: "critical",
  high: "high",
  medium: "medium",
  moderate: "medium",
  low: "low",
});
/** What may stand between the severities of one group ("critical and high", "high/medium severity"). */
export const SEVERITY_CONNECTORS = new Set(["and", "or", "severity", "sev", "&", ",", "/", "-", "risk"]);

export function severityWordsIn(toks: Tok[], from: number, to: number): ResolveSeverity[] {
  const out: ResolveSeverity[] = [];
  for (let i = from; i < to; i++) {
    const t = toks[i];
    if (t?.k === "w") {
      const s = SEVERITY_WORDS[t.s];
      if (s && !out.includes(s)) out.push(s);
    }
  }
  return out;
}
