/**
 * The weekly leadership digest (sendDueDigests, run by the minute job): one
 * email per opted-in user at their weekday and hour in their own time zone,
 * not before the hour, not twice in a week, never to a disabled user or one
 * who turned it off; counts only, never a report's key or title. Instants are
 * worked out by hand: Asia/Kolkata is UTC+5:30; Los Angeles is UTC-7 from
 * Sunday 8 March 2026 (daylight saving time).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy, reportFieldsSchema } from "@embargo/core";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../client.ts";
import { emailPayloadOf } from "../outbox/queue.ts";
import { createProgram } from "../programs/programs.ts";
import { createReport } from "../reports/writes.ts";
import { outbox } from "../schema/intake.ts";
import { users } from "../schema/users.ts";
import { createUser } from "../users/create-user.ts";
import { sendDueDigests } from "./digest.ts";

const SYSTEM = { userId: null, label: "test" };
const TITLE = "Digest secret title: remote takeover";
let dir: string;
let db: Db;
let reportKey: string;

interface Person {
  id: number;
  email: string;
}
const people: Record<string, Person> = {};

async function person(
  name: string,
  programId: number | null,
  digest: { weekday: number | null; hour: number; timeZone: string | null; disabled?: boolean },
): Promise<void> {
  const email = `${name}@digest.test`;
  const row = await createUser(
    db,
    {
      email,
      name,
      password: `${name}-password-123`,
      memberships: programId ? [{ programId, role: "leadership" }] : [],
    },
    SYSTEM,
    new Date("2026-03-01T00:00:00Z"),
  );
  db.update(users)
    .set({
      digestWeekday: digest.weekday,
      digestHour: digest.hour,
      timeZone: digest.timeZone,
      disabledAt: digest.disabled ? new Date("2026-03-01T00:00:00Z") : null,
    })
    .where(eq(users.id, row.id))
    .run();
  people[name] = { id: row.id, email };
}

/** Digest emails queued for a person, oldest first. */
const digestsOf = (name: string) =>
  db
    .select()
    .from(outbox)
    .where(and(eq(outbox.event, "leadership.digest"), eq(outbox.target, people[name]!.email)))
    .all();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "embargo-digest-"));
  db = openDatabase(path.join(dir, "digest.db"));
  const program = createProgram(
    db,
    {
      slug: "dig",
      name: "Digest Program",
      keyPrefix: "DIG",
      // Critical reports page leadership in this program.
      policy: { ...defaultPolicy(), escalateCriticalToLeadership: true },
    },
    SYSTEM,
    new Date("2026-03-01T00:00:00Z"),
  );
  // One open critical report (so one page-level escalation) and one unrated, both received on Friday 6 March.
  const report = (title: string, critical: boolean) =>
    createReport(
      db,
      {
        programId: program.id,
        fields: reportFieldsSchema.parse({ title, description: "Secret exploit steps for the digest test." }),
        channel: "manual",
        receivedAt: new Date("2026-03-06T10:00:00Z"),
        reporter: null,
        severity: critical ? { severity: "critical", source: "manual", reason: "test" } : null,
      },
      SYSTEM,
      new Date("2026-03-06T10:00:00Z"),
    );
  reportKey = report(TITLE, true).key;
  report("Second digest report title", false);

  // Monday 08:00 in Kolkata = Monday 02:30 UTC.
  await person("kolkata", program.id, { weekday: 1, hour: 8, timeZone: "Asia/Kolkata" });
  // Monday 08:00 with no zone: UTC.
  await person("utc", program.id, { weekday: 1, hour: 8, timeZone: null });
  // Sunday 23:00 in Los Angeles = Monday 06:00 UTC.
  await person("lax", program.id, { weekday: 7, hour: 23, timeZone: "America/Los_Angeles" });
  await person("disabled", program.id, { weekday: 1, hour: 0, timeZone: null, disabled: true });
  await person("off", program.id, { weekday: null, hour: 0, timeZone: null });
  await person("nowhere", null, { weekday: 1, hour: 0, timeZone: null });
});

afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

describe("sendDueDigests", () => {
  it("sends at each user's weekday and hour in their own zone, not before, once a week", () => {
    // Sunday 8 March 2026: nobody's hour yet (Los Angeles is at 16:00 on Sunday).
    expect(sendDueDigests(db, new Date("2026-03-08T23:00:00Z"))).toBe(0);
    // Monday 02:29 UTC = 07:59 in Kolkata.
    expect(sendDueDigests(db, new Date("2026-03-09T02:29:00Z"))).toBe(0);
    expect(digestsOf("kolkata")).toHaveLength(0);
    // Monday 02:30 UTC = 08:00 in Kolkata.
    expect(sendDueDigests(db, new Date("2026-03-09T02:30:00Z"))).toBe(1);
    expect(digestsOf("kolkata")).toHaveLength(1);
    expect(digestsOf("kolkata")[0]!.createdAt.toISOString()).toBe("2026-03-09T02:30:00.000Z");
    // The minute job runs again and again: once.
    expect(sendDueDigests(db, new Date("2026-03-09T02:31:00Z"))).toBe(0);
    expect(sendDueDigests(db, new Date("2026-03-09T05:59:00Z"))).toBe(0);
    // Monday 06:00 UTC = Sunday 23:00 in Los Angeles (ISO weekday 7).
    expect(sendDueDigests(db, new Date("2026-03-09T06:00:00Z"))).toBe(1);
    expect(digestsOf("lax")).toHaveLength(1);
    expect(sendDueDigests(db, new Date("2026-03-09T07:59:00Z"))).toBe(0);
    // Monday 08:00 UTC.
    expect(sendDueDigests(db, new Date("2026-03-09T08:00:00Z"))).toBe(1);
    expect(digestsOf("utc")).toHaveLength(1);
    // Later that Monday and all week: nothing more.
    for (const at of ["2026-03-09T18:00:00Z", "2026-03-10T08:00:00Z", "2026-03-13T08:00:00Z", "2026-03-15T23:00:00Z"]) {
      expect(sendDueDigests(db, new Date(at)), at).toBe(0);
    }
    for (const name of ["kolkata", "lax", "utc"]) expect(digestsOf(name), name).toHaveLength(1);
    // The next Monday, each once more at their hour.
    expect(sendDueDigests(db, new Date("2026-03-16T02:30:00Z"))).toBe(1);
    expect(sendDueDigests(db, new Date("2026-03-16T02:30:00Z"))).toBe(0);
    expect(digestsOf("kolkata")).toHaveLength(2);
  });

  it("never sends to a disabled user, one who turned it off, or one with no programs", () => {
    for (const name of ["disabled", "off", "nowhere"]) expect(digestsOf(name), name).toHaveLength(0);
  });

  it("catches up later the same day when the job was down at the hour, but not the next day", () => {
    // The utc user's next Monday, 16 March: the job is down until 10:00.
    expect(sendDueDigests(db, new Date("2026-03-16T10:00:00Z"))).toBe(1);
    expect(digestsOf("utc")).toHaveLength(2);
    expect(digestsOf("utc")[1]!.createdAt.toISOString()).toBe("2026-03-16T10:00:00.000Z");
    // Kolkata's Monday 23 March passes with the job down; Tuesday it does not send.
    expect(sendDueDigests(db, new Date("2026-03-24T02:30:00Z"))).toBe(0);
    expect(digestsOf("kolkata")).toHaveLength(2);
  });

  it("the email holds counts and the panel link, never a report's key or title", () => {
    const mail = emailPayloadOf(digestsOf("kolkata")[0]!)!;
    expect(mail.subject).toMatch(/digest/i);
    expect(mail.subject).toContain("1 open escalation");
    expect(mail.text).toContain("Digest Program");
    expect(mail.text).toContain("Open escalations: 1 (1 at page level)");
    expect(mail.text).toContain("Open critical reports: 1");
    // Both reports arrived in the last 30 days, none closed.
    expect(mail.text).toContain("Received: 2; closed: 0");
    expect(mail.text).toContain("/leadership");
    for (const m of [...digestsOf("kolkata"), ...digestsOf("utc"), ...digestsOf("lax")]) {
      const p = emailPayloadOf(m)!;
      const all = p.subject + p.text;
      expect(all).not.toContain(reportKey);
      expect(all).not.toContain("DIG-");
      expect(all).not.toContain(TITLE);
      expect(all).not.toContain("Second digest report title");
      expect(all).not.toContain("Secret exploit");
    }
  });
});
