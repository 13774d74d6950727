import type { Db } from "@embargo/db";

/** What a command module needs from cli.ts: the database of `--db`, and the usage error (exit code 2). */
export interface CliContext {
  open(): Db;
  /** The database file `--db` (or EMBARGO_DB) names, for commands that open it their own way. */
  dbFile(): string;
  usageError(message: string): Error;
}
