CREATE TABLE `credits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`researcher_id` integer NOT NULL,
	`type` text NOT NULL,
	`display` text DEFAULT 'name' NOT NULL,
	`consent` text DEFAULT 'pending' NOT NULL,
	`consent_at` integer,
	`consent_channel` text,
	`withdrawn_at` integer,
	`position` integer NOT NULL,
	`consent_token_hash` text,
	`consent_token_expires_at` integer,
	`consent_token_used_at` integer,
	`created_by_user_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`researcher_id`) REFERENCES `researchers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `credits_report_idx` ON `credits` (`report_id`,`position`);--> statement-breakpoint
CREATE INDEX `credits_researcher_idx` ON `credits` (`researcher_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `credits_consent_token_uq` ON `credits` (`consent_token_hash`);--> statement-breakpoint
-- Hand-written: every existing report with a researcher gets the reporter's credit
-- (position 0, finder) from its credit_as / credit_consent. A choice the reporter made
-- on the status page left a 'credit' event: its last instant is when consent was given
-- there; otherwise a consent already given came with the report form.
INSERT INTO `credits` (`report_id`, `researcher_id`, `type`, `display`, `consent`, `consent_at`, `consent_channel`, `position`, `created_at`)
SELECT r.`id`, r.`researcher_id`, 'finder', coalesce(r.`credit_as`, 'name'), r.`credit_consent`,
  CASE WHEN r.`credit_consent` = 'pending' THEN NULL
       ELSE coalesce((SELECT max(e.`at`) FROM `report_events` e WHERE e.`report_id` = r.`id` AND e.`type` = 'credit'), r.`received_at`) END,
  CASE WHEN r.`credit_consent` = 'pending' THEN NULL
       WHEN EXISTS (SELECT 1 FROM `report_events` e WHERE e.`report_id` = r.`id` AND e.`type` = 'credit') THEN 'status_page'
       ELSE 'intake' END,
  0, r.`created_at`
FROM `reports` r WHERE r.`researcher_id` IS NOT NULL;
