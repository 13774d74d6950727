import { SECOND_FACTOR_MAX_ATTEMPTS } from "@embargo/core";
import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Conn } from "../client.ts";
import { authChallenges, type CHALLENGE_PURPOSES } from "../schema/trust.ts";

export type ChallengePurpose = (typeof CHALLENGE_PURPOSES)[number];
export type ChallengeRow = typeof authChallenges.$inferSelect;

/** A new challenge; expired rows of any user are swept on the way (they are few and small). */
export function createChallenge(
  db: Conn,
  c: { tokenHash: string; userId: number; purpose: ChallengePurpose; challenge?: string | null; ttlMs: number },
  now: Date,
): void {
  db.delete(authChallenges).where(lte(authChallenges.expiresAt, now)).run();
  db.insert(authChallenges)
    .values({
      tokenHash: c.tokenHash,
      userId: c.userId,
      purpose: c.purpose,
      challenge: c.challenge ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + c.ttlMs),
    })
    .run();
}

/** The live challenge for this token and purpose, or undefined (unknown, expired, spent, other purpose). */
export function liveChallenge(db: Conn, tokenHash: string, purpose: ChallengePurpose, now: Date) {
  return db
    .select()
    .from(authChallenges)
    .where(
      and(
        eq(authChallenges.tokenHash, tokenHash),
        eq(authChallenges.purpose, purpose),
        gt(authChallenges.expiresAt, now),
      ),
    )
    .get();
}

/** A WebAuthn challenge issued for this step. */
export function setChallengeValue(db: Conn, id: number, challenge: string): void {
  db.update(authChallenges).set({ challenge }).where(eq(authChallenges.id, id)).run();
}

/** A wrong answer: counted; the challenge dies at the limit. Returns whether it is still alive. */
export function failChallenge(db: Conn, id: number): boolean {
  const row = db
    .update(authChallenges)
    .set({ attempts: sql`${authChallenges.attempts} + 1` })
    .where(eq(authChallenges.id, id))
    .returning({ attempts: authChallenges.attempts })
    .get();
  if (!row || row.attempts >= SECOND_FACTOR_MAX_ATTEMPTS) {
    db.delete(authChallenges).where(eq(authChallenges.id, id)).run();
    return false;
  }
  return true;
}

/** Spend: the row goes. False when it was already spent (a race). */
export function spendChallenge(db: Conn, id: number): boolean {
  return db.delete(authChallenges).where(eq(authChallenges.id, id)).run().changes === 1;
}
