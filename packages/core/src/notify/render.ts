import escapeHtml from "escape-html";
import { LINK_SLOTS } from "./slots.ts";

/**
 * The rendering half of the email module: a message is a subject and a list
 * of blocks of plain text (already worded from a catalog), and becomes a plain
 * text part and an HTML part that say the same thing (the words come from
 * locales.ts, through i18next). Everything that reaches
 * the HTML is escaped here, once: catalog strings, parameters and the team's
 * own words alike. No remote images, no scripts, inline styles only (mail
 * clients drop style sheets).
 */

export type Block =
  | { kind: "p"; text: string }
  /** Someone's own words (a staff message, a note), kept as written: line breaks and all. */
  | { kind: "quote"; text: string }
  /** A link: a LINK_SLOTS placeholder filled at send time, or an http(s) address. */
  | { kind: "link"; intro: string; label: string; href: string }
  | { kind: "next"; heading: string; text: string }
  | { kind: "note"; text: string };

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const SLOT_VALUES: ReadonlySet<string> = new Set(Object.values(LINK_SLOTS));
/** Only a slot the worker fills or an http(s) address becomes a link; anything else is shown as text. */
const linkable = (href: string) => SLOT_VALUES.has(href) || /^https?:\/\/[^\s"<>]+$/i.test(href);

function blockText(b: Block): string {
  switch (b.kind) {
    case "link":
      return `${b.intro}\n${b.href}`;
    case "next":
      return `${b.heading}: ${b.text}`;
    default:
      return b.text;
  }
}

const P = "margin:0 0 16px;line-height:1.5";
const SMALL = "margin:0 0 8px;font-size:13px;line-height:1.5;color:#57606a";

function blockHtml(b: Block): string {
  const e = escapeHtml;
  switch (b.kind) {
    case "p":
      return `<p style="${P}">${e(b.text)}</p>`;
    case "quote":
      return `<div style="${P};padding:8px 12px;border-left:3px solid #8c959f;background:#f6f8fa;white-space:pre-wrap">${e(b.text)}</div>`;
    case "next":
      return `<p style="${P};padding:12px;border-radius:6px;background:#eef4ff"><strong>${e(b.heading)}:</strong> ${e(b.text)}</p>`;
    case "note":
      return `<p style="${SMALL}">${e(b.text)}</p>`;
    case "link":
      if (!linkable(b.href)) return `<p style="${P}">${e(b.intro)}<br>${e(b.href)}</p>`;
      return [
        `<p style="${P}">${e(b.intro)}<br>`,
        `<a href="${e(b.href)}" style="color:#0b57d0;font-weight:600">${e(b.label)}</a><br>`,
        `<span style="font-size:13px;color:#57606a;word-break:break-all">${e(b.href)}</span></p>`,
      ].join("");
  }
}

export function renderBlocks(lang: string, subject: string, blocks: readonly Block[]): RenderedEmail {
  const text = blocks.map(blockText).join("\n\n");
  const html = [
    "<!DOCTYPE html>",
    `<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    "<body style=\"margin:0;padding:16px;background:#f6f8fa;color:#1f2328;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:15px\">",
    '<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;border:1px solid #d0d7de;border-radius:8px">',
    ...blocks.map(blockHtml),
    "</div></body></html>",
  ].join("\n");
  return { subject, text, html };
}
