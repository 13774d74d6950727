import { stringify } from "csv-stringify/browser/esm/sync";
import { z } from "zod";

/** One audit entry as the Audit page and its CSV show it. */
export interface AuditRowView {
  id: number;
  at: Date;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  program: string | null;
  dataJson: string;
  prevHash: string;
  hash: string;
}

export const auditFilterSchema = z.object({
  actor: z.string().trim().max(320, "Must be at most 320 characters").optional(),
  /** An action or its prefix: "report." finds every report action. */
  action: z
    .string()
    .trim()
    .max(100, "Must be at most 100 characters")
    .regex(/^[a-z0-9_.]*$/, "Use an action name such as report.acknowledge or a prefix such as report.")
    .optional(),
  program: z.string().trim().max(100).optional(),
  from: z.coerce.date({ error: "Must be a date" }).optional(),
  to: z.coerce.date({ error: "Must be a date" }).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab/CR) as a
 * formula; audit values can carry user-chosen text (an email, a title), so
 * such cells get a leading apostrophe (OWASP "CSV injection").
 */
export function defuseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The export keeps the chain columns, so the file itself can be checked against the log's heads. */
export function auditCsv(rows: readonly AuditRowView[]): string {
  return stringify(
    rows.map((r) => [
      r.id,
      r.at.toISOString(),
      defuseCell(r.actorLabel),
      r.action,
      r.entityType,
      defuseCell(r.entityId),
      defuseCell(r.program ?? ""),
      defuseCell(r.dataJson),
      r.prevHash,
      r.hash,
    ]),
    {
      header: true,
      columns: ["id", "at", "actor", "action", "entity_type", "entity_id", "program", "data", "prev_hash", "hash"],
    },
  );
}
