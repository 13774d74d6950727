/**
 * Test support for backup-commands.test.ts (not used by the server): a second process
 * writing reports with an attachment through the real intake path (submitReport:
 * file fsynced, then one transaction) every `interval` ms until killed, printing
 * `committed <id>` after each commit. Usage: tsx backup-load-writer.ts DB DATA_DIR [interval] [slug]
 */
import { randomBytes } from "node:crypto";
import { openDatabase } from "@embargo/db";
import { submitReport } from "../intake/service.ts";
import { testSealer } from "../secrets/testing.ts";

const [dbFile, dataDir, every, slug] = process.argv.slice(2);
if (!dbFile || !dataDir) throw new Error("usage: backup-load-writer.ts DB DATA_DIR [interval-ms] [program-slug]");
const db = openDatabase(dbFile);
const cfg = {
  db,
  dataDir,
  publicUrl: "http://127.0.0.1:3000",
  sealer: testSealer,
  limits: { maxBytes: 1_048_576, maxFiles: 2 },
  now: () => new Date(),
};
let n = 0;
const write = async () => {
  n++;
  const r = await submitReport(cfg, {
    programSlug: slug ?? "load",
    channel: "web",
    input: {
      title: `Load report ${n}`,
      description: "Written while a backup runs.",
      stepsToReproduce: "Run the backup.",
      impact: "None.",
      affectedVersions: "1.0",
      reporter: { name: "Load", email: null, handle: null },
    },
    files: [{ filename: `trace-${n}.txt`, bytes: Buffer.from(`trace ${n} ${randomBytes(16).toString("hex")}\n`) }],
  });
  if (!r.ok) throw new Error(r.error);
  const id = db.$client.prepare("SELECT id FROM reports WHERE key = ?").pluck().get(r.key) as number;
  process.stdout.write(`committed ${id} ${Date.now()}\n`);
};
const loop = async () => {
  for (;;) {
    await write();
    await new Promise((res) => setTimeout(res, Number(every ?? 50)));
  }
};
process.on("SIGTERM", () => process.exit(0));
loop().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
