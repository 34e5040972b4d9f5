DROP TABLE rate_limits;
ALTER TABLE request_followers DROP COLUMN confirmed_at;
ALTER TABLE refresh_tokens DROP COLUMN session_expires_at;
DROP TABLE account_tokens;
ALTER TABLE users DROP COLUMN password_changed_at;
ALTER TABLE users DROP COLUMN email_confirmed_at;
