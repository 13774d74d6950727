CREATE TABLE `escalations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`program_id` integer NOT NULL,
	`kind` text NOT NULL,
	`clock` text,
	`due_at` integer,
	`reason` text NOT NULL,
	`raised_at` integer NOT NULL,
	`raised_by_user_id` integer,
	`acknowledged_at` integer,
	`acknowledged_by_user_id` integer,
	`resolved_at` integer,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`raised_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acknowledged_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `escalations_once_uq` ON `escalations` (`report_id`,`kind`,`clock`,`due_at`);--> statement-breakpoint
CREATE INDEX `escalations_open_idx` ON `escalations` (`resolved_at`,`program_id`);--> statement-breakpoint
ALTER TABLE `reports` ADD `sla_state` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `sla_swept_at` integer;--> statement-breakpoint
CREATE INDEX `reports_open_at_risk_idx` ON `reports` (`is_open`,`next_at_risk_at`);