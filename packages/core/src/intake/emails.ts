import { RESEARCHER_STATE_TEXT } from "./schemas.ts";

/**
 * Placeholders in a queued email's text for links that are bearer secrets
 * (the reporter's status link, an invitation, a password reset). Each link is
 * kept sealed beside the text under its slot's name and put in only when the
 * email is sent (issue 9 §3), so the database never holds a usable link.
 */
export const LINK_SLOTS = {
  statusUrl: "[status link]",
  invitationUrl: "[invitation link]",
  resetUrl: "[password reset link]",
  consentUrl: "[credit consent link]",
} as const;
export type LinkSlot = keyof typeof LINK_SLOTS;
export const isLinkSlot = (name: string): name is LinkSlot => Object.hasOwn(LINK_SLOTS, name);

/**
 * Where a staff email points into the dashboard ("[dashboard]/leadership"):
 * the outbox worker writes the installation's public address there when it
 * sends, so rows queued by the sweep need not know it. Not a secret.
 */
export const DASHBOARD_SLOT = "[dashboard]";

export const STATUS_LINK_SLOT = LINK_SLOTS.statusUrl;

/**
 * Asks someone the team wants to credit (a co-finder, an analyst) whether and how
 * they want to be named. Says only the program and the credit: the report is not
 * public yet, and this email may reach the wrong person.
 */
export function consentRequestEmail(p: { programName: string; creditLabel: string; days: number }) {
  return {
    subject: `${p.programName} would like to credit you`,
    text: [
      `The ${p.programName} security team would like to credit you (${p.creditLabel}) when they publish`,
      `the advisory for a vulnerability you helped with.`,
      ``,
      `Accept, choose how you are named (name, handle or anonymously), or decline here within ${p.days} days:`,
      LINK_SLOTS.consentUrl,
      ``,
      `The link works once. Nothing is published about you unless you accept.`,
      `If you did not expect this, ignore this email.`,
    ].join("\n"),
  };
}

/**
 * Notification texts. Plain text only: the reporter's own words are never
 * echoed back (an email could be forwarded or read on a shared screen).
 */
export function receiptEmail(p: { key: string; programName: string; nextPromisedAt: Date | null; statusUrl: string }) {
  return {
    subject: `[${p.key}] We received your security report`,
    text: [
      `Thank you for reporting a vulnerability in ${p.programName}.`,
      ``,
      `Your report is ${p.key}.`,
      p.nextPromisedAt
        ? `We will acknowledge it by ${p.nextPromisedAt.toISOString()} (UTC).`
        : `We will acknowledge it as soon as we can.`,
      ``,
      `Follow its progress, answer questions and choose how you are credited here:`,
      p.statusUrl,
      ``,
      `Keep this link private: anyone with it can read and reply to the report's thread.`,
      `To reply by email, keep ${p.key} in the subject.`,
    ].join("\n"),
  };
}

export function messageEmail(p: { key: string; programName: string; body: string }) {
  return {
    subject: `[${p.key}] New message from the ${p.programName} security team`,
    text: [
      `The security team wrote about your report ${p.key}:`,
      ``,
      p.body,
      ``,
      `Reply to this email (keep ${p.key} in the subject) or use your status link.`,
    ].join("\n"),
  };
}

export function stateEmail(p: { key: string; programName: string; state: string }) {
  return {
    subject: `[${p.key}] Status update`,
    text: [
      `Your report ${p.key} to ${p.programName} has a new status:`,
      ``,
      RESEARCHER_STATE_TEXT[p.state] ?? p.state,
      ``,
      `See the details on your status link.`,
    ].join("\n"),
  };
}

/** What the reporter is told about the disclosure plan; `when` is already formatted with date, time and zone. */
export type DisclosureNotice =
  | { kind: "proposed"; when: string }
  | { kind: "agreed"; when: string }
  | { kind: "moved"; when: string; reason: string }
  | { kind: "request_approved"; when: string }
  | { kind: "request_declined"; when: string; note: string | null }
  | { kind: "published"; advisoryUrl: string | null };

export function disclosureEmail(p: { key: string; programName: string; notice: DisclosureNotice }) {
  const n = p.notice;
  const lines: Record<DisclosureNotice["kind"], () => { subject: string; body: string[] }> = {
    proposed: () => ({
      subject: "Proposed disclosure date",
      body: [
        `We propose to disclose ${p.key} publicly on ${(n as { when: string }).when}.`,
        "",
        "You can accept this date or suggest another one on your status link.",
      ],
    }),
    agreed: () => ({
      subject: "Disclosure date agreed",
      body: [`The public disclosure of ${p.key} is agreed for ${(n as { when: string }).when}.`],
    }),
    moved: () => ({
      subject: "Disclosure date moved",
      body: [
        `The disclosure date of ${p.key} is now ${(n as { when: string }).when}.`,
        "",
        `Reason: ${(n as { reason: string }).reason}`,
      ],
    }),
    request_approved: () => ({
      subject: "Your date request was accepted",
      body: [`We accepted your request: ${p.key} will be disclosed on ${(n as { when: string }).when}.`],
    }),
    request_declined: () => {
      const d = n as { when: string; note: string | null };
      return {
        subject: "Your date request was declined",
        body: [
          `We could not accept your request to move the disclosure of ${p.key}; the date stays ${d.when}.`,
          ...(d.note ? ["", d.note] : []),
        ],
      };
    },
    published: () => {
      const url = (n as { advisoryUrl: string | null }).advisoryUrl;
      return {
        subject: "Fix released and advisory published",
        body: [
          `The fix for ${p.key} is released and the advisory is published.`,
          ...(url ? ["", `Advisory: ${url}`] : []),
          "",
          "Thank you for reporting it.",
        ],
      };
    },
  };
  const { subject, body } = lines[n.kind]();
  return {
    subject: `[${p.key}] ${subject}`,
    text: [...body, "", "See the details on your status link."].join("\n"),
  };
}
