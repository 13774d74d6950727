import type { Block } from "./blocks.ts";
import { isSpaceCode } from "./chars.ts";
import { splitCells } from "./table-cells.ts";
import { SKIP_CHARS, type Tok, tokenize } from "./tokens.ts";

export interface Sentence {
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
const FULL_STOPS_WITHOUT_SPACE = new Set(["\u3002", "\uff01", "\uff1f", "\u0964"]);
/** The clause scans are quadratic within a sentence, so text without full stops is cut into pieces of this size. */
export const MAX_SENTENCE_TOKENS = 300;

export function splitSentences(toks: Tok[], block: Block, ana: string, segA: number, segB: number): Sentence[] {
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
    if (tk.k !== "p") continue;
    // Chinese, Japanese and Hindi full stops end a sentence with or without a space after them.
    if (FULL_STOPS_WITHOUT_SPACE.has(tk.s)) {
      emit(i + 1, tk.b);
      continue;
    }
    if (tk.s !== "." && tk.s !== "!" && tk.s !== "?") continue;
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

/** Punctuation that ends a clause: a cue word only qualifies a number in its own clause. */
export const CLAUSE_BOUNDARIES = new Set([",", ";", ":", "(", ")", "|", "\u2014", "\u2013", "[", "]"]);

/** A table that is not a version table: each data row is read like a sentence, its column headers as context. */
export function tableRowSentences(ana: string, block: Block): Sentence[] {
  const header = block.rows[0];
  if (!header) return [];
  const headerToks = splitCells(header.t).map(([a, b]) => tokenize(ana, header.a + a, header.a + b));
  const rowSentences: Sentence[] = [];
  for (const R of block.rows.slice(2)) {
    const cellRanges = splitCells(R.t);
    const toks = tokenize(ana, R.a, Math.min(R.b, R.a + 4000)).slice(0, MAX_SENTENCE_TOKENS);
    rowSentences.push({
      a: R.a,
      b: R.b,
      toks,
      block,
      isHeading: false,
      cells: cellRanges.map(([a, b], i) => ({ a: R.a + a, b: R.a + b, header: headerToks[i] ?? [] })),
    });
  }
  return rowSentences;
}
