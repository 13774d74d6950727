import aeCvss from "ae-cvss-calculator";

// The package ships a UMD bundle that Node's CommonJS export detection cannot
// see into, so named ESM imports fail at runtime; only the default import (the
// whole `module.exports`) works in both Node and bundlers.
const { Cvss3P1, Cvss4P0 } = aeCvss;

/** Qualitative severity, most severe first (the order sorting and UIs rely on). */
import type { Severity } from "./levels.ts";

export { SEVERITIES, type Severity } from "./levels.ts";

export type CvssVersion = "3.1" | "4.0";

/** A refusal. `metric` names the offending metric, or is null when the vector as a whole is malformed. */
export interface CvssError {
  ok: false;
  metric: string | null;
  message: string;
}

export type CvssValidation = { ok: true; version: CvssVersion; metrics: Record<string, string> } | CvssError;

export type CvssScore =
  | { ok: true; version: CvssVersion; vector: string; baseScore: number; score: number; severity: Severity }
  | CvssError;

/** Longest accepted vector; a complete CVSS 4.0 vector with every metric is well under 300 characters. */
export const MAX_CVSS_VECTOR_LENGTH = 512;

/**
 * CVSS v3.1 / v4.0 qualitative rating scale. Thresholds are compared as ranges
 * rather than exact one-decimal values so a score that was not rounded still
 * lands in a band instead of falling between 3.9 and 4.0.
 */
export function severityFromScore(score: number): Severity {
  if (!Number.isFinite(score) || score < 0 || score > 10) {
    throw new RangeError(`CVSS score must be between 0 and 10, got ${score}`);
  }
  if (score === 0) return "none";
  if (score < 4) return "low";
  if (score < 7) return "medium";
  if (score < 9) return "high";
  return "critical";
}

type MetricGroup = "base" | "temporal" | "threat" | "environmental" | "supplemental";

interface MetricSpec {
  readonly key: string;
  readonly group: MetricGroup;
  readonly values: readonly string[];
}

interface VersionSpec {
  readonly version: CvssVersion;
  readonly prefix: string;
  readonly metrics: readonly MetricSpec[];
  // A Map rather than an object lookup so keys such as "__proto__" or
  // "constructor" cannot resolve to inherited properties.
  readonly byKey: ReadonlyMap<string, { spec: MetricSpec; position: number }>;
  /**
   * CVSS 3.1 (section 6) says programs reading vectors "must accept metrics in
   * any order"; CVSS 4.0 (section 7) and FIRST's 4.0 JSON schema fix the order.
   */
  readonly ordered: boolean;
}

const m = (group: MetricGroup, key: string, values: string): MetricSpec => ({
  key,
  group,
  values: values.split(","),
});

const defineVersion = (spec: Omit<VersionSpec, "byKey">): VersionSpec => ({
  ...spec,
  byKey: new Map(spec.metrics.map((metric, position) => [metric.key, { spec: metric, position }])),
});

// Metric tables transcribed from the specifications' vector-string tables
// (CVSS v3.1 Table 15, CVSS v4.0 Table 23), in the specifications' order.
const CVSS31 = defineVersion({
  version: "3.1",
  prefix: "CVSS:3.1/",
  ordered: false,
  metrics: [
    m("base", "AV", "N,A,L,P"),
    m("base", "AC", "L,H"),
    m("base", "PR", "N,L,H"),
    m("base", "UI", "N,R"),
    m("base", "S", "U,C"),
    m("base", "C", "H,L,N"),
    m("base", "I", "H,L,N"),
    m("base", "A", "H,L,N"),
    m("temporal", "E", "X,H,F,P,U"),
    m("temporal", "RL", "X,U,W,T,O"),
    m("temporal", "RC", "X,C,R,U"),
    m("environmental", "CR", "X,H,M,L"),
    m("environmental", "IR", "X,H,M,L"),
    m("environmental", "AR", "X,H,M,L"),
    m("environmental", "MAV", "X,N,A,L,P"),
    m("environmental", "MAC", "X,L,H"),
    m("environmental", "MPR", "X,N,L,H"),
    m("environmental", "MUI", "X,N,R"),
    m("environmental", "MS", "X,U,C"),
    m("environmental", "MC", "X,N,L,H"),
    m("environmental", "MI", "X,N,L,H"),
    m("environmental", "MA", "X,N,L,H"),
  ],
});

const CVSS40 = defineVersion({
  version: "4.0",
  prefix: "CVSS:4.0/",
  ordered: true,
  metrics: [
    m("base", "AV", "N,A,L,P"),
    m("base", "AC", "L,H"),
    m("base", "AT", "N,P"),
    m("base", "PR", "N,L,H"),
    m("base", "UI", "N,P,A"),
    m("base", "VC", "H,L,N"),
    m("base", "VI", "H,L,N"),
    m("base", "VA", "H,L,N"),
    m("base", "SC", "H,L,N"),
    m("base", "SI", "H,L,N"),
    m("base", "SA", "H,L,N"),
    m("threat", "E", "X,A,P,U"),
    m("environmental", "CR", "X,H,M,L"),
    m("environmental", "IR", "X,H,M,L"),
    m("environmental", "AR", "X,H,M,L"),
    m("environmental", "MAV", "X,N,A,L,P"),
    m("environmental", "MAC", "X,L,H"),
    m("environmental", "MAT", "X,N,P"),
    m("environmental", "MPR", "X,N,L,H"),
    m("environmental", "MUI", "X,N,P,A"),
    m("environmental", "MVC", "X,N,L,H"),
    m("environmental", "MVI", "X,N,L,H"),
    m("environmental", "MVA", "X,N,L,H"),
    m("environmental", "MSC", "X,N,L,H"),
    m("environmental", "MSI", "X,N,L,H,S"),
    m("environmental", "MSA", "X,N,L,H,S"),
    m("supplemental", "S", "X,N,P"),
    m("supplemental", "AU", "X,N,Y"),
    m("supplemental", "R", "X,A,U,I"),
    m("supplemental", "V", "X,D,C"),
    m("supplemental", "RE", "X,L,M,H"),
    m("supplemental", "U", "X,Clear,Green,Amber,Red"),
  ],
});

const VERSIONS: readonly VersionSpec[] = [CVSS31, CVSS40];

const SUPPORTED = "only CVSS 3.1 and 4.0 vectors are supported";

const fail = (metric: string | null, message: string): CvssError => ({ ok: false, metric, message });

// JSON quoting keeps control characters and quotes in user input from
// garbling the message or the logs it ends up in.
const q = (s: string) => JSON.stringify(s);

function refusePrefix(vector: string): CvssError {
  const label = /^CVSS:(\d+(?:\.\d+)*)/i.exec(vector);
  if (label) {
    const version = label[1] ?? "";
    const known = VERSIONS.find((v) => v.version === version);
    if (!known) return fail(null, `CVSS ${version} is not supported: ${SUPPORTED}`);
    if (!label[0].startsWith("CVSS:")) {
      return fail(null, `vector must start with ${q(known.prefix)} (the prefix is case-sensitive)`);
    }
    return fail(null, `vector must start with ${q(known.prefix)} followed by metrics`);
  }
  // CVSS 2.0 vectors carry no prefix and start with the base metrics, sometimes parenthesised.
  if (/^\(?AV:[LAN]\/AC:[HML]\/Au:/.test(vector)) {
    return fail(null, `this looks like a CVSS 2.0 vector, which is not supported: ${SUPPORTED}`);
  }
  return fail(null, `vector must start with "CVSS:3.1/" or "CVSS:4.0/" (${SUPPORTED})`);
}

function caseHint(candidate: string, known: readonly string[]): string {
  const match = known.find((k) => k.toLowerCase() === candidate.toLowerCase());
  return match ? `; names and values are case-sensitive, did you mean ${q(match)}?` : "";
}

/**
 * Strict CVSS 3.1 / 4.0 vector validation. The scoring library accepts
 * repeated, missing and misordered metrics and silently ignores what it does
 * not understand, so anything it would guess about is refused here with the
 * metric named.
 */
export function validateCvssVector(vector: string): CvssValidation {
  // Callers on the far side of JSON are not held to the type.
  if (typeof vector !== "string") return fail(null, "vector must be a string");
  const input = vector.trim();
  if (input === "") return fail(null, "vector is empty");
  if (input.length > MAX_CVSS_VECTOR_LENGTH) {
    return fail(null, `vector is ${input.length} characters long; the limit is ${MAX_CVSS_VECTOR_LENGTH}`);
  }

  const version = VERSIONS.find((v) => input.startsWith(v.prefix));
  if (!version) return refusePrefix(input);
  const knownKeys = version.metrics.map((s) => s.key);

  const body = input.slice(version.prefix.length);
  if (body === "") return fail(null, `vector has no metrics after ${q(version.prefix)}`);
  const segments = body.split("/");

  const metrics: Record<string, string> = {};
  const seen = new Set<string>();
  let previous: { key: string; position: number } | null = null;

  for (const [position, segment] of segments.entries()) {
    if (segment === "") {
      return position === segments.length - 1
        ? fail(null, `vector must not end with "/"`)
        : fail(null, `vector has an empty metric at position ${position + 1} ("//")`);
    }
    const colon = segment.indexOf(":");
    if (colon <= 0) return fail(null, `${q(segment)} is not a metric; each metric is written KEY:VALUE`);
    const key = segment.slice(0, colon);
    const value = segment.slice(colon + 1);

    const entry = version.byKey.get(key);
    if (!entry) {
      return fail(key, `metric ${q(key)} is not a CVSS ${version.version} metric${caseHint(key, knownKeys)}`);
    }
    if (seen.has(key)) return fail(key, `metric ${q(key)} appears twice`);
    if (!entry.spec.values.includes(value)) {
      return fail(
        key,
        `${key}: value ${q(value)} is not allowed (expected one of ${entry.spec.values.join(", ")})${caseHint(value, entry.spec.values)}`,
      );
    }
    if (version.ordered && previous && entry.position < previous.position) {
      return fail(
        key,
        `metric ${q(key)} is out of order (expected before ${q(previous.key)} in the CVSS ${version.version} metric order)`,
      );
    }
    seen.add(key);
    metrics[key] = value;
    previous = { key, position: entry.position };
  }

  for (const spec of version.metrics) {
    if (spec.group === "base" && !seen.has(spec.key)) {
      return fail(spec.key, `missing required metric ${q(spec.key)}`);
    }
  }
  return { ok: true, version: version.version, metrics };
}

function checkedScore(score: number | undefined, what: string): number {
  // A validated vector always scores; anything else is a library regression,
  // not a user error, so it must not be reported as a bad vector.
  if (typeof score !== "number" || !Number.isFinite(score) || score < 0 || score > 10) {
    throw new Error(`ae-cvss-calculator returned an invalid ${what}: ${score}`);
  }
  return score;
}

/**
 * Validates, then scores with ae-cvss-calculator. `score` is the most specific
 * score the vector supports (3.1: environmental, else temporal, else base;
 * 4.0: the single CVSS-B/BT/BE/BTE score) and `severity` derives from it.
 */
export function scoreCvss(vector: string): CvssScore {
  const validation = validateCvssVector(vector);
  if (!validation.ok) return validation;
  const trimmed = vector.trim();

  if (validation.version === "3.1") {
    // The library's `overall` applies the environmental > temporal > base
    // precedence and treats X (Not Defined) as absent, as the spec does.
    const scores = new Cvss3P1(trimmed).calculateScores();
    const baseScore = checkedScore(scores.base, "base score");
    const score = checkedScore(scores.overall, "overall score");
    return { ok: true, version: "3.1", vector: trimmed, baseScore, score, severity: severityFromScore(score) };
  }

  // calculateScores() would also derive threat-only and environmental-only
  // variants that nothing here uses, at ~0.3 ms each, so ask only for the
  // overall score and, when it can differ, the base-metrics-only score.
  const score = checkedScore(new Cvss4P0(trimmed).calculateOverallScore(), "CVSS 4.0 score");
  const { metrics } = validation;
  const canDiffer = CVSS40.metrics.some(
    (s) => (s.group === "threat" || s.group === "environmental") && (metrics[s.key] ?? "X") !== "X",
  );
  let baseScore = score;
  if (canDiffer) {
    const baseOnly = CVSS40.metrics
      .filter((s) => s.group === "base")
      .map((s) => `${s.key}:${metrics[s.key]}`)
      .join("/");
    baseScore = checkedScore(new Cvss4P0(CVSS40.prefix + baseOnly).calculateOverallScore(), "CVSS 4.0 base score");
  }
  return { ok: true, version: "4.0", vector: trimmed, baseScore, score, severity: severityFromScore(score) };
}
