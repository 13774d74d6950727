#!/usr/bin/env node
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { warmAdvisoryValidators } from "@embargo/advisory";
import { parseSecurityMd, renderSecurityMd, renderSecurityTxt, scoreCvss } from "@embargo/core";
import {
  closeDatabase,
  type Db,
  DEMO_USERS,
  hasPrograms,
  openDatabase,
  programBySlug,
  recordAuditHead,
  seedDemo,
} from "@embargo/db";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { checkAuditAtStart } from "./audit-at-start.ts";
import { startScheduledBackups } from "./backup/scheduled.ts";
import { registerAckCommands } from "./cli/ack-commands.ts";
import { registerAuditCommands } from "./cli/audit-commands.ts";
import { registerBackupCommands } from "./cli/backup-commands.ts";
import type { CliContext } from "./cli/context.ts";
import { registerExportCommands } from "./cli/export-commands.ts";
import { registerProgramCommands } from "./cli/program-commands.ts";
import { printSetupLinkIfNeeded, registerSetupCommand } from "./cli/setup-command.ts";
import { UsageError } from "./cli/usage-error.ts";
import { registerUserCommands } from "./cli/user-commands.ts";
import { DEFAULT_MAX_MESSAGE_BYTES } from "./email/ingest.ts";
import { ingestPath } from "./email/ingest-path.ts";
import { startSmtpListener } from "./email/listener.ts";
import { type Env, loadEnv } from "./env.ts";
import { buildServer } from "./http.ts";
import type { IntakeConfig } from "./intake/service.ts";
import { startJobs } from "./jobs.ts";
import { sweepOrphans } from "./lib/orphans.ts";
import { acquireServerLock } from "./lib/server-lock.ts";
import { createOutboxWorker } from "./outbox/worker.ts";
import { loadInstallationKey } from "./secrets/installation-key.ts";
import { createSealer } from "./secrets/sealer.ts";

// Everything this process creates (database, WAL, attachments, raw mail, key)
// is for the server's user alone: files 0600, folders 0700.
process.umask(0o077);

const program = new Command()
  .name("embargo")
  .description("Embargo: vulnerability-disclosure triage dashboard")
  .option("--db <file>", "SQLite database file (default: $EMBARGO_DB or ./data/embargo.db)")
  .exitOverride()
  .configureOutput({ outputError: (str, write) => write(str) });

const dbFileOf = (env: Env) => program.opts<{ db?: string }>().db ?? env.EMBARGO_DB;
const dbFile = () => dbFileOf(loadEnv());

function open(): Db {
  return openDatabase(dbFile());
}

const isEmpty = (db: Db) => !hasPrograms(db);

const dataDirOf = (env: Env) =>
  env.EMBARGO_DATA_DIR ?? path.dirname(path.resolve(program.opts<{ db?: string }>().db ?? env.EMBARGO_DB));

/** The installation's sealing key: $EMBARGO_KEY_FILE, or `embargo.key` in the data folder. */
const sealerOf = (env: Env) =>
  createSealer(loadInstallationKey(env.EMBARGO_KEY_FILE ?? path.join(dataDirOf(env), "embargo.key")));

/** Where intake keeps files, how big they may be, and the public address for status links. */
function intakeConfig(env: Env, db: Db, port: number): IntakeConfig {
  return {
    db,
    dataDir: dataDirOf(env),
    sealer: sealerOf(env),
    publicUrl: env.EMBARGO_PUBLIC_URL ?? `http://localhost:${port}`,
    limits: { maxBytes: Math.round(env.EMBARGO_MAX_ATTACHMENT_MB * 1_048_576), maxFiles: env.EMBARGO_MAX_ATTACHMENTS },
    now: () => new Date(),
  };
}

function printDemoSignIns() {
  console.log("\nDemo sign-ins (demo data only; create real users with `embargo user add`):");
  for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(10)} ${u.email.padEnd(28)} ${u.password}`);
}

program
  .command("serve")
  .description("start the HTTP server and dashboard")
  .option("--port <n>", "port (default: $EMBARGO_PORT or 3000)", (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("must be a port number 0-65535");
    return n;
  })
  .option("--host <addr>", "address to listen on (default: $EMBARGO_HOST or 127.0.0.1)")
  .option("--demo-if-empty", "load the demo data when the database is empty")
  .action(async (opts: { port?: number; host?: string; demoIfEmpty?: boolean }) => {
    const env = loadEnv();
    // One server per database (decision 0013): taken before the database is opened or migrated.
    const lock = dbFileOf(env) === ":memory:" ? null : acquireServerLock(dbFileOf(env), "serve");
    const db = open();
    if (opts.demoIfEmpty && isEmpty(db)) {
      console.log("Empty database: loading demo data…");
      await seedDemo(db, new Date(), (l) => console.log(`  ${l}`), {
        publicUrl: env.EMBARGO_PUBLIC_URL ?? `http://localhost:${opts.port ?? env.EMBARGO_PORT}`,
      });
      printDemoSignIns();
    } else if (opts.demoIfEmpty) {
      printDemoSignIns();
    }
    const port = opts.port ?? env.EMBARGO_PORT;
    const app = await buildServer({
      db,
      intake: intakeConfig(env, db, port),
      intakeRateLimit: env.EMBARGO_INTAKE_RATE_LIMIT,
      webDist: env.EMBARGO_WEB_DIST,
      secureCookies: env.EMBARGO_SECURE_COOKIES,
      trustProxy: env.EMBARGO_TRUST_PROXY,
      logLevel: env.EMBARGO_LOG_LEVEL,
      mailConfigured: env.EMBARGO_SMTP_URL !== undefined,
    });
    checkAuditAtStart(db, dbFile(), app.log);
    // Before intake opens: files a crash or a failed submission left with no row (counts only in the log).
    const swept = sweepOrphans(db, dataDirOf(env), new Date());
    if (swept.attachments + swept.mail + swept.temporary + swept.failed > 0)
      app.log.info(swept, "removed orphan files");
    const stopJobs = startJobs(db, app.log, { dbFile: dbFile() });
    const outbox = createOutboxWorker({
      db,
      smtpUrl: env.EMBARGO_SMTP_URL,
      from: env.EMBARGO_SMTP_FROM,
      log: app.log,
      sealer: sealerOf(env),
      dashboardUrl: env.EMBARGO_PUBLIC_URL ?? `http://localhost:${port}`,
      allowPrivateWebhooks: env.EMBARGO_WEBHOOK_ALLOW_PRIVATE,
    });
    const stopOutbox = outbox.start(10_000);
    const stopBackups = env.EMBARGO_BACKUP_DIR
      ? startScheduledBackups({
          dbFile: dbFile(),
          dataDir: dataDirOf(env),
          root: env.EMBARGO_BACKUP_DIR,
          everyMs: env.EMBARGO_BACKUP_EVERY ?? 86_400_000,
          keep: env.EMBARGO_BACKUP_KEEP,
          log: app.log,
        })
      : async () => {};
    if (!env.EMBARGO_SMTP_URL) app.log.warn("EMBARGO_SMTP_URL is not set: outgoing email waits in the outbox");
    const address = await app.listen({ port, host: opts.host ?? env.EMBARGO_HOST });
    const smtp =
      env.EMBARGO_SMTP_PORT !== undefined
        ? await startSmtpListener({
            cfg: intakeConfig(env, db, port),
            port: env.EMBARGO_SMTP_PORT,
            host: env.EMBARGO_SMTP_HOST,
            log: app.log,
          })
        : null;
    console.log(`\nEmbargo is running at ${address.replace("127.0.0.1", "localhost")}`);
    printSetupLinkIfNeeded(db, env.EMBARGO_PUBLIC_URL ?? address.replace("127.0.0.1", "localhost"));
    if (smtp) console.log(`Email intake listening on ${env.EMBARGO_SMTP_HOST}:${smtp.port}`);
    // Loading the CSAF validators takes seconds: done once now, not in the first person's export.
    setTimeout(warmAdvisoryValidators, 2_000).unref();
    let stopping = false;
    const stop = async () => {
      // Once: Ctrl-C reaches this process both from the terminal and relayed by its launchers.
      if (stopping) return;
      stopping = true;
      stopJobs();
      stopOutbox();
      await stopBackups();
      await smtp?.close();
      await outbox.idle();
      await app.close();
      recordAuditHead(db, dbFile(), new Date());
      closeDatabase(db);
      lock?.release();
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });

program
  .command("migrate")
  .description("apply pending database migrations")
  .action(() => {
    const db = open();
    closeDatabase(db);
    console.log("Migrations applied.");
  });

program
  .command("seed")
  .description("load data into the database")
  .option("--demo", "the demo programs, users and about 60 reports")
  .option("--reports <n>", "generate N realistic reports in bulk (for benchmarks), with the demo sign-ins", (v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < 1 || n > 10_000_000) throw new InvalidArgumentError("must be a number 1-10000000");
    return n;
  })
  .option("--programs <p>", "with --reports: how many programs (default 3)", (v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < 1 || n > 99) throw new InvalidArgumentError("must be a number 1-99");
    return n;
  })
  .action(async (opts: { demo?: boolean; reports?: number; programs?: number }) => {
    if (opts.demo && opts.reports) throw new UsageError("say what to seed: --demo or --reports <n>, not both");
    if (opts.programs && !opts.reports) throw new UsageError("--programs goes with --reports <n>");
    if (!opts.demo && !opts.reports) throw new UsageError("say what to seed: --demo or --reports <n>");
    const db = open();
    if (!isEmpty(db)) {
      throw new UsageError(
        `the database already has programs; ${opts.reports ? "bulk" : "demo"} data goes into an empty database`,
      );
    }
    if (opts.reports) {
      // Loaded here so the other commands do not pay for them.
      const { seedScale } = await import("@embargo/db/seed");
      const { Presets, SingleBar } = await import("cli-progress");
      const tty = process.stdout.isTTY === true;
      const bar = new SingleBar(
        { format: "{phase} [{bar}] {percentage}% | {value}/{total} reports | {duration_formatted}", hideCursor: true },
        Presets.shades_classic,
      );
      let lastLine = 0;
      const result = await seedScale(db, {
        reports: opts.reports,
        programs: opts.programs,
        onProgress: ({ phase, done, total }) => {
          if (tty) {
            if (phase === "setup") bar.start(total, 0, { phase: "reports" });
            else bar.update(done, { phase });
            if (phase === "done") bar.stop();
          } else if (phase !== "reports" || done === total || Date.now() - lastLine > 2_000) {
            lastLine = Date.now();
            console.log(`${phase}: ${done}/${total} reports`);
          }
        },
      });
      console.log(
        `Seeded ${result.reports} reports in ${result.programs} programs (${result.events} events, ` +
          `${result.messages} messages, ${result.escalations} escalations, ${result.researchers} researchers) ` +
          `in ${result.seconds} s.`,
      );
      printDemoSignIns();
      closeDatabase(db);
      return;
    }
    const env = loadEnv();
    await seedDemo(db, new Date(), (l) => console.log(l), {
      publicUrl: env.EMBARGO_PUBLIC_URL ?? `http://localhost:${env.EMBARGO_PORT}`,
    });
    printDemoSignIns();
    closeDatabase(db);
  });

registerUserCommands(program, open);

const cliContext: CliContext = { open, dbFile, usageError: (m) => new UsageError(m) };
registerSetupCommand(program, cliContext);
registerProgramCommands(program, cliContext);
registerExportCommands(program, cliContext, () => {
  const env = loadEnv();
  return env.EMBARGO_PUBLIC_URL ?? `http://localhost:${env.EMBARGO_PORT}`;
});
registerAckCommands(program, cliContext);
registerAuditCommands(program, cliContext);
registerBackupCommands(program, cliContext, { dataDir: () => dataDirOf(loadEnv()) });

const ingest = program.command("ingest").description("take in reports from other sources");
ingest
  .command("email")
  .description("ingest RFC 822 messages: one .eml file or every .eml in a folder")
  .argument("<path>", "a .eml file or a folder of them")
  .option("--json", "print one JSON line per message")
  .action(async (p: string, opts: { json?: boolean }) => {
    const env = loadEnv();
    const db = open();
    try {
      const cfg = { ...intakeConfig(env, db, env.EMBARGO_PORT), maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };
      let counts: { report: number; reply: number; refused: number };
      try {
        counts = await ingestPath(cfg, p, (file, r) => {
          // Status links are secrets meant for the reporter (sent in the receipt email), so they are not printed.
          const line =
            r.outcome === "refused"
              ? { file, outcome: r.outcome, reason: r.reason }
              : { file, outcome: r.outcome, key: r.key };
          if (opts.json) console.log(JSON.stringify(line));
          else
            console.log(r.outcome === "refused" ? `${file}: refused: ${r.reason}` : `${file}: ${r.outcome} ${r.key}`);
        });
      } catch (e) {
        throw new UsageError(`${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
      }
      if (!opts.json) console.log(`${counts.report} reports, ${counts.reply} replies, ${counts.refused} refused`);
    } finally {
      closeDatabase(db);
    }
  });

const policy = program.command("policy").description("read and write disclosure policies");
policy
  .command("parse")
  .description("extract a draft policy from a SECURITY.md (nothing is saved)")
  .argument("<file>", "a SECURITY.md file")
  .option("--json", "print JSON")
  .action((file: string, opts: { json?: boolean }) => {
    let text: string;
    try {
      if (statSync(file).size > 1_048_576) throw new UsageError(`${file}: larger than 1 MB`);
      text = readFileSync(file, "utf8");
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
    const parsed = parseSecurityMd(text);
    if (opts.json) {
      console.log(JSON.stringify(parsed));
      return;
    }
    const { evidence, ...values } = parsed;
    for (const [k, v] of Object.entries(values)) console.log(`${k.padEnd(18)} ${JSON.stringify(v)}`);
    console.log("\nEvidence:");
    for (const [k, v] of Object.entries(evidence)) console.log(`  ${k}: ${String(v).slice(0, 160)}`);
  });
policy
  .command("render")
  .description("print a program's SECURITY.md or RFC 9116 security.txt")
  .requiredOption("--program <slug>", "program slug")
  .requiredOption("--format <format>", "security-md or security-txt")
  .option("--base-url <url>", "public URL of the security pages", "https://security.example.com")
  .action((opts: { program: string; format: string; baseUrl: string }) => {
    if (opts.format !== "security-md" && opts.format !== "security-txt") {
      throw new UsageError(`--format: "${opts.format}" is not a format (expected security-md or security-txt)`);
    }
    if (!/^https:\/\/[^\s/]+/.test(opts.baseUrl)) throw new UsageError(`--base-url: must be an https:// URL`);
    const db = open();
    try {
      const row = programBySlug(db, opts.program);
      if (!row) throw new UsageError(`--program: no program "${opts.program}"`);
      const ctx = {
        programName: row.name,
        programSlug: row.slug,
        baseUrl: opts.baseUrl.replace(/\/$/, ""),
        now: new Date(),
      };
      process.stdout.write(
        opts.format === "security-md" ? renderSecurityMd(row.policy, ctx) : renderSecurityTxt(row.policy, ctx),
      );
    } finally {
      closeDatabase(db);
    }
  });

program
  .command("cvss")
  .description("score a CVSS v3.1 or v4.0 vector")
  .argument("<vector>", 'e.g. "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"')
  .option("--json", "print JSON")
  .action((vector: string, opts: { json?: boolean }) => {
    const r = scoreCvss(vector);
    if (!r.ok) throw new UsageError(`vector: ${r.message}`);
    const out = { version: r.version, baseScore: r.baseScore, severity: r.severity };
    if (opts.json) console.log(JSON.stringify(out));
    else console.log(`CVSS ${r.version}  base ${r.baseScore.toFixed(1)}  score ${r.score.toFixed(1)}  ${r.severity}`);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  if (e instanceof UsageError) {
    console.error(`embargo: ${e.message}`);
    process.exit(2);
  }
  console.error(`embargo: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
