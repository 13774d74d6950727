import { findDuplicateCandidates, type IntakePriority, type ReportFields, type Severity } from "@embargo/core";
import { and, asc, desc, eq, inArray, lt, ne } from "drizzle-orm";
import type { Actor } from "../audit/log.ts";
import type { Conn, Db } from "../client.ts";
import { notifyReporter } from "../reports/notify.ts";
import { type ReportRow, reportById } from "../reports/reads.ts";
import { createReport } from "../reports/writes.ts";
import { attachments, duplicateCandidates, inboundEmails } from "../schema/intake.ts";
import { reports } from "../schema/reports.ts";
import { intakeRequests } from "../schema/trust.ts";
import { clocksOf } from "../sla/clocks.ts";

/** A file already written (and fsynced) to the attachment store. */
export interface StoredFile {
  filename: string;
  originalFilename: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface AcceptInput {
  programId: number;
  fields: ReportFields;
  channel: "web" | "email" | "api";
  receivedAt: Date;
  reporter: { name: string | null; handle: string | null; email: string | null } | null;
  credit: { creditAs: "name" | "handle" | "anonymous"; consent: "pending" | "accepted" | "declined" };
  intakePriority?: IntakePriority | null;
  files: StoredFile[];
  statusTokenHash: string;
  /** The status link sealed with the installation key: the database never holds a usable link. */
  sealedStatusUrl: string;
  inboundEmailId?: number | null;
  /** The language the reporter reads (reports.reporter_language), already limited to the program's. */
  reporterLanguage?: string | null;
  /** Recorded with the report, so a retry with the same key finds the first receipt (intake_requests). */
  idempotency?: {
    keyHash: string;
    requestHash: string;
    seal(report: ReportRow, nextPromisedAt: Date | null): string;
  } | null;
}

export const REPORTER: Actor = { userId: null, label: "reporter" };

export function insertAttachments(
  tx: Conn,
  reportId: number,
  messageId: number | null,
  files: StoredFile[],
  by: "reporter" | "staff",
  now: Date,
) {
  for (const f of files) {
    tx.insert(attachments)
      .values({
        reportId,
        messageId,
        filename: f.filename,
        originalFilename: f.originalFilename,
        contentType: f.contentType,
        size: f.size,
        sha256: f.sha256,
        uploadedBy: by,
        createdAt: now,
      })
      .run();
  }
}

/**
 * Accept an outside report: the report, its attachments, duplicate
 * candidates, the receipt email and webhooks commit in one transaction
 * (synchronous=FULL), before the caller answers with the receipt.
 */
export function acceptReport(
  db: Db,
  input: AcceptInput,
  now: Date,
): { report: ReportRow; nextPromisedAt: Date | null } {
  return db.transaction((tx) => {
    // [CRITICAL SECURITY] sets severity critical, which starts the emergency clock.
    const severity: { severity: Severity; source: "intake"; reason: string } | null =
      input.intakePriority === "critical"
        ? { severity: "critical", source: "intake", reason: "Subject tagged [CRITICAL SECURITY]" }
        : null;
    const report = createReport(
      tx,
      {
        programId: input.programId,
        fields: input.fields,
        channel: input.channel,
        receivedAt: input.receivedAt,
        reporter: input.reporter,
        severity,
        statusTokenHash: input.statusTokenHash,
        credit: input.credit,
      },
      REPORTER,
      now,
    );
    tx.update(reports)
      .set({
        intakePriority: input.intakePriority ?? null,
        statusLinkSealed: input.sealedStatusUrl,
        reporterLanguage: input.reporterLanguage ?? null,
      })
      .where(eq(reports.id, report.id))
      .run();
    insertAttachments(tx, report.id, null, input.files, "reporter", now);
    if (input.inboundEmailId)
      tx.update(inboundEmails).set({ reportId: report.id }).where(eq(inboundEmails.id, input.inboundEmailId)).run();

    const open = tx
      .select({ id: reports.id, key: reports.key, title: reports.title, description: reports.description })
      .from(reports)
      .where(and(eq(reports.programId, input.programId), eq(reports.isOpen, true), ne(reports.id, report.id)))
      .orderBy(desc(reports.receivedAt))
      .limit(500)
      .all();
    const candidates = findDuplicateCandidates(input.fields, open);
    for (const c of candidates) {
      tx.insert(duplicateCandidates).values({ reportId: report.id, candidateId: c.item.id, score: c.score }).run();
    }

    const clocks = clocksOf(tx, report, now);
    const nextPromisedAt = clocks.find((c) => c.name === "acknowledge")?.due ?? null;
    const row = tx.select().from(reports).where(eq(reports.id, report.id)).get()!;
    notifyReporter(tx, row, { kind: "received" }, now);
    if (input.idempotency) {
      // A concurrent twin with the same key fails here on the unique index and rolls back whole.
      tx.insert(intakeRequests)
        .values({
          programId: input.programId,
          keyHash: input.idempotency.keyHash,
          requestHash: input.idempotency.requestHash,
          reportId: report.id,
          sealedReceipt: input.idempotency.seal(row, nextPromisedAt),
          createdAt: now,
        })
        .run();
    }
    return { report: row, nextPromisedAt };
  });
}

export function recordInboundEmail(
  db: Conn,
  e: {
    messageIdHeader: string | null;
    sha256: string;
    size: number;
    outcome: "report" | "reply" | "refused";
    reportId?: number | null;
    reason?: string | null;
  },
  now: Date,
): number {
  return db
    .insert(inboundEmails)
    .values({
      messageIdHeader: e.messageIdHeader,
      sha256: e.sha256,
      size: e.size,
      receivedAt: now,
      outcome: e.outcome,
      reportId: e.reportId ?? null,
      reason: e.reason ?? null,
    })
    .returning({ id: inboundEmails.id })
    .get().id;
}

/** The key of the report an identical email (same SHA-256) already became or replied to. */
export function reportKeyOfAcceptedEmail(db: Db, sha256: string): string | null {
  const row = db
    .select()
    .from(inboundEmails)
    .where(and(eq(inboundEmails.sha256, sha256), inArray(inboundEmails.outcome, ["report", "reply"])))
    .limit(1)
    .get();
  if (!row?.reportId) return null;
  return reportById(db, row.reportId)?.key ?? null;
}

export function attachmentsOf(db: Db, reportId: number) {
  return db
    .select()
    .from(attachments)
    .where(eq(attachments.reportId, reportId))
    .orderBy(asc(attachments.createdAt), asc(attachments.id))
    .all();
}

export function attachmentById(db: Db, id: number) {
  return db.select().from(attachments).where(eq(attachments.id, id)).get();
}

export function duplicateCandidatesOf(db: Db, reportId: number) {
  return db
    .select({ key: reports.key, title: reports.title, state: reports.state, score: duplicateCandidates.score })
    .from(duplicateCandidates)
    .innerJoin(reports, eq(reports.id, duplicateCandidates.candidateId))
    .where(eq(duplicateCandidates.reportId, reportId))
    .orderBy(desc(duplicateCandidates.score))
    .all();
}

/** The first submission made with this key in this program, if it is still remembered. */
export function intakeRequestOf(db: Db, programId: number, keyHash: string) {
  return db
    .select()
    .from(intakeRequests)
    .where(and(eq(intakeRequests.programId, programId), eq(intakeRequests.keyHash, keyHash)))
    .get();
}

/** Forget keys older than `before` (the jobs do, daily use keeps the table small). */
export function forgetIntakeRequests(db: Db, before: Date): number {
  return db.delete(intakeRequests).where(lt(intakeRequests.createdAt, before)).run().changes;
}
