/** Events a webhook can subscribe to: the names receivers match on, so never renamed. */
export const WEBHOOK_EVENTS = [
  "report.created",
  "clock.at_risk",
  "clock.breached",
  "escalation.raised",
  "escalation.acknowledged",
  "escalation.resolved",
  "report.disclosed",
  /** Once a day, the audit chain's head (id, hash, count): a copy of it outside the installation. */
  "audit.checkpoint",
  /** The audit chain failed verification (at start or from the Audit page). */
  "audit.verify_failed",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
