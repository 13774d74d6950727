CREATE INDEX `outbox_created_idx` ON `outbox` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `reports_open_urgent_idx` ON `reports` (`is_open`,"severity_rank" DESC,`next_deadline_at`,`received_at`,`id`,`program_id`);--> statement-breakpoint
CREATE INDEX `reports_state_urgent_idx` ON `reports` (`state`,"severity_rank" DESC,`next_deadline_at`,`received_at`,`id`,`program_id`);--> statement-breakpoint
CREATE INDEX `reports_urgent_idx` ON `reports` ("severity_rank" DESC,`next_deadline_at`,`received_at`,`id`,`program_id`);