/**
 * Every English string of the emails to reporters (and to people the team
 * wants to credit), as an i18next catalog: nested keys, `{{name}}` placeholders,
 * arrays for paragraphs, `_one`/`_other` plural forms. Another language is an
 * object of the same shape (EmailCatalog, e.g. catalog-hi.ts) that locales.ts
 * loads into its own i18next instance; nothing else in the emails is worded
 * anywhere else. Dates arrive formatted (date, time and zone).
 *
 * Never put the reporter's own words here or in a parameter: an email can be
 * forwarded or read on a shared screen.
 */
export const EN_EMAILS = {
  common: {
    nextHeading: "What comes next",
    statusIntro:
      "Your status page has the thread and the dates, and takes your replies and how you want to be credited:",
    statusLabel: "Open your status page",
    noStatusLink: "Follow the report with the status link from our first email.",
    keepPrivate: "Keep the status link private: anyone with it can read and reply to the report's thread.",
    replyByEmail: "To reply by email, keep {{key}} in the subject.",
    signature: "The {{programName}} security team",
    noNext: "We have no other deadline on this report for now; we will write when anything changes.",
    paused: "Our deadlines are paused while we wait for your answer, and move later by the time we wait.",
  },
  /** The next promise, one sentence per clock (and the planned disclosure). */
  promise: {
    acknowledge: "We will acknowledge your report by {{date}}.",
    assess: "We will finish the initial assessment by {{date}}.",
    update: "We will send you the next status update by {{date}}.",
    resolve: "We will release a fix by {{date}}.",
    emergency: "We will respond to this critical report by {{date}}.",
    disclosure: "The report is to be disclosed publicly on {{date}}.",
  },
  /** The same promise once its date has passed: said plainly, not hidden. */
  late: {
    acknowledge: "We promised to acknowledge your report by {{date}}: we are late, and on it.",
    assess: "We promised to finish the initial assessment by {{date}}: we are late, and on it.",
    update: "We promised the next status update by {{date}}: we are late, and on it.",
    resolve: "We promised a fix by {{date}}: we are late, and on it.",
    emergency: "We promised to respond to this critical report by {{date}}: we are late, and on it.",
    disclosure: "The report was to be disclosed publicly on {{date}}.",
  },
  severity: { critical: "critical", high: "high", medium: "medium", low: "low", none: "none" },
  /** A closed report's outcome: short for the subject, a sentence for the body. */
  outcome: {
    duplicate: { short: "duplicate", long: "someone reported the same issue before you" },
    informative: { short: "informative", long: "the information is useful, but no fix is needed" },
    not_applicable: { short: "not applicable", long: "it is not a vulnerability in this product" },
    out_of_scope: { short: "out of scope", long: "it is outside the scope of this program" },
    spam: { short: "closed", long: "it is not a security report" },
    wont_fix: { short: "won't fix", long: "the team decided not to fix it" },
  },
  received: {
    subject: "[{{key}}] We received your security report",
    body: ["Thank you for reporting a vulnerability in {{programName}}.", "Your report is {{key}}."],
    noNext: "We will acknowledge it as soon as we can.",
  },
  acknowledged: {
    subject: "[{{key}}] Your report is acknowledged",
    body: ["We acknowledged your report {{key}} to {{programName}}: the security team is now assessing it."],
  },
  needs_info: {
    subject: "[{{key}}] We need more information from you",
    body: [
      "To go on with {{key}}, the {{programName}} security team needs more information from you.",
      "The team's question is in the thread on your status page; answer there, or reply to this email.",
    ],
  },
  resumed: {
    subject: "[{{key}}] Thank you: we are working on your report again",
    body: ["Thank you for your answer. We are working on {{key}} again, and our deadlines run again."],
  },
  triaged: {
    subject: "[{{key}}] Confirmed: {{severity}} severity",
    subjectUnrated: "[{{key}}] Confirmed: your report is valid",
    body: ["We confirmed your report {{key}} and rated its severity {{severity}}."],
    bodyUnrated: ["We confirmed your report {{key}}. Its severity is not rated yet."],
    proposal:
      "We propose to disclose it publicly on {{date}}. You can accept this date or suggest another one on your status page.",
  },
  fixing: {
    subject: "[{{key}}] A fix is in progress",
    body: ["We started working on a fix for {{key}}."],
  },
  fixed: {
    subject: "[{{key}}] Fixed in version {{version}}",
    subjectNoVersion: "[{{key}}] Fixed",
    body: ["The fix for {{key}} is released in version {{version}}."],
    bodyNoVersion: ["The fix for {{key}} is released."],
  },
  disclosed: {
    subject: "[{{key}}] Disclosed: the advisory is published",
    body: ["The fix for {{key}} is released and the advisory is published."],
    advisory: "Advisory:",
    noNext: "Nothing more is due on this report. Thank you for reporting it.",
    /** The same news as a message in the reporter's thread (their status page). */
    thread: "The fix for {{key}} is released and the advisory is published: {{url}}\n\nThank you for reporting it.",
    threadNoUrl: "The fix for {{key}} is released and the advisory is published.\n\nThank you for reporting it.",
  },
  closed: {
    subject: "[{{key}}] Your report is closed ({{outcome}})",
    body: ["We closed your report {{key}}: {{reason}}."],
    noNext: "If you disagree, answer on your status page: we read every answer.",
  },
  reopened: {
    subject: "[{{key}}] Your report is open again",
    body: ["We reopened your report {{key}} and are working on it again."],
  },
  message: {
    subject: "[{{key}}] New message from the {{programName}} security team",
    body: ["The security team wrote about your report {{key}}:"],
  },
  disclosure_proposed: {
    subject: "[{{key}}] Proposed disclosure date",
    body: [
      "We propose to disclose {{key}} publicly on {{date}}.",
      "You can accept this date or suggest another one on your status page.",
    ],
  },
  disclosure_agreed: {
    subject: "[{{key}}] Disclosure date agreed",
    body: ["The public disclosure of {{key}} is agreed for {{date}}."],
  },
  disclosure_moved: {
    subject: "[{{key}}] Disclosure date moved",
    body: ["The disclosure date of {{key}} is now {{date}}."],
    reason: "Reason:",
  },
  disclosure_followed_fix: {
    subject: "[{{key}}] Disclosure date moved with the fix release",
    body: ["The fix release date of {{key}} changed, and the disclosure date moves with it: it is now {{date}}."],
  },
  disclosure_request_approved: {
    subject: "[{{key}}] Your date request was accepted",
    body: ["We accepted your request: {{key}} will be disclosed on {{date}}."],
  },
  disclosure_request_declined: {
    subject: "[{{key}}] Your date request was declined",
    body: ["We could not accept your request to move the disclosure of {{key}}; the date stays {{date}}."],
  },
  credit_consent: {
    subject: "{{programName}} would like to credit you",
    intro:
      "The {{programName}} security team would like to credit you ({{creditLabel}}) when they publish the advisory for a vulnerability you helped with.",
    /** Plural forms by Intl.PluralRules (i18next's `_one`/`_other`), `count` the days left to answer. */
    ask_one:
      "Accept, choose how you are named (name, handle or anonymously), or decline here within {{count, number}} day:",
    ask_other:
      "Accept, choose how you are named (name, handle or anonymously), or decline here within {{count, number}} days:",
    label: "Answer the credit request",
    after: [
      "The link works once. Nothing is published about you unless you accept.",
      "If you did not expect this, ignore this email.",
    ],
  },
} as const;

/** Same keys, any strings: what a locale's catalog must provide. */
type Strings<T> = T extends string
  ? string
  : T extends readonly string[]
    ? readonly string[]
    : { [K in keyof T]: Strings<T[K]> };
export type EmailCatalog = Strings<typeof EN_EMAILS>;
