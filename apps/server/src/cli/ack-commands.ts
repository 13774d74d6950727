import { existsSync } from "node:fs";
import { ACK_FORMATS, acknowledgmentsSchema } from "@embargo/core";
import { acknowledgmentFile, closeDatabase, programBySlug, schema } from "@embargo/db";
import type { Command } from "commander";
import type { CliContext } from "./context.ts";
import { writeOutputFile } from "./output-file.ts";

/**
 * `embargo export acknowledgments [--program SLUG] [--from DATE] [--to DATE]
 * --format md|csv|json|html [--out FILE]`: the list the dashboard hands out (one
 * builder, acknowledgmentFile), for one program or all of them. The command line is
 * the operator's: it sees every program. Bad options name the option and change nothing.
 */
export function registerAckCommands(root: Command, cli: CliContext) {
  const exp =
    root.commands.find((c) => c.name() === "export") ?? root.command("export").description("export documents");
  exp
    .command("acknowledgments")
    .description("export the acknowledgment list of disclosed reports (accepted credits only)")
    .option("--program <slug>", "one program (default: all)")
    .option("--from <date>", "first disclosure day, YYYY-MM-DD (UTC, included)")
    .option("--to <date>", "last disclosure day, YYYY-MM-DD (UTC, included)")
    .requiredOption("--format <format>", ACK_FORMATS.join(", "))
    .option("--out <file>", "write to this file instead of standard output")
    .option("--force", "with --out: replace the file if it exists")
    .action((opts: { program?: string; from?: string; to?: string; format: string; out?: string; force?: boolean }) => {
      const parsed = acknowledgmentsSchema.safeParse({
        program: opts.program,
        from: opts.from,
        to: opts.to,
        format: opts.format,
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const option = String(issue.path[0] ?? "format");
        const given = (opts as Record<string, unknown>)[option];
        throw cli.usageError(
          `--${option}: "${String(given ?? "")}" ${issue.message.replace(/^./, (c) => c.toLowerCase())}`,
        );
      }
      const input = parsed.data;
      if (opts.out && !opts.force && existsSync(opts.out))
        throw new Error(`${opts.out} exists; pass --force to replace it`);
      const db = cli.open();
      try {
        let programs: { id: number; name: string; slug: string }[];
        if (input.program) {
          const p = programBySlug(db, input.program);
          if (!p) throw cli.usageError(`--program: no program "${input.program}"`);
          programs = [{ id: p.id, name: p.name, slug: p.slug }];
        } else {
          programs = db
            .select({ id: schema.programs.id, name: schema.programs.name, slug: schema.programs.slug })
            .from(schema.programs)
            .all();
        }
        const file = acknowledgmentFile(
          db,
          { programs, one: input.program !== null },
          input.period,
          input.format,
          new Date(),
        );
        if (!opts.out) {
          process.stdout.write(file.body);
          return;
        }
        writeOutputFile(opts.out, file.body, !!opts.force);
        console.log(`Wrote the acknowledgment list to ${opts.out}`);
      } finally {
        closeDatabase(db);
      }
    });
}
