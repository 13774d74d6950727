/**
 * Policy → SECURITY.md (Markdown for people) and security.txt (RFC 9116 for
 * machines). Both are pure functions of the policy and the render context, so
 * the same input always gives the same text.
 *
 * The SECURITY.md wording is kept inside what parseSecurityMd reads back, so
 * rendering and parsing round-trip every promise the parser reads (see
 * render.test.ts), the support address among them. The promises it does not
 * read (subject lines, critical disclosure, credit, advisories, assessment
 * contents, immediate patch, escalation to leadership, dependency updates) are
 * worded so they do not disturb the ones it does.
 */
import { DomainError } from "../errors.ts";
import type { AdvisoryChannel, AssessmentItem, CreditPlace } from "./enums.ts";
import { type CompletePolicy, type Duration, type Policy, withPolicyDefaults } from "./schema.ts";

export interface RenderContext {
  programName: string;
  programSlug: string;
  /** Public origin of the dashboard, e.g. https://security.example.com (no trailing slash needed). */
  baseUrl: string;
  now: Date;
}

/** security.txt expires this long after it is generated (RFC 9116 §2.5.5 recommends less than a year). */
export const SECURITY_TXT_LIFETIME_DAYS = 364;

const DAY_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

function baseUrlOf(ctx: RenderContext): string {
  let url: URL;
  try {
    url = new URL(ctx.baseUrl);
  } catch {
    throw new DomainError("validation", "Must be an absolute URL such as https://security.example.com", "baseUrl");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new DomainError("validation", "Must be an http or https URL", "baseUrl");
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function checkNow(ctx: RenderContext): Date {
  if (!(ctx.now instanceof Date) || Number.isNaN(ctx.now.getTime())) {
    throw new DomainError("validation", "Must be a valid date", "now");
  }
  return ctx.now;
}

function programUrl(ctx: RenderContext, page: "security-policy"): string {
  return `${baseUrlOf(ctx)}/programs/${encodeURIComponent(ctx.programSlug)}/${page}`;
}

/** The program's public hall of fame, served by the dashboard at /thanks/<slug> (issue 12). */
function hallOfFameUrl(ctx: RenderContext): string {
  return `${baseUrlOf(ctx)}/thanks/${encodeURIComponent(ctx.programSlug)}`;
}

/** "24 hours", "1 business day", "2 weeks". */
export function durationPhrase(d: Duration): string {
  const one = d.amount === 1;
  switch (d.unit) {
    case "hours":
      return `${d.amount} ${one ? "hour" : "hours"}`;
    case "days":
      return `${d.amount} ${one ? "day" : "days"}`;
    case "business_days":
      return `${d.amount} ${one ? "business day" : "business days"}`;
    case "weeks":
      return `${d.amount} ${one ? "week" : "weeks"}`;
  }
}

/** One line of plain text: no control characters, no line breaks. */
const oneLine = (s: string) =>
  s
    // biome-ignore lint/suspicious/noControlCharactersInRegex: user-provided names must not break the document
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** Escapes text so Markdown shows it literally. */
function mdText(s: string): string {
  return oneLine(s).replace(/[\\`*_[\]|#<>]/g, (c) => `\\${c}`);
}

/** Escapes a table cell; keeps "< 2.4" readable (only HTML-looking "<" is escaped). */
function mdCell(s: string): string {
  return oneLine(s)
    .replace(/[\\`*_|]/g, (c) => `\\${c}`)
    .replace(/<(?=[A-Za-z/!?])/g, "\\<");
}

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function languageName(tag: string): string {
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames(["en"], { type: "language" }).of(tag);
  } catch {
    name = undefined;
  }
  // Parenthesised parts ("Serbian (Latin)") would read as a second tag.
  const clean = (name ?? "").replace(/\s*\([^)]*\)/g, "").trim();
  if (clean === "" || clean.toLowerCase() === tag.toLowerCase() || clean[0] === clean[0]?.toLowerCase()) {
    return `Language ${tag.toUpperCase()}`;
  }
  return clean;
}

// ---------------------------------------------------------------------------
// SECURITY.md
// ---------------------------------------------------------------------------

const STATUS_CELL = {
  supported: "\u2705 Supported",
  limited: "\u26a0\ufe0f Limited support",
  unsupported: "\u274c Not supported",
} as const;

const SEVERITY_LABEL = { critical: "Critical", high: "High", medium: "Medium", low: "Low" } as const;

const ASSESSMENT_PHRASE: Record<AssessmentItem, string> = {
  confirmation: "confirm whether the issue is a vulnerability",
  severity: "rate its severity",
  fix_timeline: "provide a timeline for the fix",
};

const ADVISORY_PHRASE: Record<AdvisoryChannel, string> = {
  github: "on GitHub Security Advisories",
  email: "by email",
  website: "on our website",
};

/**
 * A subject line, in a code block: shown literally, and kept out of what
 * parseSecurityMd reads (a subject such as "24h outage" is not a promise).
 * The schema allows neither backticks nor line breaks, so it cannot close the fence.
 */
function subjectBlock(subject: string): string[] {
  const hint = subject.includes("\u2026") ? ", with a short summary in place of \u201c\u2026\u201d" : "";
  return [`Use this subject line${hint}:`, "", "```text", oneLine(subject), "```"];
}

function creditSentence(credit: CompletePolicy["credit"], ctx: RenderContext): string | null {
  const where: Record<CreditPlace, string> = {
    advisory: "in the advisory",
    hall_of_fame: `in our hall of fame at ${hallOfFameUrl(ctx)}`,
  };
  const places = credit.places.length > 0 ? ` ${joinAnd(credit.places.map((p) => where[p]))}` : "";
  switch (credit.mode) {
    case "opt_out":
      return `We credit reporters${places}, unless they prefer to stay anonymous.`;
    case "opt_in":
      return `We credit reporters who want to be credited${places}, and only with their permission.`;
    case "not_offered":
      return null;
  }
}

function advisorySentences(advisories: CompletePolicy["advisories"]): string[] {
  const phrases = (scope: "all" | "critical") =>
    advisories.filter((a) => a.scope === scope).map((a) => ADVISORY_PHRASE[a.channel]);
  const all = phrases("all");
  const critical = phrases("critical");
  const out: string[] = [];
  if (all.length > 0) out.push(`We publish security advisories ${joinAnd(all)}.`);
  if (critical.length > 0) {
    out.push(
      all.length > 0
        ? `Advisories for critical updates also go out ${joinAnd(critical)}.`
        : `We publish advisories for critical updates ${joinAnd(critical)}.`,
    );
  }
  return out;
}

export function renderSecurityMd(stored: Policy, ctx: RenderContext): string {
  const policy = withPolicyDefaults(stored);
  const now = checkNow(ctx);
  const name = mdText(ctx.programName) || "this program";
  const out: string[] = [];
  const para = (...lines: string[]) => {
    out.push(...lines, "");
  };

  para(`# Security Policy for ${name}`);
  para(`This policy describes how to report a security vulnerability in ${name} and what we promise in return.`);
  para(`_Last updated: ${now.toISOString().slice(0, 10)}._`);

  if (policy.supportedVersions.length > 0) {
    para("## Supported Versions");
    para("These versions receive security fixes:");
    para(
      "| Version | Supported |",
      "| ------- | --------- |",
      ...policy.supportedVersions.map((v) => `| ${mdCell(v.range)} | ${STATUS_CELL[v.status]} |`),
    );
  }

  para("## Reporting a Vulnerability");
  para("Please do not report security vulnerabilities through public issues, pull requests or discussions.");
  const security = policy.contacts.security;
  if (security.length === 1) para(`Email your report to ${security[0]}.`);
  else if (security.length > 1) para("Email your report to one of these addresses:", ...security.map((e) => `- ${e}`));
  else para(`Follow the reporting instructions at ${programUrl(ctx, "security-policy")}.`);
  const subjects = policy.contacts.subjects;
  if (subjects.security) para(...subjectBlock(subjects.security));
  para(
    "Please include as much of the following as you can:",
    "- a short description and the type of issue (CWE, if known)",
    "- the affected component, versions and source location (file, tag, branch or commit)",
    "- any special configuration needed to reproduce it",
    "- steps to reproduce and a proof of concept",
    "- the impact, and how an attacker could exploit it",
    "- a suggested fix, if you have one",
    "- how we can reach you",
  );

  const emergency = policy.contacts.emergency;
  if (emergency.length > 0) {
    para("## Emergency Contact");
    if (emergency.length === 1) {
      para(`For an urgent issue that is being actively exploited, also email ${emergency[0]}.`);
    } else {
      para(
        "For an urgent issue that is being actively exploited, also email one of these addresses:",
        ...emergency.map((e) => `- ${e}`),
      );
    }
    if (subjects.emergency) para(...subjectBlock(subjects.emergency));
  }

  const support = policy.contacts.support;
  if (support.length > 0) {
    // "support" makes the parser read these as support addresses, not reporting ones.
    para(`For general product support, email ${joinAnd(support)}.`);
  }

  const promises: string[] = [];
  if (policy.acknowledge) promises.push(`- We acknowledge reports within ${durationPhrase(policy.acknowledge)}.`);
  if (policy.assess) promises.push(`- We complete an initial assessment within ${durationPhrase(policy.assess)}.`);
  if (policy.assessmentIncludes.length > 0) {
    const told = joinAnd(policy.assessmentIncludes.map((i) => ASSESSMENT_PHRASE[i]));
    promises.push(policy.assess ? `- In the initial assessment we ${told}.` : `- We will ${told}.`);
  }
  if (policy.update) {
    promises.push(
      `- We send you a status update at least every ${durationPhrase(policy.update)} until the issue is resolved.`,
    );
  }
  if (policy.emergency) {
    promises.push(`- Critical vulnerabilities get an emergency response within ${durationPhrase(policy.emergency)}.`);
  }
  const fixes: string[] = [];
  for (const sev of ["critical", "high", "medium", "low"] as const) {
    const v = policy.resolve[sev];
    if (v === null) continue;
    fixes.push(
      v === "next_release"
        ? `  - ${SEVERITY_LABEL[sev]}: fixed in the next release`
        : `  - ${SEVERITY_LABEL[sev]}: fix within ${durationPhrase(v)}`,
    );
  }
  if (fixes.length > 0)
    promises.push("- We aim to fix confirmed vulnerabilities within these times, by severity:", ...fixes);
  if (policy.immediateCriticalPatch) promises.push("- Critical vulnerabilities get an immediate patch release.");
  if (policy.escalateCriticalToLeadership) {
    promises.push("- We escalate critical vulnerabilities to our leadership team.");
  }
  if (policy.criticalDependencyUpdate) {
    promises.push(
      `- We update dependencies that have a critical vulnerability within ${durationPhrase(policy.criticalDependencyUpdate)}.`,
    );
  }
  if (promises.length > 0) {
    para("## What Happens Next");
    para(...promises);
  }

  const disclosure: string[] = [];
  const critical = policy.criticalDisclosure;
  if (policy.disclosure) {
    const which = critical ? "non-critical vulnerabilities" : "vulnerabilities";
    const agreed = policy.coordinatedDisclosure ? ", and we agree the exact date with you" : "";
    disclosure.push(
      `We disclose ${which} publicly within ${durationPhrase(policy.disclosure)} of the initial report${agreed}.`,
    );
  } else if (policy.coordinatedDisclosure) {
    disclosure.push("We agree the public disclosure date with you.");
  }
  if (critical) {
    disclosure.push(
      critical.delay
        ? `Critical vulnerabilities are disclosed ${durationPhrase(critical.delay)} after the patch is released.`
        : "Critical vulnerabilities are disclosed immediately once the patch is available.",
    );
  }
  disclosure.push(...advisorySentences(policy.advisories));
  const credit = creditSentence(policy.credit, ctx);
  if (credit) disclosure.push(credit);
  if (disclosure.length > 0) {
    para("## Disclosure Policy");
    for (const line of disclosure) para(line);
  }

  if (policy.languages.length > 0) {
    para("## Preferred Languages");
    para(`We accept reports in ${joinAnd(policy.languages.map((tag) => `${languageName(tag)} (${tag})`))}.`);
  }

  return `${out.join("\n").trimEnd()}\n`;
}

// ---------------------------------------------------------------------------
// security.txt (RFC 9116)
// ---------------------------------------------------------------------------

/** mailto: URI for an address (RFC 6068): unusual characters are percent-encoded. */
function mailto(email: string): string {
  const at = email.lastIndexOf("@");
  const enc = (s: string) =>
    Array.from(new TextEncoder().encode(s))
      .map((b) => {
        const c = String.fromCharCode(b);
        return /[A-Za-z0-9\-._~!$'*+=]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
      })
      .join("");
  return `mailto:${enc(email.slice(0, at))}@${enc(email.slice(at + 1))}`;
}

/** RFC 3339 date-time in UTC without fractional seconds, e.g. 2027-11-22T09:30:00Z. */
function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * RFC 9116 security.txt. Contact lines come first and in priority order
 * (security addresses, then emergency ones); with no address at all the
 * policy page is the Contact (an https URI is allowed by §2.5.3).
 */
export function renderSecurityTxt(stored: Policy, ctx: RenderContext): string {
  const policy = withPolicyDefaults(stored);
  const now = checkNow(ctx);
  const base = baseUrlOf(ctx);
  const expires = new Date(Math.floor((now.getTime() + SECURITY_TXT_LIFETIME_DAYS * DAY_MS) / 1000) * 1000);
  const lines: string[] = [];
  const name = oneLine(ctx.programName).replace(/[^\t\x20-\x7e\u0080-\uffff]/g, "");
  lines.push(`# Security contact for ${name || ctx.programSlug}`);
  lines.push(`# Generated by Embargo on ${rfc3339(now)}; see the Policy link for the full policy.`);

  const contacts: string[] = [];
  for (const email of [...policy.contacts.security, ...policy.contacts.emergency]) {
    if (!contacts.some((c) => c.toLowerCase() === email.toLowerCase())) contacts.push(email);
  }
  if (contacts.length > 0) for (const email of contacts) lines.push(`Contact: ${mailto(email)}`);
  else lines.push(`Contact: ${programUrl(ctx, "security-policy")}`);

  lines.push(`Expires: ${rfc3339(expires)}`);
  if (policy.pgpKeyUrl && /^https:\/\//i.test(policy.pgpKeyUrl)) lines.push(`Encryption: ${policy.pgpKeyUrl}`);
  if (policy.credit.mode !== "not_offered") lines.push(`Acknowledgments: ${hallOfFameUrl(ctx)}`);
  if (policy.languages.length > 0) lines.push(`Preferred-Languages: ${policy.languages.join(", ")}`);
  lines.push(`Canonical: ${base}/.well-known/security.txt`);
  lines.push(`Policy: ${programUrl(ctx, "security-policy")}`);
  return `${lines.join("\n")}\n`;
}
