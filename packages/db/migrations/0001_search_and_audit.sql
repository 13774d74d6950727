-- Free-text search over title and description, kept in step by triggers so
-- the inbox never scans 100k bodies with LIKE.
CREATE VIRTUAL TABLE `reports_fts` USING fts5(title, description, content='reports', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `reports_fts_ai` AFTER INSERT ON `reports` BEGIN
  INSERT INTO reports_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `reports_fts_ad` AFTER DELETE ON `reports` BEGIN
  INSERT INTO reports_fts(reports_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
END;
--> statement-breakpoint
CREATE TRIGGER `reports_fts_au` AFTER UPDATE OF title, description ON `reports` BEGIN
  INSERT INTO reports_fts(reports_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
  INSERT INTO reports_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;
--> statement-breakpoint
-- The audit log is append-only: the database itself refuses edits.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `report_events_no_update` BEFORE UPDATE ON `report_events` BEGIN
  SELECT RAISE(ABORT, 'report_events is append-only');
END;
