import { type Block, type Heading, parseBlocks } from "./blocks.ts";
import { type CueHit, findCues } from "./cues.ts";
import { normalise, prepareLines } from "./lines.ts";
import type { ParsedSupportStatus } from "./parsed-policy.ts";
import { type Tok, tokenize } from "./tokens.ts";

/** The document read once; every analysis looks things up here instead of scanning the text again. */
export interface DocumentContext {
  /** Normalised source: evidence is copied from here. */
  src: string;
  /** Analysis text: same offsets as src, comments, quote markers and code blanked. */
  ana: string;
  headings: Heading[];
  headingToks: Tok[][];
  headingCues: CueHit[][];
  blocks: Block[];
  /** Positions of every "@" in ana. */
  ats: number[];
  /** Tokens of list lead-in paragraphs, by block index: a long list asks for the same lead-in once per item. */
  leadInToks: Map<number, Tok[]>;
  /** What the prose says each support phase named in a version table gets (see defined-phases.ts), by name. */
  phaseStatuses: Map<string, ParsedSupportStatus | null>;
  /** Whether the policy sends reports to people it lists elsewhere ("the maintainers listed at the end"); found once. */
  reportsToListedPeople?: boolean;
}

export function readDocument(markdown: string): DocumentContext {
  const src = normalise(markdown);
  const lines = prepareLines(src);
  const ana = lines.map((l) => l.t).join("\n");
  const { blocks, headings } = parseBlocks(lines, ana);
  // Capped: every sentence under a heading scans its tokens, so a 1 MB heading must not be read in full.
  const headingToks = headings.map((h) => tokenize(ana, h.a, Math.min(h.b, h.a + 2000)));
  const doc: DocumentContext = {
    src,
    ana,
    headings,
    headingToks,
    headingCues: headingToks.map((t) => findCues(t)),
    blocks,
    ats: [],
    leadInToks: new Map(),
    phaseStatuses: new Map(),
  };
  for (let i = ana.indexOf("@"); i >= 0; i = ana.indexOf("@", i + 1)) doc.ats.push(i);
  return doc;
}

/** The heading a heading sits under ("## Reporting a Vulnerability" over "### Steps"), or -1. */
export function parentHeading(doc: DocumentContext, h: number): number {
  const level = doc.headings[h]?.level ?? 0;
  for (let i = h - 1; i >= 0; i--) if ((doc.headings[i]?.level ?? 0) < level) return i;
  return -1;
}

/** Evidence is the author's text, not the analysis text: comments inside it stay as written. */
export function excerpt(doc: DocumentContext, a: number, b: number): string {
  return doc.src.slice(a, b).trim();
}

/** Pattern matching on a sentence reads at most its first 4,000 characters, so one huge sentence stays cheap. */
export function sliceCap(s: string, a: number, b: number): string {
  return s.slice(a, Math.min(b, a + 4000));
}

/** Tokens of a list's lead-in block (its last 2,000 characters), read once per document. */
export function leadInTokens(doc: DocumentContext, idx: number): Tok[] {
  const cached = doc.leadInToks.get(idx);
  if (cached) return cached;
  const block = doc.blocks[idx];
  const toks = block ? tokenize(doc.ana, Math.max(block.a, block.b - 2000), block.b) : [];
  doc.leadInToks.set(idx, toks);
  return toks;
}
