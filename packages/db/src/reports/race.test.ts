import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DomainError, defaultPolicy, planTransition, reportFieldsSchema } from "@embargo/core";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../client.ts";
import { createProgram } from "../programs/programs.ts";
import { reportByKey } from "./reads.ts";
import { applyTransition, createReport } from "./writes.ts";

/**
 * Two connections (as two requests or two servers would be) read the same
 * report, then both try to move it. Exactly one change commits; the other is
 * refused with a conflict naming the state and who set it, and writes no
 * event, audit entry or email.
 */
const file = path.join(mkdtempSync(path.join(tmpdir(), "embargo-race-")), "embargo.db");
const a = openDatabase(file);
const b = openDatabase(file);
afterAll(() => {
  closeDatabase(a);
  closeDatabase(b);
});
const T0 = new Date("2026-05-01T09:00:00Z");
const alice = { userId: null, label: "alice@example.com" };
const bob = { userId: null, label: "bob@example.com" };

const program = createProgram(a, { slug: "p", name: "P", keyPrefix: "P", policy: defaultPolicy() }, alice, T0);
function newReport(): string {
  return createReport(
    a,
    {
      programId: program.id,
      fields: reportFieldsSchema.parse({ title: "Race", description: "Steps." }),
      channel: "manual",
      receivedAt: T0,
      reporter: { name: "R", handle: null, email: "r@example.com" },
    },
    alice,
    T0,
  ).key;
}
const count = (db: Db, sql: string, ...p: unknown[]) =>
  db.$client
    .prepare(sql)
    .pluck()
    .get(...p) as number;

describe("racing transitions on one report", () => {
  it("spam on one connection and acknowledge on the other: one commits, the other gets a conflict", () => {
    const key = newReport();
    const seenByA = reportByKey(a, key)!;
    const seenByB = reportByKey(b, key)!;
    applyTransition(a, seenByA, planTransition(seenByA, { action: "close_spam" }), { duplicateOfId: null }, alice, T0);
    let err: unknown;
    try {
      applyTransition(b, seenByB, planTransition(seenByB, { action: "acknowledge" }), { duplicateOfId: null }, bob, T0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).kind).toBe("conflict");
    expect((err as DomainError).message).toBe(`${key} is already spam (by alice@example.com); nothing was changed`);
    const id = reportByKey(a, key)!.id;
    expect(count(a, "SELECT count(*) FROM report_events WHERE report_id = ? AND type = 'transition'", id)).toBe(1);
    expect(
      count(
        a,
        "SELECT count(*) FROM audit_log WHERE entity_id = ? AND action LIKE 'report.%' AND action <> 'report.create'",
        key,
      ),
    ).toBe(1);
    expect(reportByKey(b, key)!.state).toBe("spam");
  });

  it("a double acknowledgement writes one event, one audit entry and one email", () => {
    const key = newReport();
    const first = reportByKey(a, key)!;
    const second = reportByKey(b, key)!;
    const mails = () => count(a, "SELECT count(*) FROM outbox WHERE channel = 'email' AND report_id = ?", first.id);
    const before = mails();
    applyTransition(a, first, planTransition(first, { action: "acknowledge" }), { duplicateOfId: null }, alice, T0);
    const afterFirst = mails();
    expect(afterFirst).toBeGreaterThan(before);
    expect(() =>
      applyTransition(b, second, planTransition(second, { action: "acknowledge" }), { duplicateOfId: null }, bob, T0),
    ).toThrow(/already acknowledged \(by alice@example.com\)/);
    expect(count(a, "SELECT count(*) FROM report_events WHERE report_id = ? AND type = 'transition'", first.id)).toBe(
      1,
    );
    expect(count(a, "SELECT count(*) FROM audit_log WHERE entity_id = ? AND action = 'report.acknowledge'", key)).toBe(
      1,
    );
    expect(mails()).toBe(afterFirst);
  });
});
