import type { ReportState } from "@embargo/core";
import type { Conn } from "../client.ts";
import { reportEvents } from "../schema/reports.ts";

export interface EventInput {
  reportId: number;
  at: Date;
  actorUserId: number | null;
  actorLabel: string;
  type: string;
  fromState?: ReportState | null;
  toState?: ReportState | null;
  data?: Record<string, unknown>;
}

export function insertEvent(tx: Conn, e: EventInput): void {
  tx.insert(reportEvents)
    .values({
      reportId: e.reportId,
      at: e.at,
      actorUserId: e.actorUserId,
      actorLabel: e.actorLabel,
      type: e.type,
      fromState: e.fromState ?? null,
      toState: e.toState ?? null,
      data: e.data ?? {},
    })
    .run();
}
