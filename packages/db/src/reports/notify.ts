import { type DisclosureNotice, disclosureEmail, messageEmail, STATES_REPORTER_HEARS, stateEmail } from "@embargo/core";
import { eq } from "drizzle-orm";
import type { Conn } from "../client.ts";
import { enqueueEmail, replyAddressOf } from "../outbox/queue.ts";
import { programs } from "../schema/programs.ts";
import { type ReportRow, reporterEmailOf } from "./reads.ts";

/** Email the reporter what they should know; inside the caller's transaction. */
export function notifyReporter(
  tx: Conn,
  report: ReportRow,
  change:
    | { kind: "message"; body: string }
    | { kind: "state"; state: string }
    | { kind: "disclosure"; notice: DisclosureNotice },
  now: Date,
): void {
  const email = reporterEmailOf(tx, report);
  if (!email) return;
  if (change.kind === "state" && !STATES_REPORTER_HEARS.includes(change.state)) return;
  const program = tx.select({ name: programs.name }).from(programs).where(eq(programs.id, report.programId)).get()!;
  const mail =
    change.kind === "message"
      ? messageEmail({ key: report.key, programName: program.name, body: change.body })
      : change.kind === "disclosure"
        ? disclosureEmail({ key: report.key, programName: program.name, notice: change.notice })
        : stateEmail({ key: report.key, programName: program.name, state: change.state });
  enqueueEmail(
    tx,
    {
      event:
        change.kind === "message"
          ? "report.message"
          : change.kind === "disclosure"
            ? "report.disclosure"
            : "report.state",
      reportId: report.id,
      programId: report.programId,
      to: email,
      replyTo: replyAddressOf(tx, report.programId),
      ...mail,
    },
    now,
  );
}
