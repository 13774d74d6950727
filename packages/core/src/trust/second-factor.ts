import { z } from "zod";

/** RFC 6238 as every authenticator app reads it: SHA1, 6 digits, 30-second steps. */
export const TOTP_PARAMS = { algorithm: "SHA1", digits: 6, period: 30 } as const;
/** One step either side of now, for clocks a little off; a replay is refused by the stored last step. */
export const TOTP_WINDOW = 1;
/** The password was right; the second step must follow within this. */
export const SECOND_FACTOR_CHALLENGE_TTL_MS = 5 * 60_000;
/** Wrong codes one second-factor challenge survives: the next wrong one ends it (sign in again). */
export const SECOND_FACTOR_MAX_ATTEMPTS = 5;
/** A pending TOTP or passkey enrolment must be confirmed within this. */
export const ENROLMENT_TTL_MS = 10 * 60_000;
export const RECOVERY_CODE_COUNT = 10;

/** Why a refusal happened, in `error.data.reason`, so the web app can act on it (prompt, route). */
export const AUTH_REASONS = ["reauth_required", "enrolment_required"] as const;
export type AuthReason = (typeof AUTH_REASONS)[number];

const label = z
  .string()
  .trim()
  .min(1, "Give it a name you will recognise, such as “Phone”")
  .max(60, "Must be at most 60 characters");

export const totpCodeSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/\s+/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"));

/** Recovery codes are shown as xxxxx-xxxxx; spaces, dashes and case do not matter when typed. */
export const recoveryCodeSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]+/g, "").toLowerCase())
  .pipe(z.string().regex(/^[a-z2-7]{10}$/, "Enter one of your recovery codes, such as abcde-23456"));

export const challengeTokenSchema = z.string().min(20).max(200);

/** A WebAuthn response as @simplewebauthn/browser produces it; checked in depth by the server library. */
export const webAuthnResponseSchema = z.looseObject({
  id: z.string().max(1_400),
  rawId: z.string().max(1_400),
  type: z.literal("public-key"),
});

export const secondStepSchema = z.discriminatedUnion("method", [
  z.object({ challengeToken: challengeTokenSchema, method: z.literal("totp"), code: totpCodeSchema }),
  z.object({ challengeToken: challengeTokenSchema, method: z.literal("recovery"), code: recoveryCodeSchema }),
  z.object({ challengeToken: challengeTokenSchema, method: z.literal("passkey"), response: webAuthnResponseSchema }),
]);

export const totpConfirmSchema = z.object({
  label,
  secret: z.string().regex(/^[A-Z2-7]{32}$/, "Start again: the secret is not one Embargo issued"),
  pending: z.string().min(20).max(200),
  code: totpCodeSchema,
});

export const passkeyFinishSchema = z.object({
  label,
  challengeToken: challengeTokenSchema,
  response: webAuthnResponseSchema,
});

export const factorIdSchema = z.object({ id: z.number().int().positive() });

export const reauthenticateSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("password"), password: z.string().min(1, "Enter your password").max(1_000) }),
  z.object({ method: z.literal("passkey"), challengeToken: challengeTokenSchema, response: webAuthnResponseSchema }),
]);

export const sessionIdSchema = z.object({ id: z.number().int().positive() });
export const memberSessionSchema = z.object({ userId: z.number().int().positive(), id: z.number().int().positive() });

/** Email to a member whose second factors an admin reset. */
export function factorResetEmail(p: { admin: string }) {
  return {
    subject: "Your Embargo second factors were reset",
    text: [
      `${p.admin}, an Embargo admin, removed your passkeys, authenticator app and recovery codes,`,
      `and signed you out everywhere.`,
      ``,
      `Sign in with your password; if a second factor is required you will be asked to set one up.`,
      `If you did not ask for this, tell your admin at once.`,
    ].join("\n"),
  };
}
