// Starts the real server on a fresh demo database in a temp folder.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const port = process.argv[2] ?? "3217";
// e2e/run.mjs names the database (E2E_DB); a bare `playwright test` gets a fresh one.
const db = process.env.E2E_DB ?? path.join(mkdtempSync(path.join(tmpdir(), "embargo-e2e-")), "e2e.db");
const here = path.dirname(fileURLToPath(import.meta.url));
const child = spawn(
  process.execPath,
  [path.join(here, "../../server/bin/embargo.mjs"), "serve", "--demo-if-empty", "--port", port],
  {
    stdio: "inherit",
    // The whole suite posts more public reports from one address than a person would in an hour:
    // a higher intake limit for this run (the limit itself is tested in apps/server).
    env: { ...process.env, EMBARGO_DB: db, EMBARGO_LOG_LEVEL: "warn", EMBARGO_INTAKE_RATE_LIMIT: "1000" },
  },
);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
