import { and, asc, eq, inArray, like, or } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Conn, Db } from "../client.ts";
import { credits } from "../schema/credits.ts";
import { advisories, disclosureRequests } from "../schema/disclosure.ts";
import { attachments, inboundEmails, outbox } from "../schema/intake.ts";
import { programs } from "../schema/programs.ts";
import { messages, reportEvents, reports } from "../schema/reports.ts";
import { researchers } from "../schema/researchers.ts";
import { researcherById } from "./directory.ts";
import { recordsOfPerson } from "./merge.ts";

/** What a redacted mention of an erased person reads as. */
export const ERASED_MARK = "[erased]";

/**
 * The strings that identify the person: name, handle, email, links. A handle shorter
 * than 3 characters is left alone (redacting "a" everywhere would wreck the record).
 */
function identifiers(rows: { name: string | null; handle: string | null; email: string | null; links: string[] }[]) {
  const out = new Set<string>();
  for (const r of rows) {
    for (const v of [r.name, r.email, ...r.links]) if (v && v.trim().length >= 2) out.add(v.trim());
    if (r.handle && r.handle.trim().length >= 3) out.add(r.handle.trim());
  }
  // Longest first, so an email is redacted whole before a name inside it.
  return [...out].sort((a, b) => b.length - a.length);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `text` with every case-insensitive occurrence of the identifiers replaced by ERASED_MARK. */
export function redactText(text: string, ids: string[]): string {
  if (ids.length === 0) return text;
  const re = new RegExp(ids.map(escapeRegExp).join("|"), "gi");
  return text.replace(re, ERASED_MARK);
}

/** The same, through every string of a JSON value. */
function redactDeep<T>(value: T, ids: string[]): T {
  if (typeof value === "string") return redactText(value, ids) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, ids)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, ids)])) as T;
  }
  return value;
}

/**
 * Everything Embargo holds about a researcher (and the records merged into them), for
 * a data request: the records, the reports they sent with their own text, the
 * messages they wrote, their credits, and the consent events of those credits.
 */
export function researcherDataExport(db: Conn, researcherId: number, now: Date) {
  const ids = recordsOfPerson(db, researcherId);
  const records = db.select().from(researchers).where(inArray(researchers.id, ids)).orderBy(asc(researchers.id)).all();
  const sent = db
    .select({
      id: reports.id,
      key: reports.key,
      program: programs.name,
      receivedAt: reports.receivedAt,
      channel: reports.channel,
      state: reports.state,
      title: reports.title,
      description: reports.description,
      component: reports.component,
      sourceLocation: reports.sourceLocation,
      affectedVersions: reports.affectedVersions,
      configuration: reports.configuration,
      stepsToReproduce: reports.stepsToReproduce,
      proofOfConcept: reports.proofOfConcept,
      impact: reports.impact,
      suggestedFix: reports.suggestedFix,
    })
    .from(reports)
    .innerJoin(programs, eq(programs.id, reports.programId))
    .where(inArray(reports.researcherId, ids))
    .orderBy(asc(reports.receivedAt), asc(reports.id))
    .all();
  const reportIds = sent.map((r) => r.id);
  const keyOf = new Map(sent.map((r) => [r.id, r.key]));
  const written = reportIds.length
    ? db
        .select({ reportId: messages.reportId, body: messages.body, createdAt: messages.createdAt })
        .from(messages)
        .where(and(inArray(messages.reportId, reportIds), eq(messages.kind, "from_reporter")))
        .orderBy(asc(messages.createdAt), asc(messages.id))
        .all()
    : [];
  const theirCredits = db
    .select({
      id: credits.id,
      reportKey: reports.key,
      type: credits.type,
      display: credits.display,
      consent: credits.consent,
      consentAt: credits.consentAt,
      consentChannel: credits.consentChannel,
      withdrawnAt: credits.withdrawnAt,
      createdAt: credits.createdAt,
    })
    .from(credits)
    .innerJoin(reports, eq(reports.id, credits.reportId))
    .where(inArray(credits.researcherId, ids))
    .orderBy(asc(credits.createdAt), asc(credits.id))
    .all();
  const creditIds = new Set(theirCredits.map((c) => c.id));
  const creditReports = [...new Set(theirCredits.map((c) => c.reportKey))];
  const consentEvents = creditReports.length
    ? db
        .select({
          reportKey: reports.key,
          at: reportEvents.at,
          data: reportEvents.data,
          actor: reportEvents.actorLabel,
        })
        .from(reportEvents)
        .innerJoin(reports, eq(reports.id, reportEvents.reportId))
        .where(and(inArray(reports.key, creditReports), eq(reportEvents.type, "credits")))
        .orderBy(asc(reportEvents.at), asc(reportEvents.id))
        .all()
        .filter((e) => creditIds.has(e.data.creditId as number))
        // Who on the team made a change is not the researcher's data: keep only the reporter/consent-link actors.
        .map((e) => ({ reportKey: e.reportKey, at: e.at, ...e.data }))
    : [];
  return {
    exportedAt: now,
    researcher: records.find((r) => r.id === researcherId)!,
    mergedRecords: records.filter((r) => r.id !== researcherId),
    reports: sent.map(({ id: _id, ...r }) => r),
    messages: written.map((m) => ({ reportKey: keyOf.get(m.reportId)!, body: m.body, createdAt: m.createdAt })),
    credits: theirCredits.map(({ id: _id, ...c }) => c),
    consentEvents,
  };
}

export interface ErasureResult {
  researcherId: number;
  /** SHA-256 of each raw email to delete from the data directory (after the commit). */
  rawEmails: string[];
  counts: { records: number; reports: number; messages: number; credits: number; attachments: number; outbox: number };
}

/**
 * Erase a researcher's personal data (and that of the records merged into them),
 * keeping the vulnerability records: their name, handle, email, links and languages
 * are cleared and the record stays as "erased researcher #N"; mentions of those
 * values in the reports' text, the messages, advisory drafts and disclosure requests
 * are replaced with "[erased]"; their credits become anonymous; the reports' credit
 * choice and status link are cleared; attachment names that mention them are
 * replaced; outgoing mail to them is dropped; the raw emails of their reports are
 * unlinked from the rows (the caller deletes the files). The audit entry holds ids
 * and counts only. The audit log and timeline are not touched: neither ever holds a
 * researcher's name or email, so the chain stays valid.
 *
 * SQLite keeps deleted bytes in free pages and the WAL: secure_delete is on while
 * this runs, the search index is rebuilt, and the WAL is checkpointed and truncated,
 * so the database file no longer contains the erased values.
 */
export function eraseResearcher(db: Db, researcherId: number, actor: Actor, now: Date): ErasureResult {
  const before = db.$client.pragma("secure_delete", { simple: true }) as number;
  db.$client.pragma("secure_delete = ON");
  try {
    const result = db.transaction((tx) => {
      const ids = recordsOfPerson(tx, researcherId);
      const records = tx.select().from(researchers).where(inArray(researchers.id, ids)).all();
      const values = identifiers(records);
      const emails = records.flatMap((r) => (r.email ? [r.email] : []));
      const theirReports = tx.select().from(reports).where(inArray(reports.researcherId, ids)).all();
      const reportIds = theirReports.map((r) => r.id);
      const red = (s: string | null) => (s === null ? null : redactText(s, values));

      for (const r of theirReports) {
        tx.update(reports)
          .set({
            title: redactText(r.title, values),
            description: redactText(r.description, values),
            component: red(r.component),
            sourceLocation: red(r.sourceLocation),
            affectedVersions: red(r.affectedVersions),
            configuration: red(r.configuration),
            stepsToReproduce: red(r.stepsToReproduce),
            proofOfConcept: red(r.proofOfConcept),
            impact: red(r.impact),
            suggestedFix: red(r.suggestedFix),
            creditAs: "anonymous",
            statusTokenHash: null,
            statusLinkSealed: null,
          })
          .where(eq(reports.id, r.id))
          .run();
      }

      // Messages on any report they are part of (staff replies greet them by name too).
      const creditReportIds = tx
        .selectDistinct({ id: credits.reportId })
        .from(credits)
        .where(inArray(credits.researcherId, ids))
        .all()
        .map((r) => r.id);
      const touched = [...new Set([...reportIds, ...creditReportIds])];
      let messagesRedacted = 0;
      if (touched.length && values.length) {
        for (const m of tx.select().from(messages).where(inArray(messages.reportId, touched)).all()) {
          const body = redactText(m.body, values);
          if (body !== m.body) {
            tx.update(messages).set({ body }).where(eq(messages.id, m.id)).run();
            messagesRedacted++;
          }
        }
        for (const a of tx.select().from(advisories).where(inArray(advisories.reportId, touched)).all()) {
          tx.update(advisories)
            .set({ draft: redactDeep(a.draft, values), revisions: redactDeep(a.revisions, values) })
            .where(eq(advisories.reportId, a.reportId))
            .run();
        }
        for (const d of tx
          .select()
          .from(disclosureRequests)
          .where(inArray(disclosureRequests.reportId, touched))
          .all()) {
          tx.update(disclosureRequests)
            .set({ reason: redactText(d.reason, values), decisionNote: red(d.decisionNote) })
            .where(eq(disclosureRequests.id, d.id))
            .run();
        }
      }

      const creditsChanged = tx
        .update(credits)
        .set({ display: "anonymous", consentTokenHash: null })
        .where(inArray(credits.researcherId, ids))
        .returning({ id: credits.id })
        .all().length;

      let attachmentsRenamed = 0;
      if (reportIds.length) {
        for (const a of tx.select().from(attachments).where(inArray(attachments.reportId, reportIds)).all()) {
          const names = `${a.filename}\n${a.originalFilename ?? ""}`;
          if (redactText(names, values) === names) continue;
          const ext = a.filename.includes(".") ? a.filename.slice(a.filename.lastIndexOf(".")) : "";
          tx.update(attachments)
            .set({ filename: `attachment-${a.id}${ext}`, originalFilename: null })
            .where(eq(attachments.id, a.id))
            .run();
          attachmentsRenamed++;
        }
      }

      // Mail to them (sent, waiting or dead) names them; it can no longer be delivered anyway.
      const mention = [
        ...emails.map((e) => eq(outbox.target, e)),
        ...values.map((v) => like(outbox.payloadJson, `%${v.replace(/[\\%_]/g, "")}%`)),
      ];
      const outboxDropped = mention.length
        ? tx
            .delete(outbox)
            .where(or(...mention))
            .returning({ id: outbox.id })
            .all().length
        : 0;

      const raw = reportIds.length
        ? tx.select().from(inboundEmails).where(inArray(inboundEmails.reportId, reportIds)).all()
        : [];
      if (raw.length) {
        tx.update(inboundEmails)
          .set({ messageIdHeader: null, reason: null })
          .where(
            inArray(
              inboundEmails.id,
              raw.map((e) => e.id),
            ),
          )
          .run();
      }

      tx.update(researchers)
        .set({ name: null, handle: null, email: null, links: [], languages: [], erasedAt: now })
        .where(inArray(researchers.id, ids))
        .run();

      const counts = {
        records: ids.length,
        reports: reportIds.length,
        messages: messagesRedacted,
        credits: creditsChanged,
        attachments: attachmentsRenamed,
        outbox: outboxDropped,
      };
      appendAudit(
        tx,
        actor,
        {
          action: "researcher.erase",
          entityType: "researcher",
          entityId: researcherId,
          data: { researcherIds: ids, ...counts, rawEmails: raw.length },
        },
        now,
      );
      return { researcherId, rawEmails: raw.map((e) => e.sha256), counts };
    });
    // The FTS index keeps old terms in its segments until they are merged.
    db.$client.exec("INSERT INTO reports_fts(reports_fts) VALUES('optimize')");
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    return result;
  } finally {
    db.$client.pragma(`secure_delete = ${before ? "ON" : "OFF"}`);
  }
}

/** Whether the record exists and was erased. */
export const isErased = (db: Conn, id: number) => researcherById(db, id)?.erasedAt != null;
