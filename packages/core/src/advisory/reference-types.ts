/**
 * Reference and credit vocabularies of the advisory draft. They are also declared in
 * ../disclosure/enums.ts (written at the same time); the two lists are the same and one of
 * them goes at merge.
 */

/** OSV reference types (https://ossf.github.io/osv-schema/#references-field). */
export const REFERENCE_TYPES = [
  "ADVISORY",
  "ARTICLE",
  "DETECTION",
  "DISCUSSION",
  "REPORT",
  "FIX",
  "INTRODUCED",
  "PACKAGE",
  "EVIDENCE",
  "WEB",
] as const;
export type ReferenceType = (typeof REFERENCE_TYPES)[number];

/** CVE JSON 5 credit types (cna.credits[].type). */
export const CREDIT_TYPES = [
  "finder",
  "reporter",
  "analyst",
  "coordinator",
  "remediation_developer",
  "remediation_reviewer",
  "remediation_verifier",
  "tool",
  "sponsor",
  "other",
] as const;
export type CreditType = (typeof CREDIT_TYPES)[number];

export const CREDIT_TYPE_LABELS: Record<CreditType, string> = {
  finder: "Finder",
  reporter: "Reporter",
  analyst: "Analyst",
  coordinator: "Coordinator",
  remediation_developer: "Remediation developer",
  remediation_reviewer: "Remediation reviewer",
  remediation_verifier: "Remediation verifier",
  tool: "Tool",
  sponsor: "Sponsor",
  other: "Other",
};
