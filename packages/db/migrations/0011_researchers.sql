ALTER TABLE `researchers` ADD `languages_json` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `researchers` ADD `merged_into_id` integer REFERENCES researchers(id);--> statement-breakpoint
ALTER TABLE `researchers` ADD `erased_at` integer;--> statement-breakpoint
CREATE INDEX `researchers_merged_idx` ON `researchers` (`merged_into_id`);--> statement-breakpoint
CREATE INDEX `reports_researcher_idx` ON `reports` (`researcher_id`,`received_at`);