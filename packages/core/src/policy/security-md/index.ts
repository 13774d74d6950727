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
 *
 * Reading order: size → lines → blocks → tokens → sentences; each sentence is
 * then read for clocks, contacts and languages, each table for versions.
 */
import { analyseClocks, type ClockCandidate, pickClocks } from "./clocks.ts";
import { confidenceOf, type Signal } from "./confidence.ts";
import { analyseContacts, type ContactHit, collectContacts } from "./contacts.ts";
import { excerpt, readDocument } from "./document.ts";
import { analyseLanguages } from "./languages.ts";
import { emptyParsedPolicy, type ParsedPolicy, type PossiblyRelevant } from "./parsed-policy.ts";
import { type Sentence, splitSentences, tableRowSentences } from "./sentences.ts";
import { assertSize } from "./size.ts";
import { analyseStatements } from "./statements.ts";
import { analyseTableClocks } from "./table-clocks.ts";
import { tokenize } from "./tokens.ts";
import { readHtmlVersionTable, readVersionTable } from "./versions.ts";

export { CONFIDENCE_THRESHOLD } from "./confidence.ts";
export {
  emptyParsedPolicy,
  type ParsedDuration,
  type ParsedDurationUnit,
  type ParsedPolicy,
  type ParsedResolveValue,
  type ParsedSupportStatus,
  type PossiblyRelevant,
} from "./parsed-policy.ts";
export { MAX_SECURITY_MD_BYTES } from "./size.ts";
export type { AdvisoryStatement, ParsedStatements, StatedAdvisoryChannel } from "./statements.ts";

/** At most this many possibly relevant sentences: a list the admin reads, not a dump of the file. */
const MAX_POSSIBLY_RELEVANT = 20;

/**
 * Reads a SECURITY.md and returns what it promises. Never throws for a string
 * of at most MAX_SECURITY_MD_BYTES; larger (or non-string) input throws a
 * DomainError of kind "validation" on field "file".
 */
export function parseSecurityMd(markdown: string): ParsedPolicy {
  assertSize(markdown);
  const doc = readDocument(markdown);
  const result = emptyParsedPolicy();
  const clockCandidates: ClockCandidate[] = [];
  const contactHits: ContactHit[] = [];
  let languages: { tags: string[]; evidence: string; signals: Signal[] } | null = null;
  let versionsHeading = -2;
  let firstTable: ParsedPolicy["supportedVersions"] = [];

  for (const block of doc.blocks) {
    let sentences: Sentence[];
    const versions =
      block.kind === "table"
        ? readVersionTable(doc, block)
        : block.kind === "para"
          ? readHtmlVersionTable(doc, block)
          : null;
    if (versions !== null) {
      // The first version table (Markdown or HTML) that lists anything is the document's; later ones under the same
      // heading continue it ("Latest:" and a second table), and so does its translation in a bilingual file.
      const first = result.evidence.supportedVersions === undefined;
      if (
        versions.rows.length > 0 &&
        (first || block.heading === versionsHeading || isTranslation(firstTable, versions.rows))
      ) {
        if (first) firstTable = versions.rows;
        result.supportedVersions = [...result.supportedVersions, ...versions.rows].slice(0, 100);
        const ev = excerpt(doc, block.a, block.b);
        result.evidence.supportedVersions = first ? ev : `${result.evidence.supportedVersions}\n\n${ev}`;
        result.confidence.supportedVersions = Math.min(
          result.confidence.supportedVersions ?? 1,
          confidenceOf(versions.signals),
        );
        versionsHeading = block.heading;
      }
      continue;
    }
    if (block.kind === "table") {
      sentences = tableRowSentences(doc.ana, block);
      analyseTableClocks(doc, sentences, clockCandidates);
    } else {
      const toks = tokenize(doc.ana, block.a, block.b);
      sentences = splitSentences(toks, block, doc.ana, block.a, block.b);
    }
    for (const S of sentences) {
      if (block.kind !== "table") analyseClocks(doc, S, clockCandidates);
      analyseContacts(doc, S, contactHits);
      analyseStatements(doc, S, result.statements);
      // The first sentence naming languages wins, but prose beats a heading.
      if (languages === null || (languages.signals.length > 0 && !S.isHeading)) {
        const l = analyseLanguages(doc, S);
        if (l) languages = { ...l, signals: S.isHeading ? ["languagesInHeading"] : [] };
      }
    }
  }

  pickClocks(clockCandidates, result);
  collectContacts(contactHits, result);
  if (languages) {
    result.languages = languages.tags.slice(0, 20);
    result.evidence.languages = languages.evidence;
    result.confidence.languages = confidenceOf(languages.signals);
  }
  result.possiblyRelevant = groupPossiblyRelevant(result.possiblyRelevant);
  return result;
}

/**
 * "| newest | ✅ | / | 18 or later | ❎ |" and, further on, "| nieuwste | ✅ | / | 18 of later | ❎ |": a table with
 * the same statuses row for row, under a heading of its own, is the first one in the file's other language.
 */
function isTranslation(first: ParsedPolicy["supportedVersions"], rows: ParsedPolicy["supportedVersions"]): boolean {
  return (
    first.length >= 2 &&
    rows.length === first.length &&
    rows.every((r, i) => r.status === first[i]?.status) &&
    rows.some((r, i) => r.range !== first[i]?.range)
  );
}

/** One entry per excerpt and field; the fix times of several severities from one excerpt become one "resolve" entry. */
function groupPossiblyRelevant(list: PossiblyRelevant[]): PossiblyRelevant[] {
  const group = (field: string) => (field.startsWith("resolve.") ? "resolve" : field);
  const out: PossiblyRelevant[] = [];
  for (const p of list) {
    const same = out.find((o) => o.excerpt === p.excerpt && group(o.field) === group(p.field));
    if (same) same.field = group(p.field);
    else out.push({ ...p });
  }
  return out.slice(0, MAX_POSSIBLY_RELEVANT);
}
