import { describe, expect, it } from "vitest";
import { importProblem, linesNotUnderstood, MAX_LINES_SHOWN, parseSecurityMd } from "./index.ts";

describe("importProblem", () => {
  it("names binary content, undecodable bytes and saved web pages", () => {
    expect(importProblem("PK\u0003\u0004\u0000\u0000zip")).toMatch(/binary/);
    expect(importProblem("\ufffd\ufffd\u0007abc")).toMatch(/not text/);
    expect(importProblem("  <!DOCTYPE html>\n<html><body>Security</body></html>")).toMatch(/web page/);
    expect(importProblem("<html lang=en>")).toMatch(/web page/);
  });

  it("accepts Markdown, including a SECURITY.md with an HTML table", () => {
    expect(importProblem("# Security\n\n<table><tr><td>1.x</td></tr></table>\n")).toBeNull();
    expect(importProblem("")).toBeNull();
  });
});

describe("linesNotUnderstood", () => {
  it("lists the non-empty lines no value came from, with their numbers", () => {
    const md =
      "# Security\n\n---\nWe acknowledge reports within 2 days.\nThanks for helping!\r\n\n| a | b |\n|---|---|\n";
    expect(linesNotUnderstood(md, parseSecurityMd(md))).toEqual([
      { line: 1, text: "# Security" },
      { line: 5, text: "Thanks for helping!" },
      { line: 7, text: "| a | b |" },
    ]);
  });

  it("lists junk lines capped, cut short and without control characters", () => {
    const junk = Array.from({ length: 50 }, (_, i) => `\u0001junk ${i} ${"x".repeat(300)}`).join("\n");
    const lines = linesNotUnderstood(junk, parseSecurityMd(junk));
    expect(lines).toHaveLength(MAX_LINES_SHOWN);
    expect(lines[0]?.line).toBe(1);
    expect(lines[0]?.text.startsWith("\ufffdjunk 0 ")).toBe(true);
    expect(lines[0]?.text.length).toBe(161);
  });
});
