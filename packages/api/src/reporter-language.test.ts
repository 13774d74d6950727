/**
 * Issue 15, staff side: the team sees which language the reporter reads (the
 * inbox row and the report), leadership does not (it sees no reporter), and
 * the free-text search finds Hindi words.
 */
import type { Db } from "@embargo/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Caller,
  callerFor,
  type Fixture,
  makeClock,
  makeTestDb,
  seedFixture,
  type TestDb,
} from "./test-support.ts";

const clock = makeClock("2026-03-02T09:00:00.000Z");
let t: TestDb;
let db: Db;
let f: Fixture;
let triager: Caller;
let lead: Caller;
let hindiKey: string;
let englishKey: string;

const setLanguage = (key: string, lang: string) =>
  db.$client.prepare("UPDATE reports SET reporter_language = ? WHERE key = ?").run(lang, key);

beforeAll(async () => {
  t = makeTestDb();
  db = t.db;
  f = await seedFixture(db, clock.now);
  triager = await callerFor(db, f.users.triager, clock.now);
  lead = await callerFor(db, f.users.leadership, clock.now);
  ({ key: hindiKey } = await triager.reports.create({
    programSlug: "alpha",
    title: "लॉगिन फ़ॉर्म में SQL इंजेक्शन",
    description: "उपयोगकर्ता नाम सीधे क्वेरी में जुड़ जाता है, इसलिए कोई भी खाता हथियाया जा सकता है।",
  }));
  ({ key: englishKey } = await triager.reports.create({
    programSlug: "alpha",
    title: "Stored XSS in the profile page",
    description: "The display name is rendered without escaping.",
  }));
  // The intake paths store it (apps/server reporter-language tests); here the row is set directly.
  setLanguage(hindiKey, "hi");
  setLanguage(englishKey, "en");
});
afterAll(() => t?.cleanup());

const rowOf = async (caller: Caller, key: string) =>
  (await caller.reports.list({ view: "all", pageSize: 100 })).rows.find((r) => r.key === key);

describe("the reporter's language on the staff side", () => {
  it("triagers see it on the inbox row and the report", async () => {
    expect((await rowOf(triager, hindiKey))?.reporterLanguage).toBe("hi");
    expect((await rowOf(triager, englishKey))?.reporterLanguage).toBe("en");
    expect((await triager.reports.byKey({ key: hindiKey })).report.reporterLanguage).toBe("hi");
  });

  it("leadership does not: it sees no reporter", async () => {
    const row = await rowOf(lead, hindiKey);
    expect(row?.key).toBe(hindiKey);
    expect(row?.reporterLanguage).toBeNull();
    expect((await lead.reports.byKey({ key: hindiKey })).report.reporterLanguage).toBeNull();
  });

  it("a report written before issue 15 has none", async () => {
    const fixtureRow = await rowOf(triager, f.reports.alpha1);
    expect(fixtureRow?.reporterLanguage).toBeNull();
  });
});

describe("free-text search in Hindi", () => {
  const keys = async (q: string) => (await triager.reports.list({ view: "all", q })).rows.map((r) => r.key);

  it("finds a report by a Hindi word of its title or description, and a prefix of one", async () => {
    expect(await keys("इंजेक्शन")).toEqual([hindiKey]);
    expect(await keys("हथियाया")).toEqual([hindiKey]);
    expect(await keys("लॉगिन फ़ॉर्म")).toEqual([hindiKey]);
    expect(await keys("उपयोग")).toEqual([hindiKey]);
  });

  it("a Hindi word no report holds finds nothing", async () => {
    expect(await keys("पासवर्ड")).toEqual([]);
  });
});
