import type { Command } from "commander";
import { BackupRefusal, createBackup } from "../backup/create.ts";
import { checkBackup, restoreAuditKey, restoreBackup } from "../backup/restore.ts";
import type { CliContext } from "./context.ts";

/** Where the commands find the data folder of `--db` (the file itself: cli.dbFile()), without opening it. */
export interface BackupPaths {
  dataDir(): string;
}

const mb = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;

/** A refusal is the caller's to fix (exit 2); anything else is a fault (exit 1). Both say nothing changed. */
function refusalToUsage(cli: CliContext, e: unknown): never {
  if (e instanceof BackupRefusal) throw cli.usageError(e.message);
  throw e;
}

/**
 * `embargo backup DIR` (while the server runs) and `embargo restore DIR --db FILE`.
 * The work is in ../backup/; these print what was done, and figures, never content.
 */
export function registerBackupCommands(root: Command, cli: CliContext, paths: BackupPaths) {
  root
    .command("backup")
    .description("back up the database, attachments and raw emails into an empty or new folder (server may run)")
    .argument("<dir>", "an empty or new folder")
    .option("--json", "print the manifest's summary as JSON")
    .action(async (dir: string, opts: { json?: boolean }) => {
      const r = await createBackup({ dbFile: cli.dbFile(), dataDir: paths.dataDir(), dir }).catch((e) =>
        refusalToUsage(cli, e),
      );
      const m = r.manifest;
      if (opts.json) {
        console.log(
          JSON.stringify({
            dir,
            createdAt: m.createdAt,
            files: m.files.length,
            bytes: r.bytes,
            snapshotMs: r.snapshotMs,
            totalMs: r.totalMs,
            counts: m.counts,
            audit: m.audit,
            unavailable: m.unavailable,
          }),
        );
        return;
      }
      console.log(
        `Backed up to ${dir}: ${m.counts.reports} reports, ${m.files.length - 1} attachment and mail files, ` +
          `${mb(r.bytes)} in ${(r.totalMs / 1000).toFixed(1)} s (snapshot ${(r.snapshotMs / 1000).toFixed(1)} s).`,
      );
      console.log(`Audit head: ${m.audit ? `entry ${m.audit.id}, ${m.audit.count} entries` : "empty log"}.`);
      for (const u of m.unavailable)
        console.warn(`warning: ${u.path} is ${u.reason} in the data folder; the backup records it as unavailable`);
    });

  root
    .command("restore")
    .description("check a backup (manifest, integrity, audit chain), then restore it into --db FILE")
    .argument("<dir>", "a backup folder written by `embargo backup`")
    .option("--force", "replace FILE if it exists (stop the server first)")
    .option("--check", "only check the backup; write nothing")
    .action(async (dir: string, opts: { force?: boolean; check?: boolean }, cmd: Command) => {
      const dbOpt = cmd.optsWithGlobals<{ db?: string }>().db;
      if (!dbOpt && !opts.check) throw cli.usageError("restore: say where with --db FILE (the database to create)");
      if (opts.check) {
        const c = await Promise.resolve()
          .then(() => checkBackup(dir, restoreAuditKey(cli.dbFile(), undefined)))
          .catch((e) => refusalToUsage(cli, e));
        console.log(
          `${dir} is a complete backup of ${c.manifest.createdAt}: ${c.manifest.files.length} files match the manifest, ` +
            `integrity ok, audit chain ok (${c.audit.entries} entries).`,
        );
        return;
      }
      const r = await restoreBackup({
        dir,
        dbFile: cli.dbFile(),
        dataDir: paths.dataDir(),
        force: !!opts.force,
      }).catch((e) => refusalToUsage(cli, e));
      console.log(
        `Restored the backup of ${r.manifest.createdAt} into ${cli.dbFile()}: ${r.manifest.counts.reports} reports, ` +
          `${r.written} files written (${r.kept} already there), audit chain ok (${r.audit.entries} entries).`,
      );
      if (r.headsMovedTo) console.log(`The replaced database's audit heads were moved to ${r.headsMovedTo}.`);
      if (r.unavailable > 0)
        console.warn(
          `warning: ${r.unavailable} files were already unavailable when the backup was taken (see manifest.json)`,
        );
    });
}
