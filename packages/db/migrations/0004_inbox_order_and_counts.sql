CREATE TABLE `report_state_counts` (
	`program_id` integer NOT NULL,
	`state` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`program_id`, `state`)
);
--> statement-breakpoint
DROP INDEX `reports_program_open_deadline_idx`;--> statement-breakpoint
DROP INDEX `reports_open_deadline_idx`;--> statement-breakpoint
DROP INDEX `reports_state_idx`;--> statement-breakpoint
CREATE INDEX `reports_open_inbox_idx` ON `reports` (`is_open`,("next_deadline_at" IS NULL),`next_deadline_at`,"severity_rank" DESC,`received_at`,`id`,`program_id`);--> statement-breakpoint
CREATE INDEX `reports_state_inbox_idx` ON `reports` (`state`,("next_deadline_at" IS NULL),`next_deadline_at`,"severity_rank" DESC,`received_at`,`id`,`program_id`);--> statement-breakpoint
CREATE INDEX `reports_inbox_idx` ON `reports` (("next_deadline_at" IS NULL),`next_deadline_at`,"severity_rank" DESC,`received_at`,`id`,`program_id`);--> statement-breakpoint
-- Per-program state counts for the inbox tabs and totals, kept in step by
-- triggers so every write path (and any future one) counts the same way.
INSERT INTO `report_state_counts` (`program_id`, `state`, `n`)
  SELECT `program_id`, `state`, count(*) FROM `reports` GROUP BY `program_id`, `state`;
--> statement-breakpoint
CREATE TRIGGER `report_state_counts_ai` AFTER INSERT ON `reports` BEGIN
  INSERT INTO report_state_counts (program_id, state, n) VALUES (new.program_id, new.state, 1)
    ON CONFLICT (program_id, state) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_state_counts_ad` AFTER DELETE ON `reports` BEGIN
  UPDATE report_state_counts SET n = n - 1 WHERE program_id = old.program_id AND state = old.state;
END;
--> statement-breakpoint
CREATE TRIGGER `report_state_counts_au` AFTER UPDATE OF state, program_id ON `reports`
WHEN old.state IS NOT new.state OR old.program_id IS NOT new.program_id BEGIN
  UPDATE report_state_counts SET n = n - 1 WHERE program_id = old.program_id AND state = old.state;
  INSERT INTO report_state_counts (program_id, state, n) VALUES (new.program_id, new.state, 1)
    ON CONFLICT (program_id, state) DO UPDATE SET n = n + 1;
END;
