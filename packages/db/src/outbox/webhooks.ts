import { eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { webhooks } from "../schema/intake.ts";

export const WEBHOOK_EVENTS = ["report.created", "clock.at_risk", "clock.breached", "escalation.raised"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function webhookById(db: Db, id: number) {
  return db.select().from(webhooks).where(eq(webhooks.id, id)).get();
}
