import { type Policy, policySchema } from "@embargo/core";
import { count, eq, inArray } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Db } from "../client.ts";
import { programs } from "../schema/programs.ts";
import { recomputeProgramSla } from "../sla/clocks.ts";

export const programBySlug = (db: Db, slug: string) => db.select().from(programs).where(eq(programs.slug, slug)).get();
export const allPrograms = (db: Db) => db.select().from(programs).all();

export function createProgram(
  db: Db,
  p: { slug: string; name: string; keyPrefix: string; description?: string; policy: Policy },
  actor: Actor,
  now: Date,
) {
  const policy = policySchema.parse(p.policy);
  return db.transaction((tx) => {
    const row = tx
      .insert(programs)
      .values({
        slug: p.slug,
        name: p.name,
        keyPrefix: p.keyPrefix,
        description: p.description ?? "",
        policy,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    appendAudit(
      tx,
      actor,
      { action: "program.create", entityType: "program", entityId: p.slug, programId: row.id },
      now,
    );
    return row;
  });
}

export const hasPrograms = (db: Db) => (db.select({ n: count() }).from(programs).get()?.n ?? 0) > 0;

export const programById = (db: Db, id: number) => db.select().from(programs).where(eq(programs.id, id)).get();

/** The programs a person is a member of, with their policy as stored. */
export function programsByIds(db: Db, ids: number[]) {
  return db
    .select({
      id: programs.id,
      slug: programs.slug,
      name: programs.name,
      keyPrefix: programs.keyPrefix,
      policy: programs.policy,
      updatedAt: programs.updatedAt,
    })
    .from(programs)
    .where(inArray(programs.id, ids))
    .all();
}

/**
 * Replace a program's policy. The change, its audit entry (before and
 * after) and the new clocks of every open report commit together; returns
 * how many reports were recomputed.
 */
export function updateProgramPolicy(
  db: Db,
  program: { id: number; slug: string },
  policy: Policy,
  actor: Actor,
  now: Date,
): number {
  return db.transaction((tx) => {
    const before = tx.select({ policy: programs.policy }).from(programs).where(eq(programs.id, program.id)).get();
    tx.update(programs).set({ policy, updatedAt: now }).where(eq(programs.id, program.id)).run();
    appendAudit(
      tx,
      actor,
      {
        action: "program.policy_update",
        entityType: "program",
        entityId: program.slug,
        programId: program.id,
        data: { before: before?.policy ?? null, after: policy },
      },
      now,
    );
    return recomputeProgramSla(tx, program.id, now);
  });
}
