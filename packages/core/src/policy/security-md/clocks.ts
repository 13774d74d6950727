import { isCjkCode } from "./chars.ts";
import { CONFIDENCE_THRESHOLD, confidenceOf, reasonsOf, type Signal } from "./confidence.ts";
import { type Cue, type CueHit, findCues, fixAnchors } from "./cues.ts";
import { AFTER_WORDS, afterFixEarlier, disclosureAnchorOk, isFixEvent, whichever } from "./disclosure-anchors.ts";
import { type DocumentContext, excerpt, leadInTokens, sliceCap } from "./document.ts";
import { type FoundDuration, findDurations } from "./durations.ts";
import { insideIfClause, isConditional, isNotATimeline, isRate, readClauseBefore } from "./non-promises.ts";
import type { ParsedDuration, ParsedPolicy } from "./parsed-policy.ts";
import { anyOf } from "./phrases.ts";
import { CLAUSE_BOUNDARIES, type Sentence } from "./sentences.ts";
import { RESOLVE_SEVERITIES, type ResolveSeverity, severityGroups, severityWordsIn } from "./severities.ts";
import { punctAt, type Tok } from "./tokens.ts";
import { wordsOf } from "./vocabulary/index.ts";

export type ClockField = "acknowledge" | "assess" | "update" | "emergency" | "disclosure";

/** One reading of a clock; a document may state the same clock more than once. */
export interface ClockCandidate {
  key: string;
  value: ParsedDuration | "next_release";
  /** Lower wins: 0 prose, 1 heading; +2 for generic (all-severity) resolve values. */
  rank: number;
  pos: number;
  evidence: string;
  /** Why the value is less than certain (none: certain). */
  signals: Signal[];
}

export const PERIODIC_MARKERS = new Set(["every", "each", "once", "per", "alle", "chaque", "cada", "हर", "毎", "每"]);
/** A cue more than this many words from its number is "far". */
const FAR_WORDS = 12;

const clauseIdOf = (toks: Tok[], from: number, tok: number) => {
  let id = 0;
  for (let i = from; i < tok; i++) {
    const t = toks[i];
    if (t && t.k === "p" && CLAUSE_BOUNDARIES.has(t.s)) id++;
  }
  return id;
};
/** Clause boundaries between two tokens, not counting a label's colon ("Acknowledgement: 48 hours" is one thought). */
const boundariesBetween = (toks: Tok[], a: number, b: number) => {
  let n = 0;
  for (let i = a; i < b; i++) {
    const t = toks[i];
    if (t && t.k === "p" && t.s !== ":" && CLAUSE_BOUNDARIES.has(t.s)) n++;
  }
  return n;
};

/** Cues of the nearest clause (by token distance) in [from, to) that has cues, and the hit nearest the number. */
function nearestClauseCues(
  toks: Tok[],
  hits: CueHit[],
  from: number,
  to: number,
  backwards: boolean,
): { cues: Set<Cue>; nearest: number; clausesAway: number } {
  const inRange = hits.filter((h) => h.tok >= from && h.tok < to);
  if (inRange.length === 0) return { cues: new Set(), nearest: -1, clausesAway: 0 };
  const withClause = inRange.map((h) => ({ h, c: clauseIdOf(toks, from, h.tok) }));
  const target = backwards ? Math.max(...withClause.map((x) => x.c)) : Math.min(...withClause.map((x) => x.c));
  const chosen = withClause.filter((x) => x.c === target);
  const nearestHit = backwards ? chosen[chosen.length - 1] : chosen[0];
  const at = nearestHit?.h.tok ?? -1;
  return {
    cues: new Set(chosen.map((x) => x.h.cue)),
    nearest: at,
    clausesAway: at < 0 ? 0 : backwards ? boundariesBetween(toks, at, to) : boundariesBetween(toks, from, at),
  };
}

const wordsBetween = (toks: Tok[], a: number, b: number) => {
  let n = 0;
  for (let i = Math.min(a, b) + 1; i < Math.max(a, b); i++) if (toks[i]?.k === "w") n++;
  return n;
};

/** Adds every clock the sentence promises to `out` (table rows are read by analyseTableClocks). */
export function analyseClocks(doc: DocumentContext, S: Sentence, out: ClockCandidate[]): void {
  const toks = S.toks;
  const found = findDurations(toks);
  if (found.length === 0) return;
  const hits = findCues(toks);
  const anchoredFixes = fixAnchors(toks);
  const headingIdx = S.block.heading;
  const hCues = headingIdx >= 0 && !S.isHeading ? (doc.headingCues[headingIdx] ?? []) : [];
  const hToks = headingIdx >= 0 && !S.isHeading ? (doc.headingToks[headingIdx] ?? []) : [];
  const sectionEmergency = hCues.some((h) => h.cue === "emergency");
  const anyUpdateCue = hits.some((h) => h.cue === "update");
  const evidence = excerpt(doc, S.a, S.b);
  const rankBase = S.isHeading ? 1 : 0;
  const baseSignals: Signal[] = S.isHeading ? ["valueInHeading"] : [];
  const groups = severityGroups(toks, found);

  let prevEnd = 0;
  const namedSevs = new Set<ResolveSeverity>();
  let postfixSevs = false;
  let prevCues = new Set<Cue>();
  /** Why the previous reading was unsure of its cue: a value carried over from it is no surer. */
  let prevCueSignals: Signal[] = [];

  for (let k = 0; k < found.length; k++) {
    const d = found[k];
    if (!d) continue;
    const nextStart = found[k + 1]?.i0 ?? toks.length;
    const push = (key: string, value: ParsedDuration | "next_release", rank: number, signals: Signal[]) =>
      out.push({ key, value, rank, pos: S.a, evidence, signals: [...baseSignals, ...signals] });

    // "within 72 hours (3 business days)": the time in parentheses says the same in the unit meant, and is read in
    // its place (prevEnd stays, so it finds the cue before this one).
    if (restatedInParentheses(toks, d, found[k + 1])) continue;
    if (isConditional(toks, d.i0, d.i1) || isNotATimeline(toks, d.i0, d.i1) || insideIfClause(toks, d.i0, d.i1)) {
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
      // "5 hours a week": "a week" is the rate's period, not a time of its own.
      if ((found[k + 1]?.i0 ?? Number.POSITIVE_INFINITY) <= d.i1 + 1) k++;
      continue;
    }
    const before = clause.words;

    // Periodic ("every 7 days", "once a week", "weekly") → status updates only.
    const periodic = d.kind === "periodic" || (before[0] !== undefined && PERIODIC_MARKERS.has(before[0]));
    if (periodic) {
      if (
        d.value &&
        (anyUpdateCue || updatesEvery(before) || updatesInParentheses(toks, d.i0) || updatesForYou(toks, d.i0, d.i1))
      )
        push("update", d.value, rankBase, []);
      else if (d.value && hCues.some((h) => h.cue === "update"))
        push("update", d.value, rankBase, ["cueOnlyInHeading"]);
      prevEnd = d.i1;
      continue;
    }

    // Severity: the group before the number, or trailing "for critical issues", or the heading.
    // Once a time took its severity from the words after it ("14 days for critical issues and 30 days for the
    // others"), the sentence names severities after their times: the one before the next time is the previous one's.
    let sevs = postfixSevs ? [] : (groups[k] ?? []);
    if (sevs.length === 0) {
      const after = toks.slice(d.i1, Math.min(d.i1 + 5, nextStart));
      const first = after[0];
      if (first && ((first.k === "w" && FOR_WORDS.has(first.s)) || (first.k === "p" && first.s === "("))) {
        sevs = severityWordsIn(toks, d.i1, Math.min(d.i1 + 5, nextStart));
        if (sevs.length > 0) postfixSevs = true;
        // "14 days for critical issues and 30 days for the others": the severities this sentence has not named.
        if (sevs.length === 0 && namedSevs.size > 0 && after.some((t) => t.k === "w" && OTHERS_WORDS.has(t.s)))
          sevs = RESOLVE_SEVERITIES.filter((s) => !namedSevs.has(s));
      }
    }
    for (const s of sevs) namedSevs.add(s);
    if (sevs.length === 0 && hToks.length > 0) sevs = severityWordsIn(hToks, 0, hToks.length);

    if (d.kind === "next_release") {
      for (const s of sevs) push(`resolve.${s}`, "next_release", rankBase, []);
      prevEnd = d.i1;
      continue;
    }
    const value = d.value;
    if (!value) {
      prevEnd = d.i1;
      continue;
    }

    // What is promised: nearest cue clause before, then after, then carried over, then the heading.
    const signals: Signal[] = [];
    const back = nearestClauseCues(toks, hits, prevEnd, d.i0, true);
    // A cue in the number's own clause after it beats one in an earlier clause: "48 小时内确认，并在 7 个工作日内给出评估"
    // (confirm within 48 hours, and give an assessment within 7 working days).
    let chosen = back;
    if (back.cues.size === 0 || back.clausesAway > 0) {
      const fwd = nearestClauseCues(toks, hits, d.i1, conjunctionAfter(toks, hits, d.i1, nextStart), false);
      if (back.cues.size === 0 || (fwd.cues.size > 0 && fwd.clausesAway === 0)) chosen = fwd;
    }
    let cues = chosen.cues;
    const cueTok = chosen.nearest;
    // "a coordinated disclosure date (default: 30 days)": a time in parentheses annotates the words right before them.
    const annotated = annotatedCue(toks, hits, d.i0);
    if (annotated) cues = new Set<Cue>([annotated]);
    if (cues.size > 0 && chosen.clausesAway > 0) signals.push("cueInOtherClause");
    // "We respond within 3 days with an initial assessment": the response that carries the assessment is both.
    if (cues.has("ack") && !cues.has("assess") && comesWithAssessment(toks, hits, d.i1, nextStart, cueTok > d.i0))
      cues.add("assess");
    // Enumerations: "critical within 14 days, high within 30 days" — the promise carries over.
    if (cues.size === 0 && prevCues.size > 0) {
      cues = new Set(prevCues);
      signals.push(...prevCueSignals);
      signals.push("carriedOver");
    }
    // A list item's lead-in says what its numbers are for ("Patches are applied within:" / "- Critical: 24 hours").
    // Only for an item that is a label line: an item that is a paragraph of its own ("HIGH severity. These issues
    // … no longer than a month") is not what a lead-in about severities ("We determine the severity:") times.
    if (
      cues.size === 0 &&
      S.block.leadIn >= 0 &&
      S.block.kind === "item" &&
      wordsBesides(toks, d.i0, d.i1) <= LABEL_LINE_WORDS
    ) {
      const leadCues = findCues(leadInTokens(doc, S.block.leadIn));
      if (leadCues.length > 0) {
        cues = new Set(leadCues.map((h) => h.cue));
        signals.push("cueInLeadIn");
      }
    }
    // "We ask reporters to wait 90 days" under a disclosure heading: the wait before disclosure.
    // "Wait 30 days for the review" waits for something else.
    const waitsForSomething = ["for", "auf", "pour", "por", "para"].includes(toks[d.i1]?.s ?? "");
    if (cues.size === 0 && waitsFor(before) && !waitsForSomething && hCues.some((h) => h.cue === "disclosure")) {
      cues = new Set<Cue>(["disclosure"]);
      signals.push("cueOnlyInHeading");
    }
    if (cues.size === 0 && hCues.length > 0) {
      cues = new Set(hCues.map((h) => h.cue));
      signals.push("cueOnlyInHeading");
      // "Our CI runs the fuzzers for 48 hours" under "Fix SLA": a span, and only the heading says it is a clock.
      if (before[0] === "for") signals.push("spanNotDeadline");
      // "Critical: an issue exploitable in under 24 hours" under "Fix SLA": a sentence that says something of its
      // own without any clock word is a description; a label line ("Critical: 7 days") is not.
      // "the 90-day period" names a time frame, which the heading says is the clock's.
      if (wordsBesides(toks, d.i0, d.i1) > LABEL_LINE_WORDS && !TIME_FRAMES.has(toks[d.i1]?.s ?? ""))
        signals.push("sentenceOfItsOwn");
    }
    if (cueTok >= 0 && wordsBetween(toks, cueTok, cueTok < d.i0 ? d.i0 : d.i1 - 1) > FAR_WORDS)
      signals.push("farFromCue");
    // "Urgent fixes ship within 24 hours": the fix time of critical issues (see markUrgentFixes).
    if (sevs.length === 0 && cues.has("resolve") && hits.some((h) => h.urgent && h.tok === cueTok)) sevs = ["critical"];
    // One update by a deadline, not a cadence, is the first assessment's time: "a status update within 7 days on our
    // initial findings and action plan", "Status update: within 7 days" (not one "about the release date").
    if (
      cues.size === 1 &&
      cues.has("update") &&
      (updateReportsAssessment(toks, hits, d.i1, nextStart) ||
        (oneStatusUpdate(toks, hits) && !ABOUT_WORDS.has(toks[d.i1]?.s ?? "")))
    )
      cues = new Set<Cue>(["assess"]);
    cues.delete("update");
    // "Une mise à jour de l'état de la résolution", "an update on the status of the fix": the update is promised, the
    // fix it reports on is not.
    if (cues.has("resolve") && updateOnFix(toks, hits)) cues.delete("resolve");
    // "Fixed or publicly disclosed within 90 days": whichever happens, the issue is public by then, so it bounds the
    // disclosure; it promises no fix.
    if (cues.has("resolve") && cues.has("disclosure") && fixOrDisclose(toks, hits)) cues.delete("resolve");
    // "Give us 10 days to respond before publicly posting": the wait before disclosure, whatever happens during it.
    if (beforeDisclosure(toks, hits, d.i1)) cues = new Set<Cue>(["disclosure"]);
    // "Give maintainers a reasonable time to respond and fix the issue (typically 90 days)" in a disclosure policy:
    // the time the reporter gives before going public, not a fix time of ours.
    else if (givesTime(toks, d.i0) && disclosureAround(doc, S, hits, hCues)) cues = new Set<Cue>(["disclosure"]);
    // "… and provide 5 business days to release a fixed version": time the reporter grants before going public.
    else if (grantsTimeToFix(before, toks, hits, d.i1)) cues = new Set<Cue>(["disclosure"]);
    // "Fix timeline: depends on severity" over "Critical: 1-3 days": a fix timeline is a plan when it is promised to
    // the reporter, but times per severity under it are the fix times themselves.
    if (sevs.length > 0 && cues.has("assess") && !cues.has("resolve") && namesFixTimes(doc, S, toks, hToks))
      cues = new Set<Cue>(["resolve"]);
    prevCues = cues;
    prevCueSignals = signals.filter((x) => HEADING_SIGNALS.has(x));

    let fields = fieldsFor(cues, sevs, sectionEmergency);
    // "30 days after the availability of the update" is counted from a fix, so it is no fix deadline.
    if (countedFromFix(toks, d.i1)) fields = fields.filter((f) => f !== "resolve");
    if (onlyDisclosureNegated || reporterMust(before)) fields = fields.filter((f) => f === "disclosure");
    const fromFix = afterFixEarlier(toks, d.i0) || anchoredFixes.some((t) => t < d.i0 && whichever(toks) !== "first");
    if (fields.includes("disclosure") && (fromFix || whichever(toks) === "later"))
      fields = fields.filter((f) => f !== "disclosure");
    for (const f of fields) {
      if (f === "disclosure" && !disclosureAnchorOk(toks, d.i1)) continue;
      // A disclosure time for some severities only is no window for every report: the admin decides.
      if (f === "disclosure" && sevs.length > 0 && sevs.length < RESOLVE_SEVERITIES.length && !negatedSeverity(toks)) {
        push(f, value, rankBase, [...signals, "disclosureForSomeSeverities"]);
        continue;
      }
      if (f === "resolve") {
        const targets = sevs.length > 0 ? sevs : RESOLVE_SEVERITIES;
        const rank = rankBase + (sevs.length > 0 ? 0 : 2);
        for (const s of targets) push(`resolve.${s}`, value, rank, signals);
      } else push(f, value, rankBase, signals);
    }
    prevEnd = d.i1;
  }
}

/** "14 days for critical issues": the words that tie a severity after a time to it. */
const FOR_WORDS = new Set(["for", "on", "of", "für", "bei", "pour", "para", "per", ...wordsOf("forWords")]);

/** "the others", "the rest", "all other issues": after a severity was named, every severity not named. */
const OTHERS_WORDS = new Set([
  "other",
  "others",
  "rest",
  "remaining",
  "autres",
  "andere",
  "anderen",
  "übrigen",
  "demás",
  "otras",
  "otros",
  "outras",
  "outros",
]);
const BEGIN_WORDS = new Set(["begin", "start", "commence", "beginnen", "commencer", "empezar", "começar"]);
/** "… and try to clarify further steps": an attempt at an assessment is not one promised with the answer. */
const TRY_WORDS = new Set(["try", "attempt", "aim", "versuchen", "essayer", "intentar", "tentar"]);
/** "with", "including" in the reader's languages. */
const WITH_WORDS = new Set(["with", "including", "mit", "avec", "con", "com", "incluyendo", "incluindo"]);
/**
 * The response comes with an assessment: "with" right after the time and an assessment within four words ("com uma
 * avaliação inicial"), or, when the time comes before the verbs, "and" in the same clause followed by one ("innerhalb
 * von 48 Stunden zu bestätigen und einen Zeitplan für die Behebung festzulegen": confirm and set a fix schedule, both
 * within 48 hours). A time after the first verb is that verb's ("acknowledge receipt within 72 hours and provide a
 * remediation timeline": the timeline has no time of its own); a fix after "and" shares no time ("respond within 48
 * hours and work to resolve it"), and neither does the start of an assessment ("and begin investigating").
 */
function comesWithAssessment(toks: Tok[], hits: CueHit[], from: number, to: number, timeBeforeVerbs: boolean): boolean {
  // "within 3 days, including a plan": a comma may come first
  const at = toks[from]?.s === "," ? from + 1 : from;
  const w = toks[at];
  if (w?.k === "w" && WITH_WORDS.has(w.s))
    return hits.some((h) => h.cue === "assess" && h.tok > at && h.tok <= at + 6 && h.tok < to);
  // "respond within 48 hours to acknowledge the message and discuss further steps": the verbs after "to" are what the
  // time is for, as when the time comes before its verbs. Otherwise what follows "and" is another promise, unless it
  // gives the next steps, which only the answer itself can ("odpowiedzieć w ciągu 5 dni i poinformować o dalszych
  // krokach": answer within 5 days and tell you the next steps).
  const verbsFollow = timeBeforeVerbs || w?.s === "to";
  for (let i = from; i < Math.min(to, from + 6); i++) {
    const t = toks[i];
    if (!t || (t.k === "p" && CLAUSE_BOUNDARIES.has(t.s))) return false;
    if (t.k === "w" && AND_WORDS.has(t.s))
      return hits.some(
        (h) =>
          h.cue === "assess" &&
          (verbsFollow || NEXT_STEP_WORDS.has(toks[h.tok]?.s ?? "")) &&
          h.tok > i &&
          // "and let you know the next steps"
          h.tok <= i + (NEXT_STEP_WORDS.has(toks[h.tok]?.s ?? "") ? 6 : 4) &&
          h.tok < to &&
          !BEGIN_WORDS.has(toks[h.tok - 1]?.s ?? "") &&
          !BEGIN_WORDS.has(toks[h.tok - 2]?.s ?? "") &&
          !toks.slice(i + 1, h.tok).some((x) => TRY_WORDS.has(x.s)),
      );
  }
  return false;
}

/** The first word of "next steps" and "further steps" in the reader's languages. */
const NEXT_STEP_WORDS = new Set(["next", "further", "dalszych", "następnych", "kolejnych"]);
/** "until", "unless" in the reader's languages. */
const UNTIL_WORDS = new Set(["until", "till", "unless", "bis", "jusqu", "hasta", "até", "sauf"]);
/** "and" in the languages whose verb follows the time (Polish "i" too), and Korean verbs that end in "and" (응답하고, 검토하며). */
const AND_WORDS = new Set(["and", "und", "et", "y", "e", "i", "और", "그리고", "并", "並", "和", "及", "然后"]);
const KOREAN_AND = /[\uac00-\ud7a3](?:고|며|하여)$/;
/**
 * Where the cues that follow a number stop: at "until" ("wait 90 days or until a fix is released"), and: "48시간 이내에 응답하고 문제 해결을 위해 협력하겠습니다" (respond within 48
 * hours, and work with you to resolve it) gives the time to the first verb only. A number before its verb belongs to
 * that verb; what comes after "and" is another promise, with no time of its own.
 */
function conjunctionAfter(toks: Tok[], hits: CueHit[], from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const t = toks[i];
    // "wait 90 days or until a fix is released": what follows "until" ends the wait, it is not what the number is.
    if (t?.k === "w" && UNTIL_WORDS.has(t.s)) {
      to = i;
      break;
    }
  }
  const first = hits.find((h) => h.tok >= from && h.tok < to);
  if (!first) return to;
  for (let i = first.tok; i < to; i++) {
    const t = toks[i];
    if (t?.k !== "w") continue;
    if (i > first.tok && AND_WORDS.has(t.s)) return i;
    if (KOREAN_AND.test(t.s)) return i + 1;
  }
  return to;
}

/** Verbs that ask the reporter to act when "please" comes before them. */
const REQUESTED_OF_REPORTER = new Set(["answer", "reply", "respond", "confirm", "provide", "send", "submit", "update"]);
const REPORTERS = new Set(["you", "researcher", "researchers", "reporter", "reporters", "finder", "finders"]);
const MODALS = new Set(["must", "should", "need", "needs", "required", "expected", "have", "has", "agree", "agrees"]);
/** What the reporter receives: "you should receive a response within 48 hours" is still our promise. */
const RECEIVING = new Set(["receive", "hear", "get", "expect", "see", "be"]);
/**
 * "You must respond to our questions within 7 days", "the researcher should reply within 10 days": the reporter's
 * obligation, not a clock the program keeps. Only a disclosure wait can be read from it ("you agree to wait 90 days
 * before publishing"). `before` is the clause before the number, nearest word first.
 */
function reporterMust(before: string[]): boolean {
  // "Please answer our questions within 10 days": a request to the reporter ("please allow us 10 days" is not).
  const p = before.indexOf("please");
  if (p >= 1 && REQUESTED_OF_REPORTER.has(before[p - 1] ?? "")) return true;
  const m = before.findIndex((w) => MODALS.has(w));
  if (m < 1) return false;
  // "need to reply": the verb follows "to"
  const verb = (before[m - 1] === "to" ? before[m - 2] : before[m - 1]) ?? "";
  return !RECEIVING.has(verb) && before.slice(m + 1, m + 4).some((w) => REPORTERS.has(w));
}

/** "Non-critical vulnerabilities": every report but critical ones, so no severity scope for a disclosure window. */
function negatedSeverity(toks: Tok[]): boolean {
  for (let i = 0; i < toks.length; i++) {
    if (toks[i]?.s !== "non") continue;
    const next = toks[i + 1]?.s === "-" ? toks[i + 2] : toks[i + 1];
    if (next && severityWordsIn([next], 0, 1).length > 0) return true;
  }
  return false;
}

const HEADING_SIGNALS = new Set<Signal>(["cueOnlyInHeading", "spanNotDeadline", "sentenceOfItsOwn"]);
const TIME_FRAMES = new Set([
  "period",
  "window",
  "deadline",
  "timeline",
  "timeframe",
  "frist",
  "délai",
  "plazo",
  "prazo",
  "期間",
  "期限",
]);
/** A label line ("Critical: 7 days", "- Within 48 hours") has at most this many other words. */
const LABEL_LINE_WORDS = 4;
const SEVERITY_LABEL_WORDS = new Set(["critical", "high", "medium", "low", "severity", "within", "up", "to"]);
/** Words of the sentence outside [i0, i1), counting two Chinese or Japanese characters as one word. */
function wordsBesides(toks: Tok[], i0: number, i1: number): number {
  let words = 0;
  let cjk = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if ((i >= i0 && i < i1) || t?.k !== "w") continue;
    if (isCjkCode(t.s.codePointAt(0) ?? 0)) cjk++;
    else if (!SEVERITY_LABEL_WORDS.has(t.s)) words++;
  }
  return words + Math.ceil(cjk / 2);
}

/**
 * Updates of the product, not of the reporter: "release updates every 2 weeks", "security updates every month",
 * "checks for updates every 24 hours".
 */
const PRODUCT_UPDATE =
  /^(releas|ship|publish|deploy|push|install|apply|security|software|dependenc|package|check|for$)/;
/** "... update at least every two days", "send updates every week": updates to the reporter at a cadence. */
function updatesEvery(before: string[]): boolean {
  let i = 1;
  // "a cada 2 semanas": the article of "every" in Portuguese
  while (["at", "least", "most", "about", "roughly", "approximately", "once", "a"].includes(before[i] ?? "")) i++;
  // "updates will be sent at least every five days", "atualizações regulares serão fornecidas a cada"
  for (let k = 0; k < 4 && SENT_WORDS.has(before[i] ?? ""); k++) i++;
  if (UPDATE_NOUNS.has(before[i] ?? "")) return !PRODUCT_UPDATE.test(before[i + 1] ?? "");
  // "an update from us at least every 5 days": the update, then who sends it
  if (before[i] === "us" && before[i + 1] === "from" && UPDATE_NOUNS.has(before[i + 2] ?? ""))
    return !PRODUCT_UPDATE.test(before[i + 3] ?? "");
  return false;
}

/** An update cue and, within eight words, the fix it is about ("update on the status of the fix"; not "update and fix"). */
const ABOUT_WORDS = new Set([
  "on",
  "of",
  "about",
  "regarding",
  "de",
  "sur",
  "du",
  "über",
  "zur",
  "zum",
  "del",
  "sobre",
  "da",
  "do",
  ...wordsOf("aboutWords"),
]);
/**
 * "An update on the status of the fix", "status perbaikan" (Indonesian: the fix's status, the words side by side): the
 * update is about the fix.
 */
const updateOnFix = (toks: Tok[], hits: CueHit[]) =>
  cuesJoined(
    toks,
    hits,
    "update",
    "resolve",
    8,
    true,
    (w) => w.length === 0 || (w.some((x) => ABOUT_WORDS.has(x)) && !w.some((x) => AND_WORDS.has(x))),
  );

const OR_WORDS = new Set(["or", "oder", "ou", "o", "या", "或"]);
/** A fix cue and a disclosure cue joined by "or" ("fixed or disclosed"), with at most three words between them. */
const fixOrDisclose = (toks: Tok[], hits: CueHit[]) =>
  cuesJoined(toks, hits, "resolve", "disclosure", 4, false, (w) => w.some((x) => OR_WORDS.has(x)));

/**
 * Whether a hit of cue `a` and one of cue `b` stand at most `maxGap` tokens apart (`a` first when `ordered`) and the
 * words between them pass `joins`.
 */
function cuesJoined(
  toks: Tok[],
  hits: CueHit[],
  a: Cue,
  b: Cue,
  maxGap: number,
  ordered: boolean,
  joins: (between: string[]) => boolean,
): boolean {
  for (const x of hits) {
    if (x.cue !== a) continue;
    for (const y of hits) {
      if (y.cue !== b || Math.abs(y.tok - x.tok) > maxGap || (ordered && y.tok <= x.tok)) continue;
      const [lo, hi] = x.tok < y.tok ? [x.tok, y.tok] : [y.tok, x.tok];
      if (joins(toks.slice(lo + 1, hi).map((t) => t.s))) return true;
    }
  }
  return false;
}

const WAIT_WORDS = new Set(["wait", "warten", "abzuwarten", "attendre", "esperar", "aguardar"]);
/** "wait 90 days", "wait at least 30 days", "to wait up to 60 days" (`before`: nearest word first). */
function waitsFor(before: string[]): boolean {
  let i = 0;
  while (
    ["up", "to", "at", "least", "for", "a", "minimum", "of", "mindestens", "au", "moins", "pelo", "menos"].includes(
      before[i] ?? "",
    )
  )
    i++;
  return WAIT_WORDS.has(before[i] ?? "");
}

/** "You'll receive daily updates": a cadence word before "updates", in a sentence addressed to the reporter. */
function updatesForYou(toks: Tok[], i0: number, i1: number): boolean {
  if (!UPDATE_NOUNS.has(toks[i1]?.s ?? "")) return false;
  return toks
    .slice(0, i0)
    .some((t) => t.k === "w" && (t.s === "you" || t.s.startsWith("you'") || ["receive", "get"].includes(t.s)));
}

/** An update cue spelled "status update" or "progress update" (one update, when no cadence is given). */
const oneStatusUpdate = (toks: Tok[], hits: CueHit[]) =>
  hits.some(
    (h) =>
      h.cue === "update" &&
      ["status", "progress"].includes(toks[h.tok]?.s ?? "") &&
      ["update", "updates", "report"].includes(toks[h.tok + 1]?.s ?? ""),
  );

/** The words right after a time are "on"/"about" and an assessment cue follows in the same clause. */
function updateReportsAssessment(toks: Tok[], hits: CueHit[], from: number, to: number): boolean {
  if (!ABOUT_WORDS.has(toks[from]?.s ?? "")) return false;
  const fwd = nearestClauseCues(toks, hits, from, to, false);
  return fwd.clausesAway === 0 && fwd.cues.has("assess");
}

const FIX_TIMES = anyOf([
  "fix timeline*",
  "fix schedule*",
  "remediation timeline*",
  "resolution timeline*",
  "patch timeline*",
  "timeline for the fix",
  "timeline for fixes",
  "timeline for fixing",
]);
/** "provide a remediation timeline within 7 days for high severity issues": the timeline is what is sent, a plan. */
const TIMELINE_SENT =
  /\b(provide|give|share|send|communicate|offer|propose)\s+(you\s+)?(with\s+)?((a|an|our|the)\s+)?(fix|remediation|resolution|patch)\s+(timeline|schedule)/i;
/** The sentence (unless it sends the timeline as a plan), its list's lead-in or its heading names fix timelines. */
function namesFixTimes(doc: DocumentContext, S: Sentence, toks: Tok[], hToks: Tok[]): boolean {
  if (TIMELINE_SENT.test(sliceCap(doc.ana, S.a, S.b))) return false;
  if (FIX_TIMES(toks) || FIX_TIMES(hToks)) return true;
  return S.block.leadIn >= 0 && FIX_TIMES(leadInTokens(doc, S.block.leadIn));
}

const ANNOTATION_WORDS = new Set([
  "default",
  "typically",
  "usually",
  "normally",
  "approximately",
  "about",
  "e",
  "g",
  "eg",
]);
/** The cue right before "(" when the time opens the parentheses ("date (default: 30 days)"), else null. */
function annotatedCue(toks: Tok[], hits: CueHit[], i0: number): Cue | null {
  let i = i0 - 1;
  while (
    i >= 0 &&
    ((toks[i]?.k === "w" && ANNOTATION_WORDS.has(toks[i]?.s ?? "")) || punctAt(toks, i, ":") || punctAt(toks, i, "."))
  )
    i--;
  if (!punctAt(toks, i, "(")) return null;
  const near = hits.filter((h) => h.tok < i && h.tok >= i - 3);
  const cues = new Set(near.map((h) => h.cue));
  return cues.size === 1 ? (near[0]?.cue ?? null) : null;
}

/** A time followed by another in parentheses and nothing else: "72 hours (3 business days)". */
function restatedInParentheses(toks: Tok[], d: FoundDuration, next: FoundDuration | undefined): boolean {
  return (
    next !== undefined &&
    next.value !== null &&
    d.value !== null &&
    punctAt(toks, d.i1, "(") &&
    next.i0 === d.i1 + 1 &&
    punctAt(toks, next.i1, ")")
  );
}

/** "Regular updates (at least every 14 days)": the cadence in parentheses is the updates' before them. */
function updatesInParentheses(toks: Tok[], at: number): boolean {
  let i = at - 1;
  while (i >= 0 && !(toks[i]?.k === "p" && CLAUSE_BOUNDARIES.has(toks[i]?.s ?? ""))) i--;
  if (toks[i]?.s !== "(") return false;
  const w = toks[i - 1];
  return w?.k === "w" && ["update", "updates"].includes(w.s);
}

const SENT_WORDS = new Set([
  "will",
  "be",
  "are",
  "is",
  "sent",
  "provided",
  "given",
  "shared",
  "posted",
  // "as atualizações regulares serão fornecidas a cada 2 semanas", "les mises à jour seront envoyées chaque semaine"
  "serão",
  "fornecidas",
  "enviadas",
  "serán",
  "proporcionadas",
  "seront",
  "envoyées",
  "fournies",
  "werden",
  "gesendet",
  "verschickt",
  "regular",
  "regulares",
  "régulières",
  "regelmäßige",
  "periodic",
  "periódicas",
]);
/** The word "updates" (to the reporter) in the languages of the cadence sentence. */
const UPDATE_NOUNS = new Set([
  "update",
  "updates",
  "atualizações",
  "atualização",
  "actualizaciones",
  "actualización",
  "aktualisierungen",
  "aggiornamenti",
]);

const GIVEN_TO = new Set(["us", "maintainers", "the", "team", "developers", "project", "vendor", "vendors"]);
/** The sentence asks the reporter to give someone time: "Give maintainers (a reasonable) time to …", before the number. */
function givesTime(toks: Tok[], at: number): boolean {
  const words = toks.slice(0, at).filter((t) => t.k === "w");
  return words[0]?.s === "give" && GIVEN_TO.has(words[1]?.s ?? "") && words.some((t) => t.s === "time");
}

const GRANT_WORDS = new Set(["give", "provide", "grant", "allow"]);
/**
 * "give/provide/grant/allow [us] N days to fix/release …": a grant verb among the clause's words before the number
 * (`before`, from readClauseBefore), then "to" and a fix.
 */
function grantsTimeToFix(before: string[], toks: Tok[], hits: CueHit[], i1: number): boolean {
  if (!before.some((w) => GRANT_WORDS.has(w))) return false;
  if (toks[i1]?.s !== "to") return false;
  return hits.some((h) => h.cue === "resolve" && h.tok > i1 && h.tok <= i1 + 3);
}
/** A disclosure word in the sentence, its heading or the lead-in of its list. */
function disclosureAround(doc: DocumentContext, S: Sentence, hits: CueHit[], hCues: CueHit[]): boolean {
  if (hits.some((h) => h.cue === "disclosure") || hCues.some((h) => h.cue === "disclosure")) return true;
  return S.block.leadIn >= 0 && findCues(leadInTokens(doc, S.block.leadIn)).some((h) => h.cue === "disclosure");
}

/** A disclosure word after "before"/"prior to" in the number's own clause, after the number. */
function beforeDisclosure(toks: Tok[], hits: CueHit[], from: number): boolean {
  let before = -1;
  for (let i = from; i < toks.length; i++) {
    const t = toks[i];
    if (!t || (t.k === "p" && CLAUSE_BOUNDARIES.has(t.s))) break;
    if (t.k === "w" && (t.s === "before" || (t.s === "prior" && toks[i + 1]?.s === "to"))) before = i;
    if (before >= 0 && hits.some((h) => h.tok === i && h.cue === "disclosure")) return true;
  }
  return false;
}

/** "... 30 days after the availability of the update", "... 7 days following the patch release". */
function countedFromFix(toks: Tok[], from: number): boolean {
  let words = 0;
  let prep = false;
  for (let i = from; i < toks.length && words < 7; i++) {
    const t = toks[i];
    if (!t || (t.k === "p" && CLAUSE_BOUNDARIES.has(t.s))) break;
    if (t.k !== "w") continue;
    words++;
    if (!prep) {
      if (words > 2) return false;
      prep = AFTER_WORDS.has(t.s);
    } else if (isFixEvent(t.s)) return true;
  }
  return false;
}

/** The clocks a duration sets, from what its clause promises and the severities it is for. */
export function fieldsFor(
  cues: Set<Cue>,
  sevs: ResolveSeverity[],
  sectionEmergency: boolean,
): (ClockField | "resolve")[] {
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

const CLOCK_KEYS = ["acknowledge", "assess", "update", "emergency", "disclosure"] as const;

/**
 * The lower rank, then a time over "the next release" ("High/Medium: fix in next release" in a process list, "High:
 * fix in next release (within 7 days)" under the severities: the time says more), then the earlier excerpt.
 */
function betterThan(c: ClockCandidate, cur: ClockCandidate): boolean {
  if (c.rank !== cur.rank) return c.rank < cur.rank;
  const releaseOnly = (x: ClockCandidate) => x.value === "next_release";
  if (releaseOnly(c) !== releaseOnly(cur)) return !releaseOnly(c);
  return c.pos < cur.pos;
}

/**
 * Per field: candidates below CONFIDENCE_THRESHOLD are set aside; of the rest the lowest rank wins, then a time over
 * "the next release", then the earliest excerpt. A field left with only weak candidates stays empty and its first weak excerpt becomes possibly relevant.
 */
export function pickClocks(candidates: ClockCandidate[], result: ParsedPolicy): void {
  const best = new Map<string, ClockCandidate>();
  const weak = new Map<string, ClockCandidate>();
  for (const c of candidates) {
    if (confidenceOf(c.signals) < CONFIDENCE_THRESHOLD) {
      const w = weak.get(c.key);
      if (!w || c.pos < w.pos) weak.set(c.key, c);
      continue;
    }
    const cur = best.get(c.key);
    if (!cur || betterThan(c, cur)) best.set(c.key, c);
  }
  const take = (key: string): ClockCandidate | undefined => {
    const c = best.get(key);
    if (c) {
      result.evidence[key] = c.evidence;
      result.confidence[key] = confidenceOf(c.signals);
      return c;
    }
    const w = weak.get(key);
    if (w) result.possiblyRelevant.push({ field: key, excerpt: w.evidence, reason: reasonsOf(w.signals) });
    return undefined;
  };
  for (const key of CLOCK_KEYS) {
    const c = take(key);
    if (c && c.value !== "next_release") result[key] = c.value;
  }
  for (const s of RESOLVE_SEVERITIES) {
    const c = take(`resolve.${s}`);
    if (c) result.resolve[s] = c.value;
  }
}
