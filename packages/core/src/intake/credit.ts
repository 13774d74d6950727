import { z } from "zod";

/** How a reporter wants to be named when credited, and whether they agreed to it. */
export const CREDIT_AS = ["name", "handle", "anonymous"] as const;
export const CREDIT_CONSENT = ["pending", "accepted", "declined"] as const;

/**
 * The reporter's credit wishes, as the public form, the API and the staff
 * form take them (its own module: the report and intake schemas both use it).
 */
export const creditSchema = z.object({
  creditAs: z.enum(CREDIT_AS, { error: "Choose name, handle or anonymous" }).default("name"),
  /** "accepted" = may be credited publicly; "declined" = never; "pending" = not asked yet. */
  consent: z.enum(CREDIT_CONSENT, { error: "Choose pending, accepted or declined" }).default("pending"),
});
