import { DomainError, disclosedThreadNote, formatZonedInstant, planTransition } from "@embargo/core";
import type { Actor } from "../audit/log.ts";
import type { Conn } from "../client.ts";
import { enqueueWebhooks } from "../outbox/queue.ts";
import { notifyReporter, reporterLocaleOf } from "../reports/notify.ts";
import type { ReportRow } from "../reports/reads.ts";
import { addMessage, applyTransition } from "../reports/writes.ts";
import { policyOf } from "../sla/clocks.ts";
import { advisoryOf } from "./advisories.ts";
import { writePlan } from "./plan.ts";

export interface PublishInput {
  /** Where the advisory is published; null: the generated advisory, served at generatedUrl once disclosed. */
  advisoryUrl: string | null;
  generatedUrl: string;
  /** Required to publish before the agreed disclosure date. */
  overrideReason: string | null;
}

/**
 * "Publish advisory": needs a released fix, an advisory (a URL or the
 * generated one), and the disclosure date reached or an explicit reason.
 * Sets advisory_published, moves the report to disclosed, marks the plan
 * published, tells the reporter with the link (a message in their thread and
 * the "disclosed" email) and the report.disclosed webhooks.
 */
export function publishAdvisory(tx: Conn, report: ReportRow, input: PublishInput, actor: Actor, now: Date): ReportRow {
  return tx.transaction((t) => {
    if (report.state !== "fixed") {
      throw new DomainError(
        "invalid_transition",
        report.state === "disclosed"
          ? "The advisory is already published"
          : "Release the fix first (mark the report fixed)",
        "state",
      );
    }
    const url = input.advisoryUrl ?? (advisoryOf(t, report.id) ? input.generatedUrl : null);
    if (!url) {
      throw new DomainError("validation", "Give the advisory's URL or write the advisory on this page", "advisoryUrl");
    }
    const target = report.disclosureTargetAt;
    const early = target !== null && target.getTime() > now.getTime();
    if (early && !input.overrideReason) {
      throw new DomainError(
        "validation",
        `The disclosure date (${formatZonedInstant(target, report.disclosureTimeZone ?? "UTC")}) is not reached: give a reason to publish early`,
        "overrideReason",
      );
    }
    const plan = planTransition(report, { action: "disclose" });
    let row = applyTransition(
      t,
      report,
      plan,
      { duplicateOfId: null, advisoryUrl: url, notifyReporter: false },
      actor,
      now,
    );
    row = writePlan(
      t,
      { ...row, advisoryUrl: url },
      {
        action: "publish",
        targetAt: row.disclosureTargetAt ?? now,
        timeZone: row.disclosureTimeZone ?? "UTC",
        basis: row.disclosureBasis ?? "manual",
        data: { advisoryUrl: url, early, overrideReason: early ? input.overrideReason : null },
      },
      actor,
      now,
    );
    // The notice goes into the reporter's thread (their status page); the one email is the "disclosed"
    // one, with the advisory's link, the status link and nothing more due.
    addMessage(
      t,
      row,
      {
        kind: "to_reporter",
        body: disclosedThreadNote(report.key, url, reporterLocaleOf(report, policyOf(t, report.programId).languages)),
        authorUserId: actor.userId,
        emailed: false,
      },
      actor,
      now,
    );
    notifyReporter(t, row, { kind: "transition", action: "disclose", to: "disclosed" }, now);
    enqueueWebhooks(
      t,
      {
        event: "report.disclosed",
        programId: report.programId,
        reportId: report.id,
        data: { key: report.key, advisoryUrl: url, cveId: report.cveId, disclosedAt: now.toISOString() },
      },
      now,
    );
    return row;
  });
}
