import {
  findDuplicateCandidates,
  type IntakePriority,
  type ReportFields,
  receiptEmail,
  type Severity,
  STATUS_LINK_SLOT,
} from "@embargo/core";
import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import { type Actor, appendAudit } from "./audit.ts";
import type { Db } from "./client.ts";
import { enqueueEmail, replyAddressOf } from "./outbox.ts";
import { addMessage, createReport } from "./report-writes.ts";
import { insertEvent, type ReportRow, type Tx } from "./reports.ts";
import { attachments, duplicateCandidates, inboundEmails } from "./schema/intake.ts";
import { programs } from "./schema/programs.ts";
import { messages, reports } from "./schema/reports.ts";
import { researchers } from "./schema/researchers.ts";
import { clocksOf } from "./sla.ts";

type Conn = Db | Tx;

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
}

const REPORTER: Actor = { userId: null, label: "reporter" };

function insertAttachments(
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
      db,
      {
        programId: input.programId,
        fields: input.fields,
        channel: input.channel,
        receivedAt: input.receivedAt,
        reporter: input.reporter,
        severity,
        statusTokenHash: input.statusTokenHash,
      },
      REPORTER,
      now,
    );
    tx.update(reports)
      .set({
        creditAs: input.credit.creditAs,
        creditConsent: input.credit.consent,
        intakePriority: input.intakePriority ?? null,
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

    const program = tx.select({ name: programs.name }).from(programs).where(eq(programs.id, input.programId)).get()!;
    const clocks = clocksOf(tx, report, now);
    const nextPromisedAt = clocks.find((c) => c.name === "acknowledge")?.due ?? null;
    if (input.reporter?.email) {
      enqueueEmail(
        tx,
        {
          event: "report.receipt",
          reportId: report.id,
          programId: input.programId,
          to: input.reporter.email,
          replyTo: replyAddressOf(tx, input.programId),
          ...receiptEmail({ key: report.key, programName: program.name, nextPromisedAt, statusUrl: STATUS_LINK_SLOT }),
          sealed: { statusUrl: input.sealedStatusUrl },
        },
        now,
      );
    }
    return { report: tx.select().from(reports).where(eq(reports.id, report.id)).get()!, nextPromisedAt };
  });
}

export function reportByStatusTokenHash(db: Db, hash: string): ReportRow | undefined {
  return db.select().from(reports).where(eq(reports.statusTokenHash, hash)).get();
}

/** What the researcher's status page shows: never internal notes, assignees or staff names. */
export function researcherView(db: Db, report: ReportRow, now: Date) {
  const program = db
    .select({ name: programs.name, slug: programs.slug })
    .from(programs)
    .where(eq(programs.id, report.programId))
    .get()!;
  const thread = db
    .select({ id: messages.id, kind: messages.kind, body: messages.body, createdAt: messages.createdAt })
    .from(messages)
    .where(and(eq(messages.reportId, report.id), inArray(messages.kind, ["to_reporter", "from_reporter"])))
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .all();
  const files = db
    .select({
      id: attachments.id,
      filename: attachments.filename,
      size: attachments.size,
      messageId: attachments.messageId,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .where(and(eq(attachments.reportId, report.id), eq(attachments.uploadedBy, "reporter")))
    .all();
  const researcher = report.researcherId
    ? db
        .select({ name: researchers.name, handle: researchers.handle })
        .from(researchers)
        .where(eq(researchers.id, report.researcherId))
        .get()
    : undefined;
  const clocks = clocksOf(db, report, now);
  const running = clocks.filter((c) => c.state !== "met" && c.due).sort((a, b) => a.due!.getTime() - b.due!.getTime());
  return {
    key: report.key,
    title: report.title,
    programName: program.name,
    state: report.state,
    receivedAt: report.receivedAt,
    fixedVersion: report.fixedVersion,
    nextPromise: running[0] ? { clock: running[0].name, due: running[0].due!, state: running[0].state } : null,
    messages: thread,
    attachments: files,
    credit: {
      creditAs: report.creditAs ?? "name",
      consent: report.creditConsent,
      name: researcher?.name ?? null,
      handle: researcher?.handle ?? null,
    },
  };
}

/** A reply from the reporter (portal or email), with its files, in one transaction. */
export function addReporterMessage(db: Db, report: ReportRow, body: string, files: StoredFile[], now: Date) {
  return db.transaction((tx) => {
    const msg = addMessage(db, report, { kind: "from_reporter", body, authorUserId: null }, REPORTER, now);
    insertAttachments(tx, report.id, msg.id, files, "reporter", now);
    return msg;
  });
}

export function setCreditPreference(
  db: Db,
  report: ReportRow,
  pref: {
    creditAs: "name" | "handle" | "anonymous";
    consent: "pending" | "accepted" | "declined";
    name?: string | null;
    handle?: string | null;
  },
  now: Date,
) {
  db.transaction((tx) => {
    tx.update(reports)
      .set({ creditAs: pref.creditAs, creditConsent: pref.consent, updatedAt: now })
      .where(eq(reports.id, report.id))
      .run();
    if (report.researcherId && (pref.name !== undefined || pref.handle !== undefined)) {
      tx.update(researchers)
        .set({
          ...(pref.name !== undefined ? { name: pref.name || null } : {}),
          ...(pref.handle !== undefined ? { handle: pref.handle || null } : {}),
        })
        .where(eq(researchers.id, report.researcherId))
        .run();
    } else if (!report.researcherId && (pref.name || pref.handle)) {
      const r = tx
        .insert(researchers)
        .values({ name: pref.name || null, handle: pref.handle || null, createdAt: now })
        .returning({ id: researchers.id })
        .get();
      tx.update(reports).set({ researcherId: r.id }).where(eq(reports.id, report.id)).run();
    }
    insertEvent(tx, {
      reportId: report.id,
      at: now,
      actorUserId: null,
      actorLabel: "reporter",
      type: "credit",
      data: { creditAs: pref.creditAs, consent: pref.consent },
    });
    appendAudit(
      tx,
      REPORTER,
      {
        action: "report.credit_preference",
        entityType: "report",
        entityId: report.key,
        programId: report.programId,
        data: { creditAs: pref.creditAs, consent: pref.consent },
      },
      now,
    );
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
