/**
 * Outputs are built from allow-lists (issue 9 §11): a column added to
 * `reports` reaches no output until someone names it, and leadership never
 * gets the reporter's text.
 */
import { type Db, type ReportRow, schema } from "@embargo/db";
import { eq, getTableColumns, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportView } from "./report-view.ts";
import {
  type Caller,
  callerFor,
  type Fixture,
  makeClock,
  makeTestDb,
  seedFixture,
  type TestDb,
} from "./test-support.ts";

const NEW_COLUMN = "NEW-COLUMN-SENTINEL-7f3a";
const TEXT = {
  description: "DESCRIPTION-SENTINEL",
  stepsToReproduce: "STEPS-SENTINEL",
  proofOfConcept: "POC-SENTINEL",
  impact: "IMPACT-SENTINEL",
  suggestedFix: "FIX-SENTINEL",
  configuration: "CONFIG-SENTINEL",
  sourceLocation: "SOURCE-SENTINEL",
};

// A throwaway schema: today's `reports` columns plus one that no output names yet.
const withNewColumn = { ...getTableColumns(schema.reports), newSecret: sql<string>`new_secret` };

let t: TestDb;
let db: Db;
let f: Fixture;
let triager: Caller;
let lead: Caller;
let key: string;

beforeAll(async () => {
  t = makeTestDb();
  db = t.db;
  const clock = makeClock();
  f = await seedFixture(db, clock.now);
  triager = await callerFor(db, f.users.triager, clock.now);
  lead = await callerFor(db, f.users.leadership, clock.now);
  ({ key } = await triager.reports.create({ programSlug: "alpha", title: "Allow-list report", ...TEXT }));
  db.$client.exec("ALTER TABLE reports ADD COLUMN new_secret TEXT");
  db.$client.prepare("UPDATE reports SET new_secret = ?").run(NEW_COLUMN);
});
afterAll(() => t?.cleanup());

describe("report outputs by allow-list", () => {
  it("a row carrying a new column gives a view without it, for every role", () => {
    const row = db.select(withNewColumn).from(schema.reports).where(eq(schema.reports.key, key)).get();
    expect(row?.newSecret).toBe(NEW_COLUMN); // sanity: the throwaway schema reads the column
    for (const canTriage of [true, false]) {
      const view = reportView(row as ReportRow, canTriage);
      expect(JSON.stringify(view)).not.toContain(NEW_COLUMN);
      expect(Object.keys(view)).not.toContain("newSecret");
      expect(Object.keys(view)).not.toContain("statusTokenHash");
    }
  });

  it("no read procedure returns the new column, to triagers or leadership", async () => {
    for (const caller of [triager, lead]) {
      const outputs = [
        await caller.reports.byKey({ key }),
        await caller.reports.list({ view: "all" }),
        await caller.programs.list(),
        await caller.auth.me(),
      ];
      for (const out of outputs) expect(JSON.stringify(out)).not.toContain(NEW_COLUMN);
    }
  });

  it("triagers get the reporter's text; leadership gets none of it", async () => {
    const asTriager = await triager.reports.byKey({ key });
    expect(asTriager.report).toMatchObject(TEXT);
    const asLead = JSON.stringify(await lead.reports.byKey({ key }));
    for (const sentinel of Object.values(TEXT)) expect(asLead).not.toContain(sentinel);
    const view = (await lead.reports.byKey({ key })).report;
    expect(view.title).toBe("Allow-list report"); // what is at stake stays visible
    for (const field of Object.keys(TEXT)) expect(view[field as keyof typeof TEXT]).toBeNull();
  });
});
