import { z } from "zod";
import { passwordSchema, ROLES } from "./auth.ts";
import { LINK_SLOTS } from "./notify/slots.ts";

/** An invitation waits a week: long enough for someone on leave, short enough to go stale safely. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
/**
 * A reset link lasts 24 hours. Only an admin or the operator can make one (there
 * is no self-service "forgot password" for an attacker to trigger), and it is
 * often passed on by hand to someone in another time zone; it is single use and
 * any newer reset or password change spends the older ones.
 */
export const PASSWORD_RESET_TTL_MS = 24 * 3600_000;

/** The one answer for a link that is wrong, expired or used: it must not tell which. */
export const INVALID_LINK_MESSAGE = "This link is not valid: it may have expired or been used already";

/** True for an IANA zone name the runtime knows ("Europe/Berlin", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_+\-/0-9]{1,64}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const programSlug = z.string().trim().min(1, "Choose a program").max(64);
const email = z.string().trim().toLowerCase().max(320).pipe(z.email("Must be an email address"));
const userId = z.number().int().positive();
// 192-bit tokens are 32 base64url characters; anything far longer is not ours.
const linkToken = z.string().trim().min(1, "The link has no token").max(100);
const personName = z.string().trim().min(1, "Enter a name").max(100, "Must be at most 100 characters");

export const inviteSchema = z.object({ program: programSlug, email, role: z.enum(ROLES) });
export const membersListSchema = z.object({ program: programSlug.nullable().default(null) });
export const changeRoleSchema = z.object({ program: programSlug, userId, role: z.enum(ROLES) });
export const removeMembershipSchema = z.object({ program: programSlug, userId });
export const setDisabledSchema = z.object({ userId, disabled: z.boolean() });
export const userRefSchema = z.object({ userId });
export const invitationIdSchema = z.object({ id: z.number().int().positive() });
export const linkTokenSchema = z.object({ token: linkToken });
export const acceptInvitationSchema = z.object({
  token: linkToken,
  /** Only for a new account; an existing account keeps its name. */
  name: personName.optional(),
  password: z.string().min(1, "Enter a password").max(1_000, "Must be at most 1000 characters"),
});
export const resetPasswordSchema = z.object({ token: linkToken, password: passwordSchema });
export const timeZoneSchema = z
  .string()
  .trim()
  .max(64)
  .refine(isTimeZone, "Not a time zone name (like Europe/Berlin or UTC)");
export const updateProfileSchema = z.object({ name: personName, timeZone: timeZoneSchema.nullable() });
export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(1_000),
  newPassword: passwordSchema,
});

const ROLE_TEXT = {
  admin: "an admin (manages the program and its members)",
  triager: "a triager (works the reports)",
  leadership: "leadership (reads reports and metrics)",
} as const;

export function invitationEmail(p: { programName: string; role: (typeof ROLES)[number]; inviter: string }) {
  return {
    subject: `You are invited to ${p.programName} on Embargo`,
    text: [
      `${p.inviter} invited you to join ${p.programName} as ${ROLE_TEXT[p.role]}.`,
      ``,
      `Accept within 7 days here:`,
      LINK_SLOTS.invitationUrl,
      ``,
      `The link works once. If you did not expect this, ignore this email.`,
    ].join("\n"),
  };
}

export function passwordResetEmail() {
  return {
    subject: "Set a new Embargo password",
    text: [
      `An admin sent you a link to set a new password for Embargo.`,
      ``,
      `Use it within 24 hours; it works once and signs you out everywhere:`,
      LINK_SLOTS.resetUrl,
      ``,
      `If you did not ask for this, tell your admin.`,
    ].join("\n"),
  };
}
