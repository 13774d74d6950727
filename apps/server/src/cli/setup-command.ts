import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { passwordSchema } from "@embargo/core";
import { closeDatabase, createFirstAdmin, type Db, hasUsers, replaceSetupLink, sha256Hex } from "@embargo/db";
import type { Command } from "commander";
import type { CliContext } from "./context.ts";

/**
 * First run: while the database has no user, every start prints a fresh
 * one-time link (192-bit code; only its SHA-256 is stored, and it replaces
 * the previous start's code). It is shown here only, never logged or sent.
 */
export function printSetupLinkIfNeeded(db: Db, publicUrl: string, now = new Date()): boolean {
  if (hasUsers(db)) return false;
  const code = randomBytes(24).toString("base64url");
  if (!replaceSetupLink(db, sha256Hex(code), now)) return false;
  const url = `${publicUrl.replace(/\/$/, "")}/setup?code=${code}`;
  console.log("\nNo users yet. Open this one-time link to create the first administrator:");
  console.log(`  ${url}`);
  console.log("(or run `embargo setup --email you@example.com` here; the link works once and until then.)");
  return true;
}

export function registerSetupCommand(program: Command, cli: CliContext) {
  program
    .command("setup")
    .description("create the first administrator (admin of every program); the password is read from standard input")
    .requiredOption("--email <email>", "sign-in email")
    .option("--name <name>", "display name (default: the part of the email before @)")
    .action(async (opts: { email: string; name?: string }) => {
      const email = opts.email.trim().toLowerCase();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
        throw cli.usageError(`--email: "${opts.email}" is not an email address`);
      const db = cli.open();
      try {
        if (hasUsers(db)) throw cli.usageError("Embargo is already set up; add people with `embargo user add`");
        const password = readFileSync(0, "utf8").replace(/\r?\n$/, "");
        const pw = passwordSchema.safeParse(password);
        if (!pw.success) throw cli.usageError(`password (standard input): ${pw.error.issues[0]?.message}`);
        const r = await createFirstAdmin(
          db,
          { tokenHash: null, email, name: opts.name?.trim() || email.split("@")[0]!, password },
          "cli",
          new Date(),
        );
        if (!r.ok) throw cli.usageError("Embargo is already set up; add people with `embargo user add`");
        console.log(`Created ${r.user.email}, administrator of every program. Sign in and create the first program.`);
      } finally {
        closeDatabase(db);
      }
    });
}
