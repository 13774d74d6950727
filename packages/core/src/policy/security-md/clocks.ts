import { type Cue, type CueHit, findCues } from "./cues.ts";
import { afterFixEarlier, disclosureAnchorOk } from "./disclosure-anchors.ts";
import { type DocumentContext, excerpt } from "./document.ts";
import { findDurations } from "./durations.ts";
import { isConditional, isRate, readClauseBefore } from "./non-promises.ts";
import type { ParsedDuration, ParsedPolicy } from "./parsed-policy.ts";
import { CLAUSE_BOUNDARIES, type Sentence } from "./sentences.ts";
import {
  RESOLVE_SEVERITIES,
  type ResolveSeverity,
  SEVERITY_CONNECTORS,
  SEVERITY_WORDS,
  severityWordsIn,
} from "./severities.ts";
import type { Tok } from "./tokens.ts";

type ClockField = "acknowledge" | "assess" | "update" | "emergency" | "disclosure";

/** One reading of a clock; a document may state the same clock more than once. */
export interface ClockCandidate {
  key: string;
  value: ParsedDuration | "next_release";
  /** Lower wins: 0 prose, 1 heading; +2 for generic (all-severity) resolve values. */
  rank: number;
  pos: number;
  evidence: string;
}

const PERIODIC_MARKERS = new Set(["every", "each", "once", "per"]);

function cuesIn(hits: CueHit[], from: number, to: number): CueHit[] {
  return hits.filter((h) => h.tok >= from && h.tok < to);
}

/** Cue set of the nearest clause (by token distance) that has cues. */
function nearestClauseCues(toks: Tok[], hits: CueHit[], from: number, to: number, backwards: boolean): Set<Cue> {
  const inRange = cuesIn(hits, from, to);
  if (inRange.length === 0) return new Set();
  // clause id per token
  const clauseOf = (tok: number) => {
    let id = 0;
    for (let i = from; i < tok; i++) {
      const t = toks[i];
      if (t && t.k === "p" && CLAUSE_BOUNDARIES.has(t.s)) id++;
    }
    return id;
  };
  const withClause = inRange.map((h) => ({ h, c: clauseOf(h.tok) }));
  const target = backwards ? Math.max(...withClause.map((x) => x.c)) : Math.min(...withClause.map((x) => x.c));
  return new Set(withClause.filter((x) => x.c === target).map((x) => x.h.cue));
}

/** Adds every clock the sentence promises to `out`. */
export function analyseClocks(doc: DocumentContext, S: Sentence, out: ClockCandidate[]): void {
  const toks = S.toks;
  const found = findDurations(toks);
  if (found.length === 0) return;
  const hits = findCues(toks);
  const headingIdx = S.block.heading;
  const hCues = headingIdx >= 0 && !S.isHeading ? (doc.headingCues[headingIdx] ?? []) : [];
  const hToks = headingIdx >= 0 && !S.isHeading ? (doc.headingToks[headingIdx] ?? []) : [];
  const sectionEmergency = hCues.some((h) => h.cue === "emergency");
  const anyUpdateCue = hits.some((h) => h.cue === "update");
  const evidence = excerpt(doc, S.a, S.b);
  const rankBase = S.isHeading ? 1 : 0;

  // Severity groups: persist through the sentence until a new group starts.
  let pending: ResolveSeverity[] = [];
  let lastSevTok = -1;
  let scan = 0;
  let prevEnd = 0;
  let prevCues = new Set<Cue>();

  for (let k = 0; k < found.length; k++) {
    const d = found[k];
    if (!d) continue;
    const nextStart = found[k + 1]?.i0 ?? toks.length;

    for (; scan < d.i0; scan++) {
      const t = toks[scan];
      if (!t) continue;
      const sev = t.k === "w" ? SEVERITY_WORDS[t.s] : undefined;
      if (sev) {
        const contiguous =
          lastSevTok >= 0 &&
          toks.slice(lastSevTok + 1, scan).every((x) => (x.k === "w" || x.k === "p") && SEVERITY_CONNECTORS.has(x.s)) &&
          !found.some((f) => f.i0 > lastSevTok && f.i0 < scan);
        pending = contiguous ? (pending.includes(sev) ? pending : [...pending, sev]) : [sev];
        lastSevTok = scan;
      }
    }
    scan = d.i1;

    if (isConditional(toks, d.i0)) {
      prevEnd = d.i1;
      continue;
    }
    const clause = readClauseBefore(toks, d.i0);
    if (clause.reading === "no_promise") {
      prevEnd = d.i1;
      continue;
    }
    const onlyDisclosureNegated = clause.reading === "disclosure_only";
    if (isRate(toks, d.i1)) {
      prevEnd = d.i1 + 2;
      continue;
    }
    const before = clause.words;

    // Periodic ("every 7 days", "once a week", "weekly") → status updates only.
    const periodic = d.kind === "periodic" || (before[0] !== undefined && PERIODIC_MARKERS.has(before[0]));
    if (periodic) {
      if (d.value && (anyUpdateCue || hCues.some((h) => h.cue === "update"))) {
        out.push({ key: "update", value: d.value, rank: rankBase, pos: S.a, evidence });
      }
      prevEnd = d.i1;
      continue;
    }

    // Severity: pending group, or trailing "for critical issues", or the heading.
    let sevs = pending;
    if (sevs.length === 0) {
      const after = toks.slice(d.i1, Math.min(d.i1 + 5, nextStart));
      const first = after[0];
      if (
        first &&
        ((first.k === "w" && ["for", "on", "of"].includes(first.s)) || (first.k === "p" && first.s === "("))
      ) {
        sevs = severityWordsIn(toks, d.i1, Math.min(d.i1 + 5, nextStart));
      }
    }
    if (sevs.length === 0 && hToks.length > 0) sevs = severityWordsIn(hToks, 0, hToks.length);

    if (d.kind === "next_release") {
      if (sevs.length > 0) {
        for (const s of sevs) {
          out.push({ key: `resolve.${s}`, value: "next_release", rank: rankBase, pos: S.a, evidence });
        }
      }
      prevEnd = d.i1;
      continue;
    }
    const value = d.value;
    if (!value) {
      prevEnd = d.i1;
      continue;
    }

    // What is promised: nearest cue clause before, then after, then column header, then heading.
    let cues = nearestClauseCues(toks, hits, prevEnd, d.i0, true);
    if (cues.size === 0) cues = nearestClauseCues(toks, hits, d.i1, nextStart, false);
    if (cues.size === 0 && S.cells) {
      const cell = S.cells.find((c) => toks[d.i0] && (toks[d.i0]?.a ?? 0) >= c.a && (toks[d.i0]?.a ?? 0) < c.b);
      if (cell) {
        const hh = findCues(cell.header);
        cues = new Set(hh.map((h) => h.cue));
      }
    }
    // Enumerations: "critical within 14 days, high within 30 days" — the promise carries over.
    if (cues.size === 0 && prevCues.size > 0) cues = new Set(prevCues);
    if (cues.size === 0) cues = new Set(hCues.map((h) => h.cue));
    cues.delete("update");
    prevCues = cues;

    let fields = fieldsFor(cues, sevs, sectionEmergency);
    if (onlyDisclosureNegated) fields = fields.filter((f) => f === "disclosure");
    if (fields.includes("disclosure") && afterFixEarlier(toks, d.i0)) fields = fields.filter((f) => f !== "disclosure");
    for (const f of fields) {
      if (f === "disclosure" && !disclosureAnchorOk(toks, d.i1)) continue;
      if (f === "resolve") {
        const targets = sevs.length > 0 ? sevs : RESOLVE_SEVERITIES;
        const rank = rankBase + (sevs.length > 0 ? 0 : 2);
        for (const s of targets) out.push({ key: `resolve.${s}`, value, rank, pos: S.a, evidence });
      } else out.push({ key: f, value, rank: rankBase, pos: S.a, evidence });
    }
    prevEnd = d.i1;
  }
}

/** The clocks a duration sets, from what its clause promises and the severities it is for. */
function fieldsFor(cues: Set<Cue>, sevs: ResolveSeverity[], sectionEmergency: boolean): (ClockField | "resolve")[] {
  if (cues.has("emergency")) return ["emergency"];
  let fields: (ClockField | "resolve")[] = [];
  if (cues.has("ack")) fields.push("acknowledge");
  if (cues.has("assess")) fields.push("assess");
  if (cues.has("resolve")) fields.push("resolve");
  if (cues.has("disclosure") && !cues.has("ack") && !cues.has("assess")) fields.push("disclosure");
  if (sevs.length > 0 && (fields.includes("acknowledge") || fields.includes("assess"))) {
    // Response times per severity: only "critical" has a home (the emergency clock).
    const onlyCritical = sevs.length === 1 && sevs[0] === "critical";
    fields = fields.filter((f) => f !== "acknowledge" && f !== "assess");
    if (onlyCritical && !fields.includes("resolve")) fields.push("emergency");
  } else if (sectionEmergency && fields.length === 1 && fields[0] === "acknowledge") fields = ["emergency"];
  return fields;
}

/** Lowest rank wins, then the earliest excerpt. */
export function pickClocks(candidates: ClockCandidate[], result: ParsedPolicy): void {
  const best = new Map<string, ClockCandidate>();
  for (const c of candidates) {
    const cur = best.get(c.key);
    if (!cur || c.rank < cur.rank || (c.rank === cur.rank && c.pos < cur.pos)) best.set(c.key, c);
  }
  const take = (key: string): ClockCandidate | undefined => {
    const c = best.get(key);
    if (c) result.evidence[key] = c.evidence;
    return c;
  };
  for (const key of ["acknowledge", "assess", "update", "emergency", "disclosure"] as const) {
    const c = take(key);
    if (c && c.value !== "next_release") result[key] = c.value;
  }
  for (const s of RESOLVE_SEVERITIES) {
    const c = take(`resolve.${s}`);
    if (c) result.resolve[s] = c.value;
  }
}
