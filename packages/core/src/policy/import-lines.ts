/**
 * What an import could not read: a file that is not a SECURITY.md at all
 * (binary, or a saved web page), and the lines that gave no value. Shown when
 * an import understands nothing, so the admin sees why instead of an empty
 * merge, and nothing changes.
 */
import type { ParsedPolicy } from "./security-md/index.ts";

/** At most this many lines are listed, each cut to LINE_CHARS: enough to recognise the file, not a dump of it. */
export const MAX_LINES_SHOWN = 20;
const LINE_CHARS = 160;

/** Control characters other than tab, line feed and carriage return. */
const isControl = (c: number) => (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127;

/** Why the text is not a SECURITY.md at all, or null when it may be one. */
export function importProblem(markdown: string): string | null {
  const sample = markdown.slice(0, 65_536);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return "The file is binary, not text: it holds NUL bytes.";
    // Tab, line feed and carriage return are text; other control characters and U+FFFD (undecodable bytes) are not.
    if (isControl(c) || c === 0xfffd) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.01)
    return "The file is not text: it holds control characters or bytes that are not UTF-8.";
  if (/^\s*(<!doctype html|<html[\s>])/i.test(sample))
    return "The file is a web page (HTML), not a SECURITY.md: save the Markdown file itself (on GitHub, “Raw”).";
  return null;
}

/** Every sentence the reader used or held back, split into single excerpts. */
function excerptsOf(parsed: ParsedPolicy): string[] {
  const s = parsed.statements;
  const all = [
    ...Object.values(parsed.evidence),
    ...parsed.possiblyRelevant.map((p) => p.excerpt),
    s.credit?.evidence,
    s.anonymous?.evidence,
    s.coordinatedDisclosure?.evidence,
    ...s.advisories.map((a) => a.evidence),
  ];
  return all.flatMap((e) => (e ? e.split("\n\n") : [])).map((e) => e.trim());
}

/** A line of Markdown syntax only (rules, table delimiters, fences): nothing to understand. */
const SYNTAX_ONLY = /^[\s#>*\-_=|:`~+]*$/;

/**
 * The non-empty lines (1-based number and text) no value or held-back sentence came from, at most `cap` of them.
 * A line counts as read when an excerpt contains it or it contains an excerpt.
 */
export function linesNotUnderstood(
  markdown: string,
  parsed: ParsedPolicy,
  cap: number = MAX_LINES_SHOWN,
): { line: number; text: string }[] {
  const excerpts = excerptsOf(parsed);
  const out: { line: number; text: string }[] = [];
  const lines = markdown.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length && out.length < cap; i++) {
    const text = (lines[i] ?? "").trim();
    if (text === "" || SYNTAX_ONLY.test(text)) continue;
    if (excerpts.some((e) => e.includes(text) || text.includes(e))) continue;
    // Control characters would garble the list; show them as the replacement character.
    const shown = Array.from(text, (ch) => (isControl(ch.charCodeAt(0)) ? "\ufffd" : ch)).join("");
    out.push({ line: i + 1, text: shown.length > LINE_CHARS ? `${shown.slice(0, LINE_CHARS)}…` : shown });
  }
  return out;
}
