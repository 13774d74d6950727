import escapeHtml from "escape-html";

/**
 * Placeholders in a queued email's text (and HTML) for links that are bearer
 * secrets (the reporter's status link, an invitation, a password reset, a
 * credit consent). Each link is kept sealed beside the email under its slot's
 * name and put in only when the email is sent (issue 9 §3), so the database
 * never holds a usable link.
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
 * Put real values where an email says a slot: as they are in the text, HTML-escaped in the
 * HTML (a link lands in an href and in the visible text; escaping keeps a `"` or `<` in an
 * address from ending the attribute). Every occurrence is filled.
 */
export function fillSlots(
  mail: { text: string; html?: string | undefined },
  values: ReadonlyArray<readonly [slot: string, value: string]>,
): { text: string; html?: string } {
  let { text, html } = mail;
  for (const [slot, value] of values) {
    // A function, so a `$&` or `$1` in a value is not read as a replacement pattern.
    text = text.replaceAll(slot, () => value);
    if (html !== undefined) html = html.replaceAll(escapeHtml(slot), () => escapeHtml(value));
  }
  return html === undefined ? { text } : { text, html };
}
