/**
 * The real server for the resilience suites: `node --import tsx apps/server/src/cli.ts serve`
 * on a free loopback port with its own data folder, output captured for the logs suite.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = path.join(REPO, "apps/server/src/cli.ts");

export const DEMO = {
  admin: { email: "admin@embargo.test", password: "embargo-admin-demo" },
  triager: { email: "triager@embargo.test", password: "embargo-triager-demo" },
} as const;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export const tempDataDir = (name: string) => mkdtempSync(path.join(tmpdir(), `embargo-resilience-${name}-`));

/** Removes a suite's data folder (kept when RESILIENCE_KEEP is set, to look at after a failure). */
export const removeDataDir = (dir: string) => {
  if (!process.env.RESILIENCE_KEEP) rmSync(dir, { recursive: true, force: true });
};

export interface ServerOptions {
  dir: string;
  demo?: boolean;
  /** Start the inbound SMTP listener on a free port. */
  smtp?: boolean;
  logLevel?: string;
  env?: Record<string, string>;
}

export interface RunningServer {
  base: string;
  port: number;
  smtpPort: number | null;
  db: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const baseEnv = (o: ServerOptions, port: number, smtpPort: number | null) => {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    EMBARGO_DB: path.join(o.dir, "embargo.db"),
    EMBARGO_PUBLIC_URL: `http://127.0.0.1:${port}`,
    EMBARGO_INTAKE_RATE_LIMIT: "100000",
    EMBARGO_LOG_LEVEL: o.logLevel ?? "warn",
    ...o.env,
  };
  if (smtpPort !== null) env.EMBARGO_SMTP_PORT = String(smtpPort);
  return env;
};

/** Runs a CLI command (`embargo user add …`) on the data folder, synchronously. */
export function cli(o: ServerOptions, args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: REPO,
    env: baseEnv(o, 0, null),
    input,
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const smtpPort = o.smtp ? await freePort() : null;
  const args = ["--import", "tsx", CLI, "serve", "--port", String(port), "--host", "127.0.0.1"];
  if (o.demo) args.push("--demo-if-empty");
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: baseEnv(o, port, smtpPort),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (b: Buffer) => {
    out += b.toString("utf8");
  });
  child.stderr!.on("data", (b: Buffer) => {
    out += b.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) while starting:\n${out}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok && (smtpPort === null || out.includes("Email intake listening"))) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not answer /healthz within 120 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    port,
    smtpPort,
    db: path.join(o.dir, "embargo.db"),
    child,
    output: () => out,
    async kill(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
