import { describe, expect, it } from "vitest";
import type { Block } from "./blocks.ts";
import { readDocument } from "./document.ts";
import { MAX_SENTENCE_TOKENS, splitSentences, tableRowSentences } from "./sentences.ts";
import { tokensOf } from "./test-helpers.ts";

const paragraph = (text: string): Block => ({
  kind: "para",
  a: 0,
  b: text.length,
  outerA: 0,
  level: 0,
  heading: -1,
  leadIn: -1,
  rows: [],
});
const sentencesOf = (text: string) => splitSentences(tokensOf(text), paragraph(text), text, 0, text.length);
const split = (text: string) => sentencesOf(text).map((s) => text.slice(s.a, s.b));

describe("splitSentences", () => {
  it("splits after . ! ? followed by white space", () => {
    expect(split("We reply in 2 days. We fix in 7 days!  Why? Because.")).toEqual([
      "We reply in 2 days.",
      "We fix in 7 days!",
      "Why?",
      "Because.",
    ]);
  });

  it("does not split inside domains, versions, single-letter abbreviations or titles", () => {
    for (const text of ["Visit example.com today.", "Use 1.x or e.g. this one.", "Ask Dr. Who now."]) {
      expect(split(text)).toEqual([text]);
    }
  });

  it('splits after "etc." only when a capital letter follows', () => {
    expect(split("Fruit, etc. and more.")).toEqual(["Fruit, etc. and more."]);
    expect(split("Fruit, etc. Then more.")).toEqual(["Fruit, etc.", "Then more."]);
  });

  it("keeps closing emphasis before the full stop in the sentence", () => {
    expect(split("We reply in **48 hours**. Then more.")).toEqual(["We reply in **48 hours**.", "Then more."]);
  });

  it("cuts text without full stops into pieces of at most MAX_SENTENCE_TOKENS tokens", () => {
    const sentences = sentencesOf("word ".repeat(2 * MAX_SENTENCE_TOKENS + 100));
    expect(sentences.map((s) => s.toks.length)).toEqual([MAX_SENTENCE_TOKENS, MAX_SENTENCE_TOKENS, 100]);
  });
});

describe("tableRowSentences", () => {
  it("reads each data row as a sentence that knows its column headers", () => {
    const doc = readDocument("| Severity | Fix |\n|---|---|\n| High | 30 days |\n| Low | next release |");
    const table = doc.blocks[0];
    if (!table) throw new Error("no table");
    const rows = tableRowSentences(doc.ana, table);
    expect(rows.map((r) => doc.src.slice(r.a, r.b))).toEqual(["| High | 30 days |", "| Low | next release |"]);
    expect(rows[0]?.toks.filter((t) => t.k !== "p").map((t) => t.s)).toEqual(["high", "30", "days"]);
    expect(rows[0]?.cells?.map((c) => c.header.map((t) => t.s))).toEqual([["severity"], ["fix"]]);
    expect(rows[0]?.cells?.map((c) => doc.src.slice(c.a, c.b).trim())).toEqual(["High", "30 days"]);
  });
});
