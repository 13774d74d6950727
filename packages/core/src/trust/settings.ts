import { z } from "zod";

/**
 * Installation-wide security settings, changed by an admin in the app and
 * stored in the `settings` table as JSON. Defaults follow OWASP ASVS 5.0
 * level 2: a 30-minute idle timeout and a 12-hour absolute one.
 */
export const REQUIRE_SECOND_FACTOR = ["off", "admins", "everyone"] as const;
export type RequireSecondFactor = (typeof REQUIRE_SECOND_FACTOR)[number];

export const securitySettingsSchema = z.object({
  /** Who must have a second factor: enforced at sign-in, enrolment forced on the next one. */
  requireSecondFactor: z.enum(REQUIRE_SECOND_FACTOR),
  /** A session unused this long ends. */
  idleTimeoutMinutes: z
    .number()
    .int("Must be a whole number of minutes")
    .min(5, "Must be at least 5 minutes")
    .max(24 * 60, "Must be at most 1440 minutes (24 hours)"),
  /** A session ends this long after sign-in, used or not. */
  absoluteTimeoutHours: z
    .number()
    .int("Must be a whole number of hours")
    .min(1, "Must be at least 1 hour")
    .max(30 * 24, "Must be at most 720 hours (30 days)"),
});
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  requireSecondFactor: "off",
  idleTimeoutMinutes: 30,
  absoluteTimeoutHours: 12,
};

/** Sensitive actions (tokens, webhooks, roles, erasure, removing a factor) need a proof this recent. */
export const REAUTH_WINDOW_MS = 10 * 60_000;

/** Whether a user with these roles must have a second factor under the setting. */
export function secondFactorRequired(setting: RequireSecondFactor, isAdmin: boolean): boolean {
  return setting === "everyone" || (setting === "admins" && isAdmin);
}

/** Whether a session has ended by its idle or absolute timeout at `now`. */
export function sessionExpired(
  session: { createdAt: Date; lastSeenAt: Date },
  s: Pick<SecuritySettings, "idleTimeoutMinutes" | "absoluteTimeoutHours">,
  now: Date,
): boolean {
  const t = now.getTime();
  return (
    t - session.lastSeenAt.getTime() >= s.idleTimeoutMinutes * 60_000 ||
    t - session.createdAt.getTime() >= s.absoluteTimeoutHours * 3_600_000
  );
}
