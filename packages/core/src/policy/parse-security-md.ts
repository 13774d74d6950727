/**
 * SECURITY.md → draft policy.
 *
 * A careful, line- and token-based reader of the Markdown structure (ATX and
 * setext headings, bullet and ordered lists, GFM tables, paragraphs, fenced and
 * indented code, HTML comments, block quotes). It extracts only what a document
 * states with a number (or a word number) and returns null where the wording
 * is vague ("promptly", "as soon as possible", "a reasonable time"): a value
 * the document does not state is an error, not a bonus.
 *
 * Every extracted value has an `evidence` entry: the exact text (sentence,
 * list item, heading, table row or whole table) it came from, copied from the
 * input with line endings normalised to "\n". When a value is backed by more
 * than one excerpt (e.g. two contact addresses found in two sentences), the
 * excerpts are joined with a blank line ("\n\n"); an excerpt never contains a
 * blank line itself.
 *
 * Robustness: the reader never throws on a string of at most
 * MAX_SECURITY_MD_BYTES (1 MiB, UTF-8); anything larger is rejected with a
 * DomainError("validation", "SECURITY.md is larger than 1 MB", "file") before
 * any work is done. All scanning is linear in the input (hand-written
 * tokenizer, no regular expression runs over unbounded text with
 * backtracking), so hostile input cannot make it hang.
 */
import { DomainError } from "../errors.ts";
import { SEVERITIES, type Severity } from "../severity/levels.ts";

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export type ParsedDurationUnit = "hours" | "days" | "business_days" | "weeks";
export interface ParsedDuration {
  amount: number;
  unit: ParsedDurationUnit;
}
export type ParsedResolveValue = ParsedDuration | "next_release" | null;
export type ParsedSupportStatus = "supported" | "limited" | "unsupported";

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

/** Inputs larger than this (UTF-8 bytes) are rejected. */
export const MAX_SECURITY_MD_BYTES = 1024 * 1024;

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

// ---------------------------------------------------------------------------
// Size guard
// ---------------------------------------------------------------------------

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

function assertSize(markdown: unknown): asserts markdown is string {
  if (typeof markdown !== "string") throw new DomainError("validation", "SECURITY.md must be text", "file");
  // Every UTF-16 code unit is at least one UTF-8 byte and at most three.
  if (markdown.length > MAX_SECURITY_MD_BYTES) tooLarge();
  if (markdown.length * 3 > MAX_SECURITY_MD_BYTES && utf8Length(markdown) > MAX_SECURITY_MD_BYTES) tooLarge();
}
function tooLarge(): never {
  throw new DomainError("validation", "SECURITY.md is larger than 1 MB", "file");
}

// ---------------------------------------------------------------------------
// Lines: normalisation, HTML comments, fenced code, block quotes
// ---------------------------------------------------------------------------

interface Line {
  /** Offsets into the normalised source. */
  a: number;
  b: number;
  /** Analysis text: same length as the source line; comments, quote markers and code blanked. */
  t: string;
  code: boolean;
}

function normalise(input: string): string {
  let s = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  s = s.replace(/\r\n?/g, "\n");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: binary junk becomes spaces so it cannot glue words together
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, " ");
}

const blank = (s: string) => " ".repeat(s.length);

function prepareLines(src: string): Line[] {
  const lines: Line[] = [];
  let inComment = false;
  let fence: { ch: string; len: number } | null = null;
  let pos = 0;
  while (pos <= src.length) {
    let nl = src.indexOf("\n", pos);
    if (nl < 0) nl = src.length;
    const raw = src.slice(pos, nl);
    let t = raw;
    let code = false;

    if (fence === null && inComment) {
      const close = t.indexOf("-->");
      if (close < 0) t = blank(t);
      else {
        t = blank(t.slice(0, close + 3)) + t.slice(close + 3);
        inComment = false;
      }
    }
    if (!inComment) {
      // Block quote markers ("> ", "> > ") become spaces.
      const q = /^ {0,3}>[ \t>]*/.exec(t);
      if (q) t = blank(q[0]) + t.slice(q[0].length);
      const f = /^ {0,3}(`{3,}|~{3,})/.exec(t);
      if (fence !== null) {
        code = true;
        if (f?.[1] && f[1][0] === fence.ch && f[1].length >= fence.len && t.slice(f[0].length).trim() === "")
          fence = null;
        t = blank(t);
      } else if (f?.[1]) {
        fence = { ch: f[1][0] ?? "`", len: f[1].length };
        code = true;
        t = blank(t);
      } else {
        // HTML comments, possibly several on a line, possibly left open.
        if (t.includes("<!--")) {
          const parts: string[] = [];
          let from = 0;
          for (;;) {
            const open = t.indexOf("<!--", from);
            if (open < 0) {
              parts.push(t.slice(from));
              break;
            }
            parts.push(t.slice(from, open));
            const close = t.indexOf("-->", open + 4);
            if (close < 0) {
              parts.push(blank(t.slice(open)));
              inComment = true;
              break;
            }
            parts.push(blank(t.slice(open, close + 3)));
            from = close + 3;
          }
          t = parts.join("");
        }
      }
    }
    lines.push({ a: pos, b: nl, t, code });
    pos = nl + 1;
  }
  return lines;
}

// ---------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------

type BlockKind = "heading" | "para" | "item" | "table";
interface Block {
  kind: BlockKind;
  /** Content start (after list marker / heading hashes) and end, in source offsets. */
  a: number;
  b: number;
  /** Start of the whole block including its marker (for evidence of items). */
  outerA: number;
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

/** Splits a table row into cells; "\|" does not split. Returns cell [start, end) offsets into `t`. */
function splitCells(t: string): [number, number][] {
  const cells: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === "\\") {
      i++;
      continue;
    }
    if (t[i] === "|") {
      cells.push([start, i]);
      start = i + 1;
    }
  }
  cells.push([start, t.length]);
  // Leading and trailing pipes are optional.
  const first = cells[0];
  if (first && t.slice(first[0], first[1]).trim() === "") cells.shift();
  const last = cells[cells.length - 1];
  if (last && cells.length > 0 && t.slice(last[0], last[1]).trim() === "") cells.pop();
  return cells;
}

function isDelimiterRow(t: string): boolean {
  if (!t.includes("-")) return false;
  const cells = splitCells(t);
  if (cells.length === 0) return false;
  for (const [a, b] of cells) {
    const c = t.slice(a, b).trim();
    if (!/^:?-+:?$/.test(c)) return false;
  }
  return t.includes("|") || cells.length > 1;
}

interface Heading {
  level: number;
  a: number;
  b: number;
}

function parseBlocks(lines: Line[], ana: string): { blocks: Block[]; headings: Heading[] } {
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
  const push = (b: Block) => {
    blocks.push(b);
    if (b.kind === "item") {
      if (leadIn < 0) {
        const prev = blocks[blocks.length - 2];
        if (prev && prev.kind === "para" && /:\s*$/.test(ana.slice(Math.max(prev.a, prev.b - 50), prev.b))) {
          leadIn = blocks.length - 2;
        }
      }
      b.leadIn = leadIn;
    } else if (b.kind !== "para" || !inList) leadIn = -1;
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
      cur = push(newBlock("item", L.a + start, L.b, L.a + idx));
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

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

interface Tok {
  /** w: word, n: number, p: punctuation, u: URL */
  k: "w" | "n" | "p" | "u";
  s: string;
  a: number;
  b: number;
  /** Integer value of a plain number token (no decimals), else null. */
  int: number | null;
}

const LETTER_RE = /[\p{L}\p{M}]/u;
function isLetterCode(c: number, ch: string): boolean {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  if (c < 128) return false;
  return LETTER_RE.test(ch);
}
const isDigitCode = (c: number) => c >= 48 && c <= 57;
const isSpaceCode = (c: number) =>
  c === 32 || c === 9 || c === 10 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b) || c === 0xfe0f;

/** Markdown emphasis and code markers carry no meaning for us and are skipped. */
const SKIP_CHARS = new Set(["*", "_", "`", "~", "\\"]);

/** Tokenises ana[a, b) (analysis text; offsets are kept absolute). */
function tokenize(ana: string, a: number, b: number): Tok[] {
  const toks: Tok[] = [];
  let i = a;
  while (i < b) {
    const c = ana.charCodeAt(i);
    if (isSpaceCode(c)) {
      i++;
      continue;
    }
    const ch = ana[i] ?? "";
    // URLs are one opaque token (their digits and words are not prose).
    if ((ch === "h" || ch === "H" || ch === "w" || ch === "W") && isUrlStart(ana, i)) {
      let j = i;
      while (j < b) {
        const d = ana.charCodeAt(j);
        if (isSpaceCode(d) || d === 41 /* ) */ || d === 93 /* ] */ || d === 62 /* > */ || d === 60 /* < */) break;
        j++;
      }
      // Sentence punctuation after a URL is not part of it.
      while (j > i + 1 && ".,;:!?'\"".includes(ana[j - 1] ?? "")) j--;
      toks.push({ k: "u", s: ana.slice(i, j), a: i, b: j, int: null });
      i = j;
      continue;
    }
    // Email addresses and @handles are opaque too ("1h@example.com" is not one hour).
    if (c === 64 /* @ */) {
      let start = i;
      while (start > a && i - start < 64 && isLocalChar(ana.charCodeAt(start - 1))) start--;
      while (toks.length > 0 && (toks[toks.length - 1]?.a ?? -1) >= start) toks.pop();
      let j = i + 1;
      while (j < b) {
        const d = ana.charCodeAt(j);
        if (isSpaceCode(d) || ")]>\"'<,;`*".includes(ana[j] ?? "")) break;
        j++;
      }
      while (j > i + 1 && ".:!?".includes(ana[j - 1] ?? "")) j--;
      toks.push({ k: "u", s: ana.slice(start, j).toLowerCase(), a: start, b: j, int: null });
      i = j;
      continue;
    }
    if (isDigitCode(c)) {
      let j = i;
      while (j < b && isDigitCode(ana.charCodeAt(j))) j++;
      let decimal = false;
      while (j + 1 < b && (ana[j] === "." || ana[j] === ",") && isDigitCode(ana.charCodeAt(j + 1))) {
        if (ana[j] === ".") decimal = true;
        j++;
        while (j < b && isDigitCode(ana.charCodeAt(j))) j++;
      }
      const text = ana.slice(i, j);
      let int: number | null = null;
      if (!decimal) {
        const digits = text.replace(/,/g, "");
        if (digits.length <= 6) int = Number.parseInt(digits, 10);
      }
      toks.push({ k: "n", s: text, a: i, b: j, int });
      i = j;
      continue;
    }
    if (isLetterCode(c, ch)) {
      let j = i + 1;
      while (j < b) {
        const d = ana.charCodeAt(j);
        const dch = ana[j] ?? "";
        if (isLetterCode(d, dch) || isDigitCode(d)) {
          j++;
          continue;
        }
        if ((dch === "'" || dch === "\u2019") && j + 1 < b && isLetterCode(ana.charCodeAt(j + 1), ana[j + 1] ?? "")) {
          j += 2;
          continue;
        }
        break;
      }
      toks.push({
        k: "w",
        s: ana
          .slice(i, j)
          .toLowerCase()
          .replace(/\u2019/g, "'"),
        a: i,
        b: j,
        int: null,
      });
      i = j;
      continue;
    }
    // Surrogate pairs (emoji) are a single punctuation token.
    const cp = ana.codePointAt(i) ?? c;
    const width = cp > 0xffff ? 2 : 1;
    if (!SKIP_CHARS.has(ch)) toks.push({ k: "p", s: ana.slice(i, i + width), a: i, b: i + width, int: null });
    i += width;
  }
  return toks;
}

function isUrlStart(s: string, i: number): boolean {
  const head = s.slice(i, i + 8).toLowerCase();
  return head.startsWith("http://") || head.startsWith("https://") || head.startsWith("www.");
}

// ---------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------

interface Sentence {
  /** Source range of the excerpt (used for evidence). */
  a: number;
  b: number;
  toks: Tok[];
  block: Block;
  /** Headings count lower than prose: they only fill fields nothing else filled. */
  isHeading: boolean;
  /** Table rows: [start, end) of each cell and the matching header cell's tokens. */
  cells?: { a: number; b: number; header: Tok[] }[];
}

const ABBREVIATIONS = new Set(["eg", "ie", "etc", "vs", "approx", "incl", "cf", "al", "mr", "mrs", "ms", "dr", "st"]);
const MAX_SENTENCE_TOKENS = 300;

function splitSentences(toks: Tok[], block: Block, ana: string, segA: number, segB: number): Sentence[] {
  const out: Sentence[] = [];
  let startTok = 0;
  let startPos = segA;
  const emit = (endTok: number, endPos: number) => {
    if (endTok <= startTok) return;
    let a = startPos;
    while (a < endPos && isSpaceCode(ana.charCodeAt(a))) a++;
    out.push({ a, b: endPos, toks: toks.slice(startTok, endTok), block, isHeading: block.kind === "heading" });
    startTok = endTok;
    startPos = endPos;
  };
  for (let i = 0; i < toks.length; i++) {
    const tk = toks[i];
    if (!tk) continue;
    if (i - startTok >= MAX_SENTENCE_TOKENS) {
      emit(i, tk.a);
      continue;
    }
    if (tk.k !== "p" || (tk.s !== "." && tk.s !== "!" && tk.s !== "?" && tk.s !== "\u3002")) continue;
    const nx = toks[i + 1];
    if (nx && nx.a === tk.b) continue; // "example.com", "1.x", "e.g.x"
    // A boundary needs white space after the mark (closing emphasis may come first: "**48 hours.** Next").
    let after = tk.b;
    while (after < segB && SKIP_CHARS.has(ana[after] ?? "")) after++;
    if (after < segB && !isSpaceCode(ana.charCodeAt(after))) continue;
    if (tk.s === ".") {
      const prev = toks[i - 1];
      if (prev && prev.k === "w" && prev.b === tk.a) {
        if (prev.s.length === 1) continue; // "e.g.", "i.e.", initials
        if (ABBREVIATIONS.has(prev.s)) {
          const nextCh = nx ? (ana[nx.a] ?? "") : "";
          if (!(prev.s === "etc" && nextCh >= "A" && nextCh <= "Z")) continue;
        }
      }
    }
    // Include trailing emphasis markers ("**48 hours**.") in the excerpt.
    emit(i + 1, tk.b);
  }
  if (startTok < toks.length) {
    let end = segB;
    while (end > startPos && isSpaceCode(ana.charCodeAt(end - 1))) end--;
    emit(toks.length, end);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------

const ONES: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

type UnitWord = "hours" | "days" | "business_days" | "weeks" | "months" | "fortnights";
const UNIT_WORDS: Record<string, UnitWord> = {
  hour: "hours",
  hours: "hours",
  hr: "hours",
  hrs: "hours",
  h: "hours",
  day: "days",
  days: "days",
  workday: "business_days",
  workdays: "business_days",
  businessday: "business_days",
  businessdays: "business_days",
  week: "weeks",
  weeks: "weeks",
  wk: "weeks",
  wks: "weeks",
  month: "months",
  months: "months",
  fortnight: "fortnights",
  fortnights: "fortnights",
};
const BUSINESS_QUALIFIERS = new Set(["business", "working", "work"]);

interface Found {
  /** Token range [i0, i1). */
  i0: number;
  i1: number;
  kind: "duration" | "next_release" | "periodic";
  value: ParsedDuration | null;
}

const wordAt = (toks: Tok[], i: number): string | null => {
  const t = toks[i];
  return t && t.k === "w" ? t.s : null;
};
const punctAt = (toks: Tok[], i: number, s: string): boolean => {
  const t = toks[i];
  return !!t && t.k === "p" && t.s === s;
};

/** Parses an amount at i: digits, number words ("twenty-four", "one hundred"), "a"/"an". */
function parseAmount(toks: Tok[], i: number): { value: number; next: number; article: boolean } | null {
  const t = toks[i];
  if (!t) return null;
  if (t.k === "n") return t.int !== null && t.int > 0 ? { value: t.int, next: i + 1, article: false } : null;
  if (t.k !== "w") return null;
  if (t.s === "a" || t.s === "an") return { value: 1, next: i + 1, article: true };
  let value = 0;
  let j = i;
  const ones = ONES[t.s];
  const tens = TENS[t.s];
  if (ones !== undefined) {
    value = ones;
    j = i + 1;
    if (wordAt(toks, j) === "hundred") {
      value *= 100;
      j++;
      if (wordAt(toks, j) === "and") j++;
      const t2 = wordAt(toks, j);
      if (t2 !== null && TENS[t2] !== undefined) {
        value += TENS[t2] ?? 0;
        j++;
        const k = punctAt(toks, j, "-") ? j + 1 : j;
        const o = wordAt(toks, k);
        if (o !== null && (ONES[o] ?? 99) < 10) {
          value += ONES[o] ?? 0;
          j = k + 1;
        }
      } else if (t2 !== null && ONES[t2] !== undefined) {
        value += ONES[t2] ?? 0;
        j++;
      } else if (wordAt(toks, j - 1) === "and") j--;
    }
  } else if (tens !== undefined) {
    value = tens;
    j = i + 1;
    const k = punctAt(toks, j, "-") ? j + 1 : j;
    const o = wordAt(toks, k);
    if (o !== null && (ONES[o] ?? 99) < 10) {
      value += ONES[o] ?? 0;
      j = k + 1;
    }
  } else return null;
  // "five (5) business days": the digits win.
  const paren = toks[j + 1];
  if (punctAt(toks, j, "(") && paren?.k === "n" && paren.int !== null && punctAt(toks, j + 2, ")")) {
    value = paren.int;
    j += 3;
  }
  return value > 0 ? { value, next: j, article: false } : null;
}

/** Parses "[qualifier] unit" at j (after an amount); handles "90-day", "5-business-day". */
function parseUnit(toks: Tok[], j: number): { unit: UnitWord; next: number } | null {
  let k = punctAt(toks, j, "-") ? j + 1 : j;
  let qualifier: "business" | "calendar" | null = null;
  const q = wordAt(toks, k);
  if (q !== null && BUSINESS_QUALIFIERS.has(q)) qualifier = "business";
  else if (q === "calendar") qualifier = "calendar";
  if (qualifier) {
    k++;
    if (punctAt(toks, k, "-")) k++;
  }
  const w = wordAt(toks, k);
  if (w === null) return null;
  const unit = UNIT_WORDS[w];
  if (!unit) return null;
  if (qualifier === "business") {
    // "business hours" or "working weeks" cannot be expressed; do not guess.
    if (unit !== "days") return null;
    return { unit: "business_days", next: k + 1 };
  }
  if (qualifier === "calendar" && unit !== "days") return null;
  return { unit, next: k + 1 };
}

function toDuration(amount: number, unit: UnitWord): ParsedDuration | null {
  let d: ParsedDuration;
  if (unit === "months") d = { amount: amount * 30, unit: "days" };
  else if (unit === "fortnights") d = { amount: amount * 2, unit: "weeks" };
  else d = { amount, unit };
  return Number.isInteger(d.amount) && d.amount >= 1 && d.amount <= 10_000 ? d : null;
}

const NEXT_RELEASE_QUALIFIERS = new Set([
  "minor",
  "major",
  "patch",
  "point",
  "regular",
  "regularly",
  "scheduled",
  "planned",
  "feature",
  "maintenance",
  "bugfix",
  "stable",
  "security",
  "upcoming",
  "normal",
]);
const PERIODIC_WORDS: Record<string, ParsedDuration> = {
  daily: { amount: 1, unit: "days" },
  weekly: { amount: 1, unit: "weeks" },
  biweekly: { amount: 2, unit: "weeks" },
  fortnightly: { amount: 2, unit: "weeks" },
  monthly: { amount: 30, unit: "days" },
};

function findDurations(toks: Tok[]): Found[] {
  const out: Found[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i];
    if (!t || t.k === "p" || t.k === "u") {
      i++;
      continue;
    }
    // "next release", "next minor release", "upcoming release"
    if (t.s === "next" || t.s === "upcoming") {
      let j = i + 1;
      // "next business day" = one business day
      const nb = wordAt(toks, j);
      if (t.s === "next" && nb !== null && BUSINESS_QUALIFIERS.has(nb)) {
        const u = wordAt(toks, j + 1);
        if (u === "day") {
          out.push({ i0: i, i1: j + 2, kind: "duration", value: { amount: 1, unit: "business_days" } });
          i = j + 2;
          continue;
        }
      }
      let skipped = 0;
      while (skipped < 2) {
        const w = wordAt(toks, j);
        if (w === null || !NEXT_RELEASE_QUALIFIERS.has(w)) break;
        j++;
        skipped++;
      }
      const r = wordAt(toks, j);
      if (r === "release" || r === "releases" || r === "version") {
        out.push({ i0: i, i1: j + 1, kind: "next_release", value: null });
        i = j + 1;
        continue;
      }
    }
    if (t.k === "w" && PERIODIC_WORDS[t.s]) {
      const v = PERIODIC_WORDS[t.s];
      const bi = punctAt(toks, i - 1, "-") && wordAt(toks, i - 2) === "bi";
      out.push({
        i0: i,
        i1: i + 1,
        kind: "periodic",
        value: bi && t.s === "weekly" ? { amount: 2, unit: "weeks" } : (v ?? null),
      });
      i++;
      continue;
    }
    const amt = parseAmount(toks, i);
    if (amt) {
      let next = amt.next;
      let value = amt.value;
      // Ranges: "24-48 hours", "3 to 5 business days", "between 1 and 3 days" → the upper bound.
      if (!amt.article) {
        const c = toks[next];
        const isConnector =
          c &&
          ((c.k === "p" && (c.s === "-" || c.s === "\u2013")) ||
            (c.k === "w" && (c.s === "to" || c.s === "or" || c.s === "and")));
        if (isConnector) {
          const amt2 = parseAmount(toks, next + 1);
          if (amt2 && !amt2.article && amt2.value >= value) {
            const u2 = parseUnit(toks, amt2.next);
            if (u2) {
              value = amt2.value;
              next = amt2.next;
            }
          }
        }
      }
      const unit = parseUnit(toks, next);
      if (unit && !(amt.article && punctAt(toks, amt.next, "-"))) {
        // "48 business hours" style qualifiers are handled in parseUnit; "24h" needs no space.
        const unitTok = toks[unit.next - 1];
        const okH = unitTok?.s !== "h" || unitTok.a === toks[next - 1]?.b;
        const d = okH ? toDuration(value, unit.unit) : null;
        if (d) {
          out.push({ i0: i, i1: unit.next, kind: "duration", value: d });
          i = unit.next;
          continue;
        }
      }
    }
    i++;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Cues
// ---------------------------------------------------------------------------

type Cue = "ack" | "assess" | "update" | "emergency" | "resolve" | "disclosure";

const CUE_SOURCE: Record<Cue, string[]> = {
  assess: [
    "detailed response",
    "more detailed",
    "substantive response",
    "full response",
    "next steps",
    "initial assessment",
    "confirm the vulnerability",
    "confirm the issue",
    "confirm whether",
    "assess*",
    "triag*",
    "evaluat*",
    "investigat*",
    "validat*",
    "verify",
    "verified",
    "verification",
    "analys*",
    "analyz*",
    "determine",
  ],
  ack: [
    "first response",
    "initial response",
    "first reply",
    "initial reply",
    "hear back",
    "get back",
    "confirm receipt",
    "acknowledg*",
    "receipt",
    "respond",
    "responds",
    "response",
    "responses",
    "reply",
    "replies",
  ],
  // Bare "update(s)" is left out: "we release updates monthly" is no promise to the reporter.
  update: [
    "status update*",
    "progress update*",
    "update you",
    "keep you",
    "hear from",
    "updated",
    "status",
    "progress",
    "informed",
  ],
  emergency: ["on call", "emergenc*", "urgent*", "oncall"],
  resolve: [
    "security update*",
    "security release*",
    "fix",
    "fixes",
    "fixed",
    "fixing",
    "bugfix*",
    "hotfix*",
    "patch",
    "patches",
    "patched",
    "patching",
    "resolv*",
    "resolution",
    "remediat*",
  ],
  disclosure: [
    "disclos*",
    "publish*",
    "publication",
    "publicly",
    "public",
    "embargo*",
    "advisory",
    "advisories",
    "announce*",
  ],
};

interface CuePattern {
  cue: Cue;
  words: string[];
}
const CUE_PATTERNS: CuePattern[] = (Object.entries(CUE_SOURCE) as [Cue, string[]][])
  .flatMap(([cue, list]) => list.map((p) => ({ cue, words: p.split(" ") })))
  .sort((x, y) => y.words.length - x.words.length);

const wordMatches = (pattern: string, word: string) =>
  pattern.endsWith("*") ? word.startsWith(pattern.slice(0, -1)) : word === pattern;

interface CueHit {
  cue: Cue;
  tok: number;
}

/** Cue hits over toks (word tokens only; "-" between words is ignored: "on-call"). */
function findCues(toks: Tok[]): CueHit[] {
  const words: number[] = [];
  for (let i = 0; i < toks.length; i++) if (toks[i]?.k === "w") words.push(i);
  const used = new Uint8Array(words.length);
  const hits: CueHit[] = [];
  for (const p of CUE_PATTERNS) {
    const first = p.words[0] ?? "";
    for (let w = 0; w + p.words.length <= words.length; w++) {
      if (used[w]) continue;
      const t0 = toks[words[w] ?? -1];
      if (!t0 || !wordMatches(first, t0.s)) continue;
      let ok = true;
      for (let k = 1; k < p.words.length && ok; k++) {
        const tk = toks[words[w + k] ?? -1];
        if (used[w + k] || !tk || !wordMatches(p.words[k] ?? "", tk.s)) ok = false;
      }
      if (!ok) continue;
      for (let k = 0; k < p.words.length; k++) used[w + k] = 1;
      hits.push({ cue: p.cue, tok: words[w] ?? 0 });
    }
  }
  return hits.sort((x, y) => x.tok - y.tok);
}

const CLAUSE_BOUNDARIES = new Set([",", ";", ":", "(", ")", "|", "\u2014", "\u2013", "[", "]"]);

// ---------------------------------------------------------------------------
// Severities
// ---------------------------------------------------------------------------

/** Severities a policy can promise a fix time for: "none" needs no fix. */
type ResolveSeverity = Exclude<Severity, "none">;
const RESOLVE_SEVERITIES = SEVERITIES.filter((s): s is ResolveSeverity => s !== "none");
const SEVERITY_WORDS: Record<string, ResolveSeverity> = {
  critical: "critical",
  high: "high",
  medium: "medium",
  moderate: "medium",
  low: "low",
};
const SEVERITY_CONNECTORS = new Set(["and", "or", "severity", "sev", "&", ",", "/", "-", "risk"]);

// ---------------------------------------------------------------------------
// Extraction
// ---------------------------------------------------------------------------

type ClockField = "acknowledge" | "assess" | "update" | "emergency" | "disclosure";
interface Candidate {
  key: string;
  value: ParsedDuration | "next_release";
  /** Lower wins: 0 prose, 1 heading; +2 for generic (all-severity) resolve values. */
  rank: number;
  pos: number;
  evidence: string;
}

const NEGATIONS = new Set(["not", "never", "no"]);
const isNegation = (s: string) => NEGATIONS.has(s) || s.endsWith("n't") || s.startsWith("fail");
const DISCLOSURE_ANCHOR_OK = new Set([
  "report",
  "reports",
  "receipt",
  "submission",
  "received",
  "reported",
  "initial",
  "notification",
]);
const DISCLOSURE_ANCHOR_BAD = new Set([
  "cve",
  "cves",
  "release",
  "released",
  "releases",
  "patch",
  "patched",
  "fix",
  "fixed",
  "mailing",
  "announcement",
  "publication",
  "embargo",
  "advisory",
  "issued",
]);
const PERIODIC_MARKERS = new Set(["every", "each", "once", "per"]);

interface Ctx {
  src: string;
  ana: string;
  headings: Heading[];
  headingToks: Tok[][];
  headingCues: CueHit[][];
  blocks: Block[];
  candidates: Candidate[];
  /** Positions of every "@" in ana. */
  ats: number[];
  leadInToks: Map<number, Tok[]>;
}

function cuesIn(hits: CueHit[], from: number, to: number): CueHit[] {
  return hits.filter((h) => h.tok >= from && h.tok < to);
}

/** Cue set of the nearest clause (by token distance) that has cues. */
function nearestClauseCues(toks: Tok[], hits: CueHit[], from: number, to: number, backwards: boolean): Set<Cue> {
  const inRange = cuesIn(hits, from, to);
  if (inRange.length === 0) return new Set();
  // clause id per token
  const clauseOf = (tok: number) => {
    let id = 0;
    for (let i = from; i < tok; i++) {
      const t = toks[i];
      if (t && t.k === "p" && CLAUSE_BOUNDARIES.has(t.s)) id++;
    }
    return id;
  };
  const withClause = inRange.map((h) => ({ h, c: clauseOf(h.tok) }));
  const target = backwards ? Math.max(...withClause.map((x) => x.c)) : Math.min(...withClause.map((x) => x.c));
  return new Set(withClause.filter((x) => x.c === target).map((x) => x.h.cue));
}

function severityWordsIn(toks: Tok[], from: number, to: number): ResolveSeverity[] {
  const out: ResolveSeverity[] = [];
  for (let i = from; i < to; i++) {
    const t = toks[i];
    if (t?.k === "w") {
      const s = SEVERITY_WORDS[t.s];
      if (s && !out.includes(s)) out.push(s);
    }
  }
  return out;
}

function excerpt(ctx: Ctx, a: number, b: number): string {
  return ctx.src.slice(a, b).trim();
}

function analyseSentence(ctx: Ctx, S: Sentence): void {
  const toks = S.toks;
  const found = findDurations(toks);
  if (found.length === 0) return;
  const hits = findCues(toks);
  const headingIdx = S.block.heading;
  const hCues = headingIdx >= 0 && !S.isHeading ? (ctx.headingCues[headingIdx] ?? []) : [];
  const hToks = headingIdx >= 0 && !S.isHeading ? (ctx.headingToks[headingIdx] ?? []) : [];
  const sectionEmergency = hCues.some((h) => h.cue === "emergency");
  const anyUpdateCue = hits.some((h) => h.cue === "update");
  const evidence = excerpt(ctx, S.a, S.b);
  const rankBase = S.isHeading ? 1 : 0;

  // Severity groups: persist through the sentence until a new group starts.
  let pending: ResolveSeverity[] = [];
  let lastSevTok = -1;
  let scan = 0;
  let prevEnd = 0;
  let prevCues = new Set<Cue>();

  for (let k = 0; k < found.length; k++) {
    const d = found[k];
    if (!d) continue;
    const nextStart = found[k + 1]?.i0 ?? toks.length;

    for (; scan < d.i0; scan++) {
      const t = toks[scan];
      if (!t) continue;
      const sev = t.k === "w" ? SEVERITY_WORDS[t.s] : undefined;
      if (sev) {
        const contiguous =
          lastSevTok >= 0 &&
          toks.slice(lastSevTok + 1, scan).every((x) => (x.k === "w" || x.k === "p") && SEVERITY_CONNECTORS.has(x.s)) &&
          !found.some((f) => f.i0 > lastSevTok && f.i0 < scan);
        pending = contiguous ? (pending.includes(sev) ? pending : [...pending, sev]) : [sev];
        lastSevTok = scan;
      }
    }
    scan = d.i1;

    // 1. Conditional escalation ("If you do not receive ... within 6 business days") is no promise.
    let conditional = false;
    for (let i = d.i0 - 1; i >= 0 && !conditional; i--) {
      const t = toks[i];
      if (t?.k === "w" && (t.s === "if" || t.s === "unless")) {
        if (t.s === "unless") conditional = true;
        for (let j = i + 1; j < d.i0 && !conditional; j++) {
          const u = toks[j];
          if (u?.k === "w" && isNegation(u.s)) conditional = true;
        }
      }
    }
    if (conditional) {
      prevEnd = d.i1;
      continue;
    }
    // 2. Negated or open-ended ("not on the 60-day schedule", "we do not guarantee a response within",
    //    "beyond 60 days"). "Please do not disclose ... before 90 days" still states a disclosure window,
    //    and "no later than" is a promise.
    const before: string[] = [];
    let onlyDisclosureNegated = false;
    {
      let negated = false;
      let allDisclosure = true;
      for (let i = d.i0 - 1; i >= 0 && before.length < 8; i--) {
        const t = toks[i];
        if (!t) continue;
        if (t.k === "p" && CLAUSE_BOUNDARIES.has(t.s)) break;
        if (t.k !== "w") continue;
        before.push(t.s);
        if (t.s === "not" || t.s === "never" || t.s.endsWith("n't")) {
          negated = true;
          const n1 = wordAt(toks, i + 1) ?? "";
          const n2 = wordAt(toks, i + 2) ?? "";
          const isDisclosureVerb = (w: string) =>
            w.startsWith("disclos") || w.startsWith("publish") || w === "publicly";
          if (!isDisclosureVerb(n1) && !isDisclosureVerb(n2)) allDisclosure = false;
        }
      }
      const promiseThan =
        before.includes("than") && (before.includes("later") || before.includes("more") || before.includes("longer"));
      if (before.slice(0, 4).some((w) => w === "beyond" || w.startsWith("exceed"))) {
        prevEnd = d.i1;
        continue;
      }
      if (negated && !promiseThan) {
        if (!allDisclosure) {
          prevEnd = d.i1;
          continue;
        }
        onlyDisclosureNegated = true;
      }
    }
    // 3. Rates ("24 hours a day").
    const r1 = wordAt(toks, d.i1);
    const r2 = wordAt(toks, d.i1 + 1);
    if (r1 !== null && ["a", "an", "per", "each", "every"].includes(r1) && r2 !== null && UNIT_WORDS[r2]) {
      prevEnd = d.i1 + 2;
      continue;
    }

    // 4. Periodic ("every 7 days", "once a week", "weekly") → status updates only.
    const periodic = d.kind === "periodic" || (before[0] !== undefined && PERIODIC_MARKERS.has(before[0]));
    if (periodic) {
      if (d.value && (anyUpdateCue || hCues.some((h) => h.cue === "update"))) {
        ctx.candidates.push({ key: "update", value: d.value, rank: rankBase, pos: S.a, evidence });
      }
      prevEnd = d.i1;
      continue;
    }

    // Severity: pending group, or trailing "for critical issues", or the heading.
    let sevs = pending;
    if (sevs.length === 0) {
      const after = toks.slice(d.i1, Math.min(d.i1 + 5, nextStart));
      const first = after[0];
      if (
        first &&
        ((first.k === "w" && ["for", "on", "of"].includes(first.s)) || (first.k === "p" && first.s === "("))
      ) {
        sevs = severityWordsIn(toks, d.i1, Math.min(d.i1 + 5, nextStart));
      }
    }
    if (sevs.length === 0 && hToks.length > 0) sevs = severityWordsIn(hToks, 0, hToks.length);

    if (d.kind === "next_release") {
      if (sevs.length > 0) {
        for (const s of sevs) {
          ctx.candidates.push({ key: `resolve.${s}`, value: "next_release", rank: rankBase, pos: S.a, evidence });
        }
      }
      prevEnd = d.i1;
      continue;
    }
    const value = d.value;
    if (!value) {
      prevEnd = d.i1;
      continue;
    }

    // 5. What is promised: nearest cue clause before, then after, then column header, then heading.
    let cues = nearestClauseCues(toks, hits, prevEnd, d.i0, true);
    if (cues.size === 0) cues = nearestClauseCues(toks, hits, d.i1, nextStart, false);
    if (cues.size === 0 && S.cells) {
      const cell = S.cells.find((c) => toks[d.i0] && (toks[d.i0]?.a ?? 0) >= c.a && (toks[d.i0]?.a ?? 0) < c.b);
      if (cell) {
        const hh = findCues(cell.header);
        cues = new Set(hh.map((h) => h.cue));
      }
    }
    // Enumerations: "critical within 14 days, high within 30 days" — the promise carries over.
    if (cues.size === 0 && prevCues.size > 0) cues = new Set(prevCues);
    if (cues.size === 0) cues = new Set(hCues.map((h) => h.cue));
    cues.delete("update");
    prevCues = cues;

    let fields: (ClockField | "resolve")[] = [];
    if (cues.has("emergency")) fields = ["emergency"];
    else {
      if (cues.has("ack")) fields.push("acknowledge");
      if (cues.has("assess")) fields.push("assess");
      if (cues.has("resolve")) fields.push("resolve");
      if (cues.has("disclosure") && !cues.has("ack") && !cues.has("assess")) fields.push("disclosure");
      if (sevs.length > 0 && (fields.includes("acknowledge") || fields.includes("assess"))) {
        // Response times per severity: only "critical" has a home (the emergency clock).
        const onlyCritical = sevs.length === 1 && sevs[0] === "critical";
        fields = fields.filter((f) => f !== "acknowledge" && f !== "assess");
        if (onlyCritical && !fields.includes("resolve")) fields.push("emergency");
      } else if (sectionEmergency && fields.length === 1 && fields[0] === "acknowledge") fields = ["emergency"];
    }

    if (onlyDisclosureNegated) fields = fields.filter((f) => f === "disclosure");
    // "Once the fix is released, we publish the advisory within 7 days": measured from the fix, not the report.
    if (fields.includes("disclosure") && afterFixEarlier(toks, d.i0)) fields = fields.filter((f) => f !== "disclosure");
    for (const f of fields) {
      if (f === "disclosure" && !disclosureAnchorOk(toks, d.i1)) continue;
      if (f === "resolve") {
        const targets = sevs.length > 0 ? sevs : RESOLVE_SEVERITIES;
        const rank = rankBase + (sevs.length > 0 ? 0 : 2);
        for (const s of targets) ctx.candidates.push({ key: `resolve.${s}`, value, rank, pos: S.a, evidence });
      } else ctx.candidates.push({ key: f, value, rank: rankBase, pos: S.a, evidence });
    }
    prevEnd = d.i1;
  }
}

function afterFixEarlier(toks: Tok[], before: number): boolean {
  for (let i = 0; i < before; i++) {
    const t = toks[i];
    if (t?.k !== "w" || !["after", "once", "when", "following"].includes(t.s)) continue;
    let words = 0;
    for (let j = i + 1; j < before && words < 4; j++) {
      const u = toks[j];
      if (u?.k !== "w") continue;
      words++;
      if (DISCLOSURE_ANCHOR_OK.has(u.s)) break;
      if (DISCLOSURE_ANCHOR_BAD.has(u.s) || u.s === "fixes") return true;
    }
  }
  return false;
}

/** "72 hours from the time the CVE is issued" is no disclosure window; "90 days of the initial report" is. */
function disclosureAnchorOk(toks: Tok[], from: number): boolean {
  let prep = -1;
  for (let i = from; i < Math.min(toks.length, from + 3); i++) {
    const t = toks[i];
    if (t?.k === "w" && ["of", "from", "after", "following", "before"].includes(t.s)) {
      prep = i;
      break;
    }
  }
  if (prep < 0) return true;
  let words = 0;
  for (let i = prep + 1; i < toks.length && words < 5; i++) {
    const t = toks[i];
    if (t?.k !== "w") continue;
    words++;
    if (DISCLOSURE_ANCHOR_OK.has(t.s)) return true;
    if (DISCLOSURE_ANCHOR_BAD.has(t.s)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Contacts
// ---------------------------------------------------------------------------

const isLocalChar = (c: number) =>
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  isDigitCode(c) ||
  c === 46 /* . */ ||
  c === 95 /* _ */ ||
  c === 37 /* % */ ||
  c === 43 /* + */ ||
  c === 45; /* - */
const isDomainChar = (c: number) =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigitCode(c) || c === 46 || c === 45;

interface EmailHit {
  email: string;
  a: number;
  b: number;
}

/** Finds email addresses in ana[a, b) by expanding around each "@" (linear, bounded). */
function findEmails(ana: string, ats: number[], a: number, b: number): EmailHit[] {
  const out: EmailHit[] = [];
  // first "@" at or after a (binary search over the precomputed positions)
  let lo = 0;
  let hi = ats.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ats[mid] ?? 0) < a) lo = mid + 1;
    else hi = mid;
  }
  let k = lo;
  let lastEnd = a;
  while (k < ats.length && (ats[k] ?? b) < b) {
    const at = ats[k] ?? b;
    k++;
    if (at < lastEnd) continue;
    let l = at;
    while (l > a && at - l < 64 && isLocalChar(ana.charCodeAt(l - 1))) l--;
    let r = at + 1;
    while (r < b && r - at < 254 && isDomainChar(ana.charCodeAt(r))) r++;
    // trim punctuation that ends a sentence or wraps the address
    while (r > at + 1 && (ana[r - 1] === "." || ana[r - 1] === "-")) r--;
    while (l < at && (ana[l] === "." || ana[l] === "-")) l++;
    const local = ana.slice(l, at);
    const domain = ana.slice(at + 1, r);
    const labels = domain.split(".");
    const tld = labels[labels.length - 1] ?? "";
    const valid =
      local.length > 0 &&
      !local.includes("..") &&
      labels.length >= 2 &&
      labels.every((x) => x.length > 0 && x.length <= 63 && !x.startsWith("-") && !x.endsWith("-")) &&
      /^[A-Za-z]{2,63}$/.test(tld) &&
      (l === a || ana[l - 1] !== "@") &&
      !isInsideUrl(ana, l, a);
    if (valid) {
      out.push({ email: `${local}@${domain}`, a: l, b: r });
      lastEnd = r;
    }
  }
  return out;
}

function isInsideUrl(ana: string, l: number, min: number): boolean {
  // Looks back over the same whitespace-free run (bounded) for "://".
  let i = l - 1;
  const stop = Math.max(min, l - 200);
  while (i >= stop) {
    const c = ana.charCodeAt(i);
    if (isSpaceCode(c) || c === 40 /* ( */ || c === 60 /* < */ || c === 91 /* [ */) return false;
    if (c === 47 /* / */ && ana[i - 1] === "/" && ana[i - 2] === ":") return true;
    i--;
  }
  return false;
}

const CONTACT_POSITIVE = [
  "report*",
  "vulnerab*",
  "disclos*",
  "secur*",
  "escalat*",
  "emergenc*",
  "urgent*",
  "incident*",
  "contact*",
  "email*",
  "e",
  "mail",
  "send",
  "write",
  "reach",
  "psirt",
  "cert",
];
const CONTACT_HEADING_POSITIVE = [
  "report*",
  "vulnerab*",
  "disclos*",
  "contact*",
  "escalat*",
  "emergenc*",
  "urgent*",
  "psirt",
];
const CONTACT_NEGATIVE = [
  "conduct",
  "harassment",
  "permission",
  "authori*",
  "sales",
  "press",
  "media",
  "privacy",
  "billing",
  "careers",
  "jobs",
  "licens*",
  "trademark*",
  "support",
];
const CONTACT_STRONG = ["vulnerab*", "exploit*", "cve"];
const CONTACT_EMERGENCY = ["emergenc*", "urgent*", "escalat*", "oncall", "pager*"];
const NOREPLY = /^(no-?reply|do-?not-?reply)$/i;

const hasAny = (toks: Tok[], patterns: string[]) =>
  toks.some((t) => t.k === "w" && patterns.some((p) => wordMatches(p, t.s)));
const hasOnCall = (toks: Tok[]) =>
  toks.some((t, i) => t.k === "w" && t.s === "on" && toks[i + 1]?.s === "-" && toks[i + 2]?.s === "call");

interface ContactHit {
  email: string;
  role: "security" | "emergency";
  pos: number;
  evidence: string;
}

function analyseContacts(ctx: Ctx, S: Sentence, out: ContactHit[]): void {
  const emails = findEmails(ctx.ana, ctx.ats, S.a, S.b);
  if (emails.length === 0) return;
  const toks = S.toks;
  const securityStrong =
    hasAny(toks, CONTACT_STRONG) ||
    /security (issue|bug|report|problem|concern|vulnerab)/i.test(sliceCap(ctx.ana, S.a, S.b));
  if (hasAny(toks, CONTACT_NEGATIVE) && !securityStrong) return;
  const heading = S.block.heading >= 0 ? (ctx.headingToks[S.block.heading] ?? []) : [];
  let leadToks: Tok[] = [];
  const leadIn = S.block.leadIn >= 0 ? ctx.blocks[S.block.leadIn] : undefined;
  if (leadIn) {
    const cached = ctx.leadInToks.get(S.block.leadIn);
    leadToks = cached ?? tokenize(ctx.ana, Math.max(leadIn.a, leadIn.b - 2000), leadIn.b);
    if (!cached) ctx.leadInToks.set(S.block.leadIn, leadToks);
  }
  const positive =
    hasAny(toks, CONTACT_POSITIVE) ||
    hasAny(heading, CONTACT_HEADING_POSITIVE) ||
    hasAny(leadToks, CONTACT_POSITIVE) ||
    emails.some((e) => /secur|psirt|cert|vuln|disclos|report|bounty/i.test(e.email.split("@")[0] ?? ""));
  if (!positive) return;
  const evidence = excerpt(ctx, S.a, S.b);
  for (const e of emails) {
    if (NOREPLY.test(e.email.split("@")[0] ?? "")) continue;
    // Role: the clause around the address, then the sentence (if it names only this address), then the heading.
    const clause = clauseAround(toks, e.a);
    let emergency = hasAny(clause, CONTACT_EMERGENCY) || hasOnCall(clause);
    if (!emergency && emails.length === 1) emergency = hasAny(toks, CONTACT_EMERGENCY) || hasOnCall(toks);
    if (!emergency) emergency = hasAny(heading, CONTACT_EMERGENCY) || hasOnCall(heading);
    out.push({ email: e.email, role: emergency ? "emergency" : "security", pos: e.a, evidence });
  }
}

function sliceCap(s: string, a: number, b: number): string {
  return s.slice(a, Math.min(b, a + 4000));
}

function clauseAround(toks: Tok[], pos: number): Tok[] {
  let i = toks.findIndex((t) => t.a >= pos);
  if (i < 0) i = toks.length;
  let from = i;
  while (from > 0) {
    const t = toks[from - 1];
    if (t && t.k === "p" && (t.s === "," || t.s === ";" || t.s === ".")) break;
    from--;
  }
  let to = i;
  while (to < toks.length) {
    const t = toks[to];
    if (t && t.k === "p" && (t.s === "," || t.s === ";")) break;
    to++;
  }
  return toks.slice(from, to);
}

// ---------------------------------------------------------------------------
// Languages
// ---------------------------------------------------------------------------

const LANGUAGE_NAMES: Record<string, string> = {
  english: "en",
  german: "de",
  deutsch: "de",
  french: "fr",
  spanish: "es",
  italian: "it",
  portuguese: "pt",
  dutch: "nl",
  japanese: "ja",
  chinese: "zh",
  mandarin: "zh",
  korean: "ko",
  russian: "ru",
  polish: "pl",
  swedish: "sv",
  norwegian: "no",
  danish: "da",
  finnish: "fi",
  czech: "cs",
  slovak: "sk",
  turkish: "tr",
  ukrainian: "uk",
  hebrew: "he",
  arabic: "ar",
  hindi: "hi",
  thai: "th",
  vietnamese: "vi",
  indonesian: "id",
  greek: "el",
  hungarian: "hu",
  romanian: "ro",
  bulgarian: "bg",
  croatian: "hr",
  serbian: "sr",
  catalan: "ca",
  persian: "fa",
  farsi: "fa",
  malay: "ms",
  estonian: "et",
  latvian: "lv",
  lithuanian: "lt",
  slovenian: "sl",
};
const LANGUAGE_CUES = [
  "language*",
  "prefer*",
  "accept*",
  "communicat*",
  "correspond*",
  "write",
  "written",
  "writing",
  "speak*",
  "spoken",
];
const LANGUAGE_TAG_RE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const isCapitalised = (ch: string) => ch !== ch.toLowerCase() && ch === ch.toUpperCase();

function normaliseTag(tag: string): string | null {
  const parts = tag.trim().split("-");
  const primary = (parts[0] ?? "").toLowerCase();
  const out = [primary, ...parts.slice(1)].join("-");
  return LANGUAGE_TAG_RE.test(out) ? out : null;
}

function analyseLanguages(ctx: Ctx, S: Sentence): { tags: string[]; evidence: string } | null {
  const toks = S.toks;
  const text = sliceCap(ctx.ana, S.a, S.b);
  // security.txt style: "Preferred-Languages: en, de"
  const m = /preferred[- ]languages?\s*[:=]\s*([A-Za-z0-9, \t-]{1,200})/i.exec(text);
  if (m?.[1]) {
    const tags = m[1]
      .split(/[,\s]+/)
      .map((x) => normaliseTag(x))
      .filter((x): x is string => x !== null);
    if (tags.length > 0) return { tags: [...new Set(tags)], evidence: excerpt(ctx, S.a, S.b) };
  }
  const heading = S.block.heading >= 0 ? (ctx.headingToks[S.block.heading] ?? []) : [];
  if (!hasAny(toks, LANGUAGE_CUES) && !hasAny(heading, ["language*"])) return null;
  // "Brazilian Portuguese (pt-BR)", "Klingon (tlh)": a capitalised name followed by a tag in parentheses.
  const entries: { pos: number; tag: string }[] = [];
  const covered = new Set<number>();
  for (let i = 1; i < toks.length; i++) {
    if (!punctAt(toks, i, "(")) continue;
    const inner = toks[i + 1];
    if (inner?.k !== "w" || !punctAt(toks, i + 2, ")")) {
      // tags with subtags span several tokens: "pt", "-", "BR"
      let close = -1;
      for (let j = i + 1; j < Math.min(toks.length, i + 8); j++) {
        if (punctAt(toks, j, ")")) {
          close = j;
          break;
        }
      }
      if (close < 0) continue;
      const text = ctx.ana.slice(toks[i]?.b ?? 0, toks[close]?.a ?? 0).trim();
      if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})+$/.test(text)) continue;
      pushNamed(i, text);
      continue;
    }
    const text = ctx.ana.slice(inner.a, inner.b);
    if (/^[a-z]{2,3}$/.test(text)) pushNamed(i, text);
  }
  function pushNamed(paren: number, text: string) {
    let j = paren - 1;
    while (j >= 0 && toks[j]?.k === "w" && isCapitalised(ctx.ana[toks[j]?.a ?? 0] ?? "")) {
      covered.add(j);
      j--;
    }
    const tag = normaliseTag(text);
    if (j === paren - 1 || !tag) return;
    entries.push({ pos: toks[j + 1]?.a ?? 0, tag });
  }
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t?.k !== "w" || covered.has(i)) continue;
    const code = LANGUAGE_NAMES[t.s];
    if (code) entries.push({ pos: t.a, tag: code });
  }
  entries.sort((x, y) => x.pos - y.pos);
  const tags: string[] = [];
  for (const e of entries) if (!tags.includes(e.tag)) tags.push(e.tag);
  if (tags.length === 0) return null;
  return { tags, evidence: excerpt(ctx, S.a, S.b) };
}

// ---------------------------------------------------------------------------
// Supported versions tables
// ---------------------------------------------------------------------------

const STATUS_KEYWORDS: [string, ParsedSupportStatus, boolean][] = [
  // [keyword, status, isWord]
  ["\u2705", "supported", false], // ✅
  ["\u2714", "supported", false], // ✔
  ["\u2611", "supported", false], // ☑
  ["\u2713", "supported", false], // ✓
  ["\u{1F7E2}", "supported", false], // 🟢
  [":white_check_mark:", "supported", false],
  [":heavy_check_mark:", "supported", false],
  [":ballot_box_with_check:", "supported", false],
  [":green_circle:", "supported", false],
  [":check:", "supported", false],
  ["\u26a0", "limited", false], // ⚠
  ["\u{1F7E1}", "limited", false], // 🟡
  [":warning:", "limited", false],
  [":yellow_circle:", "limited", false],
  ["\u274c", "unsupported", false], // ❌
  ["\u2716", "unsupported", false], // ✖
  ["\u2717", "unsupported", false], // ✗
  ["\u2718", "unsupported", false], // ✘
  ["\u26d4", "unsupported", false], // ⛔
  ["\u{1F6AB}", "unsupported", false], // 🚫
  ["\u{1F534}", "unsupported", false], // 🔴
  [":x:", "unsupported", false],
  [":no_entry:", "unsupported", false],
  [":no_entry_sign:", "unsupported", false],
  [":heavy_multiplication_x:", "unsupported", false],
  [":red_circle:", "unsupported", false],
  ["not supported", "unsupported", true],
  ["unsupported", "unsupported", true],
  ["end of life", "unsupported", true],
  ["end-of-life", "unsupported", true],
  ["eol", "unsupported", true],
  ["deprecated", "unsupported", true],
  ["discontinued", "unsupported", true],
  ["retired", "unsupported", true],
  ["obsolete", "unsupported", true],
  ["no", "unsupported", true],
  ["none", "unsupported", true],
  ["limited", "limited", true],
  ["partial", "limited", true],
  ["partially", "limited", true],
  ["security fixes only", "limited", true],
  ["security only", "limited", true],
  ["security-only", "limited", true],
  ["critical fixes only", "limited", true],
  ["best effort", "limited", true],
  ["best-effort", "limited", true],
  ["maintenance", "limited", true],
  ["supported", "supported", true],
  ["yes", "supported", true],
  ["active", "supported", true],
  ["current", "supported", true],
  ["maintained", "supported", true],
  ["lts", "supported", true],
];

const isWordCharAt = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return i >= 0 && i < s.length && ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigitCode(c));
};

/** The status whose keyword occurs first in the cell ("Yes, until EOL" → supported). */
function statusOf(cell: string): ParsedSupportStatus | null {
  const s = cell.slice(0, 200).toLowerCase();
  let best: { at: number; len: number; status: ParsedSupportStatus } | null = null;
  for (const [kw, status, isWord] of STATUS_KEYWORDS) {
    let from = 0;
    for (;;) {
      const at = s.indexOf(kw, from);
      if (at < 0) break;
      if (!isWord || (!isWordCharAt(s, at - 1) && !isWordCharAt(s, at + kw.length))) {
        if (!best || at < best.at || (at === best.at && kw.length > best.len)) best = { at, len: kw.length, status };
        break;
      }
      from = at + 1;
    }
  }
  return best?.status ?? null;
}

/** Cell text as shown: backslash escapes resolved, code and emphasis markers dropped, spaces collapsed. */
function cleanCell(s: string): string {
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

const VERSION_HEADER = /version|release|branch|series|\btag\b|\bline\b/i;
const STATUS_HEADER = /support|status|maintain|security|eol|end of life|\blts\b/i;

/** GitHub's unfilled template table: placeholder values, not a policy. */
const TEMPLATE_ROWS = [
  ["5.1.x", "supported"],
  ["5.0.x", "unsupported"],
  ["4.0.x", "supported"],
  ["< 4.0", "unsupported"],
];

function analyseTable(
  ctx: Ctx,
  block: Block,
): { versions: { range: string; status: ParsedSupportStatus }[] | null; rowSentences: Sentence[] } {
  const header = block.rows[0];
  if (!header) return { versions: null, rowSentences: [] };
  const headerCells = splitCells(header.t).map(([a, b]) => header.t.slice(a, b));
  const dataRows = block.rows.slice(2);
  const versionCol = headerCells.findIndex((c) => VERSION_HEADER.test(c));
  const statusCol = headerCells.findIndex((c, i) => i !== versionCol && STATUS_HEADER.test(c));
  const heading = block.heading >= 0 ? ctx.headings[block.heading] : undefined;
  const headingText = heading ? ctx.ana.slice(heading.a, heading.b) : "";

  let versions: { range: string; status: ParsedSupportStatus }[] | null = null;
  const vCol = Math.max(versionCol, 0);
  const sCol = statusCol >= 0 ? statusCol : vCol === 0 ? 1 : 0;
  const looksLikeVersions =
    (versionCol >= 0 && statusCol >= 0) || (/version/i.test(headingText) && headerCells.length >= 2);
  if (looksLikeVersions) {
    const rows: { range: string; status: ParsedSupportStatus }[] = [];
    let recognised = 0;
    for (const R of dataRows) {
      const cells = splitCells(R.t).map(([a, b]) => R.t.slice(a, b));
      const range = cleanCell(cells[vCol] ?? "").slice(0, 100);
      const status = statusOf(cells[sCol] ?? "");
      if (!range || !status) continue;
      recognised++;
      if (rows.length < 100) rows.push({ range, status });
    }
    if (recognised > 0 && (versionCol >= 0 || recognised === dataRows.length)) versions = rows;
    const isTemplate =
      rows.length === TEMPLATE_ROWS.length &&
      rows.every((r, i) => r.range === TEMPLATE_ROWS[i]?.[0] && r.status === TEMPLATE_ROWS[i]?.[1]);
    if (versions && isTemplate) return { versions: [], rowSentences: [] };
  }
  if (versions) return { versions, rowSentences: [] };

  // Any other table: every data row is read like a sentence, with its column headers as context.
  const headerCellRanges = splitCells(header.t);
  const headerToks = headerCellRanges.map(([a, b]) => tokenize(ctx.ana, header.a + a, header.a + b));
  const rowSentences: Sentence[] = [];
  for (const R of dataRows) {
    const cellRanges = splitCells(R.t);
    const toks = tokenize(ctx.ana, R.a, Math.min(R.b, R.a + 4000)).slice(0, MAX_SENTENCE_TOKENS);
    rowSentences.push({
      a: R.a,
      b: R.b,
      toks,
      block,
      isHeading: false,
      cells: cellRanges.map(([a, b], i) => ({ a: R.a + a, b: R.a + b, header: headerToks[i] ?? [] })),
    });
  }
  return { versions: null, rowSentences };
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

/**
 * Reads a SECURITY.md and returns what it promises. Never throws for a string
 * of at most MAX_SECURITY_MD_BYTES; larger (or non-string) input throws a
 * DomainError of kind "validation" on field "file".
 */
export function parseSecurityMd(markdown: string): ParsedPolicy {
  assertSize(markdown);
  const src = normalise(markdown);
  const lines = prepareLines(src);
  const ana = lines.map((l) => l.t).join("\n");
  const { blocks, headings } = parseBlocks(lines, ana);

  const headingToks = headings.map((h) => tokenize(ana, h.a, Math.min(h.b, h.a + 2000)));
  const ctx: Ctx = {
    src,
    ana,
    headings,
    headingToks,
    headingCues: headingToks.map((t) => findCues(t)),
    blocks,
    candidates: [],
    ats: [],
    leadInToks: new Map(),
  };
  for (let i = ana.indexOf("@"); i >= 0; i = ana.indexOf("@", i + 1)) ctx.ats.push(i);

  const result = emptyParsedPolicy();
  const contactHits: ContactHit[] = [];
  let languages: { tags: string[]; evidence: string } | null = null;
  let languagesFromHeading = false;

  for (const block of blocks) {
    let sentences: Sentence[];
    if (block.kind === "table") {
      const { versions, rowSentences } = analyseTable(ctx, block);
      if (versions !== null) {
        if (result.evidence.supportedVersions === undefined && versions.length > 0) {
          result.supportedVersions = versions;
          result.evidence.supportedVersions = excerpt(ctx, block.a, block.b);
        }
        continue;
      }
      sentences = rowSentences;
    } else {
      const toks = tokenize(ana, block.a, block.b);
      sentences = splitSentences(toks, block, ana, block.a, block.b);
    }
    for (const S of sentences) {
      analyseSentence(ctx, S);
      analyseContacts(ctx, S, contactHits);
      if (languages === null || (languagesFromHeading && !S.isHeading)) {
        const l = analyseLanguages(ctx, S);
        if (l) {
          languages = l;
          languagesFromHeading = S.isHeading;
        }
      }
    }
  }

  // Clocks: lowest rank wins, then the earliest excerpt.
  const best = new Map<string, Candidate>();
  for (const c of ctx.candidates) {
    const cur = best.get(c.key);
    if (!cur || c.rank < cur.rank || (c.rank === cur.rank && c.pos < cur.pos)) best.set(c.key, c);
  }
  const take = (key: string): Candidate | undefined => {
    const c = best.get(key);
    if (c) result.evidence[key] = c.evidence;
    return c;
  };
  for (const key of ["acknowledge", "assess", "update", "emergency", "disclosure"] as const) {
    const c = take(key);
    if (c && c.value !== "next_release") result[key] = c.value;
  }
  for (const s of RESOLVE_SEVERITIES) {
    const c = take(`resolve.${s}`);
    if (c) result.resolve[s] = c.value;
  }

  // Contacts: an address can serve both roles if the document says so.
  for (const role of ["security", "emergency"] as const) {
    const seen = new Set<string>();
    const excerpts: string[] = [];
    for (const h of contactHits) {
      if (h.role !== role) continue;
      const key = h.email.toLowerCase();
      if (seen.has(key) || seen.size >= 10) continue;
      seen.add(key);
      result.contacts[role].push(h.email);
      if (!excerpts.includes(h.evidence)) excerpts.push(h.evidence);
    }
    if (excerpts.length > 0) result.evidence[`contacts.${role}`] = excerpts.join("\n\n");
  }

  if (languages) {
    result.languages = languages.tags.slice(0, 20);
    result.evidence.languages = languages.evidence;
  }
  return result;
}
