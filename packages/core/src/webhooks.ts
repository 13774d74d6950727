/** Events a webhook can subscribe to: the names receivers match on, so never renamed. */
export const WEBHOOK_EVENTS = [
  "report.created",
  "clock.at_risk",
  "clock.breached",
  "escalation.raised",
  "escalation.acknowledged",
  "escalation.resolved",
  "report.disclosed",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
