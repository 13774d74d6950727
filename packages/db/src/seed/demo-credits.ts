import type { Actor } from "../audit/log.ts";
import type { Db } from "../client.ts";
import { addCredit, reporterCreditOf, setReporterCreditChoice } from "../credits/writes.ts";
import { reportById } from "../reports/reads.ts";

const HOUR = 3_600_000;

/**
 * Credits beyond the reporter's on the demo's disclosed and fixed reports, so
 * the report page, the acknowledgment lists and the hall of fame have
 * something to show: co-finders the team recorded as accepted (by name and by
 * handle), one declined, and the reporters of disclosed reports accepting.
 * No consent links: the demo has no sealer, and its outbox is history.
 */
export function seedDemoCredits(db: Db, actor: Actor, now: Date): void {
  const rows = db.$client.prepare("SELECT id FROM reports WHERE state IN ('disclosed', 'fixed') ORDER BY id").all() as {
    id: number;
  }[];
  const people = [
    { name: "Kiran Rao", handle: "kiranr", type: "finder", display: "handle", consent: "accepted" },
    { name: "Mei Tan", handle: null, type: "analyst", display: "name", consent: "accepted" },
    { name: "Jonas Weber", handle: "jweber", type: "remediation_reviewer", display: "name", consent: "declined" },
  ] as const;
  rows.forEach(({ id }, i) => {
    const report = reportById(db, id)!;
    const at = new Date(now.getTime() - (rows.length - i) * HOUR);
    if (report.state === "disclosed" && report.researcherId && reporterCreditOf(db, id)?.consent === "pending") {
      db.transaction((tx) =>
        setReporterCreditChoice(tx, report, report.researcherId!, { display: "name", consent: "accepted" }, at),
      );
    }
    const person = people[i % people.length]!;
    addCredit(
      db,
      report,
      { ...person, email: null },
      {
        visibleProgramIds: [report.programId],
        link: () => {
          throw new Error("demo credits are recorded by the team, never asked by email");
        },
      },
      actor,
      at,
    );
  });
}
