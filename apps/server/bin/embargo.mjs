#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so the workspace packages need no build step.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { constants } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const child = spawn(process.execPath, [tsx, path.join(here, "../src/cli.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
});
// A signal sent to this process (a supervisor's or a test's SIGTERM) reaches the server too:
// without this it ran on, orphaned, holding its port and the database's lock.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + constants.signals[signal] : 1)));
