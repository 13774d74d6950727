import { and, desc, eq, isNull } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Db } from "../client.ts";
import { apiTokens } from "../schema/intake.ts";

export function createApiToken(
  db: Db,
  p: { programId: number; name: string; tokenHash: string; prefix: string },
  actor: Actor,
  now: Date,
) {
  return db.transaction((tx) => {
    const row = tx
      .insert(apiTokens)
      .values({ ...p, createdByUserId: actor.userId, createdAt: now })
      .returning({ id: apiTokens.id })
      .get();
    appendAudit(
      tx,
      actor,
      {
        action: "api_token.create",
        entityType: "api_token",
        entityId: row.id,
        programId: p.programId,
        data: { name: p.name, prefix: p.prefix },
      },
      now,
    );
    return row;
  });
}

export function listApiTokens(db: Db, programId: number) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.programId, programId))
    .orderBy(desc(apiTokens.createdAt))
    .all();
}

export function revokeApiToken(db: Db, programId: number, id: number, actor: Actor, now: Date): boolean {
  return db.transaction((tx) => {
    const r = tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.programId, programId), isNull(apiTokens.revokedAt)))
      .run();
    if (r.changes === 0) return false;
    appendAudit(tx, actor, { action: "api_token.revoke", entityType: "api_token", entityId: id, programId }, now);
    return true;
  });
}

/** The live token's program, touching last_used_at. */
export function apiTokenProgram(db: Db, tokenHash: string, now: Date): number | null {
  const row = db
    .select({ id: apiTokens.id, programId: apiTokens.programId })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .get();
  if (!row) return null;
  db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  return row.programId;
}
