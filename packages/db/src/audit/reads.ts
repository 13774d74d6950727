import type { AuditFilter, AuditRowView } from "@embargo/core";
import type { Db } from "../client.ts";

/**
 * The Audit page's list: newest first, paged by id (a cursor, not an offset:
 * the log only grows). `programIds: "all"` for administrators of every
 * program; otherwise entries of those programs only (installation-wide
 * entries such as sign-ins have no program and stay with the former).
 */
export function listAudit(
  db: Db,
  scope: { programIds: number[] | "all" },
  filter: AuditFilter & { programId?: number | null },
  page: { beforeId?: number; limit: number },
): { rows: AuditRowView[]; nextBeforeId: number | null } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (scope.programIds !== "all") {
    if (scope.programIds.length === 0) return { rows: [], nextBeforeId: null };
    where.push(`a.program_id IN (${scope.programIds.map(() => "?").join(",")})`);
    params.push(...scope.programIds);
  }
  if (filter.programId !== undefined && filter.programId !== null) {
    where.push("a.program_id = ?");
    params.push(filter.programId);
  }
  if (filter.actor) {
    where.push("instr(lower(a.actor_label), lower(?)) > 0");
    params.push(filter.actor);
  }
  if (filter.action) {
    // A prefix match on an escaped LIKE pattern (the schema allows only [a-z0-9_.], and _ is a LIKE wildcard).
    where.push("a.action LIKE ? ESCAPE '\\'");
    params.push(`${filter.action.replaceAll("_", "\\_")}%`);
  }
  if (filter.from) {
    where.push("a.at >= ?");
    params.push(filter.from.getTime());
  }
  if (filter.to) {
    where.push("a.at < ?");
    params.push(filter.to.getTime());
  }
  if (page.beforeId !== undefined) {
    where.push("a.id < ?");
    params.push(page.beforeId);
  }
  const sql = `SELECT a.id, a.at, a.actor_label, a.action, a.entity_type, a.entity_id, p.name AS program, a.data_json, a.prev_hash, a.hash
    FROM audit_log a LEFT JOIN programs p ON p.id = a.program_id
    ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY a.id DESC LIMIT ?`;
  const raw = db.$client.prepare(sql).all(...params, page.limit + 1) as {
    id: number;
    at: number;
    actor_label: string;
    action: string;
    entity_type: string;
    entity_id: string;
    program: string | null;
    data_json: string;
    prev_hash: string;
    hash: string;
  }[];
  const more = raw.length > page.limit;
  const rows = raw.slice(0, page.limit).map((r) => ({
    id: r.id,
    at: new Date(r.at),
    actorLabel: r.actor_label,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    program: r.program,
    dataJson: r.data_json,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
  return { rows, nextBeforeId: more ? (rows.at(-1)?.id ?? null) : null };
}

/** Distinct actions for the page's filter list. */
export function auditActions(db: Db): string[] {
  return db.$client.prepare("SELECT DISTINCT action FROM audit_log ORDER BY action").pluck().all() as string[];
}
