import { DEFAULT_SECURITY_SETTINGS, type SecuritySettings, securitySettingsSchema } from "@embargo/core";
import { eq, inArray } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Conn, Db } from "../client.ts";
import { prepared } from "../prepared.ts";
import { settings } from "../schema/trust.ts";

const KEYS = Object.keys(DEFAULT_SECURITY_SETTINGS) as (keyof SecuritySettings)[];

/**
 * The installation's security settings: stored values over the defaults. A
 * stored value that no longer parses (a hand edit, an older shape) falls back
 * to its default rather than locking everyone out.
 */
export function securitySettings(conn: Conn): SecuritySettings {
  // Read on every signed-in request (the session timeouts), so built once per connection (decision 0006);
  // a transaction gets its own, which is as cheap as before.
  const rows = prepared(conn as Db, "securitySettings", () =>
    conn.select().from(settings).where(inArray(settings.key, KEYS)).prepare(),
  ).all();
  const merged: Record<string, unknown> = { ...DEFAULT_SECURITY_SETTINGS };
  for (const r of rows) {
    try {
      merged[r.key] = JSON.parse(r.value);
    } catch {
      // keep the default
    }
  }
  const parsed = securitySettingsSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const out = { ...DEFAULT_SECURITY_SETTINGS } as Record<string, unknown>;
  for (const k of KEYS) {
    const one = securitySettingsSchema.shape[k].safeParse(merged[k]);
    if (one.success) out[k] = one.data;
  }
  return out as SecuritySettings;
}

/** Store a change (already validated by the caller's input schema) with its audit entry. */
export function updateSecuritySettings(
  conn: Conn,
  change: Partial<SecuritySettings>,
  actor: Actor,
  now: Date,
): SecuritySettings {
  return conn.transaction((tx) => {
    const before = securitySettings(tx);
    for (const k of KEYS) {
      const v = change[k];
      if (v === undefined) continue;
      putSetting(tx, k, v, now, actor.userId);
    }
    const after = securitySettings(tx);
    appendAudit(
      tx,
      actor,
      { action: "settings.security", entityType: "settings", entityId: "security", data: { before, after } },
      now,
    );
    return after;
  });
}

/** One stored value (JSON), or null when absent or unreadable. */
export function readSetting<T>(conn: Conn, key: string): T | null {
  const row = conn.select().from(settings).where(eq(settings.key, key)).get();
  if (!row) return null;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return null;
  }
}

/** Store one value as JSON, replacing what was there. */
export function putSetting(conn: Conn, key: string, value: unknown, now: Date, userId: number | null = null): void {
  const json = JSON.stringify(value);
  conn
    .insert(settings)
    .values({ key, value: json, updatedAt: now, updatedByUserId: userId })
    .onConflictDoUpdate({ target: settings.key, set: { value: json, updatedAt: now, updatedByUserId: userId } })
    .run();
}
