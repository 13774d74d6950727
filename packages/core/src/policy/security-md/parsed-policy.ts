import type { DurationUnit, SupportStatus } from "../enums.ts";
import { emptyStatements, type ParsedStatements } from "./statements.ts";

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
  /**
   * security: where to send reports; emergency: for urgent or critical issues only; escalation: only when there is
   * no answer; support: general (non-security) support, sales or information addresses the file mentions.
   */
  contacts: { security: string[]; emergency: string[]; escalation: string[]; support: string[] };
  supportedVersions: { range: string; status: ParsedSupportStatus }[];
  languages: string[];
  /**
   * Field path ("acknowledge", "resolve.critical", "contacts.security",
   * "supportedVersions", "languages", ...) → the exact excerpt it came from.
   */
  evidence: Partial<Record<string, string>>;
  /**
   * Field path → how sure the reader is of the value (0..1), for every field that has evidence. Values below
   * CONFIDENCE_THRESHOLD are never returned: see possiblyRelevant.
   */
  confidence: Partial<Record<string, number>>;
  /**
   * Sentences that may state a value the reader was not sure enough of to fill in: the field they may concern, the
   * exact excerpt and why the reader held back. The field stays empty for the admin to fill by hand.
   */
  possiblyRelevant: PossiblyRelevant[];
  /** What the file says about credit, anonymity, coordinated disclosure and advisories, each with its sentence. */
  statements: ParsedStatements;
}

export interface PossiblyRelevant {
  field: string;
  excerpt: string;
  reason: string;
}

export const emptyParsedPolicy = (): ParsedPolicy => ({
  acknowledge: null,
  assess: null,
  update: null,
  emergency: null,
  resolve: { critical: null, high: null, medium: null, low: null },
  disclosure: null,
  contacts: { security: [], emergency: [], escalation: [], support: [] },
  supportedVersions: [],
  languages: [],
  evidence: {},
  confidence: {},
  possiblyRelevant: [],
  statements: emptyStatements(),
});
