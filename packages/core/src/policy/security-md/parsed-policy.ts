import type { DurationUnit, SupportStatus } from "../enums.ts";

export type ParsedDurationUnit = DurationUnit;
export interface ParsedDuration {
  amount: number;
  unit: ParsedDurationUnit;
}
export type ParsedResolveValue = ParsedDuration | "next_release" | null;
export type ParsedSupportStatus = SupportStatus;

/** What a SECURITY.md promises: null or empty wherever it states no number. */
export interface ParsedPolicy {
  acknowledge: ParsedDuration | null;
  assess: ParsedDuration | null;
  update: ParsedDuration | null;
  emergency: ParsedDuration | null;
  resolve: {
    critical: ParsedResolveValue;
    high: ParsedResolveValue;
    medium: ParsedResolveValue;
    low: ParsedResolveValue;
  };
  disclosure: ParsedDuration | null;
  contacts: { security: string[]; emergency: string[] };
  supportedVersions: { range: string; status: ParsedSupportStatus }[];
  languages: string[];
  /**
   * Field path ("acknowledge", "resolve.critical", "contacts.security",
   * "supportedVersions", "languages", ...) → the exact excerpt it came from.
   */
  evidence: Partial<Record<string, string>>;
}

export const emptyParsedPolicy = (): ParsedPolicy => ({
  acknowledge: null,
  assess: null,
  update: null,
  emergency: null,
  resolve: { critical: null, high: null, medium: null, low: null },
  disclosure: null,
  contacts: { security: [], emergency: [] },
  supportedVersions: [],
  languages: [],
  evidence: {},
});
