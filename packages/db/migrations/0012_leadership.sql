CREATE TABLE `report_clocks` (
	`report_id` integer NOT NULL,
	`clock` text NOT NULL,
	`program_id` integer NOT NULL,
	`due_at` integer NOT NULL,
	`met_at` integer,
	PRIMARY KEY(`report_id`, `clock`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_clocks_due_idx` ON `report_clocks` (`due_at`,`program_id`,`clock`,`met_at`);--> statement-breakpoint
DROP INDEX `reports_open_at_risk_idx`;--> statement-breakpoint
ALTER TABLE `reports` ADD `sla_next_sweep_at` integer;--> statement-breakpoint
ALTER TABLE `reports` ADD `acknowledged_at` integer;--> statement-breakpoint
ALTER TABLE `reports` ADD `assessed_at` integer;--> statement-breakpoint
ALTER TABLE `reports` ADD `fixed_at` integer;--> statement-breakpoint
ALTER TABLE `reports` ADD `closed_at` integer;--> statement-breakpoint
CREATE INDEX `reports_sla_sweep_idx` ON `reports` (`is_open`,`sla_next_sweep_at`);--> statement-breakpoint
CREATE INDEX `reports_acknowledged_kpi_idx` ON `reports` (`acknowledged_at`,`program_id`,`severity`,`received_at`);--> statement-breakpoint
CREATE INDEX `reports_assessed_kpi_idx` ON `reports` (`assessed_at`,`program_id`,`severity`,`received_at`);--> statement-breakpoint
CREATE INDEX `reports_fixed_kpi_idx` ON `reports` (`fixed_at`,`program_id`,`severity`,`received_at`);--> statement-breakpoint
CREATE INDEX `reports_closed_kpi_idx` ON `reports` (`closed_at`,`program_id`);--> statement-breakpoint
CREATE INDEX `reports_open_severity_age_idx` ON `reports` (`is_open`,`severity`,`received_at`,`program_id`);--> statement-breakpoint
ALTER TABLE `escalations` ADD `level` text DEFAULT 'attention' NOT NULL;--> statement-breakpoint
ALTER TABLE `escalations` ADD `ack_note` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `resolved_by_user_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `escalations` ADD `resolve_note` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `resolved_cause` text;--> statement-breakpoint
CREATE INDEX `escalations_report_idx` ON `escalations` (`report_id`,`resolved_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `digest_weekday` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `digest_hour` integer DEFAULT 8 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `digest_last_sent_at` integer;--> statement-breakpoint
-- Backfill from the timeline: the same rules the transitions apply from now on (reports/writes.ts).
UPDATE `reports` SET
  `acknowledged_at` = (SELECT min(e.`at`) FROM `report_events` e WHERE e.`report_id` = `reports`.`id` AND e.`type` IN ('transition', 'reopened') AND e.`from_state` = 'new'),
  `assessed_at` = (SELECT min(e.`at`) FROM `report_events` e WHERE e.`report_id` = `reports`.`id` AND e.`type` IN ('transition', 'reopened') AND e.`to_state` IN ('triaged', 'fixing', 'fixed', 'disclosed', 'duplicate', 'informative', 'not_applicable', 'out_of_scope', 'spam', 'wont_fix')),
  `fixed_at` = (SELECT min(e.`at`) FROM `report_events` e WHERE e.`report_id` = `reports`.`id` AND e.`type` IN ('transition', 'reopened') AND e.`to_state` IN ('fixed', 'disclosed')),
  `closed_at` = CASE WHEN `is_open` = 0 THEN (SELECT max(e.`at`) FROM `report_events` e WHERE e.`report_id` = `reports`.`id` AND e.`type` IN ('transition', 'reopened') AND e.`to_state` NOT IN ('new', 'acknowledged', 'needs_info', 'triaged', 'fixing')) END;
--> statement-breakpoint
UPDATE `escalations` SET `level` = 'page' WHERE `kind` IN ('clock_breached', 'critical_received');
--> statement-breakpoint
-- The sweep looks at every open report once more; from then on it keeps its own next instant (sla/escalations.ts).
UPDATE `reports` SET `sla_next_sweep_at` = coalesce(`next_at_risk_at`, `next_deadline_at`) WHERE `is_open` = 1;
