import { validateAdvisoryDocument } from "@embargo/advisory";
import { advisoryOf, reportByKey, seedDemo } from "@embargo/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportReportAdvisory } from "./advisory-input.ts";
import { makeTestDb, type TestDb } from "./test-support.ts";

// The demo's advisories are what a newcomer exports first: each must come out
// of all three formats valid, through the same builder the dashboard and the
// CLI use (packages/db cannot import the exporter, so the check lives here).

const NOW = new Date("2026-12-01T09:00:00Z");
const PUBLIC_URL = "https://embargo.example";
let t: TestDb;

beforeAll(async () => {
  t = makeTestDb();
  await seedDemo(t.db, NOW, () => {}, { publicUrl: PUBLIC_URL });
}, 60_000);
afterAll(() => t.cleanup());

const keysWithAdvisory = () =>
  (
    t.db.$client.prepare("SELECT r.key FROM advisories a JOIN reports r ON r.id = a.report_id ORDER BY r.id").all() as {
      key: string;
    }[]
  ).map((r) => r.key);

describe("the demo advisories", () => {
  it("export to CVE JSON 5, OSV and CSAF 2.0, each valid against its official schema", () => {
    const keys = keysWithAdvisory();
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const key of keys) {
      const report = reportByKey(t.db, key)!;
      for (const format of ["cve", "osv", "csaf"] as const) {
        // growRevisions as the dashboard and the CLI export: a CSAF document needs its first revision.
        const r = exportReportAdvisory(t.db, report, format, { publicUrl: PUBLIC_URL, now: NOW, growRevisions: true });
        expect(r, `${key} ${format}`).toBeDefined();
        expect(r!.ok ? [] : r!.errors, `${key} ${format}`).toEqual([]);
        if (!r!.ok) continue;
        // Independently of the exporter's own check: the document against the bundled schema.
        expect(validateAdvisoryDocument(format, r!.document), `${key} ${format}`).toEqual([]);
        if (format === "cve") expect(JSON.stringify(r!.document)).toContain(report.cveId!);
      }
    }
  });

  it("links the advisory published from the dashboard to the seed's public address", () => {
    const generated = keysWithAdvisory()
      .map((key) => reportByKey(t.db, key)!)
      .filter((r) => r.state === "disclosed" && r.advisoryUrl?.startsWith(`${PUBLIC_URL}/advisories/`));
    expect(generated).toHaveLength(1);
    expect(advisoryOf(t.db, generated[0]!.id)).toBeDefined();
  });
});
