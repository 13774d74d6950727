import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { DomainError, PASSWORD_RESET_TTL_MS, passwordSchema, ROLES, type Role } from "@embargo/core";
import {
  allPrograms,
  closeDatabase,
  createPasswordReset,
  createUser,
  type Db,
  listMembers,
  setMemberRole,
  setUserDisabled,
  sha256Hex,
  userByEmail,
} from "@embargo/db";
import type { Command } from "commander";
import { UsageError } from "./usage-error.ts";

const OPERATOR = { userId: null, label: "cli" };

function roleOf(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`--role: "${role}" is not a role (expected one of ${ROLES.join(", ")})`);
  }
  return role as Role;
}

/** Runs `fn` on an open database, closing it after; a domain field error becomes a usage error naming it. */
async function withDb<T>(open: () => Db, fn: (db: Db) => T | Promise<T>): Promise<T> {
  const db = open();
  try {
    return await fn(db);
  } catch (e) {
    if (e instanceof DomainError) throw new UsageError(e.field ? `${e.field}: ${e.message}` : e.message);
    throw e;
  } finally {
    closeDatabase(db);
  }
}

function existingUser(db: Db, email: string) {
  const u = userByEmail(db, email.trim());
  if (!u) throw new UsageError(`EMAIL: no user with ${email.trim().toLowerCase()}`);
  return u;
}

/** `embargo user …`: accounts for the operator at the shell (the dashboard has Settings → Members). */
export function registerUserCommands(program: Command, open: () => Db): void {
  const user = program.command("user").description("manage users");

  user
    .command("add")
    .description("add a user; the password is read from standard input")
    .requiredOption("--email <email>", "sign-in email")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
    .option(
      "--program <slug>",
      "program the role applies to (default: every program; --role admin: admin of all programs, present and future)",
    )
    .option("--name <name>", "display name (default: the part of the email before @)")
    .action(async (opts: { email: string; role: string; program?: string; name?: string }) => {
      const role = roleOf(opts.role);
      const email = opts.email.trim().toLowerCase();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
        throw new UsageError(`--email: "${opts.email}" is not an email address`);
      const password = readFileSync(0, "utf8").replace(/\r?\n$/, "");
      const pw = passwordSchema.safeParse(password);
      if (!pw.success) throw new UsageError(`password (standard input): ${pw.error.issues[0]?.message}`);
      await withDb(open, async (db) => {
        if (userByEmail(db, email)) throw new UsageError(`--email: a user with ${email} already exists`);
        const programs = allPrograms(db);
        const targets = opts.program ? programs.filter((p) => p.slug === opts.program) : programs;
        if (opts.program && targets.length === 0) {
          throw new UsageError(
            `--program: no program "${opts.program}" (have: ${programs.map((p) => p.slug).join(", ") || "none"})`,
          );
        }
        // An admin with no program is admin of all: programs created later included.
        const adminOfAll = role === "admin" && !opts.program;
        const row = await createUser(
          db,
          {
            email,
            name: opts.name ?? email.split("@")[0]!,
            password,
            memberships: adminOfAll ? [] : targets.map((p) => ({ programId: p.id, role })),
            adminOfAll,
          },
          OPERATOR,
          new Date(),
        );
        console.log(
          adminOfAll
            ? `Added ${row.email} as admin of all programs.`
            : `Added ${row.email} as ${role} of ${targets.map((p) => p.slug).join(", ") || "no program yet"}.`,
        );
      });
    });

  user
    .command("list")
    .description("list users: roles per program, disabled, last sign-in, MFA")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      await withDb(open, (db) => {
        const rows = listMembers(db, "all").map((u) => ({
          email: u.email,
          name: u.name,
          adminOfAll: u.adminOfAll,
          roles: Object.fromEntries(u.roles.map((r) => [r.slug, r.role])),
          disabled: u.disabled,
          lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
          mfa: u.mfa,
        }));
        if (opts.json) {
          console.log(JSON.stringify(rows));
          return;
        }
        for (const r of rows) {
          const roles = r.adminOfAll
            ? "admin of all programs"
            : Object.entries(r.roles)
                .map(([slug, role]) => `${slug}:${role}`)
                .join(", ") || "no program";
          console.log(
            [
              r.email.padEnd(32),
              r.name.padEnd(20),
              roles.padEnd(36),
              r.disabled ? "disabled" : "active  ",
              `last sign-in ${r.lastSignInAt ?? "never"}`,
              r.mfa ? "MFA" : "no MFA",
            ].join("  "),
          );
        }
      });
    });

  for (const [name, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    user
      .command(name)
      .description(
        disabled
          ? "disable a user: every session ends now, history stays, sign-in is refused"
          : "enable a disabled user",
      )
      .argument("<email>", "the user's email")
      .action(async (email: string) => {
        await withDb(open, (db) => {
          const u = existingUser(db, email);
          const changed = setUserDisabled(db, u.id, disabled, OPERATOR, new Date());
          console.log(`${u.email} ${changed ? "is now" : "was already"} ${disabled ? "disabled" : "enabled"}.`);
        });
      });
  }

  user
    .command("role")
    .description("set a user's role in a program (adds the membership if needed)")
    .argument("<email>", "the user's email")
    .requiredOption("--program <slug>", "program slug")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
    .action(async (email: string, opts: { program: string; role: string }) => {
      const role = roleOf(opts.role);
      await withDb(open, (db) => {
        const u = existingUser(db, email);
        const p = allPrograms(db).find((x) => x.slug === opts.program);
        if (!p) throw new UsageError(`--program: no program "${opts.program}"`);
        if (u.adminOfAll)
          throw new UsageError(`${u.email} is admin of all programs; a per-program role would not apply`);
        setMemberRole(db, { programId: p.id, userId: u.id, role }, OPERATOR, new Date());
        console.log(`${u.email} is ${role} of ${p.slug}.`);
      });
    });

  user
    .command("reset-link")
    .description("print a single-use link to set a new password (valid 24 hours); give it to the user yourself")
    .argument("<email>", "the user's email")
    .action(async (email: string) => {
      const { loadEnv } = await import("../env.ts");
      const env = loadEnv();
      await withDb(open, (db) => {
        const u = existingUser(db, email);
        const token = randomBytes(24).toString("base64url");
        const now = new Date();
        // Not emailed: the operator asked for it at the shell and passes it on.
        createPasswordReset(
          db,
          {
            userId: u.id,
            tokenHash: sha256Hex(token),
            expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS),
            mail: null,
          },
          OPERATOR,
          now,
        );
        const base = (env.EMBARGO_PUBLIC_URL ?? `http://localhost:${env.EMBARGO_PORT}`).replace(/\/+$/, "");
        console.log(`${base}/reset-password?token=${token}`);
      });
    });
}
