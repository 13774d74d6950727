import { namesAVersion } from "../version-range.ts";
import type { Block } from "./blocks.ts";
import type { Signal } from "./confidence.ts";
import { definedPhaseStatus } from "./defined-phases.ts";
import type { DocumentContext } from "./document.ts";
import type { ParsedPolicy, ParsedSupportStatus } from "./parsed-policy.ts";
import { splitCells } from "./table-cells.ts";
import { statusOf } from "./version-status.ts";
import { alternationOf } from "./vocabulary/index.ts";

/** Cell text as shown: backslash escapes resolved, code and emphasis markers dropped, spaces collapsed. */
export function cleanCell(s: string): string {
  const t = s.slice(0, 300);
  const isAlnum = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9]/.test(ch);
  let out = "";
  for (let i = 0; i < t.length; i++) {
    const c = t[i] ?? "";
    const next = t[i + 1];
    if (c === "\\" && next !== undefined && /[!-/:-@[-`{-~]/.test(next)) {
      out += next;
      i++;
    } else if (c === "`" || c === "*") {
      // code span / emphasis marker
    } else if (c === "_" && !(isAlnum(t[i - 1]) && isAlnum(next))) {
      // emphasis marker (an underscore inside a word is kept: "v1_x")
    } else out += c;
  }
  return out.replace(/\s+/g, " ").trim();
}

/** "Version" in the reader's languages: a table's column, or a heading over a table ("## 지원 버전"). */
const VERSION_WORD = `version|versión|versão|sürüm|バージョン|版本|버전|संस्करण|${alternationOf("versionHeader")}`;
const VERSION_HEADER = new RegExp(`${VERSION_WORD}|release|branch|series|\\btag\\b|\\bline\\b`, "i");
const VERSION_HEADING = new RegExp(VERSION_WORD, "i");
const STATUS_HEADER = new RegExp(
  `support|status|maintain|security|fixes|patches|updates|eol|end of life|\\blts\\b|unterstützt|prise en charge|soportad|suportad|statut|estado|destek|durum|situação|situación|状态|狀態|状況|상태|サポート|支持|支援|지원|समर्थ|सपोर्ट|स्थिति|${alternationOf("statusHeader")}`,
  "i",
);

/**
 * GitHub's unfilled template table: placeholder values, not a policy. Its four version numbers in its order are the
 * template whatever the marks say: a project with no release 5.1.x that changed a mark, or wrote "✅ Ya" beside it,
 * has still not filled it in.
 */
const TEMPLATE_ROWS = [
  ["5.1.x", "supported"],
  ["5.0.x", "unsupported"],
  ["4.0.x", "supported"],
  ["< 4.0", "unsupported"],
];

type SupportedVersion = ParsedPolicy["supportedVersions"][number];

const isTemplate = (rows: SupportedVersion[]) =>
  rows.length === TEMPLATE_ROWS.length && rows.every((r, i) => r.range === TEMPLATE_ROWS[i]?.[0]);

type VersionTable = { rows: SupportedVersion[]; signals: Signal[] };

/** Columns that say when support ends ("End of Support", "Support ends", "EOL"): a "No" there means still supported. */
const END_HEADER = /end of|\bends?\b|\beol\b|deprecat|unsupport|until|date|released?\b/i;

/**
 * "| Version | Security Fixes Until |" with "| 5.8 | February 26th, 2020 |": a date under a header that says when
 * support ends is support until then. Whether that date has passed is the admin's to judge at import.
 */
const untilDate = (header: string, cell: string): ParsedSupportStatus | null =>
  END_HEADER.test(header) && /\b(19|20)\d\d\b/.test(cell) ? "supported" : null;

/** "| End of Life | --- |", "TBD", "n/a": no end of support set yet, so still supported. */
const noEndYet = (header: string, cell: string): ParsedSupportStatus | null =>
  END_HEADER.test(header) && /^\s*([-\u2013\u2014]+|tbd|tba|n\/a)\s*$/i.test(cleanCell(cell)) ? "supported" : null;

/** Everything in every column → supported; nothing in any → unsupported; some → limited. */
function combinedStatus(statuses: (ParsedSupportStatus | null)[]): ParsedSupportStatus | null {
  const known = statuses.filter((s): s is ParsedSupportStatus => s !== null);
  if (known.length === 0) return null;
  if (known.every((s) => s === "supported")) return "supported";
  if (known.every((s) => s === "unsupported")) return "unsupported";
  return "limited";
}

/** A Markdown table's versions, or null when it is not a version table (its rows are then read like prose). */
export function readVersionTable(doc: DocumentContext, block: Block): VersionTable | null {
  const header = block.rows[0];
  if (!header) return null;
  const cellsOf = (t: string) => splitCells(t).map(([a, b]) => t.slice(a, b));
  return versionsFrom(
    doc,
    block,
    cellsOf(header.t),
    block.rows.slice(2).map((R) => cellsOf(R.t)),
  );
}

/**
 * An HTML table's versions ("<table><tr><th>Version</th>…"), or null. Its rows and cells are found by a single
 * forward scan for tags; the cell text loses its inner tags and the common entities.
 */
export function readHtmlVersionTable(doc: DocumentContext, block: Block): VersionTable | null {
  const html = doc.ana.slice(block.a, Math.min(block.b, block.a + 200_000));
  if (!/^<table[\s>]/i.test(html)) return null;
  const rows: string[][] = [];
  const lower = html.toLowerCase();
  let i = 0;
  while (rows.length < 102) {
    const tr = lower.indexOf("<tr", i);
    if (tr < 0) break;
    const end = lower.indexOf("</tr", tr);
    const stop = end < 0 ? lower.length : end;
    const cells: string[] = [];
    let j = tr + 3;
    for (;;) {
      const td = lower.indexOf("<t", j);
      if (td < 0 || td >= stop) break;
      const kind = lower.slice(td + 2, td + 3);
      const open = lower.indexOf(">", td);
      if ((kind !== "d" && kind !== "h") || open < 0 || open >= stop) {
        j = td + 2;
        continue;
      }
      const close = lower.indexOf("</t", open);
      const cellEnd = close < 0 || close > stop ? stop : close;
      cells.push(htmlText(html.slice(open + 1, cellEnd)));
      j = cellEnd + 3;
    }
    if (cells.length > 0) rows.push(cells);
    i = stop + 4;
  }
  const [header, ...data] = rows;
  return header ? versionsFrom(doc, block, header, data) : null;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&quot;": '"' };
function htmlText(s: string): string {
  let out = "";
  let inTag = false;
  for (const ch of s) {
    if (ch === "<") inTag = true;
    else if (ch === ">") inTag = false;
    else if (!inTag) out += ch;
  }
  return out.replace(/&(amp|lt|gt|nbsp|quot);/g, (m) => ENTITIES[m] ?? m);
}

/**
 * A row with no recognisable status is left out rather than guessed; a table found only by its heading needs a
 * status in every row, since otherwise it is more likely some other table in that section.
 */
function versionsFrom(
  doc: DocumentContext,
  block: Block,
  headerCells: string[],
  dataRows: string[][],
): VersionTable | null {
  const versionCol = headerCells.findIndex((c) => VERSION_HEADER.test(c));
  const isStatus = (c: string, i: number) => i !== versionCol && STATUS_HEADER.test(c);
  // A column that says when support ends is the status column only if there is no other.
  const supportCol = headerCells.findIndex((c, i) => isStatus(c, i) && !END_HEADER.test(c));
  const statusCol = supportCol >= 0 ? supportCol : headerCells.findIndex(isStatus);
  // Several columns that each say what a version gets ("Critical security fixes", "Other security fixes").
  const statusCols = headerCells.map((c, i) => (isStatus(c, i) && !END_HEADER.test(c) ? i : -1)).filter((i) => i >= 0);
  // "| Supported | LTS |": whether a line is long-term support says how long, not whether; beside a support column it
  // is no support column of its own.
  const onlyLts = (i: number) => /^\s*lts\s*$/i.test(cleanCell(headerCells[i] ?? ""));
  const supportCols = statusCols.some((i) => !onlyLts(i)) ? statusCols.filter((i) => !onlyLts(i)) : statusCols;
  const heading = block.heading >= 0 ? doc.headings[block.heading] : undefined;
  const headingText = heading ? doc.ana.slice(heading.a, heading.b) : "";

  const vCol = Math.max(versionCol, 0);
  const sCol = statusCol >= 0 ? statusCol : vCol === 0 ? 1 : 0;
  const looksLikeVersions =
    (versionCol >= 0 && statusCol >= 0) || (VERSION_HEADING.test(headingText) && headerCells.length >= 2);
  if (!looksLikeVersions) return null;
  const rows: SupportedVersion[] = [];
  let recognised = 0;
  for (const cells of dataRows) {
    const range = cleanCell(cells[vCol] ?? "").slice(0, 100);
    // A phase the file defines in prose ("… in the Life Support phase … do not receive security fixes") decides,
    // wherever in the row it stands: it is the project's own definition.
    const phase = cells
      .map((c, i) => (i === vCol || statusOf(c) !== null ? null : definedPhaseStatus(doc, cleanCell(c))))
      .find((s) => s !== null);
    const status =
      phase ??
      (supportCols.length > 1
        ? combinedStatus(supportCols.map((c) => statusOf(cells[c] ?? "")))
        : (noEndYet(headerCells[sCol] ?? "", cells[sCol] ?? "") ??
          statusOf(cells[sCol] ?? "") ??
          untilDate(headerCells[sCol] ?? "", cells[sCol] ?? "")));
    if (!range || !namesAVersion(range) || !status) continue;
    recognised++;
    if (rows.length < 100) rows.push({ range, status });
  }
  if (recognised === 0 || (versionCol < 0 && recognised !== dataRows.length)) return null;
  const signals: Signal[] = versionCol >= 0 && statusCol >= 0 ? [] : ["versionTableByHeading"];
  return { rows: isTemplate(rows) ? [] : rows, signals };
}
