import { readFileSync, statSync } from "node:fs";
import { defaultPolicy, parseSecurityMd, policyFromParsed, programCreateSchema, zodFieldErrors } from "@embargo/core";
import {
  allPrograms,
  closeDatabase,
  createProgram,
  programByKeyPrefix,
  programBySlug,
  programReportCount,
  setProgramArchived,
} from "@embargo/db";
import type { Command } from "commander";
import type { CliContext } from "./context.ts";

const CLI = { userId: null, label: "cli" };

/** Schema field -> the option that carries it, so errors name what the person typed. */
const OPTION_OF: Record<string, string> = {
  slug: "--slug",
  name: "--name",
  keyPrefix: "--key-prefix",
  description: "--description",
  versionScheme: "--version-scheme",
  timeZone: "--time-zone",
};

function readSecurityMd(file: string, cli: CliContext): string {
  try {
    if (statSync(file).size > 1_048_576) throw cli.usageError(`--from-security-md: ${file} is larger than 1 MB`);
    return readFileSync(file, "utf8");
  } catch (e) {
    if (!(e as NodeJS.ErrnoException).code) throw e;
    throw cli.usageError(`--from-security-md: cannot read ${file} (${(e as NodeJS.ErrnoException).code})`);
  }
}

export function registerProgramCommands(root: Command, cli: CliContext) {
  const program = root.command("program").description("manage programs");

  program
    .command("add")
    .description("create a program; admins of all programs become its admins")
    .requiredOption("--slug <slug>", "public name in URLs: 2-40 lowercase letters, digits or dashes")
    .requiredOption("--name <name>", "display name")
    .requiredOption("--key-prefix <prefix>", "report key prefix, 2-10 capital letters (e.g. WEB for WEB-42)")
    .option("--from-security-md <file>", "take the promises from a SECURITY.md (see `embargo policy parse`)")
    .option("--time-zone <zone>", "IANA time zone of the business calendar", "UTC")
    .option("--description <text>", "what the program covers", "")
    .option("--version-scheme <scheme>", "semver, calver or other", "semver")
    .action(
      (opts: {
        slug: string;
        name: string;
        keyPrefix: string;
        fromSecurityMd?: string;
        timeZone: string;
        description: string;
        versionScheme: string;
      }) => {
        const parsed = programCreateSchema.safeParse(opts);
        if (!parsed.success) {
          const errors = zodFieldErrors(parsed.error);
          throw cli.usageError(
            Object.entries(errors)
              .map(([k, v]) => `${OPTION_OF[k] ?? k}: ${v}`)
              .join("; "),
          );
        }
        const input = parsed.data;
        const base = opts.fromSecurityMd
          ? policyFromParsed(parseSecurityMd(readSecurityMd(opts.fromSecurityMd, cli)))
          : defaultPolicy();
        const policy = { ...base, calendar: { ...base.calendar, timeZone: input.timeZone } };
        const db = cli.open();
        try {
          if (programBySlug(db, input.slug)) throw cli.usageError(`--slug: a program "${input.slug}" already exists`);
          const clash = programByKeyPrefix(db, input.keyPrefix);
          if (clash) throw cli.usageError(`--key-prefix: ${input.keyPrefix} is already used by ${clash.slug}`);
          const row = createProgram(
            db,
            {
              slug: input.slug,
              name: input.name,
              keyPrefix: input.keyPrefix,
              description: input.description,
              versionScheme: input.versionScheme,
              policy,
            },
            CLI,
            new Date(),
          );
          console.log(
            `Created program ${row.slug} (${row.name}); reports are ${row.keyPrefix}-1, ${row.keyPrefix}-2, …`,
          );
        } finally {
          closeDatabase(db);
        }
      },
    );

  program
    .command("list")
    .description("list every program, archived ones included")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) => {
      const db = cli.open();
      try {
        const rows = allPrograms(db)
          .sort((a, b) => a.slug.localeCompare(b.slug))
          .map((p) => ({
            slug: p.slug,
            name: p.name,
            keyPrefix: p.keyPrefix,
            versionScheme: p.versionScheme,
            archivedAt: p.archivedAt?.toISOString() ?? null,
            reports: programReportCount(db, p.id),
          }));
        if (opts.json) {
          console.log(JSON.stringify(rows));
          return;
        }
        if (rows.length === 0) console.log("No programs yet. Create one with `embargo program add`.");
        for (const r of rows) {
          console.log(
            `${r.slug.padEnd(24)} ${r.keyPrefix.padEnd(11)} ${String(r.reports).padStart(7)} reports  ${r.name}${r.archivedAt ? "  (archived)" : ""}`,
          );
        }
      } finally {
        closeDatabase(db);
      }
    });

  for (const [name, archive] of [
    ["archive", true],
    ["unarchive", false],
  ] as const) {
    program
      .command(name)
      .description(
        archive
          ? "stop taking new reports for a program (its reports stay readable; nothing is deleted)"
          : "take new reports again",
      )
      .argument("<slug>", "program slug")
      .action((slug: string) => {
        const db = cli.open();
        try {
          const row = programBySlug(db, slug);
          if (!row) throw cli.usageError(`no program "${slug}"`);
          if (Boolean(row.archivedAt) === archive) {
            throw cli.usageError(`${slug} is ${archive ? "already archived" : "not archived"}`);
          }
          setProgramArchived(db, row.id, archive, CLI, new Date());
          console.log(archive ? `Archived ${slug}: it takes no new reports.` : `${slug} takes new reports again.`);
        } finally {
          closeDatabase(db);
        }
      });
  }
}
