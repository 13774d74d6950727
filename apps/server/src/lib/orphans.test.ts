import { mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { testEnv } from "../email/testing.ts";
import { submitReport } from "../intake/service.ts";
import { chooseOrphans, type FoundFile, ORPHAN_GRACE_MS, sweepOrphans } from "./orphans.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);
const NOW = new Date("2026-12-02T12:00:00Z");
const old = NOW.getTime() - ORPHAN_GRACE_MS - 1;
const f = (area: FoundFile["area"], rel: string, mtimeMs = old): FoundFile => ({ area, rel, mtimeMs });

describe("chooseOrphans", () => {
  const referenced = { attachments: new Set([A]), mail: new Set([B]) };
  it("picks unreferenced content-addressed files and temporary files", () => {
    const files = [
      f("attachments", `aa/${A}`),
      f("attachments", `bb/${B}`),
      f("mail", `bb/${B}.eml`),
      f("mail", `aa/${A}.eml`),
      f("attachments", `aa/.${A}.0123456789ab.tmp`),
    ];
    expect(chooseOrphans(files, referenced, NOW).map((o) => [o.rel, o.why])).toEqual([
      [`bb/${B}`, "unreferenced"],
      [`aa/${A}.eml`, "unreferenced"],
      [`aa/.${A}.0123456789ab.tmp`, "temporary"],
    ]);
  });
  it("leaves young files (another process may be about to commit their row) and files it did not name", () => {
    const files = [
      f("attachments", `bb/${B}`, NOW.getTime() - 1000),
      f("attachments", `aa/.${A}.x.tmp`, NOW.getTime() - 1000),
      f("attachments", "bb/notes.txt"),
      f("attachments", `cc/${B}`),
      f("mail", `bb/${B}`),
    ];
    expect(chooseOrphans(files, referenced, NOW)).toEqual([]);
  });
});

describe("sweepOrphans", () => {
  let env: ReturnType<typeof testEnv> | undefined;
  afterEach(() => env?.close());

  it("removes orphan and temporary files and keeps every file a row points to", async () => {
    env = testEnv();
    const r = await submitReport(env.cfg, {
      programSlug: "voice",
      channel: "web",
      input: {
        title: "Stored XSS in the profile page",
        description: "The display name is rendered without escaping, so a script runs for every visitor.",
        severity: "high",
        affectedVersions: "2.1",
        stepsToReproduce: "Set the display name to a script tag and open the profile.",
        impact: "Account takeover of every visitor.",
      },
      files: [{ filename: "poc.txt", bytes: Buffer.from("proof of concept") }],
    });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const kept = readdirSync(path.join(env.dir, "attachments"), { recursive: true }).filter((p) =>
      String(p).includes("/"),
    );
    expect(kept).toHaveLength(1);
    const plant = (rel: string) => {
      const p = path.join(env!.dir, rel);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, "x");
      utimesSync(p, new Date(old), new Date(old));
    };
    plant(`attachments/cc/${"c".repeat(64)}`);
    plant(`attachments/cc/.${"c".repeat(64)}.abcdef.tmp`);
    plant(`mail/dd/${"d".repeat(64)}.eml`);
    plant(`mail/dd/.${"d".repeat(64)}.eml.abcdef.tmp`);
    const result = sweepOrphans(env.db, env.dir, NOW);
    expect(result).toEqual({ attachments: 1, mail: 1, temporary: 2, failed: 0 });
    const left = readdirSync(path.join(env.dir, "attachments"), { recursive: true }).filter((p) =>
      String(p).includes("/"),
    );
    expect(left).toEqual(kept);
    expect(readdirSync(path.join(env.dir, "mail", "dd"))).toEqual([]);
  });
});
