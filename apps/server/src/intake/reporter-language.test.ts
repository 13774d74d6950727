/** The reporter's language is stored with the report, limited to the program's languages (issue 15 §2). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy } from "@embargo/core";
import { closeDatabase, createProgram, type Db, openDatabase, reportByKey } from "@embargo/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testSealer } from "../secrets/testing.ts";
import { submitReport } from "./service.ts";

const SYSTEM = { userId: null, label: "test" };
let dir: string;
let db: Db;
const cfg = () => ({
  db,
  dataDir: path.join(dir, "data"),
  publicUrl: "http://127.0.0.1:3000",
  sealer: testSealer,
  limits: { maxBytes: 64 * 1024, maxFiles: 2 },
  now: () => new Date(),
});
const form = {
  title: "SQL injection in login",
  description: "The login form concatenates the user name into SQL.",
  stepsToReproduce: "1. Enter ' OR 1=1 -- as the user name",
  impact: "Any account can be taken over",
  affectedVersions: "2.3.0",
  reporter: { name: "Asha", email: "asha@example.org" },
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "embargo-lang-"));
  db = openDatabase(path.join(dir, "embargo.db"));
  const both = defaultPolicy();
  both.languages = ["en", "hi"];
  createProgram(db, { slug: "both", name: "Both", keyPrefix: "BOTH", policy: both }, SYSTEM, new Date());
  const english = defaultPolicy();
  english.languages = ["en"];
  createProgram(db, { slug: "english", name: "English", keyPrefix: "ENG", policy: english }, SYSTEM, new Date());
});
afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

async function storedLanguage(programSlug: string, extra: { language?: string; acceptLanguage?: string }) {
  const r = await submitReport(cfg(), { programSlug, channel: "web", input: form, files: [], ...extra });
  if (!r.ok) throw new Error(r.error);
  return reportByKey(db, r.key)?.reporterLanguage;
}

describe("reporter language at intake", () => {
  it("keeps the reporter's choice when the program offers it", async () => {
    expect(await storedLanguage("both", { language: "hi" })).toBe("hi");
  });
  it("follows Accept-Language when nothing was chosen", async () => {
    expect(await storedLanguage("both", { acceptLanguage: "hi-IN,hi;q=0.9,en;q=0.5" })).toBe("hi");
  });
  it("falls back to the program's first language for one it does not offer", async () => {
    expect(await storedLanguage("english", { language: "hi", acceptLanguage: "hi-IN" })).toBe("en");
    expect(await storedLanguage("both", { language: "xx-YY" })).toBe("en");
  });
});
