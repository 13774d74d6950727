import { existsSync } from "node:fs";
import { exportReportAdvisory } from "@embargo/api/advisory-input";
import { exportAdvisorySchema } from "@embargo/core";
import { closeDatabase, reportByKey } from "@embargo/db";
import type { Command } from "commander";
import type { CliContext } from "./context.ts";
import { writeOutputFile } from "./output-file.ts";

const ADVISORY_FORMATS = exportAdvisorySchema.shape.format.options;
const FORMAT_NAMES = { cve: "CVE JSON 5 record", osv: "OSV entry", csaf: "CSAF 2.0 advisory" } as const;

/**
 * `embargo export advisory KEY --format cve|osv|csaf [--out FILE]`: the same
 * validated document the report page hands out (one builder, advisory-input.ts).
 * A refused export prints what to fix, one field a line, and exits 1.
 */
export function registerExportCommands(root: Command, cli: CliContext, publicUrl: () => string) {
  const exp = root.command("export").description("export documents");

  exp
    .command("advisory")
    .description("export a report's saved advisory as CVE JSON 5, OSV or CSAF 2.0, validated")
    .argument("<key>", "report key, e.g. VOICE-11")
    .requiredOption("--format <format>", ADVISORY_FORMATS.join(", "))
    .option("--out <file>", "write to this file instead of standard output")
    .option("--force", "with --out: replace the file if it exists")
    .action((key: string, opts: { format: string; out?: string; force?: boolean }) => {
      const parsed = exportAdvisorySchema.safeParse({ key, format: opts.format });
      if (!parsed.success) {
        const bad = parsed.error.issues[0]!;
        throw cli.usageError(
          bad.path[0] === "format"
            ? `--format: "${opts.format}" is not a format (expected ${ADVISORY_FORMATS.join(", ")})`
            : `<key>: "${key}" is not a report key`,
        );
      }
      const { format } = parsed.data;
      // Checked before exporting: a refused write must not add a CSAF revision either.
      if (opts.out && !opts.force && existsSync(opts.out)) {
        throw new Error(`${opts.out} exists; pass --force to replace it`);
      }
      const db = cli.open();
      try {
        const report = reportByKey(db, parsed.data.key);
        if (!report) throw new Error(`no report ${parsed.data.key}`);
        const result = exportReportAdvisory(db, report, format, {
          publicUrl: publicUrl(),
          now: new Date(),
          growRevisions: true,
        });
        if (!result) throw new Error(`${report.key} has no saved advisory: write it on the report page first`);
        if (!result.ok) {
          console.error(`embargo: the ${FORMAT_NAMES[format]} for ${report.key} is not valid; nothing was written:`);
          for (const e of result.errors) console.error(`  ${e.field}: ${e.message}`);
          process.exitCode = 1;
          return;
        }
        if (!opts.out) {
          process.stdout.write(result.json);
          return;
        }
        writeOutputFile(opts.out, result.json, !!opts.force);
        console.log(`Wrote the ${FORMAT_NAMES[format]} for ${report.key} to ${opts.out}`);
      } finally {
        closeDatabase(db);
      }
    });
}
