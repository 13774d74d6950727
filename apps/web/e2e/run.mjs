// Runs the Playwright tests on a port picked free now (never a fixed one: other
// servers may be running), passed to playwright.config.ts as E2E_PORT.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";

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
const child = spawn(process.execPath, [cli, "test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, E2E_PORT: port },
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
