// The closed value sets of a policy, apart from the zod schema so the
// dashboard can offer them without importing zod.

/** Units a promised duration is counted in. */
export const DURATION_UNITS = ["hours", "days", "business_days", "weeks"] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** Days of the week, Monday first (ISO 8601). */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** How a version range is supported. */
export const SUPPORT_STATUSES = ["supported", "limited", "unsupported"] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];

/** What a separate disclosure rule for critical issues counts from: the release that contains the patch. */
export const DISCLOSURE_ANCHORS = ["patch_release"] as const;
export type DisclosureAnchor = (typeof DISCLOSURE_ANCHORS)[number];

/**
 * Whether reporters are credited and whose choice it is: `opt_in` credits only
 * reporters who ask for it and agree ("if desired", "with permission");
 * `opt_out` credits everyone unless they prefer to stay anonymous.
 */
export const CREDIT_MODES = ["not_offered", "opt_in", "opt_out"] as const;
export type CreditMode = (typeof CREDIT_MODES)[number];

/** Where a credit appears. */
export const CREDIT_PLACES = ["advisory", "hall_of_fame"] as const;
export type CreditPlace = (typeof CREDIT_PLACES)[number];

/** Where security advisories are published. */
export const ADVISORY_CHANNELS = ["github", "email", "website"] as const;
export type AdvisoryChannel = (typeof ADVISORY_CHANNELS)[number];

/** Which advisories a channel carries: all of them, or only those for critical updates. */
export const ADVISORY_SCOPES = ["all", "critical"] as const;
export type AdvisoryScope = (typeof ADVISORY_SCOPES)[number];

/** What the reporter is told after the initial assessment. */
export const ASSESSMENT_ITEMS = ["confirmation", "severity", "fix_timeline"] as const;
export type AssessmentItem = (typeof ASSESSMENT_ITEMS)[number];
