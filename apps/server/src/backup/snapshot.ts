import { chmodSync, closeSync, fsyncSync, openSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { betterSqlitePath } from "./open-snapshot.ts";

/**
 * Runs in a worker thread: its own read-only connection to the live database, and
 * `VACUUM INTO`, which copies one read transaction's snapshot. In WAL mode the server
 * keeps writing meanwhile (a reader never blocks the writer), and the copy holds every
 * transaction committed before it began, including those still only in the WAL.
 * Plain JavaScript, so the worker needs no TypeScript loader.
 */
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const started = Date.now();
const db = new Database(workerData.source, { readonly: true, fileMustExist: true });
try {
  db.pragma("busy_timeout = 10000");
  db.prepare("VACUUM INTO ?").run(workerData.target);
} finally {
  db.close();
}
parentPort.postMessage({ ms: Date.now() - started });
`;

/**
 * A consistent copy of the database file `source` at `target` (which must not exist),
 * 0600 and fsynced. Off the main thread: VACUUM INTO is synchronous in better-sqlite3
 * and takes seconds on a large database, which would stall every request of `serve`.
 */
export async function snapshotDatabase(source: string, target: string): Promise<{ ms: number }> {
  // VACUUM INTO accepts an empty file: created here, so it is private from the start.
  closeSync(openSync(target, "wx", 0o600));
  const result = await new Promise<{ ms: number }>((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { driver: betterSqlitePath(), source: path.resolve(source), target: path.resolve(target) },
    });
    let done: { ms: number } | null = null;
    worker.once("message", (m: { ms: number }) => {
      done = m;
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (done) resolve(done);
      else reject(new Error(`the snapshot worker stopped (exit code ${code})`));
    });
  });
  chmodSync(target, 0o600);
  const fd = openSync(target, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return result;
}
