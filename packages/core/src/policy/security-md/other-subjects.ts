import { compilePhrases, matchPhrases } from "./phrases.ts";
import { CLAUSE_BOUNDARIES } from "./sentences.ts";
import type { Tok } from "./tokens.ts";
import { wordsOf } from "./vocabulary/index.ts";

/**
 * Numbers whose clause is about something other than handling a report, found by what the clause talks about rather
 * than by the words right before the number. Each list is a kind of subject that real policies put numbers next to:
 *
 * - rewards: when a bounty, a payment or swag is paid or sent is no clock of the report ("Bounty payments are made
 *   within 30 days of the fix", "奖励将在 30 天内发放");
 * - statistics and history: an average, a median or what happened last year describes the past, it promises nothing
 *   ("Our average time to fix was 21 days", "we responded within 3 days last year", "was patched 12 days after");
 * - support lifetimes: how long a version is supported or maintained ("supported for 18 months", "12 Monate lang …
 *   versorgt", "24ヶ月間サポート") is a version's life, not a fix time; only a span ("for", "lang", "間") counts,
 *   so "supported versions get a patch within 30 days" stays a promise;
 * - age: "versions older than 12 months", "advisories older than 90 days" say how old something is;
 * - closing stale reports ("closed after 14 days of inactivity") and a CVE's assignment by a third party;
 * - how long a change soaks or bakes before it ships ("a soak period of 7 days"), and the notice downstream
 *   distributors get before a release ("a three week window … to the private distributor list").
 *
 * Chinese, Japanese and Korean put the verb after the number, so the clause after the number is read too.
 */
const OTHER_SUBJECTS = [
  // rewards
  "bount*",
  "reward*",
  "payout*",
  "payment*",
  "paid",
  "swag",
  "prize*",
  "merch*",
  "belohnung*",
  "prämie*",
  "récompense*",
  "recompensa*",
  "奖励",
  "奖金",
  "赏金",
  "賞金",
  "報奨",
  "報酬",
  "포상*",
  "보상*",
  // notice given to downstream distributors before a release ("a three week window for the distributor list")
  "distributor*",
  "distros",
  "linux-distros",
  // how long a change waits in a branch before it ships ("a soak period of 7 days", "bake time")
  "soak*",
  "bake time",
  "baking",
  // statistics
  "average",
  "averaged",
  "median",
  "durchschnitt*",
  "moyenne",
  "promedio",
  "平均",
  "평균*",
  // history
  "historically",
  "erfahrungsgemäß",
  "in our experience",
  "last year",
  "last month",
  "last quarter",
  "so far",
  "to date",
  "letztes jahr",
  "letzten jahr",
  "année dernière",
  "año pasado",
  "ano passado",
  "去年",
  "昨年",
  "작년*",
  // the ecosystem's times, not the project's: "response to supply chain attacks usually takes up to 24 hours"
  "supply chain",
  "ecosystem",
  // a team's working rhythm
  "sprint*",
  "iteration*",
  // closing stale reports: the reporter's silence, not our clock
  "inactiv*",
  "stale",
  // more retention and expiry (see NOT_A_TIMELINE in non-promises.ts for the words right before a number)
  "caduc*",
  "speicher*",
  "guardamos",
  "guardad*",
  "guardar*",
  "보관*",
  "저장*",
  "保留",
  "有効期限",
  "有效期",
  ...wordsOf("otherSubjects"),
];
const OTHER_SUBJECTS_TABLE = compilePhrases<true>(OTHER_SUBJECTS.map((p) => [p, true] as const));

/** Past participles of the clocks: "was patched", "were fixed", "was acknowledged" report what happened. */
const PAST_AUX = new Set(["was", "were", "had"]);
const PAST_CLOCK_VERB =
  /^(patched|fixed|resolved|acknowledged|answered|responded|released|disclosed|published|triaged|assessed)$/;

const SUPPORT_WORDS = compilePhrases<true>(
  [
    "support*",
    "available",
    "accessible",
    "maintain*",
    "maintenance",
    "lts",
    "unterstützt",
    "versorgt",
    "gepflegt",
    "wartung",
    "maintenu*",
    "pris en charge",
    "soporte",
    "suporte",
    "mantenid*",
    "mantien*",
    "mantid*",
    "suportad*",
    "soportad*",
    "サポート",
    "メンテナンス",
    "保守",
    "支持",
    "维护",
    "維護",
    "지원*",
  ].map((p) => [p, true] as const),
);
/** "for 18 months", "pendant 12 mois", "durante 2 años", "12 Monate lang", "24ヶ月間": a span, not a deadline. */
const SPAN_BEFORE = new Set(["for", "für", "pendant", "durante", "während", "por", "until", "bis"]);
/** Versions and release lines: with a support word and no deadline word, the number is how long they live. */
const VERSION_WORDS = compilePhrases<true>(
  ["version*", "release line*", "versión*", "versões", "versão", "バージョン", "版本", "버전*"].map(
    (p) => [p, true] as const,
  ),
);
/** "within", "innerhalb", "以内", "内", "이내": a deadline, so a support word is no lifetime ("supported versions get a patch within 30 days"). */
const DEADLINE_WORDS = compilePhrases<true>(
  ["within", "innerhalb", "sous", "dans un délai", "plazo", "até", "以内", "内", "이내*"].map(
    (p) => [p, true] as const,
  ),
);
/** "For issues reported by the researcher, GitHub assigns a CVE within 72 hours": a third party's clock. */
const CVE_WORDS = new Set(["cve", "cves", "mitre"]);
const SPAN_AFTER = new Set(["lang", "間", "동안"]);
const AGE_WORDS = new Set(["older", "newer", "älter", "anciennes", "anciens", "antiguas", "antiguos", "antigas"]);

/** The clause around a number: up to `max` tokens before `at` and after `end`, stopping at clause boundaries. */
function clauseAround(toks: Tok[], at: number, end: number, max: number, stopAtParen: boolean) {
  const isStop = (t: Tok | undefined) =>
    !t || (t.k === "p" && CLAUSE_BOUNDARIES.has(t.s) && (stopAtParen || (t.s !== "(" && t.s !== ")")));
  const before: Tok[] = [];
  for (let i = at - 1; i >= 0 && before.length < max; i--) {
    // "response to supply chain attacks (regaining access, publishing safe versions) usually takes up to 24 hours": an
    // aside right before the verb is skipped whole, so the clause's subject before it is read.
    if (stopAtParen && toks[i]?.s === ")" && before.length <= 4) {
      const open = matchingOpen(toks, i);
      if (open >= 0) {
        i = open;
        continue;
      }
    }
    if (isStop(toks[i])) break;
    before.unshift(toks[i] as Tok);
  }
  const after: Tok[] = [];
  for (let i = end; i < toks.length && after.length < max && !isStop(toks[i]); i++) after.push(toks[i] as Tok);
  return { before, after };
}

/** The "(" that the ")" at `close` ends, at most 40 tokens back on the same clause, or -1. */
function matchingOpen(toks: Tok[], close: number): number {
  for (let i = close - 1; i >= Math.max(0, close - 40); i--) {
    const t = toks[i];
    if (t?.s === "(") return i;
    if (t?.s === ")" || (t?.k === "p" && (t.s === "." || t.s === ";"))) return -1;
  }
  return -1;
}

const lastWord = (ts: Tok[]) => {
  for (let i = ts.length - 1; i >= 0; i--) if (ts[i]?.k === "w") return ts[i]?.s ?? "";
  return "";
};
const firstWord = (ts: Tok[]) => ts.find((t) => t.k === "w")?.s ?? "";

/** True when the number at [at, end) sits in a clause about one of the other subjects above. */
export function isAboutOtherSubject(toks: Tok[], at: number, end: number): boolean {
  const { before, after } = clauseAround(toks, at, end, 12, true);
  const clause = [...before, ...after];
  if (matchPhrases(clause, OTHER_SUBJECTS_TABLE).length > 0) return true;
  for (let i = 0; i + 1 < clause.length; i++) {
    const a = clause[i];
    const b = clause[i + 1];
    if (a?.k === "w" && b?.k === "w" && PAST_AUX.has(a.s) && PAST_CLOCK_VERB.test(b.s)) return true;
  }
  const span = SPAN_BEFORE.has(lastWord(before)) || SPAN_AFTER.has(firstWord(after));
  const support = matchPhrases(clause, SUPPORT_WORDS).length > 0;
  const version = matchPhrases(clause, VERSION_WORDS).length > 0;
  if (span && (support || version)) return true;
  if (support && version && matchPhrases(clause, DEADLINE_WORDS).length === 0) return true;
  const words = clause.filter((t) => t.k === "w").map((t) => t.s);
  if (words.some((w) => CVE_WORDS.has(w)) && words.some((w) => w.startsWith("assign") || w === "request")) return true;
  // Age may be said before a parenthesis: "older advisories (more than 90 days)".
  const wide = clauseAround(toks, at, end, 8, false).before;
  return wide.some((t) => t.k === "w" && AGE_WORDS.has(t.s));
}

/**
 * A table column whose header names another subject ("Supported for", "Bounty", "Retention") holds no clock: its
 * numbers are a version's life, an amount or a storage time whatever heading the table sits under.
 */
export function headerNamesOtherSubject(header: Tok[]): boolean {
  return matchPhrases(header, OTHER_SUBJECTS_TABLE).length > 0 || matchPhrases(header, SUPPORT_WORDS).length > 0;
}

/** Words a bare time cell may hold besides the time: "within 7 days", "≤ 48 hours", "up to 2 weeks", "max. 5 days". */
const TIME_CELL_WORDS = new Set(["within", "up", "to", "less", "than", "under", "max", "maximum", "at", "most", "by"]);

/**
 * Whether a table cell is only a time, so a column role read from the table's shape (not from a header or label)
 * may apply to it: "Data leak of 30 days of logs" in a severity table's example column is a description, not a fix
 * time.
 */
export function isBareTimeCell(toks: Tok[], d: { i0: number; i1: number }): boolean {
  let other = 0;
  for (let i = 0; i < toks.length; i++) {
    if (i >= d.i0 && i < d.i1) continue;
    const t = toks[i];
    if (t?.k === "w" && !TIME_CELL_WORDS.has(t.s)) other++;
  }
  return other === 0;
}
