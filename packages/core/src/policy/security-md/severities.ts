import { SEVERITIES, type Severity } from "../../severity/levels.ts";
import type { FoundDuration } from "./durations.ts";
import { compilePhrases, matchPhrases, type PhraseHit } from "./phrases.ts";
import type { Tok } from "./tokens.ts";
import { severitiesOf } from "./vocabulary/index.ts";

/** Severities a policy can promise a fix time for: "none" needs no fix. */
export type ResolveSeverity = Exclude<Severity, "none">;
export const RESOLVE_SEVERITIES = SEVERITIES.filter((s): s is ResolveSeverity => s !== "none");

/**
 * Severity words in the languages the reader knows. Words that are also everyday words there are left out
 * ("bajo" is also "under", "中" also "in"); Chinese uses the two-character ratings (高危, 中危, 低危).
 */
const SEVERITY_SOURCE: Record<ResolveSeverity, string[]> = {
  critical: [
    "critical",
    "kritisch*",
    "critique",
    "critiques",
    "crítica",
    "críticas",
    "crítico",
    "críticos",
    "critica",
    "critico",
    "critiche",
    "critici",
    // tr
    "kritik",
    "गंभीर",
    "क्रिटिकल",
    "严重",
    "嚴重",
    "重大",
    "致命的",
    "심각*",
    "치명적*",
  ],
  high: [
    "high",
    "hoch",
    "hohe",
    "hohen",
    "hoher",
    "élevé",
    "yüksek",
    "élevée",
    "élevées",
    "haute",
    "alta",
    "altas",
    "alto",
    "altos",
    "उच्च",
    "高危",
    "高风险",
    "高風險",
    "높음",
  ],
  medium: [
    "medium",
    "moderate",
    "mittel",
    "mittlere",
    "mittleren",
    "mittlerer",
    "moyen",
    "orta",
    "moyenne",
    "modérée",
    "media",
    "medias",
    "média",
    "médio",
    "moderada",
    "moderado",
    "मध्यम",
    "中危",
    "中风险",
    "中風險",
    "중간",
    "보통",
  ],
  low: [
    "low",
    "niedrig",
    "niedrige",
    "niedrigen",
    "gering",
    "geringe",
    "geringen",
    "faible",
    "düşük",
    "faibles",
    "basse",
    "baja",
    "bajas",
    "baixa",
    "baixo",
    "निम्न",
    "低危",
    "低风险",
    "低風險",
    "낮음",
  ],
};
/** "重大度", "严重程度" are the word "severity" itself, not "critical": longer, so they claim their characters first. */
const SEVERITY_NOUNS = ["重大度", "严重程度", "嚴重程度", "严重性", "嚴重性", "深刻度", "重要度", "심각도*"];
const SEVERITY_TABLE = compilePhrases<ResolveSeverity | null>([
  ...(Object.entries(SEVERITY_SOURCE) as [ResolveSeverity, string[]][]).flatMap(([sev, list]) =>
    [...list, ...severitiesOf(sev)].map((p) => [p, sev] as const),
  ),
  ...SEVERITY_NOUNS.map((p) => [p, null] as const),
]);
/** Severity words at their token positions. */
export const severityHits = (toks: Tok[]) =>
  matchPhrases(toks, SEVERITY_TABLE).filter((h): h is PhraseHit<ResolveSeverity> => h.value !== null);

/** What may stand between the severities of one group ("critical and high", "high/medium severity"). */
export const SEVERITY_CONNECTORS = new Set([
  "and",
  "or",
  "severity",
  "sev",
  "&",
  ",",
  "/",
  "-",
  "risk",
  "und",
  "oder",
  "et",
  "ou",
  "y",
  "o",
  "e",
  "और",
  "या",
  "和",
  "或",
  "及",
]);

export function severityWordsIn(toks: Tok[], from: number, to: number): ResolveSeverity[] {
  const out: ResolveSeverity[] = [];
  for (const h of severityHits(toks.slice(from, to))) if (!out.includes(h.value)) out.push(h.value);
  return out;
}

/**
 * The severity group each duration is for: the severities named before it, as a group ("critical and high") that
 * holds until a new group starts ("critical within 7 days, high and medium within 30 days").
 */
export function severityGroups(toks: Tok[], found: FoundDuration[]): ResolveSeverity[][] {
  const hits = severityHits(toks);
  const groups: ResolveSeverity[][] = [];
  let pending: ResolveSeverity[] = [];
  let lastEnd = -1;
  let h = 0;
  for (const d of found) {
    for (; h < hits.length && (hits[h]?.start ?? 0) < d.i0; h++) {
      const hit = hits[h];
      if (!hit) continue;
      const contiguous =
        lastEnd >= 0 &&
        toks.slice(lastEnd, hit.start).every((x) => (x.k === "w" || x.k === "p") && SEVERITY_CONNECTORS.has(x.s)) &&
        !found.some((f) => f.i0 >= lastEnd && f.i0 < hit.start);
      pending = contiguous ? (pending.includes(hit.value) ? pending : [...pending, hit.value]) : [hit.value];
      lastEnd = hit.end;
    }
    groups.push(pending);
  }
  return groups;
}
