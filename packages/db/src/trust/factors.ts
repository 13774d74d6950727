import { and, eq, isNull, lt, or } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Conn, Db } from "../client.ts";
import { enqueueEmail } from "../outbox/queue.ts";
import { authChallenges, recoveryCodes, userFactors } from "../schema/trust.ts";
import { sessions, users } from "../schema/users.ts";

export type FactorRow = typeof userFactors.$inferSelect;

/** Every factor of a user, oldest first (secrets included: for the server's checks only). */
export function factorsOf(db: Conn, userId: number): FactorRow[] {
  return db.select().from(userFactors).where(eq(userFactors.userId, userId)).orderBy(userFactors.id).all();
}

/** What the user and admins may see of a factor: never the secret or the key. */
export function factorSummaries(db: Conn, userId: number) {
  return db
    .select({
      id: userFactors.id,
      kind: userFactors.kind,
      label: userFactors.label,
      createdAt: userFactors.createdAt,
      lastUsedAt: userFactors.lastUsedAt,
    })
    .from(userFactors)
    .where(eq(userFactors.userId, userId))
    .orderBy(userFactors.id)
    .all();
}

export function hasFactor(db: Conn, userId: number): boolean {
  return (
    db.select({ id: userFactors.id }).from(userFactors).where(eq(userFactors.userId, userId)).limit(1).get() !==
    undefined
  );
}

export function factorByCredentialId(db: Conn, credentialId: string): FactorRow | undefined {
  return db.select().from(userFactors).where(eq(userFactors.credentialId, credentialId)).get();
}

type NewFactor =
  | { kind: "totp"; label: string; totpSecret: string; totpLastStep: number }
  | {
      kind: "passkey";
      label: string;
      credentialId: string;
      publicKey: string;
      signCount: number;
      transports: string[];
    };

/**
 * Enrol a factor; the first one also gets its recovery codes (hashes), in the
 * same transaction. Audited without the secret or key.
 */
export function addFactor(
  db: Db,
  userId: number,
  factor: NewFactor,
  recoveryCodeHashes: string[] | null,
  actor: Actor,
  now: Date,
): number {
  return db.transaction((tx) => {
    const row = tx
      .insert(userFactors)
      .values({ userId, createdAt: now, ...factor })
      .returning({ id: userFactors.id })
      .get();
    if (recoveryCodeHashes) replaceRecoveryCodesIn(tx, userId, recoveryCodeHashes, now);
    appendAudit(
      tx,
      actor,
      {
        action: "factor.enrol",
        entityType: "user",
        entityId: userId,
        data: { factorId: row.id, kind: factor.kind, label: factor.label, recoveryCodes: recoveryCodeHashes !== null },
      },
      now,
    );
    return row.id;
  });
}

/** Remove one of the user's factors; with the last one go the recovery codes. False when it is not theirs. */
export function removeFactor(db: Db, userId: number, factorId: number, actor: Actor, now: Date): boolean {
  return db.transaction((tx) => {
    const f = tx
      .select()
      .from(userFactors)
      .where(and(eq(userFactors.id, factorId), eq(userFactors.userId, userId)))
      .get();
    if (!f) return false;
    tx.delete(userFactors).where(eq(userFactors.id, factorId)).run();
    const left = hasFactor(tx, userId);
    if (!left) tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    appendAudit(
      tx,
      actor,
      {
        action: "factor.remove",
        entityType: "user",
        entityId: userId,
        data: { factorId, kind: f.kind, label: f.label, lastFactor: !left },
      },
      now,
    );
    return true;
  });
}

/**
 * Accept a TOTP step: only one after the last accepted one (compare-and-set,
 * so two requests racing with the same code cannot both pass). False: replayed.
 */
export function acceptTotpStep(db: Conn, factorId: number, step: number, now: Date): boolean {
  return (
    db
      .update(userFactors)
      .set({ totpLastStep: step, lastUsedAt: now })
      .where(
        and(eq(userFactors.id, factorId), or(isNull(userFactors.totpLastStep), lt(userFactors.totpLastStep, step))),
      )
      .run().changes === 1
  );
}

/** A passkey was used: its signature counter and last use. */
export function recordPasskeyUse(db: Conn, factorId: number, signCount: number, now: Date): void {
  db.update(userFactors).set({ signCount, lastUsedAt: now }).where(eq(userFactors.id, factorId)).run();
}

/** New recovery codes (hashes) replace every old one, used or not. */
export function replaceRecoveryCodesIn(tx: Conn, userId: number, hashes: string[], now: Date): void {
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  for (const codeHash of hashes) tx.insert(recoveryCodes).values({ userId, codeHash, createdAt: now }).run();
}

export function replaceRecoveryCodes(db: Db, userId: number, hashes: string[], actor: Actor, now: Date): void {
  db.transaction((tx) => {
    replaceRecoveryCodesIn(tx, userId, hashes, now);
    appendAudit(
      tx,
      actor,
      { action: "factor.recovery_codes", entityType: "user", entityId: userId, data: { count: hashes.length } },
      now,
    );
  });
}

/** Unused recovery codes (their hashes), for checking a typed code. */
export function unusedRecoveryCodes(db: Conn, userId: number) {
  return db
    .select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
    .all();
}

/** Spend a recovery code (compare-and-set: a code works once even under a race). */
export function spendRecoveryCode(db: Conn, codeId: number, now: Date): boolean {
  return (
    db
      .update(recoveryCodes)
      .set({ usedAt: now })
      .where(and(eq(recoveryCodes.id, codeId), isNull(recoveryCodes.usedAt)))
      .run().changes === 1
  );
}

export function recoveryCodesLeft(db: Conn, userId: number): number {
  return unusedRecoveryCodes(db, userId).length;
}

/**
 * An admin's reset: every factor and recovery code of the user goes, every
 * session ends, pending challenges die, the member is emailed; one audit entry.
 */
export function resetFactors(
  db: Db,
  userId: number,
  mail: { subject: string; text: string },
  actor: Actor,
  now: Date,
): { factors: number; sessions: number } {
  return db.transaction((tx) => {
    const u = tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).get();
    if (!u) throw new Error("No such user");
    const factors = tx.delete(userFactors).where(eq(userFactors.userId, userId)).run().changes;
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    tx.delete(authChallenges).where(eq(authChallenges.userId, userId)).run();
    const ended = tx.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
    enqueueEmail(tx, { event: "user.factors_reset", reportId: null, programId: null, to: u.email, ...mail }, now);
    appendAudit(
      tx,
      actor,
      {
        action: "factor.reset",
        entityType: "user",
        entityId: userId,
        data: { email: u.email, factors, sessionsEnded: ended },
      },
      now,
    );
    return { factors, sessions: ended };
  });
}
