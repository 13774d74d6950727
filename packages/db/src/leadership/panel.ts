import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { escalations as escalationsTable } from "../schema/escalations.ts";
import { listEscalations } from "./escalations.ts";
import { briefPage, nowCount, nowQuery } from "./reads.ts";

/** How many entries each "now" list of the panel shows; its count says how many there are. */
export const PANEL_LIST_LIMIT = 50;

/**
 * What needs leadership now, in the panel's order: open escalations (page
 * level first), open criticals, clocks breached and at risk, disclosures due
 * in the next 30 days. Each list is an index range; counts come with it.
 */
export function panelNow(db: Db, programIds: number[], now: Date) {
  const escalations = listEscalations(db, { programIds, status: "open", limit: PANEL_LIST_LIMIT, offset: 0 });
  const list = (kind: "criticals" | "breached" | "at_risk" | "disclosures_due") =>
    briefPage(db, programIds, nowQuery(kind, now), PANEL_LIST_LIMIT, 0);
  const criticals = list("criticals");
  const breached = list("breached");
  const atRisk = list("at_risk");
  const disclosuresDue = list("disclosures_due");
  return {
    escalations: escalations.rows,
    criticals: criticals.rows,
    breached: breached.rows,
    atRisk: atRisk.rows,
    disclosuresDue: disclosuresDue.rows,
    counts: {
      escalations: escalations.total,
      pageEscalations: programIds.length
        ? (db
            .select({ n: sql<number>`count(*)` })
            .from(escalationsTable)
            .where(
              and(
                isNull(escalationsTable.resolvedAt),
                eq(escalationsTable.level, "page"),
                inArray(escalationsTable.programId, programIds),
              ),
            )
            .get()?.n ?? 0)
        : 0,
      criticals: criticals.total,
      breached: breached.total,
      atRisk: atRisk.total,
      disclosuresDue: disclosuresDue.total,
    },
  };
}

export { nowCount };
