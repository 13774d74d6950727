// Runs the Playwright tests on a port picked free now (never a fixed one: other
// servers may be running), passed to playwright.config.ts as E2E_PORT.
import { spawn } from "node:child_process";
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
const child = spawn("playwright", ["test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, E2E_PORT: port },
  shell: process.platform === "win32",
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
