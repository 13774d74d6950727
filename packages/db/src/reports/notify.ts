import {
  chooseLocale,
  type DisclosureNotice,
  type EmailLocale,
  emailLocale,
  nextPromiseOf,
  programLocales,
  type ReporterMessage,
  type ReportState,
  renderReporterEmail,
  type TransitionName,
  transitionMessage,
  type ZonedInstant,
} from "@embargo/core";
import { and, desc, eq, gt } from "drizzle-orm";
import type { Conn } from "../client.ts";
import { emailPayloadOf, enqueueEmail } from "../outbox/queue.ts";
import { outbox } from "../schema/intake.ts";
import { programs } from "../schema/programs.ts";
import { clocksOf } from "../sla/clocks.ts";
import { type ReportRow, reporterEmailOf } from "./reads.ts";

/** What happened that the reporter hears about. */
export type ReporterChange =
  | { kind: "received" }
  | { kind: "message"; body: string }
  | { kind: "transition"; action: TransitionName; to: ReportState }
  | { kind: "disclosure"; notice: DisclosureNotice };

const EVENT: Record<ReporterChange["kind"], string> = {
  received: "report.receipt",
  message: "report.message",
  transition: "report.state",
  disclosure: "report.disclosure",
};

/** Within this window, a mail identical to the one still waiting before it for the same report is not queued again. */
export const REPEAT_WINDOW_MS = 10 * 60_000;

/** The planned disclosure date a triage proposes, from the report as the triage left it. */
const proposalOf = (r: ReportRow): ZonedInstant | null =>
  r.disclosureState === "proposed" && r.disclosureTargetAt && r.disclosureTimeZone
    ? { at: r.disclosureTargetAt, timeZone: r.disclosureTimeZone }
    : null;

/**
 * The language the reporter reads their emails in: the one stored on the
 * report (chosen at intake) when the program still offers it, else the
 * program's first language. Also used for what lands in their thread.
 */
export function reporterLocaleOf(
  report: Pick<ReportRow, "reporterLanguage">,
  policyLanguages: readonly string[],
): EmailLocale {
  return emailLocale(chooseLocale({ program: programLocales(policyLanguages), stored: report.reporterLanguage }));
}

/**
 * Email the reporter what happened, inside the caller's transaction: one
 * template per event (packages/core/src/notify), naming the next promise and
 * its date from the report's clocks as they are after the change, with the
 * status link sealed beside it when the report has one, in the reporter's
 * language (reporterLocaleOf; the team's own words stay as written). `report`
 * is the row as the change left it.
 *
 * Against floods: every event has its own subject and words, changes made
 * together send one email (a triage carries its proposed disclosure date, a
 * fix its moved date, publishing its advisory link), and an email identical to
 * the last one still waiting in the outbox for this report, queued within
 * REPEAT_WINDOW_MS, is not queued a second time.
 */
export function notifyReporter(tx: Conn, report: ReportRow, change: ReporterChange, now: Date): void {
  const email = reporterEmailOf(tx, report);
  if (!email) return;
  const message: ReporterMessage | null =
    change.kind === "received"
      ? { id: "received" }
      : change.kind === "message"
        ? { id: "message", body: change.body }
        : change.kind === "disclosure"
          ? change.notice
          : transitionMessage(change.action, change.to, report, proposalOf(report));
  if (!message) return;
  const program = tx
    .select({ name: programs.name, policy: programs.policy })
    .from(programs)
    .where(eq(programs.id, report.programId))
    .get()!;
  const next = nextPromiseOf({
    clocks: clocksOf(tx, report, now, program.policy),
    disclosure: {
      state: report.disclosureState,
      targetAt: report.disclosureTargetAt,
      timeZone: report.disclosureTimeZone,
    },
    timeZone: program.policy.calendar.timeZone,
    now,
  });
  const mail = renderReporterEmail(
    { ...message, key: report.key, programName: program.name, next, statusLink: report.statusLinkSealed !== null },
    reporterLocaleOf(report, program.policy.languages),
  );
  if (repeatsWaitingMail(tx, report.id, mail, now)) return;
  enqueueEmail(
    tx,
    {
      event: EVENT[change.kind],
      reportId: report.id,
      programId: report.programId,
      to: email,
      replyTo: program.policy.contacts.security[0] ?? null,
      ...mail,
      ...(report.statusLinkSealed ? { sealed: { statusUrl: report.statusLinkSealed } } : {}),
    },
    now,
  );
}

/** The last email queued for the report is still waiting, recent, and says exactly this. */
function repeatsWaitingMail(tx: Conn, reportId: number, mail: { subject: string; text: string }, now: Date): boolean {
  const last = tx
    .select({ payloadJson: outbox.payloadJson, status: outbox.status })
    .from(outbox)
    .where(
      and(
        eq(outbox.reportId, reportId),
        eq(outbox.channel, "email"),
        gt(outbox.createdAt, new Date(now.getTime() - REPEAT_WINDOW_MS)),
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(1)
    .get();
  if (last?.status !== "pending") return false;
  const p = emailPayloadOf(last);
  return p !== null && p.subject === mail.subject && p.text === mail.text;
}
