/**
 * How sure the reader is of a value, from why it read it. A value read from a cue word in the number's own clause,
 * with the unit written beside the number, is certain (1). Each weaker reason multiplies that by its factor; a value
 * below CONFIDENCE_THRESHOLD is not put in the draft: the field stays empty and the sentence is offered to the admin
 * as "possibly relevant" instead. One weak reason keeps a value (every factor is above the threshold); two usually
 * do not, so the draft never fills a field from a guess on a guess.
 */
export const CONFIDENCE_THRESHOLD = 0.6;

export const SIGNALS = {
  cueInOtherClause: {
    factor: 0.85,
    reason: "the word that says what is promised is in another part of the sentence",
  },
  carriedOver: {
    factor: 0.9,
    reason: "what is promised is carried over from the previous value in the same sentence",
  },
  cueInLeadIn: {
    factor: 0.85,
    reason: "what the number is for is said in the line that introduces the list",
  },
  cueOnlyInHeading: {
    factor: 0.65,
    reason: "only the section heading says what the number is for",
  },
  spanNotDeadline: {
    factor: 0.85,
    reason: 'the number is a span ("for 48 hours"), not a deadline ("within 48 hours")',
  },
  sentenceOfItsOwn: {
    factor: 0.85,
    reason: "the sentence says something of its own and names no clock; only the heading does",
  },
  timeInProseCell: {
    factor: 0.85,
    reason: "the table cell describes something and mentions a time, it is not a time on its own",
  },
  farFromCue: {
    factor: 0.75,
    reason: "the number stands far from the word that says what it is for",
  },
  valueInHeading: {
    factor: 0.85,
    reason: "the value is read from a heading, not from a sentence",
  },
  unitFromHeader: {
    factor: 0.85,
    reason: "the cell holds a bare number; its unit comes from the column header",
  },
  columnRoleInferred: {
    factor: 0.8,
    reason: "no column header says what the times are for; a per-severity table is read as fix times",
  },
  tableSummary: {
    factor: 0.9,
    reason: "read as the slowest of the per-severity times in the table",
  },
  disclosureForSomeSeverities: {
    factor: 0.5,
    reason: "the time is stated for some severities only; a disclosure window holds for every report",
  },
  contactByContext: {
    factor: 0.8,
    reason: "the sentence names no reports; the heading, the list's lead-in or the address itself does",
  },
  contactWeak: {
    factor: 0.55,
    reason: "nothing around the address says it takes security reports",
  },
  roleFromHeading: {
    factor: 0.8,
    reason: "only the heading says what the address is for",
  },
  versionTableByHeading: {
    factor: 0.8,
    reason: "the table's columns are not named version and status; the heading says it lists versions",
  },
  languagesInHeading: {
    factor: 0.8,
    reason: "the languages are named in a heading",
  },
} as const satisfies Record<string, { factor: number; reason: string }>;
export type Signal = keyof typeof SIGNALS;

/** 1 times the factor of every weak reason, to two decimals. */
export function confidenceOf(signals: readonly Signal[]): number {
  let c = 1;
  for (const s of new Set(signals)) c *= SIGNALS[s].factor;
  return Math.round(c * 100) / 100;
}

export const reasonsOf = (signals: readonly Signal[]): string =>
  [...new Set(signals)].map((s) => SIGNALS[s].reason).join("; ");
