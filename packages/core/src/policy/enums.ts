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
