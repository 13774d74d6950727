import type { Line } from "./lines.ts";
import { isDelimiterRow } from "./table-cells.ts";

type BlockKind = "heading" | "para" | "item" | "table";
export interface Block {
  kind: BlockKind;
  /** Content start (after list marker / heading hashes) and end, in source offsets. */
  a: number;
  b: number;
  /** Start of the whole block including its marker (for evidence of items). */
  outerA: number;
  /** Headings: 1-6; list items: the marker's indentation in columns. */
  level: number;
  /** Index into headings of the heading this block sits under (-1: none). */
  heading: number;
  /** For list items: index of the paragraph that introduced the list ("... the following address:"). */
  leadIn: number;
  rows: Line[];
}

const isBlankStr = (s: string) => s.trim() === "";

function indentOf(t: string): { cols: number; idx: number } {
  let cols = 0;
  let idx = 0;
  while (idx < t.length) {
    const c = t[idx];
    if (c === " ") cols++;
    else if (c === "\t") cols += 4 - (cols % 4);
    else break;
    idx++;
  }
  return { cols, idx };
}

function isThematicBreak(content: string): boolean {
  const s = content.replace(/[ \t]/g, "");
  if (s.length < 3) return false;
  const c = s[0];
  if (c !== "-" && c !== "*" && c !== "_") return false;
  for (let i = 1; i < s.length; i++) if (s[i] !== c) return false;
  return true;
}

export interface Heading {
  level: number;
  a: number;
  b: number;
}

export function parseBlocks(lines: Line[], ana: string): { blocks: Block[]; headings: Heading[] } {
  const blocks: Block[] = [];
  const headings: Heading[] = [];
  let cur: Block | null = null;
  let prevBlank = true;
  let inList = false;
  let inIndentedCode = false;
  let leadIn = -1;

  const close = () => {
    cur = null;
  };
  // Lead-ins of the open lists, innermost last: a paragraph ("... the following address:") or a list item that
  // introduces a nested list ("- Patches are applied within:" over "  - Critical: 24 hours"; "- Fix timeline: depends
  // on severity" over "  - Critical: 1-3 days" — a nested list always elaborates its parent, colon or not).
  const leadIns: { idx: number; level: number }[] = [];
  const endsWithColon = (x: Block) => /:\s*$/.test(ana.slice(Math.max(x.a, x.b - 50), x.b));
  const push = (b: Block) => {
    blocks.push(b);
    if (b.kind === "item") {
      const prev = blocks[blocks.length - 2];
      while (leadIns.length > 0 && (leadIns[leadIns.length - 1]?.level ?? -1) >= b.level) leadIns.pop();
      if (prev && prev.kind === "item" && prev.level < b.level) {
        leadIns.push({ idx: blocks.length - 2, level: prev.level });
      } else if (leadIns.length === 0 && prev && prev.kind === "para" && endsWithColon(prev)) {
        leadIns.push({ idx: blocks.length - 2, level: -1 });
      }
      leadIn = leadIns[leadIns.length - 1]?.idx ?? -1;
      b.leadIn = leadIn;
    } else if (b.kind !== "para" || !inList) {
      leadIn = -1;
      leadIns.length = 0;
    }
    return b;
  };
  const newBlock = (kind: BlockKind, a: number, b: number, outerA: number, level = 0): Block => ({
    kind,
    a,
    b,
    outerA,
    level,
    heading: headings.length - 1,
    leadIn: -1,
    rows: [],
  });

  for (let li = 0; li < lines.length; li++) {
    const L = lines[li];
    if (!L) continue;
    if (L.code) {
      close();
      prevBlank = false;
      inIndentedCode = false;
      continue;
    }
    const t = L.t;
    if (isBlankStr(t)) {
      close();
      prevBlank = true;
      continue;
    }
    const { cols, idx } = indentOf(t);
    const content = t.slice(idx);

    if (inIndentedCode && cols >= 4) continue;
    inIndentedCode = false;
    if (cols >= 4 && prevBlank && !inList && cur === null) {
      inIndentedCode = true;
      continue;
    }

    // ATX heading
    const atx = /^(#{1,6})(?:[ \t]|$)/.exec(content);
    if (atx?.[1] && cols < 4) {
      close();
      inList = false;
      let end = t.length;
      while (end > idx && (t[end - 1] === " " || t[end - 1] === "\t")) end--;
      let hashes = end;
      while (hashes > idx && t[hashes - 1] === "#") hashes--;
      if (hashes !== end && (t[hashes - 1] === " " || t[hashes - 1] === "\t" || hashes <= idx + atx[1].length)) {
        end = hashes;
        while (end > idx && (t[end - 1] === " " || t[end - 1] === "\t")) end--;
      }
      let start = idx + atx[1].length;
      while (start < end && /[ \t]/.test(t[start] ?? "")) start++;
      if (end < start) end = start;
      headings.push({ level: atx[1].length, a: L.a + start, b: L.a + end });
      const h = push(newBlock("heading", L.a + start, L.a + end, L.a + idx, atx[1].length));
      h.heading = headings.length - 1;
      prevBlank = false;
      continue;
    }

    // Setext heading underline
    const curBlock = cur as Block | null;
    if (curBlock && curBlock.kind === "para" && !prevBlank && /^(=+|-+)[ \t]*$/.test(content) && cols < 4) {
      const level = content.startsWith("=") ? 1 : 2;
      curBlock.kind = "heading";
      curBlock.level = level;
      headings.push({ level, a: curBlock.a, b: curBlock.b });
      curBlock.heading = headings.length - 1;
      close();
      inList = false;
      prevBlank = false;
      continue;
    }

    if (isThematicBreak(content) && cols < 4) {
      close();
      inList = false;
      prevBlank = false;
      continue;
    }

    // GFM table: a row with pipes followed by a delimiter row.
    const next = lines[li + 1];
    if (content.includes("|") && next && !next.code && isDelimiterRow(next.t)) {
      close();
      const table = newBlock("table", L.a, L.b, L.a);
      table.rows.push(L, next);
      let lj = li + 2;
      for (; lj < lines.length; lj++) {
        const R = lines[lj];
        if (!R || R.code || isBlankStr(R.t) || !R.t.includes("|")) break;
        table.rows.push(R);
        table.b = R.b;
      }
      push(table);
      li = lj - 1;
      prevBlank = false;
      continue;
    }

    // List item
    const bullet = /^([-*+]|\d{1,9}[.)])([ \t]+|$)/.exec(content);
    if (bullet && cols < 4 + (inList ? 8 : 0)) {
      close();
      inList = true;
      const start = idx + bullet[0].length;
      cur = push(newBlock("item", L.a + start, L.b, L.a + idx, cols));
      prevBlank = false;
      continue;
    }

    // Paragraph text (or continuation of the open paragraph / list item).
    if (cur !== null && !prevBlank) {
      (cur as Block).b = L.b;
    } else {
      if (prevBlank && cols < 2) inList = false;
      cur = push(newBlock("para", L.a + idx, L.b, L.a + idx));
    }
    prevBlank = false;
  }
  return { blocks, headings };
}
