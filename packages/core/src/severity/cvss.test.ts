import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import aeCvss from "ae-cvss-calculator";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CvssError, SEVERITIES, type Severity, scoreCvss, severityFromScore, validateCvssVector } from "./cvss.ts";

// Fixtures kept in the repo (packages/core/fixtures/cvss; its README.md gives sources, formats, licences).
const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/cvss");

function fixtureLines(file: string, expectedCount: number): string[] {
  const lines = readFileSync(path.join(FIXTURES, file), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  // A wrong path or a truncated file must fail loudly, not pass with nothing checked.
  expect(lines.length, `${file} line count`).toBe(expectedCount);
  return lines;
}

function parseLine(re: RegExp, line: string): string[] {
  const match = re.exec(line);
  if (!match) throw new Error(`unparseable fixture line: ${line}`);
  return match.slice(1).map((g) => g ?? "");
}

// The qualitative rating scale written out as data from the specification, so
// expected severities are not computed by the function under test.
const RATING_BANDS: ReadonlyArray<readonly [number, number, Severity]> = [
  [0.0, 0.0, "none"],
  [0.1, 3.9, "low"],
  [4.0, 6.9, "medium"],
  [7.0, 8.9, "high"],
  [9.0, 10.0, "critical"],
];
function expectedSeverity(score: number): Severity {
  const band = RATING_BANDS.find(([lo, hi]) => score >= lo && score <= hi);
  if (!band) throw new Error(`score ${score} is not a one-decimal CVSS score`);
  return band[2];
}

/** Collects mismatches so a failing file reports a count and the first few, not thousands of cases. */
class Mismatches {
  readonly list: string[] = [];
  checked = 0;
  add(line: string, problem: string) {
    this.list.push(`${line}  =>  ${problem}`);
  }
  expectNone(label: string) {
    expect(this.checked, `${label}: nothing was checked`).toBeGreaterThan(0);
    expect({ label, mismatches: this.list.length, first: this.list.slice(0, 10) }).toEqual({
      label,
      mismatches: 0,
      first: [],
    });
  }
}

type Expected = { score: number; baseScore?: number; severity?: Severity };

function checkScore(out: Mismatches, line: string, vector: string, version: "3.1" | "4.0", want: Expected) {
  out.checked++;
  const got = scoreCvss(vector);
  if (!got.ok) return out.add(line, `refused: [${got.metric}] ${got.message}`);
  const problems: string[] = [];
  if (got.version !== version) problems.push(`version ${got.version}`);
  if (got.score !== want.score) problems.push(`score ${got.score} != ${want.score}`);
  if (want.baseScore !== undefined && got.baseScore !== want.baseScore) {
    problems.push(`baseScore ${got.baseScore} != ${want.baseScore}`);
  }
  const severity = want.severity ?? expectedSeverity(want.score);
  if (got.severity !== severity) problems.push(`severity ${got.severity} != ${severity}`);
  if (problems.length) out.add(line, problems.join("; "));
}

// FIRST's JSON schemas carry a vectorString pattern: for 4.0 it fixes metric
// order and values, for 3.1 it checks values only. They serve as an oracle
// that is independent of our metric tables.
function schemaPattern(file: string): RegExp {
  const schema = JSON.parse(readFileSync(path.join(FIXTURES, "redhat-cvss", file), "utf8"));
  return new RegExp(schema.properties.vectorString.pattern);
}
const SCHEMA_31 = schemaPattern("schema-cvss-v3.1.json");
const SCHEMA_40 = schemaPattern("schema-cvss-v4.0.json");
const SCHEMA_40_ORDER = [...SCHEMA_40.source.matchAll(/([A-Z]+):/g)].map((mt) => mt[1]).filter((k) => k !== "CVSS");

const REDHAT_31 = /^(CVSS:3\.1\/\S+) - \(([\d.]+), ([\d.]+), ([\d.]+)\)$/;
const REDHAT_4 = /^(CVSS:4\.0\/\S+) - \(?([\d.]+),?\)?$/;

describe("fixture location", () => {
  it("resolves the shared fixtures from the test file", () => {
    expect(existsSync(path.join(FIXTURES, "README.md"))).toBe(true);
    expect(SCHEMA_40_ORDER.slice(0, 3)).toEqual(["AV", "AC", "AT"]);
    expect(SCHEMA_40_ORDER).toHaveLength(32);
  });
});

describe("CVSS 3.1 fixtures", () => {
  it("redhat-cvss/vectors_simple31: every base-metric combination, base score and severity", () => {
    const out = new Mismatches();
    for (const line of fixtureLines("redhat-cvss/vectors_simple31", 2592)) {
      const [vector = "", base = "", temporal = ""] = parseLine(REDHAT_31, line);
      // Base-only vectors have no temporal metrics, so the temporal column repeats the base score.
      // The environmental column is what the 3.1 environmental formula gives with every
      // environmental metric Not Defined; it differs from base for 80 scope-changed vectors
      // (its Modified Impact term is not the base Impact term) and is not checked, because scoreCvss
      // reports the base score when no environmental metric is present.
      if (temporal !== base) out.add(line, "fixture temporal column differs from base");
      checkScore(out, line, vector, "3.1", { score: Number(base), baseScore: Number(base) });
    }
    out.expectNone("vectors_simple31");
  });

  it("metaeffekt/cvss-3.1-validation-vectors-001: base, overall, temporal and environmental scores", () => {
    const out = new Mismatches();
    const { Cvss3P1 } = aeCvss;
    const shapes = { baseOnly: 0, temporalOnly: 0, environmentalOnly: 0, both: 0 };
    for (const line of fixtureLines("metaeffekt/cvss-3.1-validation-vectors-001.txt", 10_000)) {
      const [vector = "", overall, base, , , temporal, environmental] = line.split(" ");
      const present = (s: string | undefined) => (s === undefined || s === "NaN" ? undefined : Number(s));
      const t = present(temporal);
      const e = present(environmental);
      if (t !== undefined && e !== undefined) shapes.both++;
      else if (t !== undefined) shapes.temporalOnly++;
      else if (e !== undefined) shapes.environmentalOnly++;
      else shapes.baseOnly++;
      // The file's own `overall` column must agree with the precedence scoreCvss documents.
      if (Number(overall) !== (e ?? t ?? Number(base))) out.add(line, "fixture overall is not env > temporal > base");
      checkScore(out, line, vector, "3.1", { score: Number(overall), baseScore: Number(base) });
      // scoreCvss exposes only the deciding score; the group scores come from the same library call.
      const lib = new Cvss3P1(vector).calculateScores();
      if (lib.temporal !== t) out.add(line, `temporal ${lib.temporal} != ${t}`);
      if (lib.environmental !== e) out.add(line, `environmental ${lib.environmental} != ${e}`);
    }
    // No temporal-only vectors here; the temporal precedence is covered by a unit test below.
    expect(shapes).toEqual({ baseOnly: 2000, temporalOnly: 0, environmentalOnly: 272, both: 7728 });
    out.expectNone("cvss-3.1-validation-vectors-001");
  });

  it("every 3.1 fixture vector also satisfies FIRST's 3.1 schema pattern", () => {
    const vectors = [
      ...fixtureLines("redhat-cvss/vectors_simple31", 2592).map((l) => parseLine(REDHAT_31, l)[0] ?? ""),
      ...fixtureLines("metaeffekt/cvss-3.1-validation-vectors-001.txt", 10_000).map((l) => l.split(" ")[0] ?? ""),
    ];
    expect(vectors.filter((v) => !SCHEMA_31.test(v)).slice(0, 5)).toEqual([]);
  });
});

// CVSS 4.0 scores ending in x.x5 can differ by 0.1 between references (README:
// rounding fix upstream in late 2024). With ae-cvss-calculator 1.0.13 every
// 4.0 fixture below matches exactly, so no tolerance is allowed: a library
// upgrade that changes rounding must show up here as a listed mismatch.
describe("CVSS 4.0 fixtures", () => {
  const redhat = [
    ["redhat-cvss/vectors_simple4", 1058],
    ["redhat-cvss/vectors_security4", 54],
    ["redhat-cvss/vectors_threat4", 6],
    ["redhat-cvss/vectors_supplemental4", 576],
  ] as const;
  for (const [file, count] of redhat) {
    it(`${file}: score and severity`, () => {
      const out = new Mismatches();
      for (const line of fixtureLines(file, count)) {
        const [vector = "", score = ""] = parseLine(REDHAT_4, line);
        const baseOnly = vector.split("/").length === 12;
        checkScore(out, line, vector, "4.0", {
          score: Number(score),
          ...(baseOnly ? { baseScore: Number(score) } : {}),
        });
      }
      out.expectNone(file);
    });
  }

  it("first-cvss-resources/macro-scores: FIRST's official set, score and severity", () => {
    const out = new Mismatches();
    const re = /^\{'vector': '(CVSS:4\.0\/[^']+)', 'score': ([\d.]+), 'severity': '(\w+)'\}$/;
    for (const line of fixtureLines("first-cvss-resources/macro-scores", 270)) {
      const [vector = "", score = "", severity = ""] = parseLine(re, line);
      const wanted = severity.toLowerCase() as Severity;
      if (!SEVERITIES.includes(wanted)) out.add(line, `unknown severity ${severity}`);
      checkScore(out, line, vector, "4.0", { score: Number(score), severity: wanted });
    }
    out.expectNone("macro-scores");
  });

  it("metaeffekt/cvss-4.0-validation-vectors-002: score", () => {
    const out = new Mismatches();
    for (const line of fixtureLines("metaeffekt/cvss-4.0-validation-vectors-002.txt", 10_000)) {
      const [vector = "", , score = ""] = line.split(" ");
      checkScore(out, line, vector, "4.0", { score: Number(score) });
    }
    out.expectNone("cvss-4.0-validation-vectors-002");
    // The library's 4.0 scoring costs ~0.3 ms per call and 8,000 of these vectors need two calls.
  }, 120_000); // a hang guard only: thousands of vectors, slow on a loaded 2-core machine

  it("metaeffekt/cvss-4.0-validation-vectors-001: refuses exactly the 294 misordered vectors, scores the rest", () => {
    const out = new Mismatches();
    let refused = 0;
    for (const line of fixtureLines("metaeffekt/cvss-4.0-validation-vectors-001.txt", 340)) {
      const [vector = "", , score = ""] = line.split(" ");
      if (SCHEMA_40.test(vector)) {
        checkScore(out, line, vector, "4.0", { score: Number(score) });
        continue;
      }
      out.checked++;
      refused++;
      const got = validateCvssVector(vector);
      if (got.ok) {
        out.add(line, "accepted a vector outside the specification's order");
        continue;
      }
      if (!got.message.includes("out of order") || got.metric === null || !got.message.includes(`"${got.metric}"`)) {
        out.add(line, `refused for another reason: [${got.metric}] ${got.message}`);
      }
      // Order is the only fault: put the same metrics in FIRST's order and the file's score must come out.
      const [prefix, ...segments] = vector.split("/");
      const rank = (s: string) => SCHEMA_40_ORDER.indexOf(s.split(":")[0] ?? "");
      const reordered = [prefix, ...segments.sort((a, b) => rank(a) - rank(b))].join("/");
      checkScore(out, `${line} (reordered)`, reordered, "4.0", { score: Number(score) });
    }
    expect(refused).toBe(294);
    out.expectNone("cvss-4.0-validation-vectors-001");
  });

  it("accepts a 4.0 vector exactly when FIRST's 4.0 schema pattern does, across all 4.0 fixtures", () => {
    const vectors = [
      ...redhat.flatMap(([file, count]) => fixtureLines(file, count).map((l) => parseLine(REDHAT_4, l)[0] ?? "")),
      ...fixtureLines("metaeffekt/cvss-4.0-validation-vectors-001.txt", 340).map((l) => l.split(" ")[0] ?? ""),
      ...fixtureLines("metaeffekt/cvss-4.0-validation-vectors-002.txt", 10_000).map((l) => l.split(" ")[0] ?? ""),
      ...fixtureLines("first-cvss-resources/macro-vectors", 270),
    ];
    const disagreements = vectors.filter((v) => validateCvssVector(v).ok !== SCHEMA_40.test(v));
    expect(disagreements.slice(0, 10)).toEqual([]);
  });

  it("baseScore is the library's base-metrics-only score, score its overall score", () => {
    const { Cvss4P0 } = aeCvss;
    const vectors = [
      ...fixtureLines("redhat-cvss/vectors_security4", 54).map((l) => parseLine(REDHAT_4, l)[0] ?? ""),
      ...fixtureLines("redhat-cvss/vectors_threat4", 6).map((l) => parseLine(REDHAT_4, l)[0] ?? ""),
      ...fixtureLines("first-cvss-resources/macro-vectors", 270),
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:X/CR:X/U:Red",
    ];
    const out = new Mismatches();
    for (const vector of vectors) {
      out.checked++;
      const lib = new Cvss4P0(vector).calculateScores();
      const got = scoreCvss(vector);
      if (!got.ok) out.add(vector, got.message);
      else if (got.baseScore !== lib.baseMetricsOnly || got.score !== lib.overall) {
        out.add(vector, `${got.baseScore}/${got.score} != ${lib.baseMetricsOnly}/${lib.overall}`);
      }
    }
    out.expectNone("4.0 base vs overall");
  });
});

const V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
const V40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

function refusal(vector: string): CvssError {
  const result = validateCvssVector(vector);
  if (result.ok) throw new Error(`expected ${vector} to be refused`);
  // scoreCvss must refuse with the very same error.
  expect(scoreCvss(vector)).toEqual(result);
  return result;
}

function expectMetricRefusal(vector: string, metric: string, ...fragments: string[]) {
  const err = refusal(vector);
  expect(err.metric).toBe(metric);
  expect(err.message).toContain(`${metric}`);
  for (const f of fragments) expect(err.message).toContain(f);
}

function expectShapeRefusal(vector: string, ...fragments: string[]) {
  const err = refusal(vector);
  expect(err.metric).toBeNull();
  for (const f of fragments) expect(err.message).toContain(f);
}

describe("validateCvssVector: accepts", () => {
  it("minimal base vectors and returns their metrics", () => {
    expect(validateCvssVector(V31)).toEqual({
      ok: true,
      version: "3.1",
      metrics: { AV: "N", AC: "L", PR: "N", UI: "N", S: "U", C: "H", I: "H", A: "H" },
    });
    const v4 = validateCvssVector(V40);
    expect(v4.ok && v4.version).toBe("4.0");
  });

  it("every 3.1 metric, including all temporal and environmental ones", () => {
    const full = `${V31}/E:F/RL:W/RC:R/CR:H/IR:M/AR:L/MAV:A/MAC:H/MPR:L/MUI:R/MS:C/MC:L/MI:N/MA:H`;
    const result = validateCvssVector(full);
    expect(result.ok && Object.keys(result.metrics)).toHaveLength(22);
    expect(
      validateCvssVector(`${V31}/E:X/RL:X/RC:X/CR:X/IR:X/AR:X/MAV:X/MAC:X/MPR:X/MUI:X/MS:X/MC:X/MI:X/MA:X`).ok,
    ).toBe(true);
  });

  it("every 4.0 metric, including threat, environmental and supplemental ones", () => {
    const full =
      `${V40}/E:P/CR:H/IR:M/AR:L/MAV:A/MAC:H/MAT:P/MPR:L/MUI:A/MVC:L/MVI:N/MVA:H/MSC:L/MSI:S/MSA:S` +
      "/S:P/AU:Y/R:I/V:C/RE:H/U:Amber";
    const result = validateCvssVector(full);
    expect(result.ok && Object.keys(result.metrics)).toHaveLength(32);
    for (const u of ["X", "Clear", "Green", "Amber", "Red"]) expect(validateCvssVector(`${V40}/U:${u}`).ok).toBe(true);
  });

  it("3.1 metrics in any order, because the 3.1 specification requires readers to accept that", () => {
    const shuffled = "CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/MAV:L/CR:H";
    const result = scoreCvss(shuffled);
    const canonical = scoreCvss(`${V31}/CR:H/MAV:L`);
    expect(result.ok && canonical.ok && [result.baseScore, result.score]).toEqual(
      canonical.ok && [canonical.baseScore, canonical.score],
    );
  });

  it("surrounding whitespace, which is trimmed (and the score reports the trimmed vector)", () => {
    const result = scoreCvss(`  \t${V31}\n`);
    expect(result).toMatchObject({ ok: true, vector: V31, baseScore: 9.8, score: 9.8, severity: "critical" });
  });
});

describe("validateCvssVector: refuses", () => {
  it("a wrong or missing prefix", () => {
    expectShapeRefusal("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", '"CVSS:3.1/"', '"CVSS:4.0/"');
    expectShapeRefusal("CVSS3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", '"CVSS:3.1/"');
    expectShapeRefusal("CVSS:3.1 AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", '"CVSS:3.1/"');
    expectShapeRefusal("cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "case-sensitive");
    expectShapeRefusal("CVSS:3.1/", "no metrics");
  });

  it("CVSS 3.0, saying only 3.1 and 4.0 are supported", () => {
    expectShapeRefusal("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.0", "only CVSS 3.1 and 4.0");
  });

  it("CVSS 2.0 vectors, with or without a prefix", () => {
    expectShapeRefusal("AV:N/AC:L/Au:N/C:P/I:P/A:P", "2.0", "only CVSS 3.1 and 4.0");
    expectShapeRefusal("(AV:N/AC:L/Au:N/C:P/I:P/A:P)", "2.0", "only CVSS 3.1 and 4.0");
    expectShapeRefusal("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "2.0", "only CVSS 3.1 and 4.0");
    expectShapeRefusal("CVSS:5.0/AV:N", "5.0", "only CVSS 3.1 and 4.0");
  });

  it("a trailing slash", () => {
    expectShapeRefusal(`${V31}/`, 'end with "/"');
    expectShapeRefusal(`${V40}/`, 'end with "/"');
  });

  it("an empty segment", () => {
    expectShapeRefusal("CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty metric", "position 2");
    expectShapeRefusal("CVSS:3.1//AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty metric");
  });

  it("a segment that is not KEY:VALUE", () => {
    expectShapeRefusal("CVSS:3.1/AVN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", '"AVN"', "KEY:VALUE");
    expectShapeRefusal("CVSS:3.1/:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "KEY:VALUE");
  });

  it("a repeated metric, even with the same value", () => {
    expectMetricRefusal(`${V31}/AV:L`, "AV", '"AV" appears twice');
    expectMetricRefusal(`${V31}/E:U/E:U`, "E", '"E" appears twice');
    expectMetricRefusal(`${V40}/E:A/E:P`, "E", "twice");
  });

  it("a missing required base metric", () => {
    expectMetricRefusal("CVSS:3.1/AV:N/AC:L/UI:N/S:U/C:H/I:H/A:H", "PR", 'missing required metric "PR"');
    expectMetricRefusal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/E:H", "S", 'missing required metric "S"');
    expectMetricRefusal(
      "CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
      "AT",
      'missing required metric "AT"',
    );
    expectMetricRefusal("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N", "SA", '"SA"');
  });

  it("a metric the version does not define", () => {
    expectMetricRefusal(`${V31}/XX:Y`, "XX", 'metric "XX" is not a CVSS 3.1 metric');
    expectMetricRefusal(`${V31}/AT:N`, "AT", "is not a CVSS 3.1 metric");
    expectMetricRefusal(`${V40}/RL:O`, "RL", 'metric "RL" is not a CVSS 4.0 metric');
    expectMetricRefusal(`${V31}/__proto__:X`, "__proto__", "is not a CVSS 3.1 metric");
    expectMetricRefusal(`${V31}/constructor:X`, "constructor", "is not a CVSS 3.1 metric");
  });

  it("a value the metric does not allow", () => {
    const err = refusal("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    expect(err).toEqual({
      ok: false,
      metric: "AV",
      message: 'AV: value "Q" is not allowed (expected one of N, A, L, P)',
    });
    expectMetricRefusal(`${V31}/E:A`, "E", "expected one of X, H, F, P, U");
    expectMetricRefusal(`${V40}/E:F`, "E", "expected one of X, A, P, U");
    // S is Scope in 3.1 but Safety (a supplemental metric) in 4.0.
    expectMetricRefusal(`${V40}/S:U`, "S", "expected one of X, N, P");
    expectMetricRefusal(`${V40}/MSC:S`, "MSC", "expected one of X, N, L, H");
    expectMetricRefusal(`${V40}/U:Purple`, "U", "Clear, Green, Amber, Red");
    expectMetricRefusal("CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV", 'value ""');
    expectMetricRefusal("CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV", 'value "N:L"');
  });

  it("4.0 metrics out of the specification's order", () => {
    expectMetricRefusal(
      "CVSS:4.0/AV:N/AT:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
      "AC",
      '"AC" is out of order',
      '"AT"',
    );
    // Groups are ordered too: supplemental after environmental, environmental after threat.
    expectMetricRefusal(`${V40}/U:Red/MAC:L`, "MAC", "out of order");
    expectMetricRefusal(`${V40}/CR:H/E:A`, "E", "out of order");
    // Within the base group, all vulnerable-system impacts precede the subsequent-system ones.
    expectMetricRefusal(
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N",
      "VI",
      '"VI" is out of order (expected before "SC"',
    );
  });

  it("over-long input, before looking at anything else", () => {
    const long = `${V31}${"/E:X".repeat(200)}`;
    expect(long.length).toBeGreaterThan(512);
    expectShapeRefusal(long, "512");
    expectShapeRefusal("x".repeat(10_000), "10000 characters", "512");
    // The cap applies after trimming, so padding alone does not push a vector over it.
    expect(validateCvssVector(`${" ".repeat(600)}${V31}${" ".repeat(600)}`).ok).toBe(true);
  });

  it("lowercase values and metric names, which the specification spells in uppercase", () => {
    expectMetricRefusal("CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV", 'value "n"', 'did you mean "N"');
    expectMetricRefusal("CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "av", 'did you mean "AV"');
    expectMetricRefusal(`${V40}/U:clear`, "U", 'did you mean "Clear"');
  });

  it("empty, whitespace-only and non-string input", () => {
    expectShapeRefusal("", "empty");
    expectShapeRefusal(" \n\t ", "empty");
    expectShapeRefusal(null as unknown as string, "string");
    expectShapeRefusal(42 as unknown as string, "string");
  });

  it("never throws, whatever the input", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 600 }),
          fc
            .array(fc.constantFrom("AV:N", "AC:L", "E:X", "S:U", "U:Red", "", ":", "/", "AV", "Q:Q"), { maxLength: 40 })
            .chain((parts) => fc.constantFrom(...["CVSS:3.1/", "CVSS:4.0/", ""].map((p) => `${p}${parts.join("/")}`))),
        ),
        (input) => {
          const result = validateCvssVector(input);
          if (!result.ok) expect(typeof result.message).toBe("string");
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe("the CVSS 4.0 specification's own examples (section 7)", () => {
  it.each([
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/E:A",
    "CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:P",
    "CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:A/VC:N/VI:N/VA:L/SC:H/SI:H/SA:H/CR:H/IR:H/AR:M/MAV:N/MAC:L/MAT:P/MPR:L/MUI:A/MVC:N/MVI:H/MVA:L/MSC:L/MSI:S/MSA:H",
    "CVSS:4.0/AV:P/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:A/S:P/AU:Y/R:A/V:D/RE:L/U:Red",
  ])("valid: %s", (vector) => {
    expect(scoreCvss(vector).ok).toBe(true);
  });

  it.each([
    ["CVSS:4.0/AV:F/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", "AV"],
    ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:A/E:X", "E"],
    ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/ui:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", "ui"],
    ["AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", null],
    ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/SC:N/SI:N/SA:N", "VA"],
    ["CVSS:4.0/AC:L/AV:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/CR:L/IR:X/AR:L/AT:N", "AV"],
  ] as const)("invalid: %s (metric %s)", (vector, metric) => {
    const err = refusal(vector);
    expect(err.metric).toBe(metric);
    if (metric) expect(err.message).toContain(metric);
  });
});

describe("scoreCvss", () => {
  it("scores 3.1 temporal and environmental vectors from the most specific group", () => {
    expect(scoreCvss(`${V31}/E:U/RL:O/RC:C`)).toMatchObject({ ok: true, baseScore: 9.8, score: 8.5, severity: "high" });
    // Not Defined (X) everywhere leaves the base score in charge.
    expect(scoreCvss(`${V31}/E:X/RL:X/RC:X/CR:X`)).toMatchObject({ ok: true, baseScore: 9.8, score: 9.8 });
    expect(scoreCvss(`${V31}/CR:L/IR:L/AR:L/MAV:P`)).toMatchObject({ ok: true, baseScore: 9.8, severity: "medium" });
  });

  it("reports the 4.0 base score separately from the threat/environmental score", () => {
    expect(scoreCvss(`${V40}/E:U`)).toMatchObject({ ok: true, version: "4.0", baseScore: 9.3, score: 8.1 });
    expect(scoreCvss(`${V40}/S:P/AU:Y/U:Red`)).toMatchObject({ ok: true, baseScore: 9.3, score: 9.3 });
    expect(scoreCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N")).toMatchObject({
      ok: true,
      score: 0,
      severity: "none",
    });
  });

  it("property: any valid 3.1 base vector scores within 0..10 with the matching severity", () => {
    // Base metric values from the CVSS 3.1 specification, section 2.
    const base = {
      AV: fc.constantFrom("N", "A", "L", "P"),
      AC: fc.constantFrom("L", "H"),
      PR: fc.constantFrom("N", "L", "H"),
      UI: fc.constantFrom("N", "R"),
      S: fc.constantFrom("U", "C"),
      C: fc.constantFrom("H", "L", "N"),
      I: fc.constantFrom("H", "L", "N"),
      A: fc.constantFrom("H", "L", "N"),
    };
    fc.assert(
      fc.property(fc.record(base), (metrics) => {
        const vector = `CVSS:3.1/${Object.entries(metrics)
          .map(([k, v]) => `${k}:${v}`)
          .join("/")}`;
        const result = scoreCvss(vector);
        if (!result.ok) throw new Error(`${vector}: ${result.message}`);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(10);
        expect(result.score).toBe(result.baseScore);
        expect(result.severity).toBe(severityFromScore(result.score));
      }),
      { numRuns: 500 },
    );
  });
});

describe("severityFromScore", () => {
  it.each([
    [0, "none"],
    [0.1, "low"],
    [3.9, "low"],
    [4.0, "medium"],
    [6.9, "medium"],
    [7.0, "high"],
    [8.9, "high"],
    [9.0, "critical"],
    [10, "critical"],
  ] as const)("%s is %s", (score, severity) => {
    expect(severityFromScore(score)).toBe(severity);
    expect(expectedSeverity(score)).toBe(severity);
  });

  it("rejects scores outside 0..10", () => {
    for (const bad of [-0.1, 10.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => severityFromScore(bad)).toThrow(RangeError);
    }
  });

  it("lists severities most severe first", () => {
    expect(SEVERITIES).toEqual(["critical", "high", "medium", "low", "none"]);
  });
});
