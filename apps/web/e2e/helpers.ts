import { createRequire } from "node:module";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const USERS = {
  triager: { email: "triager@embargo.test", password: "embargo-triager-demo" },
  leadership: { email: "leadership@embargo.test", password: "embargo-leadership-demo" },
  admin: { email: "admin@embargo.test", password: "embargo-admin-demo" },
  sense: { email: "sense.triager@embargo.test", password: "embargo-sense-demo" },
} as const;

export async function signIn(page: Page, who: keyof typeof USERS) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(USERS[who].email);
  await page.getByLabel("Password").fill(USERS[who].password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Leadership-only users land on the leadership panel; everybody else on the inbox.
  const home = who === "leadership" ? "Leadership" : "Inbox";
  await expect(page.getByRole("heading", { name: home, exact: true, level: 1 })).toBeVisible();
}

/** A report sent to the Voice program through the public intake route, as a researcher's tool would. */
export async function postPublicReport(
  page: Page,
  title: string,
  reporter: { name?: string; handle?: string; email?: string } = {
    name: "Ira Researcher",
    email: "ira@researcher.example",
  },
): Promise<{ key: string; statusPath: string }> {
  const res = await page.request.post("/api/public/programs/voice/reports", {
    multipart: {
      report: JSON.stringify({
        title,
        description: "The agent's call recordings are served without checking the tenant.",
        stepsToReproduce: "1. Sign in as tenant A\n2. Fetch /recordings/<id of tenant B>",
        impact: "Any tenant reads every other tenant's calls.",
        affectedVersions: "1.0.2",
        reporter,
      }),
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { key: string; statusPath: string };
}

/** A staff call over the same tRPC endpoint the dashboard uses; its result. */
export async function staffCall(page: Page, path: string, input: unknown): Promise<unknown> {
  const res = await page.request.post(`/api/trpc/${path}`, {
    headers: { origin: new URL(page.url()).origin, "content-type": "application/json" },
    data: JSON.stringify({ json: input }),
  });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return ((await res.json()) as { result: { data: { json: unknown } } }).result.data.json;
}

// better-sqlite3 is the db package's dependency, not the dashboard's: load it from there
// (typed here by the little the specs use).
export interface Sqlite {
  pragma(p: string): unknown;
  prepare(sql: string): { run(...args: unknown[]): { changes: number }; get(...args: unknown[]): unknown };
  close(): void;
}
const Database = createRequire(path.resolve(import.meta.dirname, "../../../packages/db/package.json"))(
  "better-sqlite3",
) as new (
  file: string,
) => Sqlite;

/**
 * The run's database (e2e/run.mjs passes its path as E2E_DB), open for `f`:
 * a spec may age or set a row instead of waiting or going through a path
 * another spec covers.
 */
export function withRunDb<T>(f: (db: Sqlite) => T): T {
  const file = process.env.E2E_DB;
  if (!file) throw new Error("E2E_DB is not set: run the specs through e2e/run.mjs");
  const db = new Database(file);
  try {
    db.pragma("busy_timeout = 5000");
    return f(db);
  } finally {
    db.close();
  }
}
