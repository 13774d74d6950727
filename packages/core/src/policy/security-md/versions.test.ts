import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";
import { cleanCell } from "./versions.ts";

describe("parseSecurityMd supported versions", () => {
  it("maps status words and symbols", () => {
    const p = parseSecurityMd(
      [
        "## Supported Versions",
        "",
        "| Version | Status |",
        "|---|---|",
        "| `2.x` | ✅ Supported |",
        "| 1.9 | ⚠️ Limited |",
        "| 1.8 | Yes |",
        "| 1.7 | :warning: security fixes only |",
        "| 1.6 | No |",
        "| 1.5 | End of life |",
        "| 1.4 | :x: |",
        "| 1.3 | :white_check_mark: |",
        "| 1.2 | Not supported |",
        "| 1.1 | ✔️ |",
        "| < 1.0 | ❌ |",
        "| 0.x \\| beta | ??? |",
      ].join("\n"),
    );
    expect(p.supportedVersions).toEqual([
      { range: "2.x", status: "supported" },
      { range: "1.9", status: "limited" },
      { range: "1.8", status: "supported" },
      { range: "1.7", status: "limited" },
      { range: "1.6", status: "unsupported" },
      { range: "1.5", status: "unsupported" },
      { range: "1.4", status: "unsupported" },
      { range: "1.3", status: "supported" },
      { range: "1.2", status: "unsupported" },
      { range: "1.1", status: "supported" },
      { range: "< 1.0", status: "unsupported" },
      // "???" is no status: the row is left out rather than guessed
    ]);
  });

  it("ignores the unfilled GitHub template table and tables that are not about versions", () => {
    const template = [
      "## Supported Versions",
      "",
      "Use this section to tell people about which versions of your project are",
      "currently being supported with security updates.",
      "",
      "| Version | Supported          |",
      "| ------- | ------------------ |",
      "| 5.1.x   | :white_check_mark: |",
      "| 5.0.x   | :x:                |",
      "| 4.0.x   | :white_check_mark: |",
      "| < 4.0   | :x:                |",
    ].join("\n");
    expect(parseSecurityMd(template).supportedVersions).toEqual([]);
    expect(parseSecurityMd("| Name | Fingerprint |\n|---|---|\n| Alice | 133E AC17 |\n").supportedVersions).toEqual([]);
    expect(
      parseSecurityMd("| Scope | Date | Report |\n|---|---|---|\n| geth | 20170425 | pdf |\n").supportedVersions,
    ).toEqual([]);
  });
});

describe("parseSecurityMd version tables with word statuses", () => {
  it("keeps rows whose status is a phrase, a limit or a date", () => {
    const p = parseSecurityMd(
      [
        "| Release line | Security support |",
        "|---|---|",
        "| 4.x | Active |",
        "| 3.x | Security fixes only |",
        "| 2.x | Critical fixes only |",
        "| 1.x | until 2026-06-30 |",
        "| 0.x | Deprecated |",
      ].join("\n"),
    );
    expect(p.supportedVersions).toEqual([
      { range: "4.x", status: "supported" },
      { range: "3.x", status: "limited" },
      { range: "2.x", status: "limited" },
      { range: "1.x", status: "supported" },
      { range: "0.x", status: "unsupported" },
    ]);
    expect(p.confidence.supportedVersions).toBe(1);
  });

  it("is less sure of a table found only by its heading", () => {
    const p = parseSecurityMd("## Versions\n\n| Name | Notes |\n|---|---|\n| 2.x | yes |\n| 1.x | no |");
    expect(p.confidence.supportedVersions).toBeLessThan(1);
  });
});

describe("parseSecurityMd version tables that continue each other", () => {
  it("reads a second table under the same heading as more rows of the first", () => {
    const p = parseSecurityMd(
      [
        "## Supported Versions",
        "",
        "| Version | Supported |",
        "|---|---|",
        "| 3.x | feature updates |",
        "| 2.x | bug fixes |",
        "Patch lines:",
        "| Version | Supported |",
        "|---|---|",
        "| 2.4.x | yes |",
        "",
        "## Something else",
        "",
        "| Version | Supported |",
        "|---|---|",
        "| 1.x | yes |",
      ].join("\n"),
    );
    expect(p.supportedVersions).toEqual([
      { range: "3.x", status: "supported" },
      { range: "2.x", status: "supported" },
      { range: "2.4.x", status: "supported" },
    ]);
    expect(p.evidence.supportedVersions?.split("\n\n")).toHaveLength(2);
  });

  it("combines several support columns: all → supported, some → limited, none → unsupported", () => {
    const p = parseSecurityMd(
      [
        "| Version | Critical fixes | Other fixes | End of support |",
        "|---|---|---|---|",
        "| 3.x | ✅ | ✅ | 2027 |",
        "| 2.x | ✅ | ❌ | 2026 |",
        "| 1.x | ❌ | ❌ | No |",
      ].join("\n"),
    );
    expect(p.supportedVersions).toEqual([
      { range: "3.x", status: "supported" },
      { range: "2.x", status: "limited" },
      { range: "1.x", status: "unsupported" },
    ]);
  });
});

describe("parseSecurityMd HTML version tables", () => {
  it("reads rows and cells of an HTML table, without inner tags and with entities decoded", () => {
    const p = parseSecurityMd(
      [
        "## Supported Versions",
        "",
        '<table class="versions">',
        "  <thead><tr><th>Version</th><th>Supported</th></tr></thead>",
        "  <tbody>",
        "  <tr><td><code>3.x</code></td><td>:white_check_mark: Yes</td></tr>",
        "  <tr><td>2.x</td><td><em>Security fixes only</em></td></tr>",
        "  <tr><td>&lt; 2.0</td><td>:x:</td></tr>",
        "  </tbody>",
        "</table>",
      ].join("\n"),
    );
    expect(p.supportedVersions).toEqual([
      { range: "3.x", status: "supported" },
      { range: "2.x", status: "limited" },
      { range: "< 2.0", status: "unsupported" },
    ]);
    expect(p.evidence.supportedVersions?.startsWith('<table class="versions">')).toBe(true);
  });

  it("reads an HTML table that is not about versions as prose", () => {
    const p = parseSecurityMd(
      "<table><tr><td>Contact</td><td>Report vulnerabilities to sec@example.com</td></tr></table>",
    );
    expect(p.supportedVersions).toEqual([]);
    expect(p.contacts.security).toEqual(["sec@example.com"]);
  });
});

describe("cleanCell", () => {
  it.each([
    ["`2.x`", "2.x"],
    ["**1.0**", "1.0"],
    ["_1.0_", "1.0"],
    ["v1_x", "v1_x"],
    ["0.x \\| beta", "0.x | beta"],
    ["  >= 2.0   (LTS) ", ">= 2.0 (LTS)"],
  ])("%s → %s", (cell, want) => {
    expect(cleanCell(cell)).toBe(want);
  });
});

describe("parseSecurityMd version tables found by their heading", () => {
  const underVersions = (rows: string) => `## Versions\n\n| Name | Notes |\n|---|---|\n${rows}`;

  it("reads a table whose columns have other names when every row has a status", () => {
    expect(parseSecurityMd(underVersions("| 2.x | yes |\n| 1.x | no |")).supportedVersions).toEqual([
      { range: "2.x", status: "supported" },
      { range: "1.x", status: "unsupported" },
    ]);
  });

  it("leaves such a table alone when a row has no status", () => {
    expect(parseSecurityMd(underVersions("| 2.x | yes |\n| 1.x | ask us |")).supportedVersions).toEqual([]);
  });

  it("keeps the first version table that lists anything, and at most 100 rows", () => {
    const rows = Array.from({ length: 150 }, (_, i) => `| ${i}.x | yes |`).join("\n");
    const p = parseSecurityMd(
      `| Version | Supported |\n|---|---|\n${rows}\n\n## Older\n\n| Version | Supported |\n|---|---|\n| 9.x | no |`,
    );
    expect(p.supportedVersions).toHaveLength(100);
    expect(p.supportedVersions[0]).toEqual({ range: "0.x", status: "supported" });
    expect(p.evidence.supportedVersions?.split("\n")).toHaveLength(152);
  });
});
