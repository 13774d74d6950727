import { expect, it } from "vitest";
import { callerFor, makeTestDb, seedFixture, expectTRPCError, fieldErrorsOf, errorShapeOf } from "./test-support.ts";
it("smoke", async () => {
  const t = makeTestDb();
  const t0 = Date.now();
  const f = await seedFixture(t.db);
  console.log("seed ms", Date.now() - t0, f.reports);
  const c = await callerFor(t.db, f.users.triager);
  const e = await expectTRPCError(c.reports.create({ programSlug: "alpha", title: "abc", description: "x", cvssVector: "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }), "BAD_REQUEST");
  console.log(e.message, errorShapeOf(e));
  const e2 = await expectTRPCError(c.reports.create({ programSlug: "alpha", description: "x" } as never), "BAD_REQUEST");
  console.log(e2.message, fieldErrorsOf(e2));
  for (const q of ['"', "*", "OR", "NEAR(", "-", "xss -", "a:b", "^x", "foo\"bar", "(", ")", "AND", "NOT x", "'", "\\", "alpha-1", "ALPHA-1 sql"]) {
    try { const r = await c.reports.list({ q, view: "all" }); console.log(JSON.stringify(q), r.total, r.rows.map(x=>x.key)); } catch (err) { console.log("ERR", q, (err as Error).message, (err as any).cause?.message); }
  }
  t.cleanup();
});
