/** Severity levels, most severe first. Kept apart from the CVSS calculator so the schema can import them alone. */
export const SEVERITIES = ["critical", "high", "medium", "low", "none"] as const;
export type Severity = (typeof SEVERITIES)[number];
