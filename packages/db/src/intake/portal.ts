import { chooseLocale, programLocales, type ResearcherLocale } from "@embargo/core";
import { and, eq } from "drizzle-orm";
import { appendAudit } from "../audit/log.ts";
import type { Db } from "../client.ts";
import { setReporterCreditChoice } from "../credits/writes.ts";
import { milestoneOf } from "../disclosure/milestones.ts";
import { pendingRequestOf } from "../disclosure/plan.ts";
import { messageThread, type ReportRow } from "../reports/reads.ts";
import { addMessage, insertEvent } from "../reports/writes.ts";
import { attachments } from "../schema/intake.ts";
import { programs } from "../schema/programs.ts";
import { reports } from "../schema/reports.ts";
import { researchers } from "../schema/researchers.ts";
import { clocksOf, policyOf } from "../sla/clocks.ts";
import { insertAttachments, REPORTER, type StoredFile } from "./accept.ts";

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
  const languages = programLocales(policyOf(db, report.programId).languages);
  const running = clocks.filter((c) => c.state !== "met" && c.due).sort((a, b) => a.due!.getTime() - b.due!.getTime());
  return {
    key: report.key,
    title: report.title,
    programName: program.name,
    /** The languages the page may switch between, and the one the report stored (limited to those). */
    languages,
    language: chooseLocale({ program: languages, stored: report.reporterLanguage }),
    state: report.state,
    receivedAt: report.receivedAt,
    fixedVersion: report.fixedVersion,
    fixReleased: milestoneOf(db, report.id, "fix_released")?.actualAt ?? null,
    disclosure: researcherDisclosure(db, report),
    nextPromise: running[0] ? { clock: running[0].name, due: running[0].due!, state: running[0].state } : null,
    messages: messageThread(db, report.id, "researcher"),
    attachments: files,
    credit: {
      creditAs: report.creditAs ?? "name",
      consent: report.creditConsent,
      name: researcher?.name ?? null,
      handle: researcher?.handle ?? null,
    },
  };
}

/**
 * The disclosure plan as the reporter sees it: the date, a request waiting
 * for the team (its date only: who asked and why stays with the team), what
 * the reporter may do now, and once published the advisory's address.
 */
function researcherDisclosure(db: Db, report: ReportRow) {
  const state = report.disclosureState;
  const pending = pendingRequestOf(db, report.id);
  const dated = state !== "none" && state !== "cancelled";
  return {
    state,
    targetAt: dated ? report.disclosureTargetAt : null,
    timeZone: report.disclosureTimeZone ?? policyOf(db, report.programId).calendar.timeZone,
    pendingRequest: pending
      ? {
          kind: pending.kind,
          newAt: pending.newAt,
          timeZone: pending.timeZone ?? report.disclosureTimeZone,
          createdAt: pending.createdAt,
          byYou: pending.requestedBy === "researcher",
        }
      : null,
    canAccept: state === "proposed",
    canContest: state === "proposed" && !pending,
    canRequestExtension: (state === "agreed" || state === "extended") && !pending,
    advisoryUrl: state === "published" && report.state === "disclosed" ? report.advisoryUrl : null,
  };
}

/**
 * The reporter chose another language on the status page: later emails and the
 * page itself use it. The caller has checked that the program offers it.
 */
export function setReporterLanguage(db: Db, report: ReportRow, language: ResearcherLocale, now: Date) {
  db.transaction((tx) => {
    tx.update(reports).set({ reporterLanguage: language }).where(eq(reports.id, report.id)).run();
    appendAudit(
      tx,
      REPORTER,
      {
        action: "report.reporter_language",
        entityType: "report",
        entityId: report.key,
        programId: report.programId,
        data: { from: report.reporterLanguage, to: language },
      },
      now,
    );
  });
}

/** A reply from the reporter (portal or email), with its files, in one transaction. */
export function addReporterMessage(db: Db, report: ReportRow, body: string, files: StoredFile[], now: Date) {
  return db.transaction((tx) => {
    const msg = addMessage(tx, report, { kind: "from_reporter", body, authorUserId: null }, REPORTER, now);
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
    let researcherId = report.researcherId;
    if (researcherId && (pref.name !== undefined || pref.handle !== undefined)) {
      tx.update(researchers)
        .set({
          ...(pref.name !== undefined ? { name: pref.name || null } : {}),
          ...(pref.handle !== undefined ? { handle: pref.handle || null } : {}),
        })
        .where(eq(researchers.id, researcherId))
        .run();
    } else if (!researcherId && (pref.name || pref.handle || pref.consent === "accepted")) {
      // A reporter who gave no name at first: a researcher record carries their credit
      // (an empty one for "credit me anonymously").
      researcherId = tx
        .insert(researchers)
        .values({ name: pref.name || null, handle: pref.handle || null, createdAt: now })
        .returning({ id: researchers.id })
        .get().id;
      tx.update(reports).set({ researcherId }).where(eq(reports.id, report.id)).run();
    }
    if (researcherId) {
      // The reporter's credit row is the record; it keeps the report's columns in step.
      setReporterCreditChoice(tx, report, researcherId, { display: pref.creditAs, consent: pref.consent }, now);
    } else {
      tx.update(reports)
        .set({ creditAs: pref.creditAs, creditConsent: pref.consent, updatedAt: now })
        .where(eq(reports.id, report.id))
        .run();
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
