/**
 * The disclosure vocabulary (issue 11): plan states, where a target came from,
 * milestones, requests to move a date, inbox filters, version schemes and the
 * reference and credit types of the advisory formats.
 */

/** The disclosure plan of one report. */
export const DISCLOSURE_STATES = ["none", "proposed", "agreed", "extended", "published", "cancelled"] as const;
export type DisclosureState = (typeof DISCLOSURE_STATES)[number];

/** Where a disclosure target came from. */
export const DISCLOSURE_BASES = ["policy_window", "after_fix_release", "manual"] as const;
export type DisclosureBasis = (typeof DISCLOSURE_BASES)[number];

export const MILESTONES = ["fix_started", "fix_ready", "fix_released", "cve_reserved", "advisory_published"] as const;
export type Milestone = (typeof MILESTONES)[number];

/** A request to move the date: an extension, or a researcher contesting a proposed date. */
export const DISCLOSURE_REQUEST_KINDS = ["extension", "contest"] as const;
export type DisclosureRequestKind = (typeof DISCLOSURE_REQUEST_KINDS)[number];

export const DISCLOSURE_REQUESTERS = ["team", "researcher"] as const;
export type DisclosureRequester = (typeof DISCLOSURE_REQUESTERS)[number];

export const DISCLOSURE_REQUEST_STATES = ["pending", "approved", "declined"] as const;
export type DisclosureRequestState = (typeof DISCLOSURE_REQUEST_STATES)[number];

/** The inbox filter `disclosure`. */
export const DISCLOSURE_FILTERS = ["within_7", "within_30", "overdue"] as const;
export type DisclosureFilter = (typeof DISCLOSURE_FILTERS)[number];

/** How a program numbers its releases (programs.version_scheme); declared with the program settings. */
export { VERSION_SCHEMES, type VersionScheme } from "../programs.ts";

/** OSV reference types. */
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

/** CVE JSON 5 credit types. */
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

export const DISCLOSURE_STATE_LABELS: Record<DisclosureState, string> = {
  none: "No plan",
  proposed: "Proposed",
  agreed: "Agreed",
  extended: "Extended",
  published: "Published",
  cancelled: "Cancelled",
};

export const MILESTONE_LABELS: Record<Milestone, string> = {
  fix_started: "Fix started",
  fix_ready: "Fix ready",
  fix_released: "Fix released",
  cve_reserved: "CVE reserved",
  advisory_published: "Advisory published",
};

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

/** The value a milestone records when it is reached, if any (the form asks for it). */
export const MILESTONE_NEEDS: Record<Milestone, "fixedVersion" | "cveId" | "advisoryUrl" | null> = {
  fix_started: null,
  fix_ready: null,
  fix_released: "fixedVersion",
  cve_reserved: "cveId",
  advisory_published: "advisoryUrl",
};
