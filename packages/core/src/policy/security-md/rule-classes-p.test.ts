import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";
import { bd, d, promised } from "./test-helpers.ts";

/**
 * The rule classes added when the held-out set securitymd-15 was scored once and retired to a development set (dev-p;
 * see docs/decisions/0016). Every sentence here is written for the test, none is copied from a corpus file.
 */
const values = promised;
const versions = (text: string) => parseSecurityMd(text).supportedVersions;

describe("version tables", () => {
  it("❎ is a cross, and a line 'not planned' gets nothing", () => {
    expect(
      versions("| Version | Supported |\n|---|---|\n| 3.x | ✅ |\n| 2.x | ❎ |\n| 4.x | Kept free; not planned |\n"),
    ).toEqual([
      { range: "3.x", status: "supported" },
      { range: "2.x", status: "unsupported" },
      { range: "4.x", status: "unsupported" },
    ]);
  });

  it("a 'Support ends' column says when, so the status column beside it decides", () => {
    expect(
      versions(
        "| Version | Status | Support ends |\n|---|---|---|\n| 6.x | Active development | — |\n| 5.x | Security fixes only | March 2029 |\n",
      ),
    ).toEqual([
      { range: "6.x", status: "supported" },
      { range: "5.x", status: "limited" },
    ]);
  });

  it("a heading that names versions in another language makes a table of marks a version table", () => {
    const table = "| Version | Check | Note |\n|---|:---:|---|\n| v2.0 | ✅ | stable |\n| v1.0 | ❌ | old |\n";
    expect(versions(`## 지원 버전\n\n${table}`)).toEqual([
      { range: "v2.0", status: "supported" },
      { range: "v1.0", status: "unsupported" },
    ]);
    expect(versions(`## サポートするバージョン\n\n${table}`)).toHaveLength(2);
    // under a heading about something else, such a table is not read as versions
    expect(versions(`## 취약점 보고\n\n${table}`)).toEqual([]);
  });
});

describe("fix times", () => {
  it("'the next release (within 7 days)' is the time in parentheses", () => {
    expect(values("## Severity\n\n**High:** ship the fix in the next release (within 10 days)\n")).toEqual({
      resolve: { critical: null, high: d(10), medium: null, low: null },
    });
    // without a time it stays the next release
    expect(parseSecurityMd("Low severity issues are fixed in the next release (usually monthly).").resolve.low).toBe(
      "next_release",
    );
  });

  it("a time for a severity beats 'the next release' said for it elsewhere", () => {
    const text =
      "## Process\n\n- High: fix in the next release, then disclose\n\n## Severity\n\n- **High:** fixed within 12 days\n";
    expect(parseSecurityMd(text).resolve.high).toEqual(d(12));
  });
});

describe("first answer and assessment", () => {
  it("'confirm we received your report within 3–5 days' is the first answer, its upper bound", () => {
    expect(values("- We'll confirm we received your report within **2–4 days**.")).toEqual({ acknowledge: d(4) });
  });

  it("an answer 'and let you know the next steps' is also the assessment, in English and Polish", () => {
    expect(values("We will answer within 6 days and let you know the next steps.")).toEqual({
      acknowledge: d(6),
      assess: d(6),
    });
    expect(values("Odpowiemy w ciągu 4 dni roboczych i przekażemy informacje o dalszych krokach.")).toEqual({
      acknowledge: bd(4),
      assess: bd(4),
    });
  });

  it("'… and try to clarify further steps' is only the answer: an attempt is no promise", () => {
    expect(values("We confirm receipt within 2 days and try to clarify further steps.")).toEqual({
      acknowledge: d(2),
    });
  });

  it("'and investigate' after an answer is another promise, with no time of its own", () => {
    expect(values("We will answer within 2 days and investigate the report.")).toEqual({ acknowledge: d(2) });
  });
});
