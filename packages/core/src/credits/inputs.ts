import { z } from "zod";
import { CREDIT_TYPES } from "../disclosure/enums.ts";
import { CREDIT_AS } from "../intake/schemas.ts";
import { programSlugSchema } from "../programs.ts";
import { reportKeySchema } from "../report/schemas.ts";
import { ACK_FORMATS } from "./acknowledgments.ts";
import { ackPeriodSchema } from "./period.ts";

/**
 * What the dashboard, the consent page and `embargo export acknowledgments` send
 * about credits. Names, handles and emails come from people outside the team and
 * are untrusted text wherever they are shown.
 */

const CREDIT_TYPE_MESSAGE = `Choose a credit type: ${CREDIT_TYPES.join(", ")}`;
export const creditTypeSchema = z.enum(CREDIT_TYPES, { error: CREDIT_TYPE_MESSAGE });
export const creditDisplaySchema = z.enum(CREDIT_AS, { error: "Choose name, handle or anonymous" });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be at most ${max} characters`)
    .nullish()
    .transform((v) => v || null);

const optionalEmail = z
  .string()
  .trim()
  .max(320)
  .pipe(z.email("Must be an email address"))
  .nullish()
  .or(z.literal("").transform(() => null))
  .transform((v) => v ?? null);

const creditId = z.number({ error: "Give the credit's id" }).int().positive();

export const creditKeySchema = z.object({ key: reportKeySchema });
export const creditRefSchema = z.object({ key: reportKeySchema, id: creditId });

/**
 * Add a person to a report's credits: an existing researcher by id, or a new one by
 * name, handle and email. Someone with an email is asked through a consent link
 * unless the team records their answer (`consent`) itself; someone without one must
 * have their answer recorded by the team.
 */
export const addCreditSchema = z
  .object({
    key: reportKeySchema,
    researcherId: z.number().int().positive().nullish(),
    name: optionalText(200),
    handle: optionalText(100),
    email: optionalEmail,
    type: creditTypeSchema,
    display: creditDisplaySchema.default("name"),
    consent: z.enum(["accepted", "declined"], { error: "Record accepted or declined" }).nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.researcherId && (v.name || v.handle || v.email)) {
      ctx.addIssue({ code: "custom", path: ["researcherId"], message: "Choose a researcher or describe a new one" });
    }
    if (!v.researcherId && !v.name && !v.handle) {
      ctx.addIssue({ code: "custom", path: ["name"], message: "Give a name or a handle" });
    }
    if (!v.researcherId && !v.email && !v.consent) {
      ctx.addIssue({
        code: "custom",
        path: ["consent"],
        message: "Without an email to ask them, record whether they accepted",
      });
    }
  });
export type AddCreditInput = z.output<typeof addCreditSchema>;

export const updateCreditSchema = z.object({
  key: reportKeySchema,
  id: creditId,
  type: creditTypeSchema.optional(),
  display: creditDisplaySchema.optional(),
});

/** The secret of a consent link, as it appears in `/credit/<token>`. */
export const consentTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);

/** The one-page consent form: accept (naming how) or decline. */
export const consentAnswerSchema = z.object({
  accept: z.boolean({ error: "Accept or decline" }),
  display: creditDisplaySchema.default("name"),
  name: optionalText(200),
  handle: optionalText(100),
});
export type ConsentAnswer = z.output<typeof consentAnswerSchema>;

/**
 * An acknowledgment list: one program (or all of the viewer's), a period of whole
 * UTC days and a format. Period problems name their field ("from" or "to").
 */
export const acknowledgmentsSchema = z
  .object({
    program: programSlugSchema.nullish(),
    from: z.string().nullish(),
    to: z.string().nullish(),
    format: z.enum(ACK_FORMATS, { error: `Choose a format: ${ACK_FORMATS.join(", ")}` }),
  })
  .transform((v, ctx) => {
    const period = ackPeriodSchema.safeParse({ from: v.from, to: v.to });
    if (!period.success) {
      for (const issue of period.error.issues)
        ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      return z.NEVER;
    }
    return { program: v.program ?? null, format: v.format, period: period.data };
  });
export type AcknowledgmentsInput = z.input<typeof acknowledgmentsSchema>;
