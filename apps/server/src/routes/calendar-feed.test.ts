/**
 * The .ics feed over real HTTP: the URL the dashboard hands out
 * (disclosure.regenerateFeed) lists the owner's programs only, a new URL
 * retires the old one, a moved date keeps its event's UID, and hostile titles
 * stay inside their own property. Parsed with ical.js, not regexes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy } from "@embargo/core";
import {
  closeDatabase,
  createProgram,
  createReport,
  createUser,
  type Db,
  openDatabase,
  type ReportRow,
  reportById,
  setDisclosureTarget,
} from "@embargo/db";
import type { FastifyInstance } from "fastify";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../http.ts";
import { pathForLog } from "../request-path.ts";
import { testSealer } from "../secrets/testing.ts";

const SYSTEM = { userId: null, label: "test" };
const DAY = 86_400_000;
const PUBLIC_URL = "https://embargo.example.org";
const PASSWORD = "correct horse battery staple";

let dir: string;
let db: Db;
let app: FastifyInstance;
let base: string;
let voiceReport: ReportRow;
let edgeReport: ReportRow;
let hostileReport: ReportRow;
const HOSTILE_TITLE = "Crash, then; more\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected";

function newReport(programId: number, title: string): ReportRow {
  return createReport(
    db,
    {
      programId,
      fields: {
        title,
        description: "Secret details that must never reach a calendar.",
        cwe: null,
        component: null,
        sourceLocation: null,
        affectedVersions: null,
        configuration: null,
        stepsToReproduce: null,
        proofOfConcept: null,
        impact: null,
        suggestedFix: null,
      },
      channel: "manual",
      receivedAt: new Date(Date.now() - DAY),
      reporter: null,
      severity: { severity: "high", source: "manual", reason: "test" },
    },
    SYSTEM,
    new Date(),
  );
}

/** A disclosure date in whole minutes, as the form sets it (iCalendar times have seconds at most). */
function plan(report: ReportRow, inDays: number): ReportRow {
  const now = new Date();
  const at = Math.floor((now.getTime() + inDays * DAY) / 60_000) * 60_000;
  return db.transaction((tx) =>
    setDisclosureTarget(tx, reportById(tx, report.id)!, { at: new Date(at), timeZone: "Europe/Berlin" }, SYSTEM, now),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "embargo-ics-"));
  db = openDatabase(path.join(dir, "embargo.db"));
  const now = new Date();
  const voice = createProgram(
    db,
    { slug: "voice", name: "Voice", keyPrefix: "VOICE", policy: defaultPolicy() },
    SYSTEM,
    now,
  );
  const edge = createProgram(
    db,
    { slug: "edge", name: "Edge", keyPrefix: "EDGE", policy: defaultPolicy() },
    SYSTEM,
    now,
  );
  await createUser(
    db,
    {
      email: "alice@example.org",
      name: "Alice",
      password: PASSWORD,
      memberships: [{ programId: voice.id, role: "triager" }],
    },
    SYSTEM,
    now,
  );
  await createUser(
    db,
    {
      email: "lead@example.org",
      name: "Lead",
      password: PASSWORD,
      memberships: [{ programId: edge.id, role: "leadership" }],
    },
    SYSTEM,
    now,
  );
  voiceReport = plan(newReport(voice.id, "Wake word bypass"), 10);
  hostileReport = plan(newReport(voice.id, HOSTILE_TITLE), 20);
  edgeReport = plan(newReport(edge.id, "Router admin takeover"), 12);
  app = await buildServer({
    db,
    logLevel: "silent",
    intake: {
      db,
      dataDir: path.join(dir, "data"),
      publicUrl: PUBLIC_URL,
      sealer: testSealer,
      limits: { maxBytes: 64 * 1024, maxFiles: 2 },
      now: () => new Date(),
    },
  });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
});

afterAll(async () => {
  await app.close();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

/** Sign in over HTTP as the dashboard does; returns the session cookie. */
async function signIn(email: string): Promise<string> {
  const res = await fetch(`${base}/api/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ json: { email, password: PASSWORD } }),
  });
  const cookie = /embargo_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
  if (!res.ok || !cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie;
}

async function mutate<T>(cookie: string, procedure: string): Promise<T> {
  const res = await fetch(`${base}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, cookie },
    body: "{}",
  });
  const body = (await res.json()) as { result?: { data: { json: T } } };
  if (!res.ok || !body.result) throw new Error(`${procedure}: ${res.status} ${JSON.stringify(body)}`);
  return body.result.data.json;
}

/** The path of a feed URL the API handed out (it names the public URL, the test server listens elsewhere). */
async function newFeedPath(cookie: string): Promise<string> {
  const { url } = await mutate<{ url: string }>(cookie, "disclosure.regenerateFeed");
  expect(url.startsWith(`${PUBLIC_URL}/calendar/`)).toBe(true);
  return new URL(url).pathname;
}

interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  start: Date;
  startIsUtc: boolean;
  sequence: number;
  lastModified: Date;
}

async function readFeed(feedPath: string): Promise<{ res: Response; events: ParsedEvent[] }> {
  const res = await fetch(base + feedPath);
  if (res.status !== 200) return { res, events: [] };
  const cal = new ICAL.Component(ICAL.parse(await res.text()));
  expect(cal.name).toBe("vcalendar");
  const events = cal.getAllSubcomponents("vevent").map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      description: e.description,
      start: e.startDate.toJSDate(),
      startIsUtc: e.startDate.zone?.tzid === "UTC",
      sequence: Number(v.getFirstPropertyValue("sequence")),
      lastModified: (v.getFirstPropertyValue("last-modified") as ICAL.Time).toJSDate(),
    };
  });
  return { res, events };
}

describe("GET /calendar/<token>.ics", () => {
  let alice: string;
  let alicePath: string;

  it("lists the owner's programs only, as RFC 5545 with UTC start times and links to the reports", async () => {
    alice = await signIn("alice@example.org");
    alicePath = await newFeedPath(alice);
    const { res, events } = await readFeed(alicePath);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const keys = events.map((e) => e.summary.split(" ")[1]);
    expect(keys).toContain(voiceReport.key);
    expect(keys).toContain(hostileReport.key);
    expect(keys).not.toContain(edgeReport.key);
    const voice = events.find((e) => e.uid === `${voiceReport.key}-disclosure@embargo.example.org`);
    expect(voice).toBeDefined();
    expect(voice?.summary).toBe(`Disclosure: ${voiceReport.key} Wake word bypass`);
    expect(voice?.startIsUtc).toBe(true);
    expect(voice?.start.getTime()).toBe(reportById(db, voiceReport.id)?.disclosureTargetAt?.getTime());
    expect(voice?.description).toContain(`${PUBLIC_URL}/reports/${voiceReport.key}`);
    // Dates and titles, never the report's text.
    expect(events.some((e) => e.description.includes("Secret details"))).toBe(false);

    // The leadership member of the other program sees that program's report and not Alice's.
    const lead = await signIn("lead@example.org");
    const { events: leadEvents } = await readFeed(await newFeedPath(lead));
    const leadKeys = leadEvents.map((e) => e.summary.split(" ")[1]);
    expect(leadKeys).toContain(edgeReport.key);
    expect(leadKeys).not.toContain(voiceReport.key);
  });

  it("keeps a hostile title inside its own SUMMARY", async () => {
    const { events } = await readFeed(alicePath);
    const hostile = events.filter((e) => e.uid.startsWith(`${hostileReport.key}-`));
    expect(hostile).toHaveLength(1);
    // Its line breaks survive as escaped newlines (\n), which start nothing.
    expect(hostile[0]?.summary).toBe(`Disclosure: ${hostileReport.key} ${HOSTILE_TITLE.replace(/\r\n/g, "\n")}`);
    expect(events.some((e) => e.summary === "injected")).toBe(false);
  });

  it("keeps an event's UID when its date moves, and raises SEQUENCE and LAST-MODIFIED", async () => {
    const before = (await readFeed(alicePath)).events.find((e) => e.uid.startsWith(`${voiceReport.key}-disclosure@`));
    // updatedAt has millisecond precision, SEQUENCE counts seconds.
    await new Promise((r) => setTimeout(r, 1100));
    const moved = plan(voiceReport, 15);
    const after = (await readFeed(alicePath)).events.find((e) => e.uid === before?.uid);
    expect(after).toBeDefined();
    expect(after?.start.getTime()).toBe(moved.disclosureTargetAt?.getTime());
    expect(after?.start.getTime()).not.toBe(before?.start.getTime());
    expect(after?.sequence).toBeGreaterThan(before?.sequence ?? Number.POSITIVE_INFINITY);
    expect(after?.lastModified.getTime()).toBeGreaterThan(before?.lastModified.getTime() ?? Number.POSITIVE_INFINITY);
  });

  it("answers 404 for the old URL after a new one is made, after turning it off, and for unknown tokens", async () => {
    const newer = await newFeedPath(alice);
    expect(newer).not.toBe(alicePath);
    expect((await fetch(base + alicePath)).status).toBe(404);
    expect((await readFeed(newer)).res.status).toBe(200);
    await mutate(alice, "disclosure.revokeFeed");
    const off = await fetch(base + newer);
    expect(off.status).toBe(404);
    expect(off.headers.get("cache-control")).toBe("no-store");
    for (const p of ["/calendar/not-a-real-token-but-long-enough.ics", "/calendar/x.ics", "/calendar/%2e%2e.ics"]) {
      expect((await fetch(base + p)).status).toBe(404);
    }
  });

  it("answers 404 once the owner is disabled", async () => {
    const lead = await signIn("lead@example.org");
    const feed = await newFeedPath(lead);
    expect((await fetch(base + feed)).status).toBe(200);
    db.$client.prepare("UPDATE users SET disabled_at = ? WHERE email = ?").run(Date.now(), "lead@example.org");
    expect((await fetch(base + feed)).status).toBe(404);
  });

  it("never logs the token", () => {
    const token = "Zm9vYmFyYmF6cXV4cXV1eGZvb2Jhcg";
    for (const url of [`/calendar/${token}.ics`, `/CALENDAR/${token}.ics?x=1`, `/calendar%2F${token}.ics`]) {
      expect(pathForLog(url)).not.toContain(token);
    }
  });
});
