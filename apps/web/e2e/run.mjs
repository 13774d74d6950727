// Runs the Playwright tests on a port picked free now (never a fixed one: other
// servers may be running), passed to playwright.config.ts as E2E_PORT.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const port =
  process.env.E2E_PORT ??
  (await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port: p } = probe.address();
      probe.close(() => resolve(String(p)));
    });
  }));
// The package's own CLI through this node, so it runs with or without node_modules/.bin on PATH.
const cli = createRequire(import.meta.url).resolve("@playwright/test/cli");
// The run's database, known to the specs too: a spec may age a session's proof of
// identity in it (re-authentication after 10 minutes) instead of waiting.
const db = process.env.E2E_DB ?? path.join(mkdtempSync(path.join(tmpdir(), "embargo-e2e-")), "e2e.db");
const child = spawn(process.execPath, [cli, "test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, E2E_PORT: port, E2E_DB: db },
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
