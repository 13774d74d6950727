import { CONFIDENCE_THRESHOLD, confidenceOf, reasonsOf, type Signal } from "./confidence.ts";
import { type DocumentContext, excerpt, leadInTokens, parentHeading, sliceCap } from "./document.ts";
import { findEmails, findObfuscatedEmails } from "./emails.ts";
import { isNegation } from "./non-promises.ts";
import type { ParsedPolicy } from "./parsed-policy.ts";
import { anyOf } from "./phrases.ts";
import type { Sentence } from "./sentences.ts";
import { type Tok, tokenize } from "./tokens.ts";
import { wordsOf } from "./vocabulary/index.ts";

export type ContactRole = "security" | "emergency" | "escalation" | "support";
const ROLES: ContactRole[] = ["security", "emergency", "escalation", "support"];

/** Words that tie an address to security reports, in the sentence itself. */
const REPORT_WORDS = anyOf([
  "report*",
  "vulnerab*",
  "disclos*",
  // tr: "bildir*" (report), "güvenlik açığı" (vulnerability)
  "bildir*",
  "güvenlik açığ*",
  // "Privately share any issues you discover with us via support@…": what is shared privately is a finding
  "privately",
  "confidentially",
  "secur*",
  "escalat*",
  "emergenc*",
  "urgent*",
  "incident*",
  "exploit*",
  "cve",
  "psirt",
  "cert",
  "melde*",
  "schwachstelle*",
  "sicherheit*",
  "signal*",
  "vulnérabilit*",
  "sécurité",
  "reporta*",
  "vulnerabilidad*",
  "seguridad",
  "relat*",
  "vulnerabilidade*",
  "segurança",
  "报告",
  "漏洞",
  "安全",
  "報告",
  "脆弱性",
  "セキュリティ",
  "रिपोर्ट",
  "भेद्यता",
  "सुरक्षा",
  "신고*",
  "취약점*",
  "보안*",
  ...wordsOf("reportWords"),
]);
/** Words that only say "write to": an address with nothing more around it may be anything. */
const GENERIC_CONTACT_WORDS = anyOf([
  "contact*",
  "email*",
  "e",
  "mail",
  "send",
  "write",
  "reach",
  "kontakt*",
  "contacto",
  "contato",
  "envie",
  "envia*",
  "联系",
  "聯絡",
  "聯繫",
  "電子郵件",
  "电子邮件",
  "連絡",
  "メール",
  "邮件",
  "संपर्क",
  "ईमेल",
  "연락*",
  "이메일*",
  "메일*",
  ...wordsOf("contactWords"),
]);
const HEADING_REPORT_WORDS = anyOf([
  "report*",
  "vulnerab*",
  "disclos*",
  "contact*",
  "escalat*",
  "emergenc*",
  "urgent*",
  "psirt",
  "security",
  "melde*",
  "schwachstelle*",
  "signal*",
  "reporta*",
  // pt: "relatar", "Relato por e-mail"
  "relat*",
  "报告",
  "漏洞",
  "報告",
  "脆弱性",
  "रिपोर्ट",
  "신고*",
  "취약점*",
  ...wordsOf("reportWords"),
]);
/** Addresses for other business (conduct, press, privacy, licences) are none of the four kinds. */
const OTHER_BUSINESS = anyOf([
  "conduct",
  "harassment",
  "permission",
  "authori*",
  "press",
  "media",
  "privacy",
  "careers",
  "jobs",
  "licens*",
  "trademark*",
  "legal",
  "gdpr",
  // an address named for what it did, not for what it takes
  "signed by",
  "committed by",
  "authored by",
  "pricing",
  "invoice*",
]);
const SUPPORT_WORDS = anyOf([
  "support*",
  "sales",
  "billing",
  "helpdesk",
  "help",
  "inquir*",
  "enquir*",
  "question",
  "questions",
  "frage",
  "fragen",
  "pregunta*",
  "pergunta*",
  "質問",
  "customer*",
  "general",
  "non-security",
  "anything else",
  "everything else",
  "other matters",
  "other topics",
  "unterstützung",
  "assistance",
  "soporte",
  "suporte",
  "サポート",
  "お問い合わせ",
  "支持",
  "客服",
  "सहायता",
]);
const STRONG_SECURITY = anyOf(["vulnerab*", "exploit*", "cve", "schwachstelle*", "vulnérabilit*", "漏洞", "脆弱性"]);
const SECURITY_WORDS = anyOf([
  "secur*",
  "privately",
  "confidentially",
  "güvenlik*",
  "vulnerab*",
  "report*",
  "disclos*",
  "exploit*",
  "cve",
  "psirt",
  "sicherheit*",
  "sécurité",
  "seguridad",
  "segurança",
  "安全",
  "脆弱性",
  "セキュリティ",
  "漏洞",
  "सुरक्षा",
  ...wordsOf("securityWords"),
]);
// "urgent", "urgency": an urgent matter; not "urgently", which only says how to do something ("urgently inform us").
const EMERGENCY_WORDS = anyOf([
  "emergenc*",
  "urgent",
  "urgency",
  "urgencies",
  "oncall",
  "on call",
  "pager*",
  "notfall*",
  "dringend*",
  "urgence*",
  "urgencia*",
  "紧急",
  "緊急",
  "आपात*",
]);
const ESCALATION_WORDS = anyOf([
  "escalat*",
  "eskalier*",
  "escalad*",
  "escalar",
  "escalonar",
  "エスカレーション",
  "एस्केलेट",
]);
/** "If you do not hear back", "no response within": an address for when reports go unanswered. */
const NO_ANSWER = anyOf([
  "hear back",
  "heard back",
  "no response",
  "no answer",
  "no reply",
  "not respond*",
  "not receive*",
  // as often written
  "not recieve*",
  "didn't recieve*",
  "didn't receive*",
  "not hear",
  "hear nothing",
  "heard nothing",
  "no reply",
  "no response",
  "no answer",
  "don't hear",
  "haven't heard",
  "unanswered",
  "no acknowledg*",
]);
const SUPPORT_LOCAL = /^(support|info|sales|help|helpdesk|billing)$/i;
const SECURITY_LOCAL = /secur|segur|sicher|psirt|cert|vuln|disclos|report|bounty/i;
const NOREPLY = /^(no-?reply|do-?not-?reply)$/i;
/**
 * A mailing list's robot address ("security+subscribe@", "announce-join@", "list-request@") or an address in a
 * clause about subscribing: it joins a list, it takes no report.
 */
const LIST_ROBOT = /(^|[+-])(un)?(subscribe|join|leave|request)$/i;
/** Announcement and discussion lists ("project-announce@", "envoy-users@", "dev@lists…") take no reports. */
const DISCUSSION_LIST = /(^|[-_])(announce|announcements?|users|dev|devel|discuss|discussion)$/i;
/** "dev@company.com" alone is a team's mailbox; "dev@lists.project.org", "project-dev@…" are lists. */
const isDiscussionList = (local: string, domain: string) =>
  DISCUSSION_LIST.test(local) &&
  (/[-_]/.test(local) || /^(lists?|groups?|googlegroups)\.|googlegroups\.com$/i.test(domain));
/** "A good example is team@x.com", "(ex: meu_nome@email.com)": an address given as an example is no contact. */
const EXAMPLE_WORDS = anyOf([
  "example",
  "examples",
  "beispiel",
  "exemple",
  "ejemplo",
  "exemplo",
  "ex",
  "eg",
  "e g",
  "z b",
]);
const SUBSCRIBE_WORDS = anyOf([
  "subscrib*",
  // "to be added to our list of vendors, write to …"
  "added to",
  "unsubscrib*",
  "abonn*",
  "suscrib*",
  "inscrev*",
  "订阅",
  "訂閱",
  "購読",
  "구독",
]);
/**
 * "We recommend stating `security-contact: security@example.com` in your project": an address on a documentation
 * domain, in a sentence that advises or shows an example, is a placeholder.
 */
const DOCUMENTATION_DOMAIN = /(^|\.)example\.(com|org|net)$/i;
const ADVICE_WORDS = anyOf([
  "recommend*",
  "encourag*",
  "for example",
  "such as",
  "e g",
  "eg",
  "template",
  "placeholder",
  "custom*",
]);

export interface ContactHit {
  email: string;
  role: ContactRole;
  pos: number;
  evidence: string;
  signals: Signal[];
}

/**
 * The role of one address, from the words around it (its clause, the words since the previous address, its part of
 * the sentence between semicolons), then its sentence (if it names only this address), then its heading.
 */
function roleOf(
  near: Tok[][],
  sentence: Tok[],
  heading: Tok[],
  leadIn: Tok[],
  local: string,
  single: boolean,
): { role: ContactRole; signals: Signal[] } {
  const escalation = (t: Tok[]) => ESCALATION_WORDS(t) || NO_ANSWER(t);
  for (const part of near) {
    if (escalation(part)) return { role: "escalation", signals: [] };
    if (EMERGENCY_WORDS(part)) return { role: "emergency", signals: [] };
  }
  // "If you have not received a reply within 48 hours, there are a few steps you can take:" over "- Contact the
  // security coordinator (a@x)": the list's items are what to do when reports go unanswered. A lead-in that also
  // says where reports go ("Report to one of these; if you hear nothing, follow up") is not only that.
  const introduces = sentenceIntroducingList(leadIn);
  if (escalation(introduces) && !REPORT_WORDS(introduces)) return { role: "escalation", signals: [] };
  const around = near[near.length - 1] ?? sentence;
  // sales@ and billing@ never take reports; support@ and info@ may, under a heading about reporting.
  const supportByAddress =
    SUPPORT_LOCAL.test(local) &&
    !SECURITY_WORDS(around) &&
    (!HEADING_REPORT_WORDS(heading) || /^(sales|billing)$/i.test(local));
  const supportByWords = near.some((t) => SUPPORT_WORDS(t) && !SECURITY_WORDS(t));
  if (supportByWords || supportByAddress) return { role: "support", signals: [] };
  if (single && escalation(sentence)) return { role: "escalation", signals: [] };
  if (single && EMERGENCY_WORDS(sentence)) return { role: "emergency", signals: [] };
  if (ESCALATION_WORDS(heading)) return { role: "escalation", signals: ["roleFromHeading"] };
  if (EMERGENCY_WORDS(heading)) return { role: "emergency", signals: ["roleFromHeading"] };
  if (SUPPORT_WORDS(heading) && !SECURITY_WORDS(heading) && !SECURITY_WORDS(sentence))
    return { role: "support", signals: ["roleFromHeading"] };
  return { role: "security", signals: [] };
}

/**
 * The sentence of a lead-in paragraph that introduces its list: the one ending in a colon, else the last. Other
 * sentences of the paragraph say other things ("Reports are kept for 90 days.").
 */
function sentenceIntroducingList(leadIn: Tok[]): Tok[] {
  const colon = leadIn.findLastIndex((t) => t.k === "p" && t.s === ":");
  const end = colon >= 0 ? colon : leadIn.length;
  let from = end - 1;
  while (from > 0 && !(leadIn[from - 1]?.k === "p" && [".", "!", "?"].includes(leadIn[from - 1]?.s ?? ""))) from--;
  return leadIn.slice(Math.max(from, 0), end);
}

/** "To do so", "pour ce faire", "para ello", "dazu": the start of a sentence that carries on the one before. */
const TO_DO_SO = anyOf([
  "to do so",
  "to do this",
  "pour ce faire",
  "pour cela",
  "para ello",
  "para isso",
  "para tal",
  "dazu",
  "hierzu",
  "hierfür",
  "per farlo",
]);
/** The words of the same paragraph before the sentence, up to its previous sentence's start (at most 400 characters). */
function sentenceBefore(doc: DocumentContext, S: Sentence): Tok[] {
  const from = Math.max(S.block.a, S.a - 400);
  const before = doc.ana.slice(from, S.a);
  const start = Math.max(before.lastIndexOf(". ", before.length - 3), before.lastIndexOf("\n\n")) + 1;
  return tokenize(doc.ana, from + start, S.a);
}

/** "## Maintainers", "## Security team": a section of people, which a policy may point reports to. */
const MAINTAINERS_HEADING = anyOf(["maintainer*", "team", "people", "betreuer*", "mainteneur*", "mantenedor*"]);
/** "Privately report vulnerabilities to the maintainers listed at the end of this document." */
const TO_LISTED_PEOPLE =
  /\b(report|send|e-?mail|contact|write)\w*\b[^.\n]{0,120}\b(maintainers?|people|persons|team members)\b[^.\n]{0,40}\b(listed|named|below|following|at the end)\b/i;
function reportsGoToListedPeople(doc: DocumentContext): boolean {
  doc.reportsToListedPeople ??= TO_LISTED_PEOPLE.test(doc.ana.slice(0, 200_000));
  return doc.reportsToListedPeople;
}

/** Where an "instead of A, or B" list ends: the request that follows it, or a stop other than a comma. */
const INSTEAD_ENDS = new Set(["please", "send", "email", "write", "contact", "report", "use"]);
/** Offsets of the tokens inside "instead of …" / "rather than …" phrases: what not to use names no role. */
function insteadOfOffsets(toks: Tok[]): Set<number> {
  const out = new Set<number>();
  let skipping = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    if ((t.k === "p" && t.s !== ",") || INSTEAD_ENDS.has(t.s)) skipping = false;
    if ((t.s === "instead" && toks[i + 1]?.s === "of") || (t.s === "rather" && toks[i + 1]?.s === "than"))
      skipping = true;
    if (skipping) out.add(t.a);
  }
  return out;
}

/** Words that only join addresses of one list ("a@x and b@x", "a@x, b@x or c@x"). */
const LIST_JOINERS = new Set(["and", "or", ",", "/", "und", "oder", "et", "ou", "y", "o", "e", "和", "或", "और", "या"]);

/** Adds every address the sentence names to `out`, with the kind it names it for and how sure that is. */
export function analyseContacts(doc: DocumentContext, S: Sentence, out: ContactHit[]): void {
  const emails = [...findEmails(doc.ana, doc.ats, S.a, S.b), ...findObfuscatedEmails(doc.ana, S.a, S.b)].sort(
    (x, y) => x.a - y.a,
  );
  if (emails.length === 0) return;
  const toks = S.toks;
  const securityStrong =
    STRONG_SECURITY(toks) || /security (issue|bug|report|problem|concern|vulnerab)/i.test(sliceCap(doc.ana, S.a, S.b));
  if (OTHER_BUSINESS(toks) && !securityStrong) return;
  // A table row whose headers and cells say nothing of reports or contact (a list of member organisations' addresses)
  // is a directory of other parties, not where reports go.
  if (S.cells && !tableRowNamesRole(doc.ana, S, toks)) return;
  const heading = S.block.heading >= 0 ? (doc.headingToks[S.block.heading] ?? []) : [];
  const leadToks = S.block.leadIn >= 0 ? leadInTokens(doc, S.block.leadIn) : [];
  // "… signaler une vulnérabilité. Pour ce faire, envoie un e-mail à …": "to do so" refers to the sentence before.
  const inSentence = REPORT_WORDS(toks) || (TO_DO_SO(toks.slice(0, 4)) && REPORT_WORDS(sentenceBefore(doc, S)));
  // "### Steps" under "## Reporting a Vulnerability": the section's own heading, or the one it sits under (never the
  // document's title, "# Security Policy", which every section sits under).
  const parent = S.block.heading >= 0 ? parentHeading(doc, S.block.heading) : -1;
  const parentIsSection = parent >= 0 && (doc.headings[parent]?.level ?? 1) >= 2;
  const byContext =
    HEADING_REPORT_WORDS(heading) ||
    (MAINTAINERS_HEADING(heading) && reportsGoToListedPeople(doc)) ||
    REPORT_WORDS(leadToks) ||
    (parentIsSection && HEADING_REPORT_WORDS(doc.headingToks[parent] ?? []));
  const generic = GENERIC_CONTACT_WORDS(toks) || GENERIC_CONTACT_WORDS(leadToks);
  const evidence = excerpt(doc, S.a, S.b);
  const instead = insteadOfOffsets(toks);
  let prev: { role: ContactRole; signals: Signal[]; end: number } | null = null;
  for (const e of emails) {
    const [local = "", domain = ""] = e.email.split("@");
    if (NOREPLY.test(local) || LIST_ROBOT.test(local) || isDiscussionList(local, domain)) continue;
    if (DOCUMENTATION_DOMAIN.test(domain) && ADVICE_WORDS(toks)) continue;
    const seg = segmentAround(toks, e.a, doc.ana);
    const alone = emails.filter((x) => x.a >= (seg[0]?.a ?? 0) && x.a <= (seg[seg.length - 1]?.a ?? 0)).length === 1;
    const since = toks.filter((t) => t.a >= (prev?.end ?? S.a) && t.b <= e.a);
    // "a@x and b@x": the second address of a list has the first one's role.
    const joined: boolean = prev !== null && since.every((t) => LIST_JOINERS.has(t.s));
    // "Instead of the bug tracker, or the support forums, email security@…": those words are left out.
    const near = [clauseAround(toks, e.a), since, ...(alone ? [seg] : [])].map((part) =>
      part.filter((t) => !instead.has(t.a)),
    );
    // A sentence with one address that asks to join a list is about the list, whichever clause says so.
    const joinsList = SUBSCRIBE_WORDS(near[0] ?? []) || (emails.length === 1 && SUBSCRIBE_WORDS(toks));
    if (joinsList || EXAMPLE_WORDS(near[0] ?? [])) continue;
    const { role, signals }: { role: ContactRole; signals: Signal[] } =
      joined && prev
        ? { role: prev.role, signals: [...prev.signals] }
        : roleOf(near, toks, heading, leadToks, local, emails.length === 1);
    prev = { role, signals: [...signals], end: e.b };
    if (role === "security") {
      if (turnedAway(toks, e.a)) continue;
      if (!inSentence) {
        if (byContext || SECURITY_LOCAL.test(local)) signals.push("contactByContext");
        else if (generic) signals.push("contactWeak");
        else continue;
      }
    } else if (role === "support" && !generic && !SUPPORT_WORDS(toks) && !SUPPORT_WORDS(heading)) continue;
    out.push({ email: e.email, role, pos: e.a, evidence, signals });
  }
}

/**
 * The part of the sentence between semicolons, colons or line breaks around the address ("...; to escalate, mail
 * b@x"; "For security issues: a@x" and "For everything else: b@x" on lines of their own).
 */
function segmentAround(toks: Tok[], pos: number, ana: string): Tok[] {
  let i = toks.findIndex((t) => t.a >= pos);
  if (i < 0) i = toks.length;
  const stop = (t: Tok | undefined) => t?.k === "p" && (t.s === ";" || t.s === ":");
  const lineBreakBefore = (k: number) => {
    const prev = toks[k - 1];
    const t = toks[k];
    return !!prev && !!t && ana.slice(prev.b, t.a).includes("\n");
  };
  let from = i;
  while (from > 0 && !stop(toks[from - 1]) && !lineBreakBefore(from)) from--;
  let to = i;
  while (to < toks.length && !stop(toks[to]) && !(to > i && lineBreakBefore(to))) to++;
  return toks.slice(from, to);
}

/** "Do not email info@x about vulnerabilities": a negation just before the address turns it away. */
function turnedAway(toks: Tok[], pos: number): boolean {
  let i = toks.findIndex((t) => t.a >= pos);
  if (i < 0) i = toks.length;
  let words = 0;
  for (let k = i - 1; k >= 0 && words < 5; k--) {
    const t = toks[k];
    if (!t || (t.k === "p" && [",", ";", ".", ":"].includes(t.s))) break;
    if (t.k !== "w") continue;
    words++;
    if (isNegation(t.s)) return true;
  }
  return false;
}

/** Whether a table row's headers or its cells other than addresses name what an address is for. */
function tableRowNamesRole(ana: string, S: Sentence, toks: Tok[]): boolean {
  const says = (t: Tok[]) =>
    REPORT_WORDS(t) || SECURITY_WORDS(t) || EMERGENCY_WORDS(t) || ESCALATION_WORDS(t) || SUPPORT_WORDS(t);
  return (S.cells ?? []).some(
    (c) => says(c.header) || (!ana.slice(c.a, c.b).includes("@") && says(toks.filter((t) => t.a >= c.a && t.b <= c.b))),
  );
}

/** Addresses in one sentence can have different roles ("report to a@x, for emergencies page b@x"). */
function clauseAround(toks: Tok[], pos: number): Tok[] {
  let i = toks.findIndex((t) => t.a >= pos);
  if (i < 0) i = toks.length;
  let from = i;
  while (from > 0) {
    const t = toks[from - 1];
    if (t && t.k === "p" && (t.s === "," || t.s === ";" || t.s === ".")) break;
    from--;
  }
  let to = i;
  while (to < toks.length) {
    const t = toks[to];
    if (t && t.k === "p" && (t.s === "," || t.s === ";")) break;
    to++;
  }
  return toks.slice(from, to);
}

/**
 * Each kind keeps at most ten addresses, first named first. A report address can also be the emergency one if the
 * document says so, but never an escalation or support address.
 * An address the reader is not sure of is not listed: its sentence becomes possibly relevant instead.
 */
export function collectContacts(hits: ContactHit[], result: ParsedPolicy): void {
  const reportAddresses = new Set<string>();
  for (const role of ROLES) {
    const seen = new Set<string>();
    const excerpts: string[] = [];
    let confidence = 1;
    const weak: ContactHit[] = [];
    for (const h of hits) {
      if (h.role !== role) continue;
      const key = h.email.toLowerCase();
      if (confidenceOf(h.signals) < CONFIDENCE_THRESHOLD) {
        weak.push(h);
        continue;
      }
      if (seen.has(key) || seen.size >= 10) continue;
      // "Write to security@ again if you hear nothing": the report address named once more is no second way in.
      if ((role === "escalation" || role === "support") && reportAddresses.has(key)) continue;
      seen.add(key);
      if (role === "security") reportAddresses.add(key);
      result.contacts[role].push(h.email);
      confidence = Math.min(confidence, confidenceOf(h.signals));
      if (!excerpts.includes(h.evidence)) excerpts.push(h.evidence);
    }
    const field = `contacts.${role}`;
    if (excerpts.length > 0) {
      result.evidence[field] = excerpts.join("\n\n");
      result.confidence[field] = confidence;
    }
    const offered = new Set<string>();
    for (const w of weak) {
      if (seen.has(w.email.toLowerCase()) || offered.has(w.evidence)) continue;
      offered.add(w.evidence);
      result.possiblyRelevant.push({ field, excerpt: w.evidence, reason: reasonsOf(w.signals) });
    }
  }
}
