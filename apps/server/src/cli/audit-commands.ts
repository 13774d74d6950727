import {
  type AuditVerification,
  closeDatabase,
  loadAuditKey,
  openDatabase,
  verifyAuditAgainstHeads,
} from "@embargo/db";
import type { Command } from "commander";
import type { CliContext } from "./context.ts";

/** One line a person can act on. */
export function describeVerification(v: AuditVerification): string {
  if (v.ok) {
    const head = v.head ? `, head #${v.head.id} (${v.head.hash.slice(0, 12)}…)` : "";
    return `audit log intact: ${v.entries} entries${head}; ${v.headsChecked} recorded head${v.headsChecked === 1 ? "" : "s"} checked`;
  }
  return `AUDIT LOG FAILED VERIFICATION (${v.problem}${v.atId !== null ? ` at entry #${v.atId}` : ""}): ${v.message}`;
}

/**
 * `embargo audit verify [--json]`: checks the keyed chain, the heads recorded
 * beside the database and the reports' states against the log. Opens the
 * database read-only (a running server keeps serving) and never creates a key:
 * without the key there is nothing to verify against. Exit 0 when intact, 1 not.
 */
export function registerAuditCommands(root: Command, cli: CliContext) {
  const audit = root.command("audit").description("check the audit trail");
  audit
    .command("verify")
    .description("verify the audit log's keyed chain, its recorded heads and the reports' states")
    .option("--json", "print the result as JSON")
    .action((opts: { json?: boolean }) => {
      const file = cli.dbFile();
      const db = openDatabase(file, {
        readonly: true,
        migrate: false,
        auditKey: loadAuditKey(file, { create: false }),
      });
      try {
        const v = verifyAuditAgainstHeads(db, file);
        if (opts.json) console.log(JSON.stringify(v));
        else console.log(describeVerification(v));
        if (!v.ok) process.exitCode = 1;
      } finally {
        closeDatabase(db);
      }
    });
}
