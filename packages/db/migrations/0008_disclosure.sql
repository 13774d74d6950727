CREATE TABLE `advisories` (
	`report_id` integer PRIMARY KEY NOT NULL,
	`draft_json` text NOT NULL,
	`revisions_json` text DEFAULT '[]' NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by_user_id` integer,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `disclosure_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`kind` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_by_user_id` integer,
	`reason` text NOT NULL,
	`old_at` integer,
	`new_at` integer,
	`time_zone` text,
	`shortening` integer DEFAULT false NOT NULL,
	`state` text NOT NULL,
	`decided_by_user_id` integer,
	`decided_at` integer,
	`decision_note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `disclosure_requests_report_idx` ON `disclosure_requests` (`report_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `report_milestones` (
	`report_id` integer NOT NULL,
	`kind` text NOT NULL,
	`target_at` integer,
	`actual_at` integer,
	`value` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`report_id`, `kind`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_milestones_target_idx` ON `report_milestones` (`kind`,`target_at`);--> statement-breakpoint
ALTER TABLE `programs` ADD `vendor_name` text;--> statement-breakpoint
ALTER TABLE `programs` ADD `cve_assigner_org_id` text;--> statement-breakpoint
ALTER TABLE `programs` ADD `cve_assigner_short_name` text;--> statement-breakpoint
ALTER TABLE `programs` ADD `osv_ecosystem` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `resolve_due_at` integer;--> statement-breakpoint
ALTER TABLE `reports` ADD `disclosure_time_zone` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `disclosure_state` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` ADD `disclosure_basis` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `disclosure_request_pending` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` ADD `cve_id` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `advisory_url` text;--> statement-breakpoint
CREATE INDEX `reports_disclosure_state_idx` ON `reports` (`disclosure_state`,`disclosure_target_at`);--> statement-breakpoint
CREATE INDEX `reports_resolve_due_idx` ON `reports` (`resolve_due_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `calendar_token_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `users_calendar_token_uq` ON `users` (`calendar_token_hash`);