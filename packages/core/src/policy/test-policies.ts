import type { Policy } from "./schema.ts";

/** Policies the policy tests share. */

/** A policy as stored before the optional fields existed: none of them is present. */
export const STORED_BEFORE_OPTIONAL_FIELDS: Policy = {
  acknowledge: { amount: 24, unit: "hours" },
  assess: { amount: 5, unit: "business_days" },
  update: { amount: 7, unit: "days" },
  emergency: null,
  resolve: { critical: { amount: 7, unit: "days" }, high: null, medium: null, low: "next_release" },
  disclosure: { amount: 90, unit: "days" },
  supportedVersions: [{ range: "2.x", status: "supported" }],
  calendar: { timeZone: "UTC", workingDays: ["mon", "tue", "wed", "thu", "fri"], holidays: [] },
  contacts: { security: ["security@before.example"], emergency: [] },
  languages: ["en"],
  pgpKeyUrl: null,
  policyUrl: null,
};
