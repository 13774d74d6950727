import { parseAmount } from "./amounts.ts";
import { UNIT_WORDS } from "./durations.ts";
import { compilePhrases, matchPhrases } from "./phrases.ts";
import { CLAUSE_BOUNDARIES } from "./sentences.ts";
import { punctAt, type Tok, wordAt } from "./tokens.ts";
import { cuesOf } from "./vocabulary/index.ts";

export type Cue = "ack" | "assess" | "update" | "emergency" | "resolve" | "disclosure";

/**
 * What a number may be promised for, in English, German, French, Spanish, Portuguese, Chinese, Japanese and Hindi
 * (and Korean, Italian and Turkish); the languages of vocabulary/ are added by CUE_TABLE.
 * German compounds are matched inside the word ("*bestätigung" in "Eingangsbestätigung").
 */
const CUE_SOURCE: Record<Cue, string[]> = {
  assess: [
    // deciding whether to fix is an assessment: the fix word inside is no fix deadline
    "whether to fix",
    "whether it will be fixed",
    "whether we will fix",
    "确认是否修复",
    "確認是否修復",
    "确认是否",
    "確認是否",
    "是否修复",
    "是否修復",
    "是否进行修复",
    "是否進行修復",
    // a plan for the fix is an assessment, not the fix
    "fix timeline",
    "fix schedule",
    "fix plan",
    "timeline for the fix",
    "timeline for a fix",
    "timeline for fixing",
    "remediation plan",
    "remediation timeline",
    "resolution plan",
    "resolution timeline",
    "timeline for resolution",
    "timeline for remediation",
    "estimated timeline",
    "expected timeline",
    "plan for a fix",
    "plan to fix",
    "mitigation plan",
    "action plan",
    "修正スケジュール",
    "修正予定",
    "修正計画",
    "パッチ計画",
    "patch plan",
    "対処方針",
    "修正方針",
    "対策方針",
    "対応方針",
    "修复计划",
    "修复时间表",
    "修復計畫",
    "detailed response",
    "more detailed",
    "substantive response",
    "full response",
    "next steps",
    "further steps",
    "initial assessment",
    "confirm the vulnerability",
    "confirm the issue",
    "confirm whether",
    "assess*",
    // "confirm the vulnerability": whether it is one, an assessment (not "confirm receipt")
    "confirm the vulnerabilit*",
    "confirm the issue",
    "triag*",
    "evaluat*",
    "investigat*",
    "validat*",
    "verify",
    "verified",
    "verification",
    "analys*",
    "analyz*",
    "determine",
    // de
    "*bewert*",
    "*prüf*",
    "untersuch*",
    "einschätz*",
    "*analyse",
    // fr
    "évalu*",
    "analyse*",
    "vérifi*",
    "examin*",
    "enquête",
    // es, pt
    "evalu*",
    "analiz*",
    "analis*",
    "investig*",
    "verific*",
    "validar*",
    "validação",
    "validación",
    "avali*",
    "análise",
    "análisis",
    "triaje",
    "triagem",
    // zh, ja
    "评估",
    "評估",
    "分析",
    "调查",
    "調査",
    "調查",
    "核实",
    "验证",
    "驗證",
    "検証",
    "評価",
    "トリアージ",
    // ko
    "검토*",
    "분석*",
    "평가*",
    "조사*",
    // hi
    "मूल्यांकन",
    "विस्तृत प्रतिक्रिया",
    "अधिक विस्तृत",
    "आकलन",
    "ट्राइएज",
    "ट्राइज",
    // a schedule for the fix is a plan (de, fr, es, pt)
    "zeitplan*",
    "behebungsplan*",
    "calendrier de correction",
    "plan de correction",
    "plan de corrección",
    "plano de correção",
    "cronograma*",
    "जांच",
    "जाँच",
    "विश्लेषण",
    "सत्यापन",
    // it
    "valutazion*",
    "valuter*",
    "analizzer*",
    "analisi",
    "verifich*",
    // tr
    "değerlendir*",
    "incele*",
  ],
  ack: [
    "first response",
    "initial response",
    "first reply",
    "initial reply",
    "hear back",
    "get back",
    "confirm receipt",
    // "We'll confirm we received your report within 3–5 days"
    "confirm we received",
    "confirm that we received",
    "confirm we have received",
    "confirm that we have received",
    "confirm we've received",
    "acknowledg*",
    "receipt",
    "respond",
    "responds",
    "response",
    "responses",
    "reply",
    "replies",
    "feedback",
    // "we will contact you within 2 days": the first answer
    "contact you",
    "initiate a conversation",
    "start a conversation",
    "get in touch",
    "answer",
    "answers",
    "confirmation email",
    "confirmation e-mail",
    "confirmation message",
    // de
    "*bestätig*",
    "*antwort*",
    "rückmeld*",
    // "wir reagieren innerhalb von 7 Arbeitstagen": to react is to respond
    "reagier*",
    "melden uns",
    // fr
    "accusé de réception",
    "accuse de reception",
    "accus*",
    "réponse*",
    "répond*",
    // es, pt
    "acuse*",
    "respuesta*",
    "respond*",
    "resposta*",
    "confirmar*",
    "confirmação",
    "confirmación",
    "recebimento",
    // zh, ja
    "确认",
    "確認",
    "回复",
    "回覆",
    "答复",
    "答覆",
    "回应",
    "回應",
    "响应",
    // feedback on a report is a response to it
    "反馈",
    "反饋",
    "受領",
    "受付",
    "受理",
    "返信",
    "回答",
    "応答",
    // ko
    "확인*",
    "답변*",
    "응답*",
    "회신*",
    "접수*",
    // hi
    "पुष्टि",
    "जवाब",
    "उत्तर",
    "प्रतिक्रिया",
    "स्वीकार*",
    "स्वीकृति",
    // it
    "rispost*",
    "rispond*",
    "risponder*",
    "conferm*",
    "ricezione",
    "riscontro",
    "presa in carico",
    "informeremo",
    "contatteremo",
    // tr
    "geri dönüş*",
    "yanıt*",
    "cevap*",
    "onay*",
  ],
  // Bare "update(s)" is left out: "we release updates monthly" is no promise to the reporter.
  update: [
    "status update*",
    "progress update*",
    "update you",
    "keep you",
    "hear from",
    // "you will be updated", "kept updated"; not "the FAQ, updated every 30 days"
    "you updated",
    "you will be updated",
    "you'll be updated",
    "you will be kept updated",
    "reporter will be updated",
    "reporters will be updated",
    "status",
    "progress",
    "informed",
    // de, fr, es, pt
    "*statusmeldung*",
    "*statusaktualisierung*",
    "*statusupdate*",
    "statut",
    "actualizaci* de estado",
    "atualizaç* de estado",
    "zwischenstand*",
    "laufenden",
    "informé*",
    "avancement",
    "mise* à jour de l'état",
    "mise* à jour sur l'état",
    "informad*",
    "progreso",
    "avance*",
    "andamento",
    "progresso",
    // zh, ja, hi
    "进展",
    "進展",
    "进度",
    "進捗",
    "진행*",
    "상태 업데이트*",
    "प्रगति",
    // it
    "aggiornament*",
    "stato di avanzamento",
  ],
  emergency: [
    "on call",
    "emergenc*",
    "urgent*",
    "oncall",
    "notfall*",
    "dringend*",
    "urgence*",
    "urgencia*",
    "emergencia*",
    "emergência*",
    "紧急",
    "緊急",
    "긴급*",
    "आपात*",
    // it
    "emergenz*",
    "urgenz*",
  ],
  resolve: [
    "security update*",
    "security release*",
    "fix",
    "fixes",
    "fixed",
    "fixing",
    "bugfix*",
    "hotfix*",
    "patch",
    "patches",
    "patched",
    "patching",
    "resolv*",
    "resolution",
    "remediat*",
    // de
    "beheb*",
    "behob*",
    "*behebung",
    "korrigier*",
    "*korrektur",
    "beseitig*",
    // fr
    "corrig*",
    "correctif*",
    "correction*",
    "résoudre",
    "résolu*",
    // es, pt
    "correg*",
    "correcci*",
    "solucion*",
    "parche*",
    "arregl*",
    // "fornecer uma resolução dentro de 30 dias", "una resolución en 30 días"
    "resoluç*",
    "resoluci*",
    "resolver",
    "corrij*",
    "correç*",
    // zh, ja
    "修复",
    "修復",
    "修补",
    "补丁",
    "補丁",
    "修正",
    "パッチ",
    // ko
    "수정*",
    "패치*",
    "해결*",
    // hi
    "ठीक",
    "सुधार*",
    "पैच",
    "समाधान",
    // it
    "correzion*",
    "corrett*",
    "corregger*",
    "risolver*",
    "risoluzion*",
    "correttiv*",
    // tr
    "düzelt*",
    "yama*",
    "çözül*",
    "çözüm*",
  ],
  disclosure: [
    "disclos*",
    "publish*",
    "publication",
    "publicly",
    "public",
    "embargo*",
    "advisory",
    "advisories",
    "announce*",
    // de
    "*veröffentlich*",
    "offenleg*",
    "bekanntgabe",
    // fr, es, pt
    "publi*",
    "divulg*",
    "revel*",
    "anunci*",
    // zh, ja
    "披露",
    "公开",
    "公開",
    "公布",
    "公表",
    "開示",
    // ko
    "공개*",
    "공지*",
    // hi
    "प्रकट",
    "सार्वजनिक",
    "प्रकाशित",
    "खुलासा",
    // it
    "divulgazion*",
    "divulgher*",
    "pubblicazion*",
    "pubblicher*",
    "rendere pubblic*",
    // tr
    "kamuya açıkla*",
    "ifşa*",
  ],
};

const CUE_TABLE = compilePhrases<Cue>(
  (Object.entries(CUE_SOURCE) as [Cue, string[]][]).flatMap(([cue, list]) =>
    [...list, ...cuesOf(cue)].map((p) => [p, cue] as const),
  ),
);

export interface CueHit {
  cue: Cue;
  tok: number;
  /** An urgency word right before a fix word ("urgent fixes", "紧急修复"): the fix time of critical issues. */
  urgent?: boolean;
}

/**
 * "Information disclosure" and "PII disclosure" name what a vulnerability does, not when it is published: a
 * disclosure word right after one of these, or followed by "of" and one of these, is no disclosure cue.
 */
const IMPACT_NOUNS = new Set([
  "information",
  "info",
  "data",
  "credential",
  "credentials",
  "pii",
  "secret",
  "secrets",
  "key",
  "keys",
  "token",
  "tokens",
  "memory",
  "path",
  "source",
  "file",
  "files",
  "sensitive",
  "password",
  "passwords",
  "private",
  "personal",
  "user",
  "account",
  "internal",
  "unauthorized",
  "unauthorised",
  "accidental",
  "unintended",
  "confidential",
  "customer",
  "financial",
  "health",
]);
const DETERMINERS = new Set(["the", "a", "an", "any", "of", "user", "users", "customer"]);

function isImpactDisclosure(toks: Tok[], at: number): boolean {
  const w = toks[at]?.s ?? "";
  if (!w.startsWith("disclos")) return false;
  const prev = wordAt(toks, at - 1) ?? (punctAt(toks, at - 1, "-") ? wordAt(toks, at - 2) : null);
  if (prev !== null && IMPACT_NOUNS.has(prev)) return true;
  // "disclosure of sensitive data", "discloses user credentials"
  let seen = 0;
  for (let i = at + 1; i < toks.length && seen < 3; i++) {
    const t = toks[i];
    if (t?.k !== "w") break;
    seen++;
    if (IMPACT_NOUNS.has(t.s) && t.s !== "user" && t.s !== "customer") return true;
    if (!DETERMINERS.has(t.s)) return false;
  }
  return false;
}

/**
 * "Publish a patch", "veröffentlichen einen Fix", "修正版を公開", "the patch is published": a fix being released,
 * not a disclosure. Only articles and the like may stand between the two words.
 */
const FIX_OBJECT_FILLERS = new Set(
  [
    "a",
    "an",
    "the",
    "our",
    "its",
    "new",
    "security",
    "einen",
    "ein",
    "den",
    "un",
    "une",
    "le",
    "la",
    "el",
    "o",
    "um",
  ].concat([..."版をプログラム"]),
);
const PASSIVE_FILLERS = new Set(["is", "are", "was", "were", "be", "been", "will", "has", "have", "gets", "get"]);

interface RawHit extends CueHit {
  end: number;
}
function isFixRelease(toks: Tok[], hits: RawHit[], k: number): boolean {
  const h = hits[k];
  if (!h) return false;
  const onlyFillers = (a: number, b: number, passive: boolean) => {
    for (let i = a; i < b; i++) {
      const t = toks[i];
      if (t?.k !== "w" || !(FIX_OBJECT_FILLERS.has(t.s) || (passive && PASSIVE_FILLERS.has(t.s)))) return false;
      if (i - a >= 4) return false;
    }
    return true;
  };
  const next = hits[k + 1];
  if (next?.cue === "resolve" && onlyFillers(h.end, next.tok, false)) return true;
  const prev = hits[k - 1];
  return prev?.cue === "resolve" && onlyFillers(prev.end, h.tok, true);
}

/**
 * "After the fix is released", "once triaged", "修正後": the cue names the moment a clock starts from, not what it
 * promises. ("Before" is left out: "90 days before disclosure" still bounds the disclosure.)
 */
const ANCHOR_WORDS = new Set([
  "after",
  "once",
  "when",
  "following",
  "upon",
  "nach",
  "sobald",
  "après",
  "después",
  "tras",
  "após",
  "depois",
]);
const ANCHOR_SKIP = new Set([
  "we",
  "you",
  "they",
  "have",
  "has",
  "had",
  "the",
  "a",
  "an",
  "our",
  "your",
  "its",
  "this",
  "that",
  "der",
  "die",
  "das",
  "dem",
  "den",
  "le",
  "la",
  "les",
  "el",
  "los",
  "las",
  "o",
  "os",
  "as",
  "de",
  "du",
  "del",
  "do",
  "da",
]);
const CJK_AFTER = new Set(["後", "后", "후", "이후"]);
/** "when a new version with fixes is released": the event a clock waits for. */
const RELEASED = new Set([
  "released",
  "available",
  "published",
  "shipped",
  "ready",
  "out",
  "deployed",
  "merged",
  "issued",
  "made",
]);
const AUXILIARIES = new Set([
  "is",
  "are",
  "was",
  "were",
  "be",
  "been",
  "has",
  "have",
  "gets",
  "get",
  "becomes",
  "become",
]);
function inTemporalClause(toks: Tok[], h: RawHit): boolean {
  let conj = false;
  for (let i = h.tok - 1, words = 0; i >= 0 && words < 7; i--) {
    const t = toks[i];
    if (!t || (t.k === "p" && CLAUSE_BOUNDARIES.has(t.s))) break;
    if (t.k !== "w") continue;
    words++;
    if (ANCHOR_WORDS.has(t.s)) conj = true;
  }
  if (!conj) return false;
  for (let i = h.end, words = 0; i < toks.length && words < 4; i++) {
    const t = toks[i];
    if (t?.k !== "w") break;
    words++;
    if (RELEASED.has(t.s) && AUXILIARIES.has(toks[i - 1]?.s ?? "")) return true;
  }
  return false;
}

const OF_WORDS = new Set(["of", "from", "since", "von", "nach", "de", "du", "des", "del", "da", "do"]);
/** "within 24 hours of disclosure", "within 30 days of confirmation": the cue after "of" says when the clock starts. */
function countedFrom(toks: Tok[], h: RawHit): boolean {
  let i = h.tok - 1;
  while (i >= 0 && ["the", "its", "their", "a", "an", "la", "le", "der", "die", "dem"].includes(toks[i]?.s ?? "")) i--;
  if (!OF_WORDS.has(toks[i]?.s ?? "") || !UNIT_WORDS[toks[i - 1]?.s ?? ""]) return false;
  // a number (or "a") before the unit: "mise à jour de statut" has a "jour" that counts nothing
  return parseAmount(toks, i - 2) !== null;
}

/** "Disclosure of forthcoming fix to users": a fix still to come is talked about, not promised. */
const FORTHCOMING = new Set(["forthcoming", "upcoming", "pending", "future"]);
/** "A vulnerability has been patched", "was fixed": an event that happened, not a promise. */
const PERFECT = new Set(["been", "was", "were"]);

function isAnchor(toks: Tok[], h: RawHit): boolean {
  if (inTemporalClause(toks, h) || countedFrom(toks, h)) return true;
  const prev = toks[h.tok - 1]?.s ?? "";
  if (h.cue === "resolve" && (FORTHCOMING.has(prev) || PERFECT.has(prev))) return true;
  let seen = 0;
  for (let i = h.tok - 1; i >= 0 && seen < 3; i--) {
    const t = toks[i];
    if (t?.k !== "w") break;
    seen++;
    if (ANCHOR_WORDS.has(t.s)) return true;
    if (!ANCHOR_SKIP.has(t.s)) break;
  }
  // "修正リリース後", "修复之后", "수정 후": up to four words (characters) between the cue and "after".
  for (let i = h.end; i < Math.min(toks.length, h.end + 5); i++) {
    const t = toks[i];
    if (t?.k !== "w") break;
    if (CJK_AFTER.has(t.s)) return true;
  }
  return false;
}

/**
 * "Urgent fixes are released within 24 hours", "emergency patches", "紧急修复": the urgency word qualifies the fix,
 * so the number is how fast critical issues are fixed, not an emergency response time.
 */
function markUrgentFixes(raw: RawHit[]): RawHit[] {
  const out: RawHit[] = [];
  for (let k = 0; k < raw.length; k++) {
    const h = raw[k] as RawHit;
    const next = raw[k + 1];
    if (h.cue === "emergency" && next?.cue === "resolve" && next.tok === h.end) {
      out.push({ ...next, urgent: true });
      k++;
    } else out.push(h);
  }
  return out;
}

function scanCues(toks: Tok[]): (RawHit & { anchor: boolean })[] {
  const raw: RawHit[] = markUrgentFixes(
    matchPhrases(toks, CUE_TABLE).map((h) => ({ cue: h.value, tok: h.start, end: h.end })),
  );
  return raw
    .filter((h, k) => h.cue !== "disclosure" || (!isImpactDisclosure(toks, h.tok) && !isFixRelease(toks, raw, k)))
    .map((h) => ({ ...h, anchor: isAnchor(toks, h) }));
}

/** Cue hits over toks that say what a number promises (word tokens only; "-" between words is ignored: "on-call"). */
export function findCues(toks: Tok[]): CueHit[] {
  return scanCues(toks)
    .filter((h) => !h.anchor)
    .map(({ cue, tok, urgent }) => (urgent ? { cue, tok, urgent } : { cue, tok }));
}

/** Token positions where a fix is the moment a clock starts from ("after the fix is released", "修正後"). */
export function fixAnchors(toks: Tok[]): number[] {
  return scanCues(toks)
    .filter((h) => h.anchor && h.cue === "resolve")
    .map((h) => h.tok);
}

/** A trailing "*" matches any ending: "acknowledg*" covers acknowledge, acknowledged, acknowledgement. */
const wordMatchesSimple = (pattern: string, word: string) =>
  pattern.endsWith("*") ? word.startsWith(pattern.slice(0, -1)) : word === pattern;

export const hasAny = (toks: Tok[], patterns: string[]) =>
  toks.some((t) => t.k === "w" && patterns.some((p) => wordMatchesSimple(p, t.s)));
