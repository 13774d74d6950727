import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createCaller, createContext } from "@embargo/api";
import { defaultPolicy } from "@embargo/core";
import { closeDatabase, createProgram, createUser, openDatabase } from "@embargo/db";
import { beforeAll, describe, expect, inject, it } from "vitest";

// src/cli.ts, bundled once per test run (test/cli-bundle.ts): a CLI start in half the time.
const bin = inject("cliBundle");
const dir = mkdtempSync(path.join(tmpdir(), "embargo-cli-ack-"));
const dbFile = path.join(dir, "ack.db");
const SYSTEM = { userId: null, label: "test" };
const PASSWORD = "correct horse battery staple";

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    env: { ...process.env, EMBARGO_DB: dbFile },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let key = "";
let other = "";
let day = "";

beforeAll(async () => {
  const db = openDatabase(dbFile);
  try {
    const now = new Date();
    const voice = createProgram(
      db,
      { slug: "voice", name: "Voice Agent", keyPrefix: "VOICE", policy: defaultPolicy() },
      SYSTEM,
      now,
    );
    const edge = createProgram(
      db,
      { slug: "edge", name: "Edge Router", keyPrefix: "EDGE", policy: defaultPolicy() },
      SYSTEM,
      now,
    );
    const memberships = [voice.id, edge.id].map((programId) => ({ programId, role: "triager" as const }));
    await createUser(db, { email: "t@voice.test", name: "T", password: PASSWORD, memberships }, SYSTEM, now);
    let sessionToken = "";
    const signer = createCaller(
      createContext({
        db,
        cookie: {
          set: (t) => {
            sessionToken = t;
          },
          clear() {},
        },
      }),
    );
    await signer.auth.signIn({ email: "t@voice.test", password: PASSWORD });
    const staff = createCaller(createContext({ db, sessionToken }));
    const disclosed = async (program: string, name: string) => {
      const r = await staff.reports.create({
        programSlug: program,
        title: "CLI acknowledgments",
        description: "Steps.",
        cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N",
        reporter: { name, handle: null, email: null },
      });
      await staff.credits.add({
        key: r.key,
        name: 'Okafor, "Chidi"',
        type: "analyst",
        display: "name",
        consent: "accepted",
      });
      await staff.credits.add({ key: r.key, name: "Declined Dan", type: "tool", display: "name", consent: "declined" });
      const [own] = await staff.credits.list({ key: r.key });
      // The reporter told the team they want to stay anonymous.
      await staff.credits.update({ key: r.key, id: own!.id, display: "anonymous" });
      await staff.reports.transition({ key: r.key, action: "triage" });
      await staff.reports.transition({ key: r.key, action: "mark_fixed", fixedVersion: "1.2.3" });
      await staff.disclosure.publish({
        key: r.key,
        advisoryUrl: `https://voice.example/a/${r.key}`,
        overrideReason: "Released",
      });
      return r.key;
    };
    key = await disclosed("voice", "Rae Reporter");
    other = await disclosed("edge", "Edgar");
    day = new Date().toISOString().slice(0, 10);
  } finally {
    closeDatabase(db);
  }
}, 60_000);

describe("embargo export acknowledgments", () => {
  it("prints the Markdown list of one program", () => {
    const r = run(["export", "acknowledgments", "--program", "voice", "--format", "md"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n").filter((l) => l.startsWith("- "));
    const link = `[${key}](https://voice.example/a/${key})`;
    // The reporter's credit was never accepted; the analyst's was.
    expect(lines).toEqual([`- **Okafor, "Chidi"** — Analyst — ${link} — ${day}`]);
    expect(r.out).toContain("Voice Agent");
    expect(r.out).not.toContain("Declined Dan");
    expect(r.out).not.toContain(other);
  });

  it("writes the CSV of all programs to --out, quoted, and refuses to replace it", () => {
    const out = path.join(dir, "acks.csv");
    const r = run(["export", "acknowledgments", "--from", day, "--to", day, "--format", "csv", "--out", out]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const body = readFileSync(out, "utf8");
    expect(body).toContain(`"Okafor, ""Chidi""",analyst,${key},https://voice.example/a/${key},Voice Agent,${day}`);
    expect(body).toContain(`"Okafor, ""Chidi""",analyst,${other},https://voice.example/a/${other},Edge Router,${day}`);
    expect(body).not.toContain("Declined Dan");
    const again = run(["export", "acknowledgments", "--format", "csv", "--out", out]);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain("--force");
  });

  it("names the option when the period ends before it starts or the format is unknown", () => {
    const period = run(["export", "acknowledgments", "--from", "2026-03-02", "--to", "2026-03-01", "--format", "md"]);
    expect(period.code).not.toBe(0);
    expect(period.err).toContain("--to");
    expect(period.out).toBe("");
    const format = run(["export", "acknowledgments", "--format", "pdf"]);
    expect(format.code).not.toBe(0);
    expect(format.err).toContain("--format");
  });
});
