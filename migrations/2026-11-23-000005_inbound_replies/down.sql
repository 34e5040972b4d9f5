DROP INDEX followups_source_message;
ALTER TABLE followups DROP COLUMN source_message_id;
