import { z } from "zod";

/** Roles are per program membership: a triager of one program sees nothing of another. */
export const ROLES = ["admin", "triager", "leadership"] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may change reports (triage actions). */
export const TRIAGE_ROLES: readonly Role[] = ["admin", "triager"];

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email("Must be an email address")),
  password: z.string().min(1, "Enter your password").max(1_000),
});

export const passwordSchema = z
  .string()
  .min(12, "Must be at least 12 characters")
  .max(1_000, "Must be at most 1000 characters");
