/** Severity levels, most severe first. Kept apart from the CVSS calculator so the schema can import them alone. */
export const SEVERITIES = ["critical", "high", "medium", "low", "none"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Severities as an inbox filter: a report without one is `unrated`. */
export const SEVERITY_FILTERS = [...SEVERITIES, "unrated"] as const;
export type SeverityFilter = (typeof SEVERITY_FILTERS)[number];

/** Where a report's severity came from: its CVSS score, a person, or an intake priority. */
export const SEVERITY_SOURCES = ["cvss", "manual", "intake"] as const;
export type SeveritySource = (typeof SEVERITY_SOURCES)[number];
