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
    env: { ...process.env, EMBARGO_DB: db, EMBARGO_LOG_LEVEL: "warn" },
  },
);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
