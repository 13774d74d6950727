import { type AdvisorySettings, type Policy, policySchema, type VersionScheme } from "@embargo/core";
import { count, eq, inArray } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Db } from "../client.ts";
import { programs } from "../schema/programs.ts";
import { reports } from "../schema/reports.ts";
import { memberships, users } from "../schema/users.ts";
import { recomputeProgramSla } from "../sla/clocks.ts";

export const programBySlug = (db: Db, slug: string) => db.select().from(programs).where(eq(programs.slug, slug)).get();
export const allPrograms = (db: Db) => db.select().from(programs).all();

export const programByKeyPrefix = (db: Db, keyPrefix: string) =>
  db.select().from(programs).where(eq(programs.keyPrefix, keyPrefix)).get();

/**
 * Create a program. Every admin-of-all user (admin of every program, present
 * and future) and the creator, if given, become its admins in the same
 * transaction, so the new program is never without someone who can run it.
 */
export function createProgram(
  db: Db,
  p: {
    slug: string;
    name: string;
    keyPrefix: string;
    description?: string;
    versionScheme?: VersionScheme;
    policy: Policy;
    /** Who asked for it: becomes an admin of the program. */
    creatorUserId?: number | null;
  },
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
        versionScheme: p.versionScheme ?? "semver",
        policy,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    const adminIds = new Set(
      tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.adminOfAll, true))
        .all()
        .map((u) => u.id),
    );
    if (p.creatorUserId) adminIds.add(p.creatorUserId);
    for (const userId of adminIds) {
      tx.insert(memberships).values({ userId, programId: row.id, role: "admin" }).onConflictDoNothing().run();
    }
    appendAudit(
      tx,
      actor,
      {
        action: "program.create",
        entityType: "program",
        entityId: p.slug,
        programId: row.id,
        data: {
          name: row.name,
          keyPrefix: row.keyPrefix,
          versionScheme: row.versionScheme,
          admins: [...adminIds],
        },
      },
      now,
    );
    return row;
  });
}

export const programReportCount = (db: Db, programId: number) =>
  db.select({ n: count() }).from(reports).where(eq(reports.programId, programId)).get()?.n ?? 0;

export interface ProgramChanges {
  name: string;
  description: string;
  versionScheme: VersionScheme;
  slug?: string | undefined;
  keyPrefix?: string | undefined;
  /** Only the advisory settings given change. */
  advisory?: Partial<AdvisorySettings> | undefined;
}

/** Edit a program's identity; the audit entry keeps what changed, before and after. */
export function updateProgram(db: Db, programId: number, changes: ProgramChanges, actor: Actor, now: Date) {
  return db.transaction((tx) => {
    const before = tx.select().from(programs).where(eq(programs.id, programId)).get();
    if (!before) return undefined;
    const next = {
      name: changes.name,
      description: changes.description,
      versionScheme: changes.versionScheme,
      slug: changes.slug ?? before.slug,
      keyPrefix: changes.keyPrefix ?? before.keyPrefix,
      vendorName: changes.advisory?.vendorName !== undefined ? changes.advisory.vendorName : before.vendorName,
      cveAssignerOrgId:
        changes.advisory?.cveAssignerOrgId !== undefined ? changes.advisory.cveAssignerOrgId : before.cveAssignerOrgId,
      cveAssignerShortName:
        changes.advisory?.cveAssignerShortName !== undefined
          ? changes.advisory.cveAssignerShortName
          : before.cveAssignerShortName,
      osvEcosystem: changes.advisory?.osvEcosystem !== undefined ? changes.advisory.osvEcosystem : before.osvEcosystem,
    };
    const diff: Record<string, { before: unknown; after: unknown }> = {};
    for (const k of Object.keys(next) as (keyof typeof next)[]) {
      if (before[k] !== next[k]) diff[k] = { before: before[k], after: next[k] };
    }
    const row = tx
      .update(programs)
      .set({ ...next, updatedAt: now })
      .where(eq(programs.id, programId))
      .returning()
      .get();
    appendAudit(
      tx,
      actor,
      { action: "program.update", entityType: "program", entityId: row.slug, programId, data: { changes: diff } },
      now,
    );
    return row;
  });
}

/** Archive (no new reports; existing ones stay readable) or bring back. Never deletes. */
export function setProgramArchived(db: Db, programId: number, archived: boolean, actor: Actor, now: Date) {
  return db.transaction((tx) => {
    const row = tx
      .update(programs)
      .set({ archivedAt: archived ? now : null, updatedAt: now })
      .where(eq(programs.id, programId))
      .returning()
      .get();
    if (!row) return undefined;
    appendAudit(
      tx,
      actor,
      {
        action: archived ? "program.archive" : "program.unarchive",
        entityType: "program",
        entityId: row.slug,
        programId,
      },
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
      description: programs.description,
      versionScheme: programs.versionScheme,
      archivedAt: programs.archivedAt,
      vendorName: programs.vendorName,
      cveAssignerOrgId: programs.cveAssignerOrgId,
      cveAssignerShortName: programs.cveAssignerShortName,
      osvEcosystem: programs.osvEcosystem,
      policy: programs.policy,
      updatedAt: programs.updatedAt,
      reportCount: db.$count(reports, eq(reports.programId, programs.id)),
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
