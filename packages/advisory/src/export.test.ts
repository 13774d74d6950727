import { type AdvisoryDraft, emptyAdvisoryDraft } from "@embargo/core";
import { describe, expect, it } from "vitest";
import {
  type AdvisoryExportInput,
  contentHash,
  exportAdvisory,
  nextCsafRevisions,
  parseCveRecord,
  validateAdvisoryDocument,
} from "./index.ts";

const NOW = new Date("2026-05-04T10:00:00.000Z");
const CVSS31 = { version: "3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", score: 9.8 };
const CVSS40 = {
  version: "4.0",
  vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
  score: 9.3,
};

function draft(over: Partial<AdvisoryDraft> = {}): AdvisoryDraft {
  return {
    title: "Stored XSS in the call transcript viewer",
    summary: "A caller name containing HTML is rendered unescaped in the transcript viewer of Acme Voice.",
    details: "POST /api/calls with a name of <img src=x onerror=alert(1)>, then open the transcript.",
    workaround: null,
    affected: [
      {
        vendor: "Acme",
        product: "Voice",
        ecosystem: "npm",
        packageName: "@acme/voice",
        ranges: [{ introduced: "1.0.0", fixed: "1.4.2", lastAffected: null }],
      },
    ],
    cwes: ["CWE-79"],
    references: [{ url: "https://github.com/acme/voice/commit/abc123", type: "FIX" }],
    ...over,
  };
}

function input(over: {
  draft?: AdvisoryDraft;
  report?: Partial<AdvisoryExportInput["report"]>;
  program?: Partial<AdvisoryExportInput["program"]>;
  credits?: AdvisoryExportInput["credits"];
  revisions?: AdvisoryExportInput["revisions"];
}): AdvisoryExportInput {
  return {
    draft: over.draft ?? draft(),
    report: {
      key: "VOICE-12",
      cveId: "CVE-2026-1234",
      severity: "critical",
      cvss: CVSS31,
      receivedAt: new Date("2026-03-01T08:00:00.000Z"),
      disclosed: false,
      disclosedAt: null,
      fixedVersion: "1.4.2",
      advisoryUrl: "https://acme.example/security/advisories/VOICE-12",
      disclosureTargetAt: new Date("2026-06-01T09:00:00.000Z"),
      updatedAt: new Date("2026-05-01T08:00:00.000Z"),
      ...over.report,
    },
    program: {
      name: "Voice",
      keyPrefix: "VOICE",
      versionScheme: "semver",
      vendorName: "Acme",
      cveAssignerOrgId: "8254265b-2729-46b6-b9e3-3dfca2d5bfca",
      cveAssignerShortName: "acme",
      publisherUrl: "https://acme.example",
      ...over.program,
    },
    credits: over.credits ?? [{ name: "Ada Lovelace", type: "finder" }],
    revisions: over.revisions ?? [{ number: "1", date: "2026-05-01T08:00:00.000Z", summary: "Initial version" }],
    now: NOW,
  };
}

const calverDraft = draft({
  affected: [
    {
      vendor: "Acme",
      product: "Gateway",
      ecosystem: "PyPI",
      packageName: "acme-gateway",
      ranges: [
        { introduced: null, fixed: null, lastAffected: "2026.04" },
        { introduced: "2025.01", fixed: "2025.11.2", lastAffected: null },
      ],
    },
  ],
  cwes: ["CWE-918", "CWE-200"],
  workaround: "Block outbound requests from the gateway to internal addresses.",
  references: [],
});

// biome-ignore lint/suspicious/noExplicitAny: tests walk the built JSON documents freely.
type Doc = Record<string, any>;
function ok(result: ReturnType<typeof exportAdvisory>): Doc {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors, null, 1)}`);
  return result.document as Doc;
}

describe("exportAdvisory: every format builds and validates", () => {
  const cases = [
    ["semver product, CVSS 3.1, credits, embargoed", input({})],
    [
      "semver product, CVSS 4.0, no credits, disclosed",
      input({
        report: { cvss: CVSS40, disclosed: true, disclosedAt: new Date("2026-05-02T12:00:00.000Z") },
        credits: [],
      }),
    ],
    [
      "calver product, last affected and fixed ranges, no CVSS",
      input({
        draft: calverDraft,
        report: { cvss: null, severity: "high" },
        program: { versionScheme: "calver" },
        credits: [
          { name: "r3dteam", type: "reporter" },
          { name: "Grace", type: "remediation_reviewer" },
        ],
      }),
    ],
    [
      "other scheme, several products, two CWEs",
      input({
        draft: draft({
          affected: [
            {
              vendor: "Acme",
              product: "Voice",
              ecosystem: "Maven",
              packageName: "com.acme:voice",
              ranges: [{ introduced: "r100", fixed: "r140", lastAffected: null }],
            },
            {
              vendor: "Acme",
              product: "Voice Desktop",
              ecosystem: "NuGet",
              packageName: "Acme.Voice",
              ranges: [{ introduced: null, fixed: "r141", lastAffected: null }],
            },
          ],
          cwes: ["CWE-79", "CWE-1395"],
        }),
        program: { versionScheme: "other" },
      }),
    ],
  ] as const;

  for (const [name, inp] of cases) {
    for (const format of ["cve", "osv", "csaf"] as const) {
      it(`${format}: ${name}`, () => {
        const result = exportAdvisory(format, inp);
        const doc = ok(result);
        expect(result.ok && result.json.endsWith("}\n")).toBe(true);
        expect(result.ok && JSON.parse(result.json)).toEqual(doc);
        expect(validateAdvisoryDocument(format, doc)).toEqual([]);
      });
    }
  }

  it("CSAF: TLP AMBER with the embargo text while embargoed, WHITE once disclosed; fixed version in remediations", () => {
    const embargoed = ok(exportAdvisory("csaf", input({})));
    expect(embargoed.document.distribution.tlp.label).toBe("AMBER");
    expect(embargoed.document.distribution.text).toBe("Embargoed until 2026-06-01 09:00 UTC — do not share");
    expect(embargoed.document.tracking.status).toBe("interim");
    const disclosed = ok(
      exportAdvisory("csaf", input({ report: { disclosed: true, disclosedAt: new Date("2026-05-02T12:00:00Z") } })),
    );
    expect(disclosed.document.distribution).toEqual({ tlp: { label: "WHITE", url: "https://www.first.org/tlp/" } });
    expect(disclosed.document.tracking.status).toBe("final");
    const v = disclosed.vulnerabilities[0];
    expect(v.cve).toBe("CVE-2026-1234");
    expect(v.cwe).toEqual({
      id: "CWE-79",
      name: "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
    });
    expect(v.remediations).toEqual([
      { category: "vendor_fix", details: "Update Voice to version 1.4.2 or later.", product_ids: ["CSAFPID-0001"] },
    ]);
    expect(v.product_status).toEqual({ known_affected: ["CSAFPID-0001"], fixed: ["CSAFPID-0002"] });
    expect(v.scores[0].cvss_v3).toMatchObject({ version: "3.1", baseScore: 9.8, baseSeverity: "CRITICAL" });
    const versions = disclosed.product_tree.branches[0].branches[0].branches;
    expect(versions.map((b: Doc) => [b.category, b.name])).toEqual([
      ["product_version_range", "vers:semver/>=1.0.0|<1.4.2"],
      ["product_version", "1.4.2"],
    ]);
    expect(disclosed.document.acknowledgments).toEqual([{ names: ["Ada Lovelace"], summary: "Finder" }]);
    expect(
      exportAdvisory("csaf", input({})).ok && (exportAdvisory("csaf", input({})) as { filename: string }).filename,
    ).toBe("voice-12.json");
  });

  it("CSAF: a CVSS 4.0 vector goes into a note (CSAF 2.0 scores hold v2 and v3 only)", () => {
    const doc = ok(exportAdvisory("csaf", input({ report: { cvss: CVSS40 } })));
    expect(doc.vulnerabilities[0].scores).toBeUndefined();
    expect(doc.vulnerabilities[0].notes).toContainEqual({
      category: "other",
      title: "CVSS v4.0",
      text: `${CVSS40.vector} (base score 9.3, CRITICAL)`,
    });
  });

  it("OSV: SEMVER ranges for a semver program, ECOSYSTEM otherwise; id, aliases, credits, database_specific", () => {
    const semver = ok(exportAdvisory("osv", input({})));
    expect(semver.id).toBe("x_VOICE-12");
    expect(semver.aliases).toEqual(["CVE-2026-1234"]);
    expect(semver.affected[0]).toEqual({
      package: { ecosystem: "npm", name: "@acme/voice" },
      ranges: [{ type: "SEMVER", events: [{ introduced: "1.0.0" }, { fixed: "1.4.2" }] }],
    });
    expect(semver.severity).toEqual([{ type: "CVSS_V3", score: CVSS31.vector }]);
    expect(semver.credits).toEqual([{ name: "Ada Lovelace", type: "FINDER" }]);
    expect(semver.database_specific).toEqual({
      cwe_ids: ["CWE-79"],
      severity: "critical",
      program: "Voice",
      disclosure_target: "2026-06-01T09:00:00.000Z",
    });
    const calver = ok(
      exportAdvisory(
        "osv",
        input({ draft: calverDraft, program: { versionScheme: "calver" }, report: { cvss: CVSS40 } }),
      ),
    );
    expect(calver.affected[0].ranges).toEqual([
      { type: "ECOSYSTEM", events: [{ introduced: "0" }, { last_affected: "2026.04" }] },
      { type: "ECOSYSTEM", events: [{ introduced: "2025.01" }, { fixed: "2025.11.2" }] },
    ]);
    expect(calver.severity).toEqual([{ type: "CVSS_V4", score: CVSS40.vector }]);
  });

  it("CVE: record metadata, versions, metrics, credits and the fixed version as a solution", () => {
    const result = exportAdvisory("cve", input({}));
    const doc = ok(result);
    expect(result.ok && result.filename).toBe("CVE-2026-1234.json");
    expect(doc).toMatchObject({ dataType: "CVE_RECORD", dataVersion: "5.1" });
    expect(doc.cveMetadata).toMatchObject({ cveId: "CVE-2026-1234", assignerShortName: "acme", state: "PUBLISHED" });
    const cna = doc.containers.cna;
    expect(cna.affected[0].versions).toEqual([
      { version: "1.0.0", status: "affected", versionType: "semver", lessThan: "1.4.2" },
    ]);
    expect(cna.metrics[0].cvssV3_1).toEqual({
      version: "3.1",
      vectorString: CVSS31.vector,
      baseScore: 9.8,
      baseSeverity: "CRITICAL",
    });
    expect(cna.credits).toEqual([{ lang: "en", value: "Ada Lovelace", type: "finder" }]);
    expect(cna.solutions).toEqual([{ lang: "en", value: "Update Voice to version 1.4.2 or later." }]);
    expect(cna.problemTypes[0].descriptions[0].cweId).toBe("CWE-79");
    expect(cna.references).toContainEqual({
      url: "https://acme.example/security/advisories/VOICE-12",
      tags: ["vendor-advisory"],
    });
  });
});

describe("exportAdvisory: refusals name the field", () => {
  it("no range, no CVE id, no assigner org id", () => {
    const noRange = draft({ affected: [{ ...draft().affected[0]!, ranges: [] }] });
    const result = exportAdvisory(
      "cve",
      input({ draft: noRange, report: { cveId: null }, program: { cveAssignerOrgId: null } }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { field: "affected", message: "affected versions: at least one range is needed (Acme Voice)" },
      { field: "cveId", message: "CVE id: reserve a CVE id first (patch timeline)" },
      { field: "program.cveAssignerOrgId", message: "CVE assigner org id: set it in the program's settings" },
    ]);
  });

  it("CVE: a record needs a reference", () => {
    const result = exportAdvisory("cve", input({ draft: draft({ references: [] }), report: { advisoryUrl: null } }));
    expect(!result.ok && result.errors).toEqual([
      {
        field: "references",
        message: "references: a CVE record needs at least one reference (the advisory URL, for example)",
      },
    ]);
  });

  it("an empty summary, for every format", () => {
    for (const format of ["cve", "osv", "csaf"] as const) {
      const result = exportAdvisory(format, input({ draft: draft({ summary: "  " }) }));
      expect(!result.ok && result.errors).toEqual([{ field: "summary", message: "summary: Enter a summary" }]);
    }
  });

  it("OSV needs an ecosystem and a package name, in OSV's list", () => {
    const noPackage = draft({ affected: [{ ...draft().affected[0]!, ecosystem: null }] });
    const result = exportAdvisory("osv", input({ draft: noPackage }));
    expect(!result.ok && result.errors).toEqual([
      { field: "affected[0]", message: "affected[0] package: an OSV export needs an ecosystem and a package name" },
    ]);
    const unknown = exportAdvisory(
      "osv",
      input({ draft: draft({ affected: [{ ...draft().affected[0]!, ecosystem: "Acme" }] }) }),
    );
    expect(!unknown.ok && unknown.errors[0]?.field).toBe("affected[0].ecosystem");
    // The other formats do not need a package.
    expect(exportAdvisory("csaf", input({ draft: noPackage })).ok).toBe(true);
  });

  it("CSAF needs the vendor name and CWE ids the CWE catalogue knows", () => {
    const result = exportAdvisory(
      "csaf",
      input({ draft: draft({ cwes: ["CWE-999999"] }), program: { vendorName: null } }),
    );
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(["program.vendorName", "cwes"]);
  });

  it("a malformed CVSS vector", () => {
    const result = exportAdvisory(
      "osv",
      input({ report: { cvss: { version: "3.1", vector: "CVSS:3.1/AV:N", score: 1 } } }),
    );
    expect(!result.ok && result.errors[0]?.field).toBe("cvss");
  });

  it("a built document missing a required field fails its schema with that field named", () => {
    const csaf = ok(exportAdvisory("csaf", input({})));
    delete csaf.document.title;
    expect(validateAdvisoryDocument("csaf", csaf)).toContainEqual({ field: "/document/title", message: "is required" });

    const cve = ok(exportAdvisory("cve", input({})));
    delete cve.containers.cna.descriptions;
    expect(validateAdvisoryDocument("cve", cve)).toContainEqual({
      field: "/containers/cna/descriptions",
      message: "is required",
    });

    const osv = ok(exportAdvisory("osv", input({})));
    delete osv.id;
    expect(validateAdvisoryDocument("osv", osv)).toContainEqual({ field: "/id", message: "is required" });
  });

  it("CSAF: a product status that contradicts itself fails the mandatory tests", () => {
    const csaf = ok(exportAdvisory("csaf", input({})));
    csaf.vulnerabilities[0].product_status.fixed.push("CSAFPID-0001");
    const errors = validateAdvisoryDocument("csaf", csaf);
    expect(errors.some((e) => e.message.includes("mandatoryTest_6_1_6"))).toBe(true);
    const wrongName = ok(exportAdvisory("csaf", input({})));
    wrongName.vulnerabilities[0].cwe.name = "XSS";
    expect(validateAdvisoryDocument("csaf", wrongName)).toContainEqual({
      field: "/vulnerabilities/0/cwe/name",
      message: "the name does not match the weakness with the given id (CSAF mandatoryTest_6_1_11)",
    });
  });
});

describe("parseCveRecord", () => {
  it("reads back the affected ranges and the credits that were exported", () => {
    const credits = [
      { name: "Ada Lovelace", type: "finder" as const },
      { name: "Grace Hopper", type: "remediation_developer" as const, lang: "en" },
    ];
    const d = draft({
      affected: [
        ...draft().affected,
        {
          vendor: "Acme",
          product: "Gateway",
          ecosystem: null,
          packageName: null,
          ranges: [
            { introduced: null, fixed: null, lastAffected: "2.3.1" },
            { introduced: "3.0.0", fixed: "3.0.4", lastAffected: null },
          ],
        },
      ],
    });
    const result = exportAdvisory("cve", input({ draft: d, credits }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const parsed = parseCveRecord(result.json);
    expect(parsed.affected).toEqual(d.affected);
    expect(parsed.credits).toEqual(credits.map((c) => ({ lang: "en", ...c })));
  });
});

describe("contentHash and nextCsafRevisions", () => {
  it("the same content twice gives one revision; a change gives a second", () => {
    const first = input({ revisions: [] });
    const h1 = contentHash("csaf", first);
    const r1 = nextCsafRevisions([], h1, null, NOW, "Initial version");
    expect(r1.changed).toBe(true);
    expect(r1.revisions.map((r) => r.number)).toEqual(["1"]);

    const later = new Date(NOW.getTime() + 3_600_000);
    const again = input({ revisions: r1.revisions });
    const h2 = contentHash("csaf", { ...again, now: later });
    expect(h2).toBe(h1);
    const r2 = nextCsafRevisions(r1.revisions, h2, r1.revisions.at(-1)?.hash ?? null, later, "No change");
    expect(r2).toEqual({ revisions: r1.revisions, changed: false });

    const changed = input({ draft: draft({ summary: "A different summary." }), revisions: r2.revisions });
    const h3 = contentHash("csaf", changed);
    expect(h3).not.toBe(h1);
    const r3 = nextCsafRevisions(r2.revisions, h3, r2.revisions.at(-1)?.hash ?? null, later, "Summary reworded");
    expect(r3.changed).toBe(true);
    expect(r3.revisions.map((r) => [r.number, r.summary])).toEqual([
      ["1", "Initial version"],
      ["2", "Summary reworded"],
    ]);
    const doc = ok(exportAdvisory("csaf", { ...changed, revisions: r3.revisions, now: later }));
    expect(doc.document.tracking).toMatchObject({
      version: "2",
      initial_release_date: NOW.toISOString(),
      current_release_date: later.toISOString(),
    });
  });

  it("disclosure changes the content (TLP, status): a new revision", () => {
    const before = contentHash("csaf", input({}));
    const after = contentHash("csaf", input({ report: { disclosed: true, disclosedAt: NOW } }));
    expect(after).not.toBe(before);
  });
});

describe("emptyAdvisoryDraft", () => {
  it("seeds title, product and CWE; the summary is for a person to write", () => {
    const d = emptyAdvisoryDraft({ title: "SSRF in webhooks", cwe: "cwe-918", vendor: "Acme", product: "Voice" });
    expect(d.cwes).toEqual(["CWE-918"]);
    expect(d.affected[0]).toMatchObject({ vendor: "Acme", product: "Voice", ranges: [] });
    const result = exportAdvisory("osv", input({ draft: d }));
    expect(!result.ok && result.errors.map((e) => e.field)).toContain("summary");
  });
});
