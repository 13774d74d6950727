import { describe, expect, it } from "vitest";
import { parseBlocks } from "./blocks.ts";
import { normalise, prepareLines } from "./lines.ts";

const read = (markdown: string) => {
  const src = normalise(markdown);
  const lines = prepareLines(src);
  const { blocks, headings } = parseBlocks(lines, lines.map((l) => l.t).join("\n"));
  return {
    blocks: blocks.map((b) => ({ kind: b.kind, text: src.slice(b.a, b.b), heading: b.heading, leadIn: b.leadIn })),
    headings: headings.map((h) => ({ level: h.level, text: src.slice(h.a, h.b) })),
  };
};
const shape = (markdown: string) => read(markdown).blocks.map((b) => [b.kind, b.text]);

describe("parseBlocks", () => {
  it("reads ATX headings without their closing hashes, and '#word' as text", () => {
    const { blocks, headings } = read("# Title #\n\n## Sub ##\n\n#hashtag");
    expect(headings).toEqual([
      { level: 1, text: "Title" },
      { level: 2, text: "Sub" },
    ]);
    expect(blocks.at(-1)).toEqual({ kind: "para", text: "#hashtag", heading: 1, leadIn: -1 });
  });

  it("reads setext headings, and a rule after a blank line as no heading", () => {
    const { blocks, headings } = read("Title\n=====\n\nSub\n---\n\ntext\n\n---\n\nmore");
    expect(headings).toEqual([
      { level: 1, text: "Title" },
      { level: 2, text: "Sub" },
    ]);
    expect(blocks.filter((b) => b.kind === "para")).toEqual([
      { kind: "para", text: "text", heading: 1, leadIn: -1 },
      { kind: "para", text: "more", heading: 1, leadIn: -1 },
    ]);
  });

  it("joins wrapped lines into one paragraph and splits paragraphs at blank lines", () => {
    expect(shape("line one\nline two\n\nnext")).toEqual([
      ["para", "line one\nline two"],
      ["para", "next"],
    ]);
  });

  it("links list items to the paragraph that introduces them with a colon", () => {
    const { blocks } = read("Send reports to:\n\n- a@example.org\n1. b@example.org\n\nOther text.\n\n- c@example.org");
    expect(blocks.map((b) => [b.kind, b.text, b.leadIn])).toEqual([
      ["para", "Send reports to:", -1],
      ["item", "a@example.org", 0],
      ["item", "b@example.org", 0],
      ["para", "Other text.", -1],
      ["item", "c@example.org", -1],
    ]);
  });

  it("skips indented code, but not indented text that continues a list", () => {
    expect(shape("text\n\n    code line\n\nafter")).toEqual([
      ["para", "text"],
      ["para", "after"],
    ]);
    expect(shape("- item\n\n    more of the item")).toEqual([
      ["item", "item"],
      ["para", "more of the item"],
    ]);
  });

  it("ends a paragraph at fenced code", () => {
    expect(shape("text\n```\nWe reply within 1 hour.\n```\nmore")).toEqual([
      ["para", "text"],
      ["para", "more"],
    ]);
  });

  it("reads a table from its header row and delimiter row to the first line without a pipe", () => {
    const markdown = "| Version | Supported |\n|---|---|\n| 1.x | yes |\n| 0.x | no |\nafter";
    const src = normalise(markdown);
    const lines = prepareLines(src);
    const { blocks } = parseBlocks(lines, lines.map((l) => l.t).join("\n"));
    expect(blocks.map((b) => b.kind)).toEqual(["table", "para"]);
    expect(src.slice(blocks[0]?.a, blocks[0]?.b)).toBe(markdown.slice(0, markdown.lastIndexOf("\n")));
    expect(blocks[0]?.rows.map((r) => src.slice(r.a, r.b))).toEqual(markdown.split("\n").slice(0, 4));
  });
});
