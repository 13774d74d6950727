import { type ClockCandidate, type ClockField, fieldsFor, PERIODIC_MARKERS } from "./clocks.ts";
import type { Signal } from "./confidence.ts";
import { type Cue, findCues, hasAny } from "./cues.ts";
import { type DocumentContext, excerpt } from "./document.ts";
import { type FoundDuration, findDurations, toDuration, unitNamedIn } from "./durations.ts";
import { isConditional, isNotATimeline, namesNotATimeline, readClauseBefore } from "./non-promises.ts";
import { headerNamesOtherSubject, isBareTimeCell } from "./other-subjects.ts";
import type { ParsedDuration } from "./parsed-policy.ts";
import type { Sentence } from "./sentences.ts";
import { RESOLVE_SEVERITIES, type ResolveSeverity, severityWordsIn } from "./severities.ts";
import type { Tok } from "./tokens.ts";

/** Headers of the column that names each row's severity. */
const SEVERITY_HEADER = [
  "severity",
  "risk",
  "priority",
  "level",
  "impact",
  "rating",
  "classification",
  "cvss",
  "schweregrad",
  "sévérité",
  "gravité",
  "gravedad",
  "severidad",
  "severidade",
  "gravidade",
  "गंभीरता",
];

/** Rough length in hours, only to order durations of different units ("24 hours" < "5 business days"). */
const HOURS: Record<ParsedDuration["unit"], number> = { hours: 1, days: 24, business_days: 24 * 1.4, weeks: 168 };
const hoursOf = (d: ParsedDuration) => d.amount * HOURS[d.unit];

interface Cell {
  toks: Tok[];
  header: Tok[];
}
interface Row {
  sentence: Sentence;
  cells: Cell[];
}
interface PerSeverity {
  sevs: ResolveSeverity[];
  value: ParsedDuration;
  row: Row;
  signals: Signal[];
}

const cellsOf = (S: Sentence): Cell[] =>
  (S.cells ?? []).map((c) => ({ toks: S.toks.filter((t) => t.a >= c.a && t.b <= c.b), header: c.header }));

/** A cell that holds only a number ("7", "≤ 30", "up to 90"): its unit is the column header's. */
function bareNumber(toks: Tok[]): FoundDuration | null {
  const nums = toks.filter((t) => t.k === "n");
  const words = toks.filter((t) => t.k === "w");
  const n = nums[0];
  if (nums.length !== 1 || !n || n.int === null || words.some((w) => !["up", "to", "within", "max"].includes(w.s)))
    return null;
  const i = toks.indexOf(n);
  return { i0: i, i1: i + 1, kind: "duration", value: null };
}

/**
 * A table that is not a version table, read by its columns: each value is what its own cell, its row's label or its
 * column header says it is ("First response", "Fix"), never what another column's prose says ("credential
 * disclosure" in a description column is an impact, not a deadline). Units come from the cell or, for a bare number,
 * from the header ("| Risk | Days |"). Per-severity response times become the acknowledge clock (the slowest, when
 * every row has one) and the emergency clock (critical's, when it is faster).
 */
export function analyseTableClocks(doc: DocumentContext, rowSentences: Sentence[], out: ClockCandidate[]): void {
  const first = rowSentences[0];
  if (!first) return;
  const rows: Row[] = rowSentences.map((sentence) => ({ sentence, cells: cellsOf(sentence) }));
  const headers = (first.cells ?? []).map((c) => c.header);
  const nCols = headers.length;
  const headingIdx = first.block.heading;
  const hCues = headingIdx >= 0 ? (doc.headingCues[headingIdx] ?? []) : [];

  const headerCues = headers.map((h) => new Set(findCues(h).map((x) => x.cue)));
  const headerUnits = headers.map((h) => unitNamedIn(h));
  const durationsIn = rows.map((r) => r.cells.map((c) => findDurations(c.toks)));
  const rowSevs = rows.map((r) => r.cells.map((c) => severityWordsIn(c.toks, 0, c.toks.length)));
  const colSevs = headers.map((h) => severityWordsIn(h, 0, h.length));

  // The severity column: named so, or whose cells name one severity each and hold no times. A column where another
  // row names a step instead ("| Acknowledgement | 48 h |" above "| Critical fix | 7 days |") is a label column.
  let sevCol = headers.findIndex((h) => hasAny(h, SEVERITY_HEADER));
  if (sevCol < 0) {
    for (let c = 0; c < nCols && sevCol < 0; c++) {
      const named = rows.filter((_, r) => rowSevs[r]?.[c]?.length === 1 && durationsIn[r]?.[c]?.length === 0);
      const steps = rows.filter(
        (row, r) => rowSevs[r]?.[c]?.length === 0 && findCues(row.cells[c]?.toks ?? []).length > 0,
      );
      if (rows.length > 0 && named.length * 2 >= rows.length && steps.length === 0) sevCol = c;
    }
  }
  // A first column of labels ("Acknowledgement", "Fix") says what its row's values are.
  // Not a column of bare numbers under a unit ("| Day | Action |" / "| 7 | Triage |").
  const labelCol =
    sevCol !== 0 &&
    rows.every(
      (row, r) => (durationsIn[r]?.[0]?.length ?? 0) === 0 && !(headerUnits[0] && bareNumber(row.cells[0]?.toks ?? [])),
    )
      ? 0
      : -1;

  const values = rows.flatMap((row, r) =>
    row.cells.flatMap((cell, c) => {
      if (c === sevCol || c === labelCol) return [];
      const found = durationsIn[r]?.[c] ?? [];
      if (found.length > 0) return found.map((d) => ({ r, c, d, unitFromHeader: false }));
      const unit = headerUnits[c];
      const bare = unit ? bareNumber(cell.toks) : null;
      const n = bare ? cell.toks[bare.i0]?.int : null;
      const value = unit && n ? toDuration(n, unit) : null;
      return bare && value ? [{ r, c, d: { ...bare, value }, unitFromHeader: true }] : [];
    }),
  );
  const valueCols = new Set(values.map((v) => v.c));
  const anyHeaderCue = headerCues.some((s) => s.size > 0);
  const severityTable = sevCol >= 0 || colSevs.some((s) => s.length > 0);

  const perSeverity = new Map<ClockField, PerSeverity[]>();
  for (const { r, c, d, unitFromHeader } of values) {
    const row = rows[r];
    const cell = row?.cells[c];
    if (!row || !cell) continue;
    if (isConditional(cell.toks, d.i0, d.i1) || isNotATimeline(cell.toks, d.i0, d.i1)) continue;
    if (headerNamesOtherSubject(headers[c] ?? []) || namesNotATimeline(headers[c] ?? [])) continue;
    if (readClauseBefore(cell.toks, d.i0).reading !== "promise") continue;

    const signals: Signal[] = unitFromHeader ? ["unitFromHeader"] : [];
    let cues = new Set(findCues(cell.toks).map((x) => x.cue));
    if (cues.size === 0 && labelCol >= 0) cues = new Set(findCues(row.cells[labelCol]?.toks ?? []).map((x) => x.cue));
    if (cues.size === 0) cues = new Set(headerCues[c]);
    if (cues.size === 0 && !severityTable && !anyHeaderCue) {
      // "| Day | Action |" timelines: the row's other cells say what happens then.
      const others = row.cells.filter((_, k) => k !== c).flatMap((x) => findCues(x.toks).map((h) => h.cue));
      if (others.length > 0) {
        cues = new Set(others);
        signals.push("cueInOtherClause");
      }
    }
    if (cues.size === 0 && hCues.length > 0) {
      cues = new Set(hCues.map((h) => h.cue));
      signals.push("cueOnlyInHeading");
      if (!isBareTimeCell(cell.toks, d)) signals.push("timeInProseCell");
    }
    if (cues.size === 0 && severityTable && valueCols.size === 1 && !anyHeaderCue && isBareTimeCell(cell.toks, d)) {
      cues = new Set<Cue>(["resolve"]);
      signals.push("columnRoleInferred");
    }
    const evidence = excerpt(doc, row.sentence.a, row.sentence.b);
    const push = (key: string, value: ParsedDuration | "next_release", rank = 0) =>
      out.push({ key, value, rank, pos: row.sentence.a, evidence, signals });

    // "| Status update | Weekly |", "| Updates | every 7 days |": a cadence of updates.
    if (
      cues.has("update") &&
      d.value &&
      (d.kind === "periodic" || PERIODIC_MARKERS.has(cell.toks[d.i0 - 1]?.s ?? ""))
    ) {
      push("update", d.value);
      continue;
    }
    // "| Severity | Status update |" with "| High | 5 days |": each severity's update cadence (the slowest is read).
    const updateColumn = cues.has("update") && headerCues[c]?.has("update") && cues.size === 1;
    cues.delete("update");
    // The severity of a row: its severity column, its column's header, or its label ("| Critical fix | 30 days |"
    // among "| Acknowledgement | 24 h |" rows, where no column is only severities).
    let sevs: ResolveSeverity[] = sevCol >= 0 ? (rowSevs[r]?.[sevCol] ?? []) : (colSevs[c] ?? []);
    if (sevs.length === 0 && sevCol < 0 && labelCol >= 0) sevs = rowSevs[r]?.[labelCol] ?? [];
    // "| Patch release | 14 days (critical cases) |": the value's own cell names its severity.
    if (sevs.length === 0 && sevCol < 0) sevs = rowSevs[r]?.[c] ?? [];
    const perSeverityOf = (f: ClockField, value: ParsedDuration) =>
      perSeverity.set(f, [...(perSeverity.get(f) ?? []), { sevs, value, row, signals }]);

    if (d.kind === "next_release") {
      if (cues.has("resolve") || cues.size === 0) for (const s of sevs) push(`resolve.${s}`, "next_release");
      continue;
    }
    const value = d.value;
    if (!value || d.kind === "periodic") continue;
    if (updateColumn) {
      if (sevs.length === 0) push("update", value);
      else perSeverityOf("update", value);
      continue;
    }
    if (sevs.length === 0) {
      for (const f of fieldsFor(cues, [], false)) {
        if (f === "resolve") for (const s of RESOLVE_SEVERITIES) push(`resolve.${s}`, value, 2);
        else push(f, value);
      }
      continue;
    }
    for (const f of fieldsFor(cues, [], false)) {
      if (f === "resolve") for (const s of sevs) push(`resolve.${s}`, value);
      else if (f === "emergency") {
        if (sevs.includes("critical")) push("emergency", value);
      } else perSeverityOf(f, value);
    }
  }
  summarisePerSeverity(
    doc,
    perSeverity,
    sevCol >= 0 ? rows.filter((_, r) => (rowSevs[r]?.[sevCol]?.length ?? 0) > 0).length : 0,
    out,
  );
}

/**
 * Per-severity times of one clock: when every severity row has one, the slowest is the promise for every report;
 * critical's, when faster than that (or the only one), is the emergency response.
 */
function summarisePerSeverity(
  doc: DocumentContext,
  perSeverity: Map<ClockField, PerSeverity[]>,
  severityRows: number,
  out: ClockCandidate[],
): void {
  for (const [field, list] of perSeverity) {
    const slowest = list.reduce<PerSeverity | null>(
      (m, x) => (!m || hoursOf(x.value) > hoursOf(m.value) ? x : m),
      null,
    );
    if (!slowest) continue;
    const rowsCovered = new Set(list.map((x) => x.row)).size;
    const everyRow = severityRows > 0 ? rowsCovered >= severityRows : list.length > 1;
    const cand = (key: string, x: PerSeverity, extra: Signal[]) =>
      out.push({
        key,
        value: x.value,
        rank: 0,
        pos: x.row.sentence.a,
        evidence: excerpt(doc, x.row.sentence.a, x.row.sentence.b),
        signals: [...x.signals, ...extra],
      });
    if (everyRow) cand(field, slowest, ["tableSummary"]);
    if (field === "acknowledge") {
      const critical = list.find((x) => x.sevs.includes("critical"));
      if (critical && (!everyRow || hoursOf(critical.value) < hoursOf(slowest.value))) cand("emergency", critical, []);
    }
  }
}
