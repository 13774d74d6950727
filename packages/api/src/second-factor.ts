/**
 * The server side of second factors: TOTP codes (otpauth), passkeys
 * (@simplewebauthn/server) and recovery codes (argon2id, like passwords).
 * Secrets, codes and tokens never reach a log or the audit trail.
 */
import { createHmac, randomBytes } from "node:crypto";
import { ENROLMENT_TTL_MS, RECOVERY_CODE_COUNT, TOTP_PARAMS, TOTP_WINDOW } from "@embargo/core";
import {
  acceptTotpStep,
  type Db,
  type FactorRow,
  hashPassword,
  spendRecoveryCode,
  unusedRecoveryCodes,
  verifyPassword,
} from "@embargo/db";
import type { AuthenticationResponseJSON, WebAuthnCredential } from "@simplewebauthn/server";
import { verifyAuthenticationResponse } from "@simplewebauthn/server";
import * as OTPAuth from "otpauth";

/** The relying party is the configured public address (EMBARGO_PUBLIC_URL, else http://localhost:PORT). */
export function relyingParty(publicUrl: string) {
  const u = new URL(publicUrl);
  return { rpID: u.hostname, origin: u.origin, rpName: "Embargo" };
}

export function newTotp(secret: string, account: string) {
  return new OTPAuth.TOTP({
    issuer: "Embargo",
    label: account,
    secret: OTPAuth.Secret.fromBase32(secret),
    ...TOTP_PARAMS,
  });
}

/** A new 160-bit secret (RFC 4226's recommended length), base32 without padding: 32 characters. */
export const newTotpSecret = () => new OTPAuth.Secret({ size: 20 }).base32;

/** The time step a code matches within ±1 step, or null. */
export function totpStep(secret: string, code: string, now: Date): number | null {
  const totp = newTotp(secret, "x");
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
  if (delta === null) return null;
  return totp.counter({ timestamp: now.getTime() }) + delta;
}

/**
 * Check a code against the user's TOTP factors and spend its step. A code of
 * a step not after the last accepted one is a replay: "used" (refused).
 */
export function checkTotp(db: Db, factors: FactorRow[], code: string, now: Date): FactorRow | "used" | null {
  let replayed = false;
  for (const f of factors) {
    if (f.kind !== "totp" || !f.totpSecret) continue;
    const step = totpStep(f.totpSecret, code, now);
    if (step === null) continue;
    if (acceptTotpStep(db, f.id, step, now)) return f;
    replayed = true;
  }
  return replayed ? "used" : null;
}

/**
 * A pending TOTP enrolment is not stored: the secret goes to the browser with
 * a MAC binding it to this session and an expiry, and comes back with the
 * first code. The key lives only in this process (a restart voids pending
 * enrolments, which last 10 minutes anyway).
 */
const PENDING_KEY = randomBytes(32);
export function sealPendingTotp(sessionId: number, secret: string, now: Date): string {
  const exp = now.getTime() + ENROLMENT_TTL_MS;
  const mac = createHmac("sha256", PENDING_KEY).update(`${sessionId}:${secret}:${exp}`).digest("base64url");
  return `${exp}.${mac}`;
}
export function pendingTotpValid(sessionId: number, secret: string, pending: string, now: Date): boolean {
  const [expText, mac] = pending.split(".");
  const exp = Number(expText);
  if (!Number.isSafeInteger(exp) || exp <= now.getTime() || !mac) return false;
  const want = createHmac("sha256", PENDING_KEY).update(`${sessionId}:${secret}:${exp}`).digest("base64url");
  return want.length === mac.length && want === mac;
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
/** Ten codes of 50 random bits each, shown as xxxxx-xxxxx. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const s = Array.from(bytes, (b) => ALPHABET[b & 31]).join("");
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}
/** Stored like passwords (argon2id); the typed form is normalised (no dash, lower case) first. */
export const hashRecoveryCodes = (codes: string[]) => Promise.all(codes.map((c) => hashPassword(c.replace(/-/g, ""))));

/** Spend the matching unused recovery code; false when none matches. */
export async function useRecoveryCode(db: Db, userId: number, normalised: string, now: Date): Promise<boolean> {
  for (const row of unusedRecoveryCodes(db, userId)) {
    if (await verifyPassword(row.codeHash, normalised)) return spendRecoveryCode(db, row.id, now);
  }
  return false;
}

export const credentialOf = (f: FactorRow): WebAuthnCredential => ({
  id: f.credentialId ?? "",
  publicKey: new Uint8Array(Buffer.from(f.publicKey ?? "", "base64url")),
  counter: f.signCount,
  transports: (f.transports ?? undefined) as WebAuthnCredential["transports"],
});

/** Verify an assertion against one of the user's passkeys; the reason when refused. */
export async function verifyPasskey(
  publicUrl: string,
  factors: FactorRow[],
  expectedChallenge: string,
  response: AuthenticationResponseJSON,
): Promise<{ ok: true; factor: FactorRow; newCounter: number } | { ok: false; message: string }> {
  const factor = factors.find((f) => f.kind === "passkey" && f.credentialId === response.id);
  if (!factor) return { ok: false, message: "This passkey is not registered to this account" };
  const rp = relyingParty(publicUrl);
  try {
    const v = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: credentialOf(factor),
      requireUserVerification: false,
    });
    if (!v.verified) return { ok: false, message: "The passkey's answer could not be verified" };
    return { ok: true, factor, newCounter: v.authenticationInfo.newCounter };
  } catch {
    return { ok: false, message: "The passkey's answer could not be verified" };
  }
}

export const newChallengeToken = () => randomBytes(32).toString("base64url");
