DROP INDEX departments_email_token;
ALTER TABLE departments DROP COLUMN email_pending, DROP COLUMN email_token, DROP COLUMN email_token_expires;
