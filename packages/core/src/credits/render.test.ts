import { parse } from "csv-parse/sync";
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import type { AckEntry, AckList } from "./acknowledgments.ts";
import { escapeMarkdownText } from "./markdown.ts";
import { checkAckPeriod } from "./period.ts";
import { renderAckList } from "./render.ts";

// A worked data set for one program over the first quarter of 2026, given out of
// order: an anonymous credit, a name with an accent, one with a comma, quotes and a
// line break, a formula and an advisory address that is not a web page.
const PROGRAM = "IndiVillage Voice Agent System";
const GHSA = "https://github.com/indivillage/voice/security/advisories/GHSA-7q4v-2x9m-c3fp";
const VOICE_9 = "https://indivillage.example/advisories/VOICE-9";

const entry = (over: Partial<AckEntry>): AckEntry => ({
  displayName: "Someone",
  creditType: "finder",
  reportKey: "VOICE-1",
  cveId: null,
  advisoryUrl: null,
  programName: PROGRAM,
  disclosedAt: new Date("2026-03-02T12:00:00Z"),
  ...over,
});

const ENTRIES: AckEntry[] = [
  entry({
    displayName: "Priya Raman",
    reportKey: "VOICE-12",
    cveId: "CVE-2026-1234",
    advisoryUrl: GHSA,
    disclosedAt: new Date("2026-03-02T14:05:00Z"),
  }),
  entry({
    displayName: null,
    creditType: "reporter",
    reportKey: "VOICE-7",
    disclosedAt: new Date("2026-01-15T08:00:00Z"),
  }),
  entry({
    displayName: 'Okafor, "Chidi"\nSecurity',
    creditType: "analyst",
    reportKey: "VOICE-12",
    cveId: "CVE-2026-1234",
    advisoryUrl: GHSA,
    disclosedAt: new Date("2026-03-02T14:05:00Z"),
  }),
  entry({
    displayName: "=cmd|' /C calc'!A0",
    reportKey: "VOICE-20",
    cveId: "CVE-2026-2001",
    advisoryUrl: "javascript:alert(1)",
    disclosedAt: new Date("2026-03-31T23:30:00Z"),
  }),
  entry({
    displayName: "Ángel Núñez",
    creditType: "coordinator",
    reportKey: "VOICE-9",
    advisoryUrl: VOICE_9,
    disclosedAt: new Date("2026-03-02T09:00:00Z"),
  }),
];

const LIST: AckList = {
  title: `Acknowledgments — ${PROGRAM}`,
  ...checkAckPeriod({ from: "2026-01-01", to: "2026-03-31" }),
  entries: ENTRIES,
  generatedAt: new Date("2026-04-01T09:30:12Z"),
};

describe("renderAckList: the worked data set", () => {
  it("Markdown: a heading with the period, one bullet per entry in order, names escaped", () => {
    const out = renderAckList("md", LIST);
    expect(out.mediaType).toBe("text/markdown; charset=utf-8");
    expect(out.extension).toBe("md");
    expect(out.body).toBe(
      [
        "# Acknowledgments — IndiVillage Voice Agent System (disclosed 2026-01-01 to 2026-03-31)",
        "",
        "- **Anonymous** — Reporter — VOICE-7 — 2026-01-15",
        "- **Ángel Núñez** — Coordinator — [VOICE-9](https://indivillage.example/advisories/VOICE-9) — 2026-03-02",
        `- **Okafor, "Chidi" Security** — Analyst — [CVE-2026-1234](${GHSA}) — 2026-03-02`,
        `- **Priya Raman** — Finder — [CVE-2026-1234](${GHSA}) — 2026-03-02`,
        String.raw`- **=cmd\|' /C calc'\!A0** — Finder — CVE-2026-2001 — 2026-03-31`,
        "",
      ].join("\n"),
    );
  });

  it("Markdown renders (CommonMark + GFM) to exactly the names and links intended", () => {
    const html = micromark(renderAckList("md", LIST).body, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    expect(html.match(/<strong>[^<]*<\/strong>/g)).toEqual([
      "<strong>Anonymous</strong>",
      "<strong>Ángel Núñez</strong>",
      "<strong>Okafor, &quot;Chidi&quot; Security</strong>",
      "<strong>Priya Raman</strong>",
      "<strong>=cmd|' /C calc'!A0</strong>",
    ]);
    expect(html.match(/href="[^"]*"/g)).toEqual([`href="${VOICE_9}"`, `href="${GHSA}"`, `href="${GHSA}"`]);
  });

  it("CSV: the header, UTF-8 with a BOM, CRLF, quoted where needed and the formula guarded", () => {
    const out = renderAckList("csv", LIST);
    expect(out.mediaType).toBe("text/csv; charset=utf-8");
    expect(out.extension).toBe("csv");
    expect(out.body).toBe(
      [
        "\uFEFFname,credit_type,advisory,url,program,disclosed_on",
        "Anonymous,reporter,VOICE-7,,IndiVillage Voice Agent System,2026-01-15",
        `Ángel Núñez,coordinator,VOICE-9,${VOICE_9},IndiVillage Voice Agent System,2026-03-02`,
        `"Okafor, ""Chidi""\nSecurity",analyst,CVE-2026-1234,${GHSA},IndiVillage Voice Agent System,2026-03-02`,
        `Priya Raman,finder,CVE-2026-1234,${GHSA},IndiVillage Voice Agent System,2026-03-02`,
        "'=cmd|' /C calc'!A0,finder,CVE-2026-2001,,IndiVillage Voice Agent System,2026-03-31",
        "",
      ].join("\r\n"),
    );
  });

  it("CSV parses back with a CSV library: commas, quotes and line breaks survive, the formula stays text", () => {
    const rows: Record<string, string>[] = parse(renderAckList("csv", LIST).body, { bom: true, columns: true });
    expect(rows.map((r) => r.name)).toEqual([
      "Anonymous",
      "Ángel Núñez",
      'Okafor, "Chidi"\nSecurity',
      "Priya Raman",
      "'=cmd|' /C calc'!A0",
    ]);
    expect(rows[4]).toEqual({
      name: "'=cmd|' /C calc'!A0",
      credit_type: "finder",
      advisory: "CVE-2026-2001",
      url: "",
      program: PROGRAM,
      disclosed_on: "2026-03-31",
    });
  });

  it("JSON: pretty-printed, days in UTC, CVE credit types, no link for a non-web address", () => {
    const out = renderAckList("json", LIST);
    expect(out.mediaType).toBe("application/json; charset=utf-8");
    expect(out.extension).toBe("json");
    expect(out.body).toBe(`{
  "title": "Acknowledgments — IndiVillage Voice Agent System",
  "from": "2026-01-01",
  "to": "2026-03-31",
  "generatedAt": "2026-04-01T09:30:12.000Z",
  "entries": [
    {
      "name": "Anonymous",
      "creditType": "reporter",
      "advisory": "VOICE-7",
      "url": null,
      "program": "IndiVillage Voice Agent System",
      "disclosedOn": "2026-01-15"
    },
    {
      "name": "Ángel Núñez",
      "creditType": "coordinator",
      "advisory": "VOICE-9",
      "url": "https://indivillage.example/advisories/VOICE-9",
      "program": "IndiVillage Voice Agent System",
      "disclosedOn": "2026-03-02"
    },
    {
      "name": "Okafor, \\"Chidi\\"\\nSecurity",
      "creditType": "analyst",
      "advisory": "CVE-2026-1234",
      "url": "${GHSA}",
      "program": "IndiVillage Voice Agent System",
      "disclosedOn": "2026-03-02"
    },
    {
      "name": "Priya Raman",
      "creditType": "finder",
      "advisory": "CVE-2026-1234",
      "url": "${GHSA}",
      "program": "IndiVillage Voice Agent System",
      "disclosedOn": "2026-03-02"
    },
    {
      "name": "=cmd|' /C calc'!A0",
      "creditType": "finder",
      "advisory": "CVE-2026-2001",
      "url": null,
      "program": "IndiVillage Voice Agent System",
      "disclosedOn": "2026-03-31"
    }
  ]
}
`);
  });

  it("HTML: a self-contained page with the program's name, every value escaped", () => {
    const out = renderAckList("html", LIST);
    expect(out.mediaType).toBe("text/html; charset=utf-8");
    expect(out.extension).toBe("html");
    const style = /<style>([^<]*)<\/style>/.exec(out.body)?.[1] ?? "";
    expect(style).toContain("table{");
    expect(style).not.toMatch(/url\(|@import/);
    const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
    const day = (d: string) => `<time datetime="${d}">${d}</time>`;
    const link = (href: string, text: string) => `<a href="${href}" rel="noopener noreferrer">${text}</a>`;
    expect(out.body.replace(style, "…")).toBe(
      [
        "<!doctype html>",
        `<html lang="en">`,
        "<head>",
        `<meta charset="utf-8">`,
        `<meta name="viewport" content="width=device-width, initial-scale=1">`,
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
        `<meta name="referrer" content="no-referrer">`,
        "<title>Acknowledgments — IndiVillage Voice Agent System</title>",
        "<style>…</style>",
        "</head>",
        "<body>",
        "<main>",
        "<h1>Acknowledgments — IndiVillage Voice Agent System</h1>",
        `<p class="period">Disclosed 2026-01-01 to 2026-03-31 (UTC)</p>`,
        `<div class="scroll"><table>`,
        `<thead><tr><th scope="col">Name</th><th scope="col">Credit</th><th scope="col">Advisory</th><th scope="col">Disclosed</th></tr></thead>`,
        "<tbody>",
        row(["Anonymous", "Reporter", "VOICE-7", day("2026-01-15")]),
        row(["Ángel Núñez", "Coordinator", link(VOICE_9, "VOICE-9"), day("2026-03-02")]),
        row(["Okafor, &quot;Chidi&quot;\nSecurity", "Analyst", link(GHSA, "CVE-2026-1234"), day("2026-03-02")]),
        row(["Priya Raman", "Finder", link(GHSA, "CVE-2026-1234"), day("2026-03-02")]),
        row(["=cmd|&#39; /C calc&#39;!A0", "Finder", "CVE-2026-2001", day("2026-03-31")]),
        "</tbody>",
        "</table></div>",
        `<p class="generated">Generated 2026-04-01 09:30 UTC. Dates are disclosure days in UTC.</p>`,
        "</main>",
        "</body>",
        "</html>",
        "",
      ].join("\n"),
    );
  });
});

describe("renderAckList: hostile names and addresses", () => {
  const HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "*[x](javascript:alert(1))",
    "![x](https://evil.example/pixel.png)",
    "<https://evil.example>",
    "https://evil.example/login",
    "www.evil.example",
    "mallory@evil.example",
    "trailing backslash \\",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "two\n# lines\r\n- and a list",
    "`code` ~~struck~~ _em_ | pipe | $x$",
    "[ref]: https://evil.example",
  ];
  const hostileList: AckList = {
    title: "Acknowledgments — <b>Evil</b> [program](javascript:alert(1))",
    from: null,
    to: null,
    generatedAt: new Date("2026-04-01T00:00:00Z"),
    entries: HOSTILE.map((displayName, i) =>
      entry({
        displayName,
        reportKey: `VOICE-${i + 1}`,
        advisoryUrl: i % 2 ? "javascript:alert(document.cookie)" : " data:text/html,<script>alert(1)</script>",
        programName: "<script>alert(1)</script>",
      }),
    ),
  };

  it("HTML shows them as text: no tag, attribute or link comes from them", () => {
    const html = renderAckList("html", hostileList).body;
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<b>");
    expect(html).not.toContain("javascript:alert(document");
    expect(html).not.toContain("data:text/html");
    expect(html).not.toMatch(/<a /);
    expect(html).toContain("<td>&lt;img src=x onerror=alert(1)&gt;</td>");
    expect(html).toContain("<h1>Acknowledgments — &lt;b&gt;Evil&lt;/b&gt; [program](javascript:alert(1))</h1>");
    // The entity-looking name is shown as typed, not decoded into a tag.
    expect(html).toContain("<td>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;</td>");
  });

  it("Markdown renders them as the literal text in bold, with no link, image or HTML", () => {
    const md = renderAckList("md", hostileList).body;
    const html = micromark(md, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    expect(html).not.toMatch(/<a |<img|<script|<code|<del|<em|<table|<h2/);
    // One heading, one list of one item per entry: no line break escaped the bullet.
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html.match(/<li>/g)).toHaveLength(HOSTILE.length);
    const shown = [...html.matchAll(/<strong>([^<]*)<\/strong>/g)].map((m) => m[1]);
    const asHtmlText = (s: string) =>
      s
        .replace(/[\r\n]+/g, " ")
        .replaceAll("&", "&amp;")
        .replaceAll("<", "&lt;")
        .replaceAll(">", "&gt;")
        .replaceAll('"', "&quot;");
    expect(shown.sort()).toEqual(HOSTILE.map(asHtmlText).sort());
  });

  it("CSV and JSON keep the names as data and drop the non-web addresses", () => {
    const rows: Record<string, string>[] = parse(renderAckList("csv", hostileList).body, { bom: true, columns: true });
    expect(rows.map((r) => r.name).sort()).toEqual([...HOSTILE].sort());
    expect(rows.every((r) => r.url === "")).toBe(true);
    const json = JSON.parse(renderAckList("json", hostileList).body);
    expect(json.entries.every((e: { url: string | null }) => e.url === null)).toBe(true);
  });

  it("CSV guards every cell that a spreadsheet would read as a formula", () => {
    // A leading tab or carriage return is trimmed off a name; the "=" behind it is still guarded.
    const formulas: [string, string][] = [
      ["=1+1", "'=1+1"],
      ["+1+1", "'+1+1"],
      ["-1+1", "'-1+1"],
      ["@SUM(A1)", "'@SUM(A1)"],
      ["\t=2", "'=2"],
      ["\r=3", "'=3"],
      ["＝1+1", "'＝1+1"],
    ];
    const list: AckList = {
      ...hostileList,
      entries: formulas.map(([displayName], i) => entry({ displayName, reportKey: `VOICE-${i + 1}` })),
    };
    const rows: Record<string, string>[] = parse(renderAckList("csv", list).body, { bom: true, columns: true });
    expect(rows.map((r) => r.name).sort()).toEqual(formulas.map(([, guarded]) => guarded).sort());
    // The program column is guarded too.
    const program = parse(renderAckList("csv", { ...list, entries: [entry({ programName: "@evil" })] }).body, {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(program[0]?.program).toBe("'@evil");
  });
});

describe("renderAckList: other shapes", () => {
  it("names the program of each entry when the list spans several programs", () => {
    const list: AckList = {
      title: "Acknowledgments — all programs",
      from: null,
      to: new Date("2026-06-30T23:59:59.999Z"),
      generatedAt: new Date("2026-07-01T06:00:00Z"),
      entries: [
        entry({ displayName: "Bo", reportKey: "WEB-3", programName: "Web Portal" }),
        entry({ displayName: "Al", reportKey: "VOICE-4", cveId: "CVE-2026-0042" }),
      ],
    };
    expect(renderAckList("md", list).body).toBe(
      [
        "# Acknowledgments — all programs (disclosed up to 2026-06-30)",
        "",
        `- **Al** — Finder — ${PROGRAM} — CVE-2026-0042 — 2026-03-02`,
        "- **Bo** — Finder — Web Portal — WEB-3 — 2026-03-02",
        "",
      ].join("\n"),
    );
    const html = renderAckList("html", list).body;
    expect(html).toContain(`<p class="period">Disclosed up to 2026-06-30 (UTC)</p>`);
    expect(html).toContain(`<th scope="col">Program</th>`);
    expect(html).toContain(`<tr><td>Bo</td><td>Finder</td><td>Web Portal</td><td>WEB-3</td>`);
  });

  it("says so when the period holds no acknowledgments", () => {
    const list: AckList = { ...LIST, from: new Date("2026-05-01T00:00:00Z"), to: null, entries: [] };
    expect(renderAckList("md", list).body).toBe(
      "# Acknowledgments — IndiVillage Voice Agent System (disclosed from 2026-05-01)\n\nNo acknowledgments in this period.\n",
    );
    expect(renderAckList("csv", list).body).toBe("\uFEFFname,credit_type,advisory,url,program,disclosed_on\r\n");
    expect(JSON.parse(renderAckList("json", list).body)).toMatchObject({ from: "2026-05-01", to: null, entries: [] });
    const html = renderAckList("html", list).body;
    expect(html).toContain("<p>No acknowledgments in this period.</p>");
    expect(html).not.toContain("<table>");
  });

  it("treats a blank chosen name as anonymous", () => {
    const list: AckList = { ...LIST, entries: [entry({ displayName: "  " })] };
    expect(renderAckList("md", list).body).toContain("- **Anonymous** — Finder");
  });
});

describe("escapeMarkdownText", () => {
  it("leaves everyday names readable and escapes what has inline meaning", () => {
    expect(escapeMarkdownText('Jean-Luc O\'Brien, "JL"')).toBe('Jean-Luc O\'Brien, "JL"');
    expect(escapeMarkdownText("a_b*c")).toBe(String.raw`a\_b\*c`);
    expect(escapeMarkdownText("x\\")).toBe(String.raw`x\\`);
    expect(escapeMarkdownText("line\u2028break\ttab")).toBe("line break tab");
  });
});
