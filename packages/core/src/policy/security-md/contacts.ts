import { hasAny } from "./cues.ts";
import { type DocumentContext, excerpt, sliceCap } from "./document.ts";
import { findEmails } from "./emails.ts";
import type { ParsedPolicy } from "./parsed-policy.ts";
import type { Sentence } from "./sentences.ts";
import { type Tok, tokenize } from "./tokens.ts";

/** An address is a contact only where its sentence, heading or list lead-in says it takes reports. */
const CONTACT_POSITIVE = [
  "report*",
  "vulnerab*",
  "disclos*",
  "secur*",
  "escalat*",
  "emergenc*",
  "urgent*",
  "incident*",
  "contact*",
  "email*",
  "e",
  "mail",
  "send",
  "write",
  "reach",
  "psirt",
  "cert",
];
const CONTACT_HEADING_POSITIVE = [
  "report*",
  "vulnerab*",
  "disclos*",
  "contact*",
  "escalat*",
  "emergenc*",
  "urgent*",
  "psirt",
];
/** Addresses for other business are left out, unless the sentence names vulnerabilities (CONTACT_STRONG). */
const CONTACT_NEGATIVE = [
  "conduct",
  "harassment",
  "permission",
  "authori*",
  "sales",
  "press",
  "media",
  "privacy",
  "billing",
  "careers",
  "jobs",
  "licens*",
  "trademark*",
  "support",
];
const CONTACT_STRONG = ["vulnerab*", "exploit*", "cve"];
const CONTACT_EMERGENCY = ["emergenc*", "urgent*", "escalat*", "oncall", "pager*"];
const NOREPLY = /^(no-?reply|do-?not-?reply)$/i;

const hasOnCall = (toks: Tok[]) =>
  toks.some((t, i) => t.k === "w" && t.s === "on" && toks[i + 1]?.s === "-" && toks[i + 2]?.s === "call");

export interface ContactHit {
  email: string;
  role: "security" | "emergency";
  pos: number;
  evidence: string;
}

/** Adds every reporting address the sentence names to `out`, with the role it names it for. */
export function analyseContacts(doc: DocumentContext, S: Sentence, out: ContactHit[]): void {
  const emails = findEmails(doc.ana, doc.ats, S.a, S.b);
  if (emails.length === 0) return;
  const toks = S.toks;
  const securityStrong =
    hasAny(toks, CONTACT_STRONG) ||
    /security (issue|bug|report|problem|concern|vulnerab)/i.test(sliceCap(doc.ana, S.a, S.b));
  if (hasAny(toks, CONTACT_NEGATIVE) && !securityStrong) return;
  const heading = S.block.heading >= 0 ? (doc.headingToks[S.block.heading] ?? []) : [];
  let leadToks: Tok[] = [];
  const leadIn = S.block.leadIn >= 0 ? doc.blocks[S.block.leadIn] : undefined;
  if (leadIn) {
    const cached = doc.leadInToks.get(S.block.leadIn);
    leadToks = cached ?? tokenize(doc.ana, Math.max(leadIn.a, leadIn.b - 2000), leadIn.b);
    if (!cached) doc.leadInToks.set(S.block.leadIn, leadToks);
  }
  const positive =
    hasAny(toks, CONTACT_POSITIVE) ||
    hasAny(heading, CONTACT_HEADING_POSITIVE) ||
    hasAny(leadToks, CONTACT_POSITIVE) ||
    emails.some((e) => /secur|psirt|cert|vuln|disclos|report|bounty/i.test(e.email.split("@")[0] ?? ""));
  if (!positive) return;
  const evidence = excerpt(doc, S.a, S.b);
  for (const e of emails) {
    if (NOREPLY.test(e.email.split("@")[0] ?? "")) continue;
    // Role: the clause around the address, then the sentence (if it names only this address), then the heading.
    const clause = clauseAround(toks, e.a);
    let emergency = hasAny(clause, CONTACT_EMERGENCY) || hasOnCall(clause);
    if (!emergency && emails.length === 1) emergency = hasAny(toks, CONTACT_EMERGENCY) || hasOnCall(toks);
    if (!emergency) emergency = hasAny(heading, CONTACT_EMERGENCY) || hasOnCall(heading);
    out.push({ email: e.email, role: emergency ? "emergency" : "security", pos: e.a, evidence });
  }
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

/** An address can serve both roles if the document says so; each role keeps at most ten, first named first. */
export function collectContacts(hits: ContactHit[], result: ParsedPolicy): void {
  for (const role of ["security", "emergency"] as const) {
    const seen = new Set<string>();
    const excerpts: string[] = [];
    for (const h of hits) {
      if (h.role !== role) continue;
      const key = h.email.toLowerCase();
      if (seen.has(key) || seen.size >= 10) continue;
      seen.add(key);
      result.contacts[role].push(h.email);
      if (!excerpts.includes(h.evidence)) excerpts.push(h.evidence);
    }
    if (excerpts.length > 0) result.evidence[`contacts.${role}`] = excerpts.join("\n\n");
  }
}
