import { detectScriptLocale, emailSubmissionSchema, type IntakePriority } from "@embargo/core";
import {
  allPrograms,
  type Db,
  type ReportRow,
  recordInboundEmail,
  reportByKey,
  reporterEmailOf,
  reportKeyOfAcceptedEmail,
  sha256Hex,
} from "@embargo/db";
import { type AddressObject, type EmailAddress, type ParsedMail, simpleParser } from "mailparser";
import type { ZodError } from "zod";
import { checkFiles, type IncomingFile } from "../intake/attachments.ts";
import { type IntakeConfig, type IntakeError, submitReply, submitReport } from "../intake/service.ts";
import { storeRawEmail } from "./raw-store.ts";

/**
 * Email intake: one RFC 822 message in, one outcome out.
 *
 * Order of work, so nothing is half-done:
 *  1. size check (an over-size message is recorded as refused, but its bytes
 *     are not kept: keeping them would defeat the limit);
 *  2. the raw bytes are written and fsynced to `<dataDir>/mail/<sha[0:2]>/<sha>.eml`
 *     (kept for refused messages too, as evidence);
 *  3. parse and decide (program, report or reply, title, body, attachments),
 *     pre-validating everything `submitReport`/`submitReply` will check;
 *  4. `submitReport`/`submitReply` store the attachments (fsynced) and commit
 *     the report or message in one transaction;
 *  5. the `inbound_emails` row is written last, with the final outcome and the
 *     report it produced. A refused message therefore never has a row saying
 *     "report", and a row saying "report" always points at its report. (If
 *     the process dies between 4 and 5 the report exists without its inbound
 *     row; the raw message is still on disk under its hash.)
 *
 * Refusals never throw: they come back as `{ outcome: "refused", reason }`
 * and the reason never quotes the message. Infrastructure failures (disk
 * full, database unavailable) do throw, so a caller (SMTP) can answer with a
 * temporary failure and the sender retries.
 */

export const DEFAULT_MAX_MESSAGE_BYTES = 25 * 1_048_576;

export type EmailIntakeConfig = IntakeConfig & { maxMessageBytes?: number };

export interface Envelope {
  to: string[];
  from?: string;
}

export type IngestResult =
  | { outcome: "report"; key: string; statusUrl: string; inboundEmailId: number }
  | { outcome: "reply"; key: string; inboundEmailId: number }
  | {
      outcome: "refused";
      reason: string;
      inboundEmailId: number;
      /** Set when the very same bytes were already accepted (as this report key). */
      duplicateOf?: string;
    };

const DESCRIPTION_MAX = 100_000;
const REPLY_MAX = 50_000;
const TITLE_MAX = 300;
const TITLE_FALLBACK = "Report received by email";
/** HTML bodies longer than this are not converted (html-to-text is not linear on hostile input). */
const MAX_HTML_CHARS = 5_000_000;
const TRUNCATED_NOTE = "\n\n[Truncated by email intake; the full text is in the original message.]";

const PARSE_OPTIONS = {
  skipHtmlToText: true, // HTML is converted below, images removed first
  skipTextToHtml: true,
  skipImageLinks: true,
  keepCidLinks: true,
  ignoreEmbedded: true, // a forwarded message/rfc822 is an attachment, not body text
  maxHtmlLengthToParse: MAX_HTML_CHARS,
  checksumAlgo: false,
} as const;

export function formatBytes(n: number): string {
  if (n >= 1_048_576) return `${Number((n / 1_048_576).toFixed(1))} MB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${n} bytes`;
}

export const oversizeReason = (maxMessageBytes: number) => `message is larger than ${formatBytes(maxMessageBytes)}`;

/**
 * Record a message refused for its size. Its bytes are not kept; sha256 and
 * size describe what was received (the SMTP listener hashes the whole stream
 * while discarding it).
 */
export function recordOversized(
  cfg: EmailIntakeConfig,
  m: { sha256: string; size: number },
): Extract<IngestResult, { outcome: "refused" }> {
  const reason = oversizeReason(cfg.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
  const id = recordInboundEmail(
    cfg.db,
    { messageIdHeader: null, sha256: m.sha256, size: m.size, outcome: "refused", reason },
    cfg.now(),
  );
  return { outcome: "refused", reason, inboundEmailId: id };
}

// ---------------------------------------------------------------- recipients

const normalizeAddress = (a: string) =>
  a
    .trim()
    .replace(/^<(.*)>$/, "$1")
    .toLowerCase();

interface ProgramAddresses {
  id: number;
  slug: string;
  contacts: Set<string>;
}

function programAddresses(db: Db): ProgramAddresses[] {
  return allPrograms(db).map((p) => {
    const { security, emergency } = p.policy.contacts;
    return { id: p.id, slug: p.slug, contacts: new Set([...security, ...emergency].map(normalizeAddress)) };
  });
}

/**
 * The program a message addressed to these recipients belongs to: an exact
 * (case-insensitive) match with a program's security or emergency contact,
 * else a local part equal to a program's slug on any domain
 * (voice@intake.example → "voice"). The first recipient that matches wins.
 */
export function programForRecipients(db: Db, recipients: string[]): { id: number; slug: string } | null {
  const programs = programAddresses(db);
  const addrs = recipients.map(normalizeAddress).filter((a) => a.includes("@"));
  for (const a of addrs) {
    const p = programs.find((p) => p.contacts.has(a));
    if (p) return { id: p.id, slug: p.slug };
  }
  for (const a of addrs) {
    const local = a.slice(0, a.lastIndexOf("@"));
    const p = programs.find((p) => p.slug.toLowerCase() === local);
    if (p) return { id: p.id, slug: p.slug };
  }
  return null;
}

function flatten(list: EmailAddress[]): EmailAddress[] {
  return list.flatMap((e) => (e.group ? flatten(e.group) : [e]));
}

function addressesOf(v: unknown): string[] {
  if (!v) return [];
  if (Array.isArray(v)) return v.flatMap(addressesOf);
  if (typeof v === "object" && Array.isArray((v as AddressObject).value)) {
    return flatten((v as AddressObject).value)
      .map((e) => e.address ?? "")
      .filter((a) => a.includes("@"));
  }
  if (typeof v === "string") return v.match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? [];
  return [];
}

/** Without an SMTP envelope (a file), the recipients are taken from the headers. */
function headerRecipients(m: ParsedMail): string[] {
  return [
    ...addressesOf(m.to),
    ...addressesOf(m.cc),
    ...addressesOf(m.headers.get("delivered-to")),
    ...addressesOf(m.headers.get("x-original-to")),
  ];
}

// ---------------------------------------------------------------- subject

const CRITICAL_TAG = /\[\s*critical\s+security\s*\]/gi;
const SECURITY_TAG = /\[\s*security\s*\]/gi;
const KEY_PATTERN = /\b[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,8}\b/gi;
const REPLY_OR_FORWARD_PREFIX = /^(?:\s*(?:re|fwd?|aw|sv|wg|antw)\s*(?:\[\d+\])?\s*:\s*)+/i;
const REPLY_PREFIX = /^\s*(?:re|aw|sv|antw)\s*(?:\[\d+\])?\s*:/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function subjectPriority(subject: string): IntakePriority | null {
  if (new RegExp(CRITICAL_TAG.source, "i").test(subject)) return "critical";
  if (new RegExp(SECURITY_TAG.source, "i").test(subject)) return "security";
  return null;
}

/** The subject without tags and Re:/Fwd: prefixes, for a report title. */
export function titleFromSubject(subject: string): string {
  const t = subject
    .replace(CONTROL, " ")
    .replace(CRITICAL_TAG, " ")
    .replace(SECURITY_TAG, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(REPLY_OR_FORWARD_PREFIX, "")
    .trim()
    .slice(0, TITLE_MAX)
    .trim();
  return t.length >= 3 ? t : TITLE_FALLBACK;
}

export function keysInSubject(subject: string): string[] {
  return [...new Set((subject.match(KEY_PATTERN) ?? []).map((k) => k.toUpperCase()))];
}

// ---------------------------------------------------------------- body

const cleanText = (s: string) => s.replace(/\r\n?/g, "\n").replace(CONTROL, "");

function cap(text: string, max: number): string {
  const t = text.trim();
  if (t.length <= max) return t;
  return `${t.slice(0, max - TRUNCATED_NOTE.length).trimEnd()}${TRUNCATED_NOTE}`;
}

/**
 * HTML to plain text with mailparser's own converter (html-to-text: script,
 * style and head content dropped, entities decoded, links kept as
 * "text [url]"). Images are removed first, so no remote image reference
 * (tracking pixel) survives. The HTML is wrapped in a one-part message and
 * parsed again because mailparser does not expose its converter's options.
 */
export async function htmlToText(html: string): Promise<{ text: string; error: boolean }> {
  if (html.length > MAX_HTML_CHARS) return { text: "", error: true };
  const withoutImages = html.replace(/<img\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi, " ");
  const b64 = Buffer.from(withoutImages, "utf8").toString("base64").replace(/.{76}/g, "$&\r\n");
  const wrapped = `Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n`;
  const parsed = await simpleParser(Buffer.from(wrapped), {
    skipTextToHtml: true,
    skipImageLinks: true,
    keepCidLinks: true,
    maxHtmlLengthToParse: MAX_HTML_CHARS,
  });
  return { text: cleanText(parsed.text ?? ""), error: Boolean(parsed.textConversionError) };
}

/** text/plain when there is any; otherwise the HTML converted to text. Never raw HTML. */
async function bodyOf(m: ParsedMail): Promise<{ text: string; htmlFailed: boolean }> {
  const plain = cleanText(m.text ?? "");
  if (plain.trim()) return { text: plain, htmlFailed: false };
  if (typeof m.html === "string" && m.html.trim()) {
    const r = await htmlToText(m.html);
    return { text: r.text, htmlFailed: r.error && !r.text.trim() };
  }
  return { text: "", htmlFailed: false };
}

/**
 * Drop quoted text from a reply: lines starting with ">", the "On … wrote:"
 * attribution (one or two lines) and everything after an "Original Message"
 * separator. When that leaves nothing, the whole body is kept.
 */
export function stripQuoted(body: string): string {
  const lines = body.split("\n");
  const out: string[] = [];
  const nextNonBlank = (from: number) => {
    for (let j = from; j < lines.length; j++) if (lines[j]!.trim()) return lines[j]!;
    return "";
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.trim();
    if (/^>/.test(t)) continue;
    if (/^-{2,}\s*original message\s*-{2,}$/i.test(t)) break;
    if (/^On\b.*\bwrote:$/i.test(t)) continue;
    if (/^On\b/i.test(t) && /\bwrote:$/i.test((lines[i + 1] ?? "").trim()) && /^>/.test(nextNonBlank(i + 2).trim())) {
      i++;
      continue;
    }
    out.push(line);
  }
  const stripped = out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return stripped || body.trim();
}

// ---------------------------------------------------------------- reasons

function schemaReason(e: ZodError): string {
  const issue = e.issues[0];
  if (!issue) return "message could not be accepted";
  const field = issue.path.join(".");
  if (field === "reporter.email") return "the From address is not a valid email address";
  return `${field || "message"}: ${issue.message}`;
}

function intakeReason(e: IntakeError): string {
  if (e.status === 404) return "the program no longer exists";
  if (e.status === 410) return "the program is archived and no longer accepts reports";
  const fields = Object.keys(e.fieldErrors);
  if (fields.includes("attachments")) return "attachments were refused";
  return `refused by intake (${fields.join(", ") || "invalid"})`;
}

/** checkFiles, with the files named by position so the reason never carries a file name from the message. */
async function attachmentReason(cfg: IntakeConfig, files: IncomingFile[]): Promise<string | null> {
  const r = await checkFiles(
    files.map((f, i) => ({ filename: `attachment ${i + 1}`, bytes: f.bytes })),
    cfg.limits,
  );
  return r.ok ? null : r.message;
}

// ---------------------------------------------------------------- ingest

export async function ingestEmail(cfg: EmailIntakeConfig, raw: Buffer, envelope?: Envelope): Promise<IngestResult> {
  const max = cfg.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const sha256 = sha256Hex(raw);
  const size = raw.length;
  if (size > max) return recordOversized(cfg, { sha256, size });

  storeRawEmail(cfg.dataDir, raw, sha256);
  let messageIdHeader: string | null = null;
  const refuse = (reason: string, extra: { duplicateOf?: string } = {}): IngestResult => {
    const id = recordInboundEmail(cfg.db, { messageIdHeader, sha256, size, outcome: "refused", reason }, cfg.now());
    return { outcome: "refused", reason, inboundEmailId: id, ...extra };
  };

  if (size === 0 || !raw.some((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09)) {
    return refuse("message is empty");
  }
  let m: ParsedMail;
  try {
    m = await simpleParser(raw, PARSE_OPTIONS);
  } catch {
    return refuse("message could not be parsed");
  }
  messageIdHeader = m.messageId ? m.messageId.replace(CONTROL, "").slice(0, 998) : null;

  const duplicateOf = reportKeyOfAcceptedEmail(cfg.db, sha256);
  if (duplicateOf) return refuse(`this message was already received as ${duplicateOf}`, { duplicateOf });

  const from = m.from ? flatten(m.from.value).find((a) => a.address?.includes("@")) : undefined;
  if (!from?.address) return refuse("message has no From address");
  const fromAddress = from.address.trim();
  const fromName = from.name.replace(CONTROL, " ").trim().slice(0, 200) || null;

  const recipients = envelope?.to.length ? envelope.to : headerRecipients(m);
  if (recipients.length === 0) return refuse("message has no recipient");
  const program = programForRecipients(cfg.db, recipients);
  if (!program) return refuse("no program receives mail at the recipient address");

  const subject = (m.subject ?? "").replace(CONTROL, " ");
  const priority = subjectPriority(subject);
  const untagged = subject.replace(CRITICAL_TAG, " ").replace(SECURITY_TAG, " ").trim();
  let replyTo: ReportRow | undefined;
  for (const k of keysInSubject(subject)) {
    replyTo = reportByKey(cfg.db, k);
    if (replyTo) break;
  }
  // A key marks a reply unless the subject is a tagged new report that merely mentions it.
  const isReply = replyTo !== undefined && (priority === null || REPLY_PREFIX.test(untagged));

  const files: IncomingFile[] = m.attachments.map((a, i) => ({
    filename: a.filename || `attachment-${i + 1}`,
    bytes: a.content,
  }));
  const body = await bodyOf(m);

  if (replyTo && isReply) {
    const reporterEmail = reporterEmailOf(cfg.db, replyTo);
    if (!reporterEmail || reporterEmail.toLowerCase() !== fromAddress.toLowerCase()) {
      return refuse(`sender is not the reporter of ${replyTo.key}`);
    }
    if (body.htmlFailed) return refuse("the HTML body could not be converted to text");
    const text = cap(stripQuoted(body.text), REPLY_MAX);
    if (!text) return refuse("message has no text");
    const badFiles = await attachmentReason(cfg, files);
    if (badFiles) return refuse(badFiles);
    const r = await submitReply(cfg, replyTo, { body: text }, files);
    if (!r.ok) return refuse(intakeReason(r));
    const id = recordInboundEmail(
      cfg.db,
      { messageIdHeader, sha256, size, outcome: "reply", reportId: replyTo.id },
      cfg.now(),
    );
    return { outcome: "reply", key: replyTo.key, inboundEmailId: id };
  }

  if (!priority) return refuse("subject has no [SECURITY] tag and no report key");
  if (body.htmlFailed) return refuse("the HTML body could not be converted to text");
  const description = cap(body.text, DESCRIPTION_MAX);
  if (!description) return refuse("message has no text");
  const input = { title: titleFromSubject(subject), description, reporter: { name: fromName, email: fromAddress } };
  const valid = emailSubmissionSchema.safeParse(input);
  if (!valid.success) return refuse(schemaReason(valid.error));
  const badFiles = await attachmentReason(cfg, files);
  if (badFiles) return refuse(badFiles);

  const r = await submitReport(cfg, {
    programSlug: program.slug,
    channel: "email",
    input,
    files,
    intakePriority: priority,
    // Devanagari subject/body → Hindi, when the program offers it; otherwise its first language.
    language: detectScriptLocale(`${subject}\n${body.text}`),
  });
  if (!r.ok) return refuse(intakeReason(r));
  const report = reportByKey(cfg.db, r.key);
  const id = recordInboundEmail(
    cfg.db,
    { messageIdHeader, sha256, size, outcome: "report", reportId: report?.id ?? null },
    cfg.now(),
  );
  return { outcome: "report", key: r.key, statusUrl: r.statusUrl, inboundEmailId: id };
}
