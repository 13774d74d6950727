import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../random.ts";
import { emptyParsedPolicy, MAX_SECURITY_MD_BYTES, type ParsedPolicy, parseSecurityMd } from "./index.ts";
import { FIXTURES } from "./test-helpers.ts";

describe("parseSecurityMd on hostile input", () => {
  it("returns an empty policy for an empty or whitespace-only document", () => {
    expect(parseSecurityMd("")).toEqual(emptyParsedPolicy());
    expect(parseSecurityMd(" \n\t\r\n")).toEqual(emptyParsedPolicy());
  });

  it("returns an empty policy for random bytes and binary-ish strings", () => {
    // Seeded so the garbage is the same on every run.
    const rand = seededRandom(42);
    for (let n = 0; n < 20; n++) {
      const bytes = Array.from({ length: 4096 }, () => Math.floor(rand() * 256));
      const latin1 = String.fromCharCode(...bytes);
      const utf8 = new TextDecoder("utf-8", { fatal: false }).decode(new Uint8Array(bytes));
      expect(parseSecurityMd(latin1)).toEqual(emptyParsedPolicy());
      expect(parseSecurityMd(utf8)).toEqual(emptyParsedPolicy());
    }
    expect(parseSecurityMd("\u0000\u0001PK\u0003\u0004\uFFFD\uD800\uDFFF\uDC00")).toEqual(emptyParsedPolicy());
  });

  // 1,500 parses overrun vitest's 5 s default timeout on a busy 2-core machine; the timeout only guards against a hang.
  it("never throws on arbitrary strings, including Markdown-shaped ones", () => {
    const fragment = fc.constantFrom(
      "# ",
      "## Supported Versions\n",
      "| Version | Supported |\n",
      "|---|---|\n",
      "| 1.x | ✅ |\n",
      "- ",
      "1. ",
      "> ",
      "```\n",
      "    ",
      "<!--",
      "-->",
      "\n",
      "\n\n",
      "within ",
      "48 hours",
      "a week",
      "twenty-",
      "five (5) ",
      "business days",
      "90-day ",
      "acknowledge ",
      "fix ",
      "disclose ",
      "critical: ",
      "low: next release",
      "if you do not ",
      "security@example.com",
      "@",
      "mailto:",
      "https://x.example/",
      "(",
      ")",
      ".",
      "e.g. ",
      "English (en) ",
      "Preferred-Languages: ",
      "\\|",
      "`",
      "**",
    );
    const markdownish = fc
      .array(fc.oneof(fragment, fc.string({ maxLength: 8 })), { maxLength: 60 })
      .map((a) => a.join(""));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300, unit: "binary" }), markdownish), (s) => {
        const p = parseSecurityMd(s);
        expect(Array.isArray(p.supportedVersions)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  }, 60_000);

  const repeatTo = (unit: string, bytes: number) =>
    unit.repeat(Math.floor(bytes / new TextEncoder().encode(unit).length));
  const LARGE_BYTES = MAX_SECURITY_MD_BYTES - 16;
  const SMALL_BYTES = Math.floor(LARGE_BYTES / 10);
  // Measured on a busy 2-core machine, 10× the input took up to 33× as long: V8's collector costs more per byte once
  // a 1 MB parse's tokens outlive young-generation collections. With the sentence length cap lifted, the quadratic
  // paths it guards took 100–170×.
  const MAX_GROWTH = 50;
  const real = readFileSync(path.join(FIXTURES, "nodejs__node.md"), "utf8");
  // CPU time, not wall time: on a busy machine a one-second parse waits for a core far more often than a
  // 30 ms one, which would read as growth. (It counts the whole process: vitest gives each test file its own.)
  // The fastest run is the one other work disturbed least.
  const fastestParse = (input: string, runs: number) => {
    let ms = Number.POSITIVE_INFINITY;
    let policy: ParsedPolicy | undefined;
    for (let i = 0; i < runs; i++) {
      const before = process.cpuUsage();
      policy = parseSecurityMd(input);
      const used = process.cpuUsage(before);
      ms = Math.min(ms, (used.user + used.system) / 1000);
    }
    return { ms, policy };
  };
  it.each([
    ["digits", "1"],
    ["letters", "a"],
    ["at signs", "@"],
    ["addresses", "a@b.co "],
    ["dotted words", "x@y.z."],
    ["spaces", " "],
    ["newlines", "\n"],
    ["comment openers", "<!--"],
    ["fences", "```\n"],
    ["pipes", "|"],
    ["table rows", "| 1.x | ✅ |\n|---|---|\n"],
    ["brackets", "[]("],
    ["parentheses", "("],
    ["list markers", "- "],
    ["headings", "#\n"],
    ["quotes", "> "],
    ["urls", "http://"],
    ["underscores", "_"],
    ["emoji", "✅❌⚠️"],
    ["cue soup", "if not within 5 days of the cve critical high fix disclose acknowledge every "],
    ["number words", "twenty-four (24) business-days "],
    ["ranges", "1-2-3-4-5-6-7-8-9 days "],
    ["Chinese and Japanese", "受領連絡: 3 営業日以内に返信します。我们将在三个工作日内确认"],
    ["Devanagari", "हम ४८ घंटे के भीतर पुष्टि करेंगे। "],
    ["HTML table rows", "<table><tr><td>1.x</td><td>yes</td></tr>"],
    ["real policy, repeated", real],
  ])(
    "parses a ~1 MB input of %s in time that grows about linearly from ~100 KB",
    (_name, unit) => {
      const large = fastestParse(repeatTo(unit, LARGE_BYTES), 2);
      expect(large.policy).toBeTypeOf("object");
      // A parse faster than 100 KB of an ordinary policy times allocation and the clock, not the algorithm.
      const floor = fastestParse(repeatTo(real, SMALL_BYTES), 3).ms;
      const small = fastestParse(repeatTo(unit, SMALL_BYTES), 5).ms;
      expect(large.ms / Math.max(small, floor)).toBeLessThanOrEqual(MAX_GROWTH);
    },
    // Only a guard against a hang: the assertion above is what catches a slow path.
    120_000,
  );
});
