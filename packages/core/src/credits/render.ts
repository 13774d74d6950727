// The library's browser build: its Node build reads the global Buffer when it loads,
// which a browser does not have, and the dashboard may render these lists too.
import { stringify } from "csv-stringify/browser/esm/sync";
import escapeHtml from "escape-html";
import { CREDIT_TYPE_LABELS } from "../disclosure/enums.ts";
import {
  type AckEntry,
  type AckFormat,
  type AckList,
  ackAdvisoryId,
  ackAdvisoryUrl,
  ackName,
  sortAckEntries,
  utcDay,
} from "./acknowledgments.ts";
import { escapeMarkdownText, markdownLinkDestination } from "./markdown.ts";

/**
 * The four renderings of an acknowledgment list. Markdown and HTML are for people
 * (credit type labels, the program only when the list spans several); CSV and JSON are
 * for tools (the CVE credit type values, every column always present). All of them
 * order the entries with sortAckEntries, name anonymous credits "Anonymous", show days
 * in UTC and link only http(s) advisory addresses.
 */

export interface RenderedAckList {
  body: string;
  mediaType: string;
  extension: AckFormat;
}

export function renderAckList(format: AckFormat, list: AckList): RenderedAckList {
  const sorted = { ...list, entries: sortAckEntries(list.entries) };
  switch (format) {
    case "md":
      return { body: ackMarkdown(sorted), mediaType: "text/markdown; charset=utf-8", extension: "md" };
    case "csv":
      return { body: ackCsv(sorted), mediaType: "text/csv; charset=utf-8", extension: "csv" };
    case "json":
      return { body: ackJson(sorted), mediaType: "application/json; charset=utf-8", extension: "json" };
    case "html":
      return { body: ackHtml(sorted), mediaType: "text/html; charset=utf-8", extension: "html" };
  }
}

/** "disclosed 2026-01-01 to 2026-03-31", "disclosed from …", "disclosed up to …", or null for all time. */
export function ackPeriodPhrase(list: Pick<AckList, "from" | "to">): string | null {
  const { from, to } = list;
  if (from && to) return `disclosed ${utcDay(from)} to ${utcDay(to)}`;
  if (from) return `disclosed from ${utcDay(from)}`;
  if (to) return `disclosed up to ${utcDay(to)}`;
  return null;
}

const spansPrograms = (entries: readonly AckEntry[]) => new Set(entries.map((e) => e.programName)).size > 1;

const EMPTY = "No acknowledgments in this period.";

function ackMarkdown(list: AckList): string {
  const period = ackPeriodPhrase(list);
  const withProgram = spansPrograms(list.entries);
  const lines = [`# ${escapeMarkdownText(list.title)}${period ? ` (${period})` : ""}`, ""];
  for (const entry of list.entries) {
    const id = escapeMarkdownText(ackAdvisoryId(entry));
    const url = ackAdvisoryUrl(entry);
    const parts = [
      `**${escapeMarkdownText(ackName(entry))}**`,
      CREDIT_TYPE_LABELS[entry.creditType],
      ...(withProgram ? [escapeMarkdownText(entry.programName)] : []),
      url ? `[${id}](${markdownLinkDestination(url)})` : id,
      utcDay(entry.disclosedAt),
    ];
    lines.push(`- ${parts.join(" — ")}`);
  }
  if (list.entries.length === 0) lines.push(EMPTY);
  return `${lines.join("\n")}\n`;
}

export const ACK_CSV_COLUMNS = ["name", "credit_type", "advisory", "url", "program", "disclosed_on"] as const;

/**
 * RFC 4180 CSV (CRLF line ends) with a byte order mark so spreadsheet programs read
 * non-ASCII names as UTF-8. The library quotes commas, quotes and line breaks, and its
 * `escape_formulas` puts an apostrophe before any cell starting with = + - @, a tab or
 * a carriage return (and their full-width forms), as OWASP advises against formula
 * injection: a spreadsheet then shows the name as text instead of running it.
 */
function ackCsv(list: AckList): string {
  const rows = list.entries.map(
    (entry): Record<(typeof ACK_CSV_COLUMNS)[number], string> => ({
      name: ackName(entry),
      credit_type: entry.creditType,
      advisory: ackAdvisoryId(entry),
      url: ackAdvisoryUrl(entry) ?? "",
      program: entry.programName,
      disclosed_on: utcDay(entry.disclosedAt),
    }),
  );
  return stringify(rows, {
    header: true,
    columns: [...ACK_CSV_COLUMNS],
    bom: true,
    record_delimiter: "windows",
    escape_formulas: true,
  });
}

function ackJson(list: AckList): string {
  const doc = {
    title: list.title,
    from: list.from && utcDay(list.from),
    to: list.to && utcDay(list.to),
    generatedAt: list.generatedAt.toISOString(),
    entries: list.entries.map((entry) => ({
      name: ackName(entry),
      creditType: entry.creditType,
      advisory: ackAdvisoryId(entry),
      url: ackAdvisoryUrl(entry),
      program: entry.programName,
      disclosedOn: utcDay(entry.disclosedAt),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Kept short and inline: the page is one file that must look right when opened from disk or pasted on a site. */
const HTML_STYLE = [
  "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1f24;background:#fff}",
  "main{max-width:56rem;margin:0 auto;padding:2rem 1rem}",
  "h1{font-size:1.6rem;line-height:1.25;margin:0 0 .25rem}",
  ".period,.generated{color:#57606a;margin:0 0 1.5rem}",
  ".generated{margin:1.5rem 0 0;font-size:.875rem}",
  ".scroll{overflow-x:auto}",
  "table{border-collapse:collapse;width:100%}",
  "th,td{text-align:left;padding:.5rem .75rem .5rem 0;border-bottom:1px solid #d0d7de;vertical-align:top}",
  "td:first-child{font-weight:600;overflow-wrap:break-word}",
  "td:not(:first-child){white-space:nowrap}",
  "a{color:#0969da}",
  // On a phone each entry becomes a block: the name on its own line, the rest below it.
  "@media (max-width:40rem){thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}",
  "table,tbody,tr{display:block}tr{padding:.5rem 0;border-bottom:1px solid #d0d7de}",
  "td{display:inline-block;border:0;padding:0 .75rem 0 0}td:first-child{display:block}}",
].join("");

/** The generation time with its zone, e.g. "2026-04-01 09:30 UTC". */
const utcMinute = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * A self-contained page: no scripts, no outside resources (its Content-Security-Policy
 * forbids both, a second wall behind the escaping), every value escaped with
 * escape-html, links only to http(s) advisories.
 */
function ackHtml(list: AckList): string {
  const e = escapeHtml;
  const period = ackPeriodPhrase(list);
  const withProgram = spansPrograms(list.entries);
  const head = ["Name", "Credit", ...(withProgram ? ["Program"] : []), "Advisory", "Disclosed"];
  const rows = list.entries.map((entry) => {
    const id = e(ackAdvisoryId(entry));
    const url = ackAdvisoryUrl(entry);
    const day = utcDay(entry.disclosedAt);
    const cells = [
      e(ackName(entry)),
      e(CREDIT_TYPE_LABELS[entry.creditType]),
      ...(withProgram ? [e(entry.programName)] : []),
      url ? `<a href="${e(url)}" rel="noopener noreferrer">${id}</a>` : id,
      `<time datetime="${day}">${day}</time>`,
    ];
    return `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
  });
  const table = [
    `<div class="scroll"><table>`,
    `<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead>`,
    `<tbody>`,
    ...rows,
    `</tbody>`,
    `</table></div>`,
  ];
  return `${[
    "<!doctype html>",
    `<html lang="en">`,
    "<head>",
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<meta name="referrer" content="no-referrer">`,
    `<title>${e(list.title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<h1>${e(list.title)}</h1>`,
    ...(period ? [`<p class="period">${e(`${period[0]?.toUpperCase()}${period.slice(1)}`)} (UTC)</p>`] : []),
    ...(list.entries.length > 0 ? table : [`<p>${EMPTY}</p>`]),
    `<p class="generated">Generated ${utcMinute(list.generatedAt)}. Dates are disclosure days in UTC.</p>`,
    "</main>",
    "</body>",
    "</html>",
  ].join("\n")}\n`;
}
