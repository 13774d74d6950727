CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`actor_label` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`program_id` integer,
	`data_json` text DEFAULT '{}' NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_program_idx` ON `audit_log` (`program_id`,`at`);--> statement-breakpoint
CREATE TABLE `programs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`key_prefix` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`policy_json` text NOT NULL,
	`next_report_number` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programs_slug_uq` ON `programs` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `programs_key_prefix_uq` ON `programs` (`key_prefix`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`kind` text NOT NULL,
	`author_user_id` integer,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `messages_report_idx` ON `messages` (`report_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `report_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`actor_label` text NOT NULL,
	`type` text NOT NULL,
	`from_state` text,
	`to_state` text,
	`data_json` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_events_report_idx` ON `report_events` (`report_id`,`at`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`program_id` integer NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`cwe` text,
	`component` text,
	`source_location` text,
	`affected_versions` text,
	`configuration` text,
	`steps_to_reproduce` text,
	`proof_of_concept` text,
	`impact` text,
	`suggested_fix` text,
	`researcher_id` integer,
	`channel` text NOT NULL,
	`received_at` integer NOT NULL,
	`state` text NOT NULL,
	`resume_state` text,
	`is_open` integer NOT NULL,
	`severity` text,
	`severity_rank` integer DEFAULT -1 NOT NULL,
	`severity_source` text,
	`severity_reason` text,
	`cvss_version` text,
	`cvss_vector` text,
	`cvss_score` real,
	`assignee_id` integer,
	`duplicate_of_id` integer,
	`fixed_version` text,
	`next_deadline_at` integer,
	`next_at_risk_at` integer,
	`disclosure_target_at` integer,
	`status_token_hash` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`researcher_id`) REFERENCES `researchers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`duplicate_of_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_key_uq` ON `reports` (`key`);--> statement-breakpoint
CREATE INDEX `reports_program_open_deadline_idx` ON `reports` (`program_id`,`is_open`,`next_deadline_at`);--> statement-breakpoint
CREATE INDEX `reports_open_deadline_idx` ON `reports` (`is_open`,`next_deadline_at`);--> statement-breakpoint
CREATE INDEX `reports_program_state_idx` ON `reports` (`program_id`,`state`);--> statement-breakpoint
CREATE INDEX `reports_state_idx` ON `reports` (`state`);--> statement-breakpoint
CREATE INDEX `reports_program_received_idx` ON `reports` (`program_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `reports_received_idx` ON `reports` (`received_at`);--> statement-breakpoint
CREATE INDEX `reports_severity_idx` ON `reports` (`severity_rank`,`received_at`);--> statement-breakpoint
CREATE INDEX `reports_assignee_idx` ON `reports` (`assignee_id`);--> statement-breakpoint
CREATE INDEX `reports_disclosure_idx` ON `reports` (`disclosure_target_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `reports_status_token_uq` ON `reports` (`status_token_hash`);--> statement-breakpoint
CREATE TABLE `researchers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text,
	`handle` text,
	`email` text,
	`links_json` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `researchers_email_idx` ON `researchers` (`email`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`user_id` integer NOT NULL,
	`program_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`user_id`, `program_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `memberships_program_idx` ON `memberships` (`program_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_hash_uq` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`totp_secret` text,
	`disabled_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);