import {
  type ConsentAnswer,
  CREDIT_TYPE_LABELS,
  type CreditType,
  consentRequestEmail,
  DomainError,
  fieldError,
} from "@embargo/core";
import { and, eq, gt, inArray, isNull, max } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Conn, Db } from "../client.ts";
import { enqueueEmail } from "../outbox/queue.ts";
import { insertEvent } from "../reports/events.ts";
import { reporterLocaleOf } from "../reports/notify.ts";
import type { ReportRow } from "../reports/reads.ts";
import { type ConsentChannel, credits } from "../schema/credits.ts";
import { programs } from "../schema/programs.ts";
import { reports } from "../schema/reports.ts";
import { researchers } from "../schema/researchers.ts";

export type CreditRow = typeof credits.$inferSelect;
type Display = CreditRow["display"];
type Consent = CreditRow["consent"];

/** How long a consent link works: long enough for someone on holiday, short enough to not linger. */
export const CONSENT_LINK_DAYS = 30;
const CONSENT_LINK_MS = CONSENT_LINK_DAYS * 86_400_000;

/** The person answering a consent link: not a user, and never named in the audit log. */
export const CREDITED_PERSON: Actor = { userId: null, label: "credited person" };

const notFound = () => new DomainError("not_found", "No such credit on this report", "id");

export function creditOnReport(tx: Conn, reportId: number, id: number): CreditRow {
  const row = tx
    .select()
    .from(credits)
    .where(and(eq(credits.id, id), eq(credits.reportId, reportId)))
    .get();
  if (!row) throw notFound();
  return row;
}

export function reporterCreditOf(tx: Conn, reportId: number): CreditRow | undefined {
  return tx
    .select()
    .from(credits)
    .where(and(eq(credits.reportId, reportId), eq(credits.position, 0)))
    .get();
}

/**
 * A timeline event and an audit entry for a credit change. Both hold the credit's id,
 * type, display and consent only: never a name, handle or email (the audit log is
 * kept for ever and read by people who need not know who reported what).
 */
function record(
  tx: Conn,
  report: Pick<ReportRow, "id" | "key" | "programId">,
  action: string,
  data: Record<string, unknown>,
  actor: Actor,
  now: Date,
) {
  const payload = { action, ...data };
  insertEvent(tx, {
    reportId: report.id,
    at: now,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    type: "credits",
    data: payload,
  });
  appendAudit(
    tx,
    actor,
    {
      action: `report.credit.${action}`,
      entityType: "report",
      entityId: report.key,
      programId: report.programId,
      data: payload,
    },
    now,
  );
}

const summary = (c: CreditRow) => ({
  creditId: c.id,
  type: c.type,
  display: c.display,
  consent: c.consent,
  channel: c.consentChannel,
  withdrawn: c.withdrawnAt !== null,
});

/** Older readers (the report page, the status page) still read the report's own columns: keep them in step. */
function mirrorOnReport(tx: Conn, reportId: number, display: Display, consent: Consent, now: Date) {
  tx.update(reports)
    .set({ creditAs: display, creditConsent: consent, updatedAt: now })
    .where(eq(reports.id, reportId))
    .run();
}

/**
 * The reporter's credit (position 0, finder), made with the report in the caller's
 * transaction. A consent given on the form counts from the intake channel (or the
 * team's, for a report the team entered).
 */
export function insertReporterCredit(
  tx: Conn,
  p: {
    reportId: number;
    researcherId: number;
    display: Display;
    consent: Consent;
    channel: ConsentChannel;
    createdByUserId: number | null;
  },
  now: Date,
): CreditRow {
  return tx
    .insert(credits)
    .values({
      reportId: p.reportId,
      researcherId: p.researcherId,
      type: "finder",
      display: p.display,
      consent: p.consent,
      consentAt: p.consent === "pending" ? null : now,
      consentChannel: p.consent === "pending" ? null : p.channel,
      position: 0,
      createdByUserId: p.createdByUserId,
      createdAt: now,
    })
    .returning()
    .get();
}

/**
 * The reporter's own choice from the status page, onto their credit (made when missing,
 * e.g. for a reporter who gave no name at first). A new choice also undoes a withdrawal.
 */
export function setReporterCreditChoice(
  tx: Conn,
  report: Pick<ReportRow, "id">,
  researcherId: number,
  choice: { display: Display; consent: Consent },
  now: Date,
): CreditRow {
  const existing = reporterCreditOf(tx, report.id);
  const consentAt = choice.consent === "pending" ? null : now;
  const channel = choice.consent === "pending" ? null : ("status_page" as const);
  mirrorOnReport(tx, report.id, choice.display, choice.consent, now);
  if (!existing) {
    const row = insertReporterCredit(
      tx,
      { reportId: report.id, researcherId, ...choice, channel: "status_page", createdByUserId: null },
      now,
    );
    return row;
  }
  return tx
    .update(credits)
    .set({
      researcherId,
      display: choice.display,
      consent: choice.consent,
      consentAt,
      consentChannel: channel,
      withdrawnAt: null,
    })
    .where(eq(credits.id, existing.id))
    .returning()
    .get()!;
}

/** A consent link made by the caller: only its hash is stored; the link itself travels sealed. */
export interface ConsentLink {
  tokenHash: string;
  sealedUrl: string;
}

export interface NewCredit {
  /** An existing researcher, who must already be known in one of `visibleProgramIds`. */
  researcherId?: number | null;
  name?: string | null;
  handle?: string | null;
  email?: string | null;
  type: CreditType;
  display: Display;
  /** The team records the answer itself (someone without email, or who told them directly). */
  consent?: "accepted" | "declined" | null;
}

/** A researcher is known in a program when they reported or are credited there. */
function researcherKnownIn(tx: Conn, researcherId: number, programIds: number[]): boolean {
  if (programIds.length === 0) return false;
  const reported = tx
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.researcherId, researcherId), inArray(reports.programId, programIds)))
    .limit(1)
    .get();
  if (reported) return true;
  const credited = tx
    .select({ id: credits.id })
    .from(credits)
    .innerJoin(reports, eq(reports.id, credits.reportId))
    .where(and(eq(credits.researcherId, researcherId), inArray(reports.programId, programIds)))
    .limit(1)
    .get();
  return credited !== undefined;
}

/**
 * Add a credit: an existing researcher or a new one. Someone with an email whose
 * answer the team did not record gets a consent request through the outbox, with a
 * single-use link valid CONSENT_LINK_DAYS days, and stays pending until they answer.
 */
export function addCredit(
  db: Db,
  report: ReportRow,
  input: NewCredit,
  opts: { visibleProgramIds: number[]; link: () => ConsentLink },
  actor: Actor,
  now: Date,
): CreditRow {
  return db.transaction((tx) => {
    let researcher: { id: number; email: string | null };
    if (input.researcherId) {
      const found = tx
        .select({ id: researchers.id, email: researchers.email })
        .from(researchers)
        .where(eq(researchers.id, input.researcherId))
        .get();
      if (!found || !researcherKnownIn(tx, found.id, opts.visibleProgramIds)) {
        throw fieldError("researcherId", "No such researcher");
      }
      researcher = found;
      const same = tx
        .select({ id: credits.id })
        .from(credits)
        .where(and(eq(credits.reportId, report.id), eq(credits.researcherId, found.id), eq(credits.type, input.type)))
        .get();
      if (same) throw fieldError("type", `Already credited on ${report.key} as ${CREDIT_TYPE_LABELS[input.type]}`);
    } else {
      researcher = tx
        .insert(researchers)
        .values({
          name: input.name ?? null,
          handle: input.handle ?? null,
          email: input.email ?? null,
          createdAt: now,
        })
        .returning({ id: researchers.id, email: researchers.email })
        .get();
    }
    const ask = !input.consent;
    if (ask && !researcher.email) {
      throw fieldError("consent", "Without an email to ask them, record whether they accepted");
    }
    const position =
      (tx
        .select({ last: max(credits.position) })
        .from(credits)
        .where(eq(credits.reportId, report.id))
        .get()?.last ?? 0) + 1;
    // Made only when someone is asked, so recording the team's own answer needs no link sealer.
    const link = ask ? opts.link() : null;
    const row = tx
      .insert(credits)
      .values({
        reportId: report.id,
        researcherId: researcher.id,
        type: input.type,
        display: input.display,
        consent: input.consent ?? "pending",
        consentAt: input.consent ? now : null,
        consentChannel: input.consent ? "team" : null,
        position,
        consentTokenHash: link?.tokenHash ?? null,
        consentTokenExpiresAt: ask ? new Date(now.getTime() + CONSENT_LINK_MS) : null,
        createdByUserId: actor.userId,
        createdAt: now,
      })
      .returning()
      .get();
    if (link && researcher.email) {
      const program = tx
        .select({ name: programs.name, policy: programs.policy })
        .from(programs)
        .where(eq(programs.id, report.programId))
        .get()!;
      // The reporter reads it in the report's language; anyone else in the program's first.
      const isReporter = report.researcherId === researcher.id;
      const mail = consentRequestEmail(
        { programName: program.name, creditLabel: CREDIT_TYPE_LABELS[input.type], days: CONSENT_LINK_DAYS },
        reporterLocaleOf({ reporterLanguage: isReporter ? report.reporterLanguage : null }, program.policy.languages),
      );
      enqueueEmail(
        tx,
        {
          event: "credit.consent_request",
          reportId: report.id,
          programId: report.programId,
          to: researcher.email,
          ...mail,
          sealed: { consentUrl: link.sealedUrl },
        },
        now,
      );
    }
    record(tx, report, "add", { ...summary(row), asked: ask, newResearcher: !input.researcherId }, actor, now);
    return row;
  });
}

/** Change a credit's type or display. How someone is named is theirs to choose once they answered themselves. */
export function setCredit(
  db: Db,
  report: ReportRow,
  id: number,
  change: { type?: CreditType | undefined; display?: Display | undefined },
  actor: Actor,
  now: Date,
): CreditRow {
  return db.transaction((tx) => {
    const before = creditOnReport(tx, report.id, id);
    const chosenByThem = before.consentChannel !== null && before.consentChannel !== "team";
    if (change.display && change.display !== before.display && chosenByThem) {
      throw fieldError("display", "They chose how to be named; ask them to change it");
    }
    const after = tx
      .update(credits)
      .set({ type: change.type ?? before.type, display: change.display ?? before.display })
      .where(eq(credits.id, id))
      .returning()
      .get()!;
    if (after.position === 0) mirrorOnReport(tx, report.id, after.display, after.consent, now);
    record(tx, report, "update", { ...summary(after), fromType: before.type, fromDisplay: before.display }, actor, now);
    return after;
  });
}

/** Remove a credit the team added. The reporter's own credit stays: they can decline it. */
export function removeCredit(db: Db, report: ReportRow, id: number, actor: Actor, now: Date): void {
  db.transaction((tx) => {
    const row = creditOnReport(tx, report.id, id);
    if (row.position === 0) throw fieldError("id", "The reporter's credit cannot be removed; they can decline it");
    tx.delete(credits).where(eq(credits.id, id)).run();
    record(tx, report, "remove", summary(row), actor, now);
  });
}

/** Take back an accepted credit: every export made afterwards leaves it out. */
export function withdrawConsent(db: Db, report: ReportRow, id: number, actor: Actor, now: Date): CreditRow {
  return db.transaction((tx) => {
    const row = creditOnReport(tx, report.id, id);
    if (row.consent !== "accepted" || row.withdrawnAt) {
      throw new DomainError("conflict", "Only an accepted credit can be withdrawn", "id");
    }
    const after = tx.update(credits).set({ withdrawnAt: now }).where(eq(credits.id, id)).returning().get()!;
    if (after.position === 0) mirrorOnReport(tx, report.id, after.display, "declined", now);
    record(tx, report, "withdraw", summary(after), actor, now);
    return after;
  });
}

/** A consent link that still works: right token, not used, not expired. Anything else is undefined. */
export function liveConsentCredit(db: Conn, tokenHash: string, now: Date): CreditRow | undefined {
  return db
    .select()
    .from(credits)
    .where(
      and(
        eq(credits.consentTokenHash, tokenHash),
        isNull(credits.consentTokenUsedAt),
        gt(credits.consentTokenExpiresAt, now),
      ),
    )
    .get();
}

/**
 * The credited person's answer through their consent link, once. Undefined for a
 * wrong, used or expired link (the caller answers all three the same). Accepting
 * under a name or handle needs one, given here or already known.
 */
export function answerConsentLink(db: Db, tokenHash: string, answer: ConsentAnswer, now: Date): CreditRow | undefined {
  return db.transaction((tx) => {
    const credit = liveConsentCredit(tx, tokenHash, now);
    if (!credit) return undefined;
    const person = tx.select().from(researchers).where(eq(researchers.id, credit.researcherId)).get()!;
    const name = answer.name ?? person.name;
    const handle = answer.handle ?? person.handle;
    if (answer.accept && answer.display === "name" && !name) throw fieldError("name", "Give the name to credit");
    if (answer.accept && answer.display === "handle" && !handle)
      throw fieldError("handle", "Give the handle to credit");
    if (answer.name || answer.handle) {
      tx.update(researchers)
        .set({
          ...(answer.name ? { name: answer.name } : {}),
          ...(answer.handle ? { handle: answer.handle } : {}),
        })
        .where(eq(researchers.id, person.id))
        .run();
    }
    const after = tx
      .update(credits)
      .set({
        consent: answer.accept ? "accepted" : "declined",
        display: answer.accept ? answer.display : credit.display,
        consentAt: now,
        consentChannel: "consent_link",
        consentTokenUsedAt: now,
        withdrawnAt: null,
      })
      .where(eq(credits.id, credit.id))
      .returning()
      .get()!;
    const report = tx
      .select({ id: reports.id, key: reports.key, programId: reports.programId })
      .from(reports)
      .where(eq(reports.id, credit.reportId))
      .get()!;
    record(tx, report, "answer", summary(after), CREDITED_PERSON, now);
    return after;
  });
}
