import { rmSync, statSync } from "node:fs";
import { openDatabase } from "@embargo/db";
import { snapshotDatabase } from "./snapshot.ts";

const src = process.argv[2]!;
const lagDuring = async (work: () => Promise<unknown> | unknown) => {
  let max = 0;
  let last = performance.now();
  const t = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last - 10);
    last = now;
  }, 10);
  await new Promise((r) => setTimeout(r, 50));
  const s = performance.now();
  await work();
  const ms = performance.now() - s;
  await new Promise((r) => setTimeout(r, 50));
  clearInterval(t);
  return { ms: Math.round(ms), maxLagMs: Math.round(max) };
};
const db = openDatabase(src, { migrate: false });
rmSync("/tmp/bk/m1.db", { force: true });
rmSync("/tmp/bk/m2.db", { force: true });
console.log("db bytes", statSync(src).size);
console.log("main thread VACUUM INTO", await lagDuring(() => db.$client.prepare("VACUUM INTO ?").run("/tmp/bk/m1.db")));
console.log("worker VACUUM INTO", await lagDuring(() => snapshotDatabase(src, "/tmp/bk/m2.db")));
console.log("snapshot bytes", statSync("/tmp/bk/m2.db").size);
