/**
 * The public credit routes over real HTTP: the consent link (identical 404s for a
 * wrong, used and expired link; nothing of the report shown) and the hall of fame
 * (disclosed reports and accepted credits only).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createCaller, createContext } from "@embargo/api";
import { defaultPolicy } from "@embargo/core";
import { closeDatabase, createProgram, createUser, type Db, openDatabase } from "@embargo/db";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../http.ts";
import { testSealer } from "../secrets/testing.ts";

const SYSTEM = { userId: null, label: "test" };
const PASSWORD = "correct horse battery staple";
const PUBLIC_URL = "http://127.0.0.1:3000";
const DAY = 86_400_000;
const POLICY_URL = "https://voice.example/SECURITY.md";

let dir: string;
let db: Db;
let app: FastifyInstance;
let base: string;
let clock = Date.now();
const now = () => new Date(clock);
type Caller = ReturnType<typeof createCaller>;
let staff: Caller;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "embargo-credits-public-"));
  db = openDatabase(path.join(dir, "embargo.db"));
  const voice = createProgram(
    db,
    {
      slug: "voice",
      name: "Voice <Assistant>",
      keyPrefix: "VOICE",
      policy: { ...defaultPolicy(), policyUrl: POLICY_URL },
    },
    SYSTEM,
    now(),
  );
  await createUser(
    db,
    {
      email: "tess@voice.test",
      name: "Tess",
      password: PASSWORD,
      memberships: [{ programId: voice.id, role: "triager" }],
    },
    SYSTEM,
    now(),
  );
  app = await buildServer({
    db,
    logLevel: "silent",
    webDist: path.join(dir, "no-dist"),
    now,
    intake: {
      db,
      dataDir: path.join(dir, "data"),
      publicUrl: PUBLIC_URL,
      sealer: testSealer,
      limits: { maxBytes: 64 * 1024, maxFiles: 2 },
      now,
    },
    intakeRateLimit: 1000,
  });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
  const res = await fetch(`${base}/api/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(superjson.serialize({ email: "tess@voice.test", password: PASSWORD })),
  });
  const sessionToken = /embargo_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]!;
  staff = createCaller(
    createContext({ db, sessionToken, now, sealLink: (u) => testSealer.seal(u), publicUrl: PUBLIC_URL }),
  );
});
afterAll(async () => {
  await app.close();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

async function newReport(title: string, reporter = { name: "Rae Reporter", handle: "rae", email: "rae@example.org" }) {
  clock += 60_000;
  const { key } = await staff.reports.create({
    programSlug: "voice",
    title,
    description: "Steps.",
    reporter,
    cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N",
  });
  return key;
}

async function disclose(key: string) {
  clock += 60_000;
  await staff.reports.transition({ key, action: "triage" });
  await staff.reports.transition({ key, action: "mark_fixed", fixedVersion: "2.0.0" });
  await staff.disclosure.publish({
    key,
    advisoryUrl: `https://voice.example/advisories/${key}`,
    overrideReason: "Now",
  });
}

/** Add someone with an email and return the token of the consent link the outbox will send them. */
async function askCredit(key: string, name: string, email: string) {
  await staff.credits.add({ key, name, email, type: "finder", display: "name" });
  const mail = db.$client
    .prepare("SELECT payload_json FROM outbox WHERE target = ? ORDER BY id DESC LIMIT 1")
    .get(email) as { payload_json: string };
  const sealed = (JSON.parse(mail.payload_json) as { sealed: { consentUrl: string } }).sealed.consentUrl;
  const link = testSealer.open(sealed)!;
  expect(link.startsWith(`${PUBLIC_URL}/credit/`)).toBe(true);
  return link.slice(`${PUBLIC_URL}/credit/`.length);
}

const get = (p: string) => fetch(`${base}${p}`);
const post = (p: string, body: unknown) =>
  fetch(`${base}${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("the consent link", () => {
  it("shows only the program and the credit type, then takes one answer", async () => {
    const key = await newReport("Secret RCE in the wake word parser");
    const token = await askCredit(key, "Chidi Okafor", "chidi@example.net");
    const shown = await get(`/api/public/credit/${token}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("cache-control")).toBe("no-store");
    const body = await shown.json();
    // Only the program, the credit type and the languages the page may be read in.
    expect(body).toEqual({ programName: "Voice <Assistant>", creditType: "finder", languages: ["en"] });
    const refused = await post(`/api/public/credit/${token}`, { accept: true, display: "handle" });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { fieldErrors: object }).fieldErrors).toHaveProperty("handle");
    const answered = await post(`/api/public/credit/${token}`, { accept: true, display: "handle", handle: "chidi" });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ consent: "accepted", display: "handle" });
  });

  it("answers a wrong, a used and an expired link with the same 404", async () => {
    const key = await newReport("Another report");
    const used = await askCredit(key, "Used Once", "used@example.net");
    expect((await post(`/api/public/credit/${used}`, { accept: false })).status).toBe(200);
    const expired = await askCredit(key, "Late Larry", "late@example.net");
    const wrong = `${used.slice(0, -4)}AAAA`;
    clock += 31 * DAY;
    const answers: { status: number; body: string }[] = [];
    for (const token of [wrong, used, expired, "short"]) {
      for (const res of [
        await get(`/api/public/credit/${token}`),
        await post(`/api/public/credit/${token}`, { accept: true }),
      ]) {
        answers.push({ status: res.status, body: await res.text() });
      }
    }
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([404]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers[0]!.body).not.toMatch(/stack|at \//);
  });
});

describe("the hall of fame", () => {
  it("lists only disclosed reports' accepted credits, grouped by year, with the policy's address", async () => {
    const shipped = await newReport("Shipped bug", { name: "Rae Reporter", handle: "rae", email: "rae@example.org" });
    const cofinder = await askCredit(shipped, "Co <Finder>", "co@example.net");
    await post(`/api/public/credit/${cofinder}`, { accept: true, display: "name" });
    await askCredit(shipped, "Pending Pat", "pat@example.net");
    await staff.credits.add({
      key: shipped,
      name: "Declined Dan",
      type: "analyst",
      display: "name",
      consent: "declined",
    });
    const [reporter] = await staff.credits.list({ key: shipped });
    expect(reporter?.isReporter).toBe(true);
    // The reporter never answered: only the co-finder who accepted shows.
    await disclose(shipped);
    const hiddenKey = await newReport("Undisclosed bug", { name: "Hidden Hal", handle: "", email: "hal@example.org" });
    await staff.credits.add({
      key: hiddenKey,
      name: "Also Hidden",
      type: "analyst",
      display: "name",
      consent: "accepted",
    });

    const res = await get("/api/public/programs/voice/thanks");
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.program).toEqual({
      slug: "voice",
      name: "Voice <Assistant>",
      policyUrl: POLICY_URL,
      languages: ["en"],
    });
    const year = new Date(clock).getUTCFullYear();
    expect(body.years).toHaveLength(1);
    expect(body.years[0].year).toBe(year);
    expect(body.years[0].entries).toEqual([
      {
        name: "Co <Finder>",
        creditType: "finder",
        reportKey: shipped,
        cveId: null,
        advisoryUrl: `https://voice.example/advisories/${shipped}`,
        disclosedAt: expect.any(String),
      },
    ]);
    for (const absent of [
      "Rae",
      "Pending Pat",
      "Declined Dan",
      "Hidden Hal",
      "Also Hidden",
      "Shipped bug",
      hiddenKey,
    ]) {
      expect(text).not.toContain(absent);
    }
    expect((await get("/api/public/programs/nope/thanks")).status).toBe(404);
  });
});
