import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";
import { normalise, prepareLines } from "./lines.ts";
import { h, only } from "./test-helpers.ts";

describe("parseSecurityMd ignores code and comments", () => {
  it("skips fenced code, indented code and HTML comments", () => {
    const p = parseSecurityMd(
      [
        "# Security",
        "",
        "```",
        "We acknowledge reports within 1 hour. Mail security@code.example",
        "```",
        "",
        "~~~~text",
        "Preferred-Languages: fr",
        "~~~~",
        "",
        "    We acknowledge reports within 2 hours.",
        "",
        "<!-- We acknowledge reports within 3 hours. admin@comment.example -->",
        "<!--",
        "Critical: fix within 1 day",
        "-->",
        "We acknowledge reports within 4 hours.",
      ].join("\n"),
    );
    expect(only(p)).toEqual({ acknowledge: h(4) });
  });

  it("handles CRLF line endings and block quotes", () => {
    const p = parseSecurityMd("# Security\r\n\r\n> We acknowledge reports\r\n> within 2 business days.\r\n");
    expect(p.acknowledge).toEqual({ amount: 2, unit: "business_days" });
    expect(p.evidence.acknowledge).toBe("We acknowledge reports\n> within 2 business days.");
  });
});

describe("normalise", () => {
  it("drops a byte order mark, turns CRLF and CR into LF and control characters into spaces", () => {
    expect(normalise("\uFEFFa\r\nb\rc\u0000d\u007fe\tf")).toBe("a\nb\nc d e\tf");
  });
});

describe("prepareLines", () => {
  const analysed = (src: string) => prepareLines(src).map((l) => ({ t: l.t, code: l.code }));

  it("keeps every line's analysis text as long as its source, at the source's offsets", () => {
    const src = "# Title\n\n> quoted <!-- c -->\n```\ncode\n```\ntail";
    for (const l of prepareLines(src)) expect(l.t.length).toBe(l.b - l.a);
    expect(prepareLines(src).map((l) => src.slice(l.a, l.b))).toEqual(src.split("\n"));
  });

  it("blanks HTML comments, several on a line and across lines", () => {
    expect(analysed("a <!-- x --> b <!-- y\nz --> c").map((l) => l.t)).toEqual(["a            b       ", "      c"]);
  });

  it("blanks fenced code up to a closing fence of the same character and at least the same length", () => {
    expect(analysed("````\n```\n~~~\nstill code\n````\nout")).toEqual([
      { t: "    ", code: true },
      { t: "   ", code: true },
      { t: "   ", code: true },
      { t: "          ", code: true },
      { t: "    ", code: true },
      { t: "out", code: false },
    ]);
  });

  it("reads a comment opener inside a fence as code", () => {
    expect(analysed("```\n<!--\n```\nafter").map((l) => l.t)).toEqual(["   ", "    ", "   ", "after"]);
  });

  it("blanks block quote markers, nested ones too", () => {
    expect(analysed("> > quoted\n   > indented quote").map((l) => l.t)).toEqual(["    quoted", "     indented quote"]);
  });
});
