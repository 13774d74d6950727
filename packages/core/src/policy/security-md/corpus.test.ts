import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { emptyParsedPolicy, type ParsedPolicy, parseSecurityMd } from "./index.ts";
import { invented } from "./test-helpers.ts";

/**
 * The labelled corpora after the 24 fixtures (issue 16): real files, each set split at random before anyone read
 * them. A held-out set measures the rules on files nobody writing rules has looked at; once it has been scored and
 * rules changed after seeing that score, it is retired to development data and a fresh draw replaces it:
 * securitymd-2/test became dev-b, securitymd-3/holdout became dev-c. Development sets' failures may guide rules, as
 * classes with sentences of their own in the unit tests; this test prints their misses. The held-out set's misses are
 * never printed. Labels: LABELS.json in each folder, format in fixtures/securitymd-3/README.md.
 */
const FIXTURES = path.resolve(import.meta.dirname, "../../../fixtures");

const FIELDS = [
  "acknowledge",
  "assess",
  "update",
  "emergency",
  "resolve",
  "disclosure",
  "contacts",
  "supportedVersions",
  "languages",
] as const;
type Field = (typeof FIELDS)[number];
type Label = Pick<ParsedPolicy, Field>;

/**
 * Each set's folder and floors: exact over all labelled fields, and invented values. The development sets meet the
 * goal (98%, none invented); a held-out set's floor is what it scored the one time it was measured.
 */
const SETS = {
  dev: { dir: "securitymd-2/dev", exact: 0.98, invented: 0, showMisses: true },
  "dev-b": { dir: "securitymd-2/dev-b", exact: 0.98, invented: 0, showMisses: true },
  "dev-c": { dir: "securitymd-3/dev-c", exact: 0.98, invented: 0, showMisses: true },
  // Scored once as held-out sets after the dev-c round (holdout-2 120/126 = 95.2%, 1 invented; securitymd-4 208/216
  // = 96.3%, 4 invented), then retired: their misses guided the next round. dev-e's one invented value is a reading
  // the labeller and the rules disagree on ("nous examinerons votre signalement … sous 24 heures": the labeller's
  // first look, an acknowledgement; the rules' examination, an assessment), left as it is.
  "dev-d": { dir: "securitymd-3/dev-d", exact: 0.98, invented: 0, showMisses: true },
  "dev-e": { dir: "securitymd-4/dev-e", exact: 0.98, invented: 1, showMisses: true },
  // Scored once as the held-out set after the dev-d/dev-e round (249/270 = 92.2%, 24 invented), then retired. Its
  // two invented values are judgement calls of a long process document (envoy: a "1-21 days" fix release step read
  // by the labeller, a "1-14 days" distributor step by the rules) and an internal step ("advise the advisory will be
  // published in 2 days"), left as they are rather than met by rules for one file.
  "dev-f": { dir: "securitymd-5/dev-f", exact: 0.98, invented: 2, showMisses: true },
  // Scored once as the held-out set after the dev-f round (270/288 = 93.8%, 14 invented), then retired. Its
  // remaining invented values are readings of long files the labels and the rules disagree on, left as they are.
  "dev-g": { dir: "securitymd-6/dev-g", exact: 0.975, invented: 5, showMisses: true },
  // Scored once as the held-out set after the dev-g round (252/270 = 93.3%, 1 invented), then retired. Its one
  // invented value is an address offered to whoever fills in the file ("or username@gmail.com if you have no domain
  // yet"), which the labeller left out; left as it is.
  "dev-h": { dir: "securitymd-7/dev-h", exact: 0.985, invented: 1, showMisses: true },
  // Scored once as the held-out set after the dev-h round (529/540 = 97.96%, 7 invented), then retired. Its remaining
  // invented values are readings the labels and the rules disagree on (two fix tables in one file, one with "next
  // scheduled release" for low; a Turkish sentence whose time may cover both its verbs, four fix times), left as they are.
  "dev-i": { dir: "securitymd-8/dev-i", exact: 0.985, invented: 5, showMisses: true },
  // Scored once as the held-out set after the dev-i round (354/360 = 98.3%, 2 invented), then retired.
  "dev-j": { dir: "securitymd-9/dev-j", exact: 0.99, invented: 0, showMisses: true },
  // Scored once as the held-out set after the dev-j round (614/630 = 97.5%, 11 invented), then retired.
  "dev-k": { dir: "securitymd-10/dev-k", exact: 0.99, invented: 0, showMisses: true },
  // Scored once as the held-out set after the dev-k round (610/630 = 96.8%, 12 invented), then retired.
  // Its remaining invented values: a table of runtimes (Node.js, Yarn) the labeller read as no project versions, and
  // a Dutch sentence with misspellings read as a fix; left as they are.
  "dev-l": { dir: "securitymd-11/dev-l", exact: 0.98, invented: 5, showMisses: true },
  // Scored once as the held-out set after the dev-l round (622/630 = 98.7%, 6 invented), then retired.
  // Its one invented value is an approximate step ("±7 working days" of investigation and patching) the labeller
  // read as no promise; left as it is.
  "dev-m": { dir: "securitymd-12/dev-m", exact: 0.99, invented: 1, showMisses: true },
  // Scored once as the held-out set after the dev-m round (622/630 = 98.7%, 1 invented), then retired.
  "dev-n": { dir: "securitymd-13/dev-n", exact: 0.99, invented: 0, showMisses: true },
  // Scored once as the held-out set after the dev-n round (265/270 = 98.1%, 6 invented), then retired.
  "dev-o": { dir: "securitymd-14/dev-o", exact: 265 / 270, invented: 6, showMisses: true },
  // Scored once as the held-out set after the dev-o round (623/630 = 98.9%, 2 invented), then retired.
  "dev-p": { dir: "securitymd-15/dev-p", exact: 623 / 630, invented: 2, showMisses: true },
  // Scored once as the held-out set after the dev-p round (615/630 = 97.6%, 7 invented), then retired.
  "dev-q": { dir: "securitymd-16/dev-q", exact: 615 / 630, invented: 7, showMisses: true },
} as const;
type SetName = keyof typeof SETS;

/** Addresses are compared as sets of lowercased strings; languages as sets. */
function comparable(field: Field, v: Label[Field]): unknown {
  if (field === "contacts") {
    const c = v as Label["contacts"];
    const norm = (list: string[] | undefined) => [...new Set((list ?? []).map((e) => e.toLowerCase()))].sort();
    return {
      security: norm(c.security),
      emergency: norm(c.emergency),
      escalation: norm(c.escalation),
      support: norm(c.support),
    };
  }
  if (field === "languages") return [...new Set(v as string[])].sort();
  // A range is compared as shown: labellers copy a cell as written ("Latest (`main`)", "0.2.x  (and up)"), the
  // import shows it without code and emphasis markers and with single spaces.
  if (field === "supportedVersions")
    return (v as Label["supportedVersions"]).map((r) => ({
      ...r,
      range: r.range.replace(/[`*_]/g, "").replace(/\s+/g, " ").trim(),
    }));
  return v;
}

interface SetScore {
  files: number;
  right: Record<Field, number>;
  invented: number;
  misses: string[];
}

function score(set: SetName): SetScore {
  const dir = path.join(FIXTURES, SETS[set].dir);
  const labels = JSON.parse(readFileSync(path.join(dir, "LABELS.json"), "utf8")) as Record<string, Label>;
  const right = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;
  const misses: string[] = [];
  let inventedCount = 0;
  for (const [file, raw] of Object.entries(labels)) {
    // A label may leave out what it has nothing for: read that as nothing.
    const empty = emptyParsedPolicy();
    const label: Label = {
      ...empty,
      ...raw,
      resolve: { ...empty.resolve, ...raw.resolve },
      contacts: { ...empty.contacts, ...raw.contacts },
    };
    const got = parseSecurityMd(readFileSync(path.join(dir, file), "utf8"));
    for (const field of FIELDS) {
      const want = comparable(field, label[field]);
      const have = comparable(field, got[field]);
      if (isDeepStrictEqual(have, want)) right[field]++;
      else misses.push(`${file} ${field}: got ${JSON.stringify(have)}, want ${JSON.stringify(want)}`);
      inventedCount += invented(have, want);
    }
  }
  return { files: Object.keys(labels).length, right, invented: inventedCount, misses };
}

function table(set: string, s: SetScore): string {
  const total = FIELDS.reduce((n, f) => n + s.right[f], 0);
  const pct = (n: number, d: number) => `${((100 * n) / Math.max(d, 1)).toFixed(1)}%`;
  return [
    `SECURITY.md parser — ${set} set (${s.files} files)`,
    "| field | exact | accuracy |",
    "|---|---|---|",
    ...FIELDS.map((f) => `| ${f} | ${s.right[f]}/${s.files} | ${pct(s.right[f], s.files)} |`),
    `| **all fields** | ${total}/${s.files * FIELDS.length} | ${pct(total, s.files * FIELDS.length)} |`,
    `invented values: ${s.invented}`,
  ].join("\n");
}

describe("parseSecurityMd on the labelled corpora (development sets and the held-out draw)", () => {
  it("has every set with its labels", () => {
    for (const set of Object.values(SETS))
      expect(existsSync(path.join(FIXTURES, set.dir, "LABELS.json")), set.dir).toBe(true);
  });

  for (const [set, floor] of Object.entries(SETS) as [SetName, (typeof SETS)[SetName]][]) {
    it(`${set} set: ≥ ${(floor.exact * 100).toFixed(1)}% exact over all labelled fields, ≤ ${floor.invented} invented`, () => {
      const s = score(set);
      console.log([table(set, s), ...(floor.showMisses ? s.misses.map((m) => `miss: ${m}`) : [])].join("\n"));
      const total = FIELDS.reduce((n, f) => n + s.right[f], 0);
      expect(s.files).toBeGreaterThan(0);
      expect(total / (s.files * FIELDS.length)).toBeGreaterThanOrEqual(floor.exact);
      expect(s.invented).toBeLessThanOrEqual(floor.invented);
    });
  }
});
