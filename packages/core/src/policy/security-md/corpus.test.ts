import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { emptyParsedPolicy, type ParsedPolicy, parseSecurityMd } from "./index.ts";
import { invented } from "./test-helpers.ts";

/**
 * The second corpus (packages/core/fixtures/securitymd-2, issue 16): real files split at random into a dev set,
 * whose failures may guide rules, and a held-out test set, which no rule is written against. This test only scores
 * both against their hand labels (LABELS.json, format in the labelling guide) and prints a table per set; it lists
 * the misses of the dev set only.
 */
const CORPUS = path.resolve(import.meta.dirname, "../../../fixtures/securitymd-2");

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
 * Floors: exact over all labelled fields, and invented values. The dev set meets the goal (≥ 98%, none invented).
 * The test set's floor is what the rules reach on it without ever being tuned to it (144 of 153 fields, 7 invented
 * values, measured once after the rules were done; the goal was 98% and none): it guards against regressions, and
 * its misses are for the lead to look at, not for rules (see docs/decisions/0016).
 */
const FLOORS: Record<"dev" | "test", { exact: number; invented: number }> = {
  dev: { exact: 0.98, invented: 0 },
  test: { exact: 144 / 153, invented: 7 },
};

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
  return v;
}

interface SetScore {
  files: number;
  right: Record<Field, number>;
  invented: number;
  misses: string[];
}

function score(set: "dev" | "test"): SetScore {
  const labels = JSON.parse(readFileSync(path.join(CORPUS, set, "LABELS.json"), "utf8")) as Record<string, Label>;
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
    const got = parseSecurityMd(readFileSync(path.join(CORPUS, set, file), "utf8"));
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

describe("parseSecurityMd on the labelled dev/test corpus", () => {
  it("has both sets with their labels", () => {
    for (const set of ["dev", "test"]) expect(existsSync(path.join(CORPUS, set, "LABELS.json")), set).toBe(true);
  });

  for (const set of ["dev", "test"] as const) {
    it(`${set} set: ≥ ${(FLOORS[set].exact * 100).toFixed(1)}% exact over all labelled fields, ≤ ${FLOORS[set].invented} invented`, () => {
      const s = score(set);
      // The test set's misses are not printed: nobody should read them to write a rule.
      console.log([table(set, s), ...(set === "dev" ? s.misses.map((m) => `miss: ${m}`) : [])].join("\n"));
      const total = FIELDS.reduce((n, f) => n + s.right[f], 0);
      expect(s.files).toBeGreaterThan(0);
      expect(total / (s.files * FIELDS.length)).toBeGreaterThanOrEqual(FLOORS[set].exact);
      expect(s.invented).toBeLessThanOrEqual(FLOORS[set].invented);
    });
  }
});
