DROP INDEX IF EXISTS interactions_kept;
DROP INDEX IF EXISTS requester_contacts_kept;
ALTER TABLE municipalities DROP COLUMN IF EXISTS retention_months;
ALTER TABLE attachments DROP COLUMN IF EXISTS original_removed_at;
ALTER TABLE interactions DROP COLUMN IF EXISTS anonymized_at;
DROP TABLE IF EXISTS anonymizations;
