import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";
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
