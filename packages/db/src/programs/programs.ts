import { type Policy, policySchema } from "@embargo/core";
import { count, eq } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Db } from "../client.ts";
import { programs } from "../schema/programs.ts";

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
        policyJson: JSON.stringify(policy),
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
