import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defaultPolicy } from "@embargo/core";
import { closeDatabase, createProgram, type Db, openDatabase } from "@embargo/db";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type Mail from "nodemailer/lib/mailer/index.js";
import { testSealer } from "../secrets/testing.ts";
import type { EmailIntakeConfig } from "./ingest.ts";

/** Test support for the email intake tests (not used by the server). */

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
export const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

export interface TestEnv {
  dir: string;
  db: Db;
  cfg: EmailIntakeConfig;
  close(): void;
}

/** A fresh migrated database with program "voice" (security@ and emergency@voice.example, English and Hindi) and "web" (English). */
export function testEnv(): TestEnv {
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-email-"));
  const db = openDatabase(path.join(dir, "t.db"));
  const now = new Date();
  const policy = defaultPolicy();
  policy.contacts.security = ["security@voice.example"];
  policy.contacts.emergency = ["emergency@voice.example"];
  policy.emergency = { amount: 4, unit: "hours" };
  policy.languages = ["en", "hi"];
  createProgram(db, { slug: "voice", name: "Voice", keyPrefix: "VOICE", policy }, { userId: null, label: "test" }, now);
  const web = defaultPolicy();
  web.contacts.security = ["security@web.example"];
  createProgram(db, { slug: "web", name: "Web", keyPrefix: "WEB", policy: web }, { userId: null, label: "test" }, now);
  const cfg: EmailIntakeConfig = {
    db,
    dataDir: dir,
    publicUrl: "http://127.0.0.1:3000",
    sealer: testSealer,
    limits: { maxBytes: 10 * 1024 * 1024, maxFiles: 5 },
    now: () => new Date(),
  };
  return {
    dir,
    db,
    cfg,
    close() {
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const count = (db: Db, table: string) =>
  (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Rows that a refused message must not create. */
export const contentCounts = (db: Db) => ({
  reports: count(db, "reports"),
  messages: count(db, "messages"),
  attachments: count(db, "attachments"),
  researchers: count(db, "researchers"),
});

export const inboundRow = (db: Db, id: number) =>
  db.$client
    .prepare("SELECT message_id_header, sha256, size, outcome, report_id, reason FROM inbound_emails WHERE id = ?")
    .get(id) as
    | {
        message_id_header: string | null;
        sha256: string;
        size: number;
        outcome: string;
        report_id: number | null;
        reason: string | null;
      }
    | undefined;

export const reportRow = (db: Db, key: string) =>
  db.$client
    .prepare(
      `SELECT r.id, r.key, r.title, r.description, r.channel, r.severity, r.intake_priority, p.slug AS program, s.email AS reporter_email, s.name AS reporter_name
       FROM reports r JOIN programs p ON p.id = r.program_id LEFT JOIN researchers s ON s.id = r.researcher_id WHERE r.key = ?`,
    )
    .get(key) as
    | {
        id: number;
        key: string;
        title: string;
        description: string;
        channel: string;
        severity: string | null;
        intake_priority: string | null;
        program: string;
        reporter_email: string | null;
        reporter_name: string | null;
      }
    | undefined;

/** Build a raw RFC 822 message with nodemailer's composer. */
export function compose(mail: Mail.Options): Promise<Buffer> {
  return new MailComposer(mail).compile().build();
}

/** A real 4×4 PNG, taken from the multipart fixture. */
export async function pngBytes(): Promise<Buffer> {
  const { simpleParser } = await import("mailparser");
  const m = await simpleParser(fixture("multipart-attachment.eml"));
  return m.attachments[0]!.content;
}
