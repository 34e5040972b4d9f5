ALTER TABLE municipalities DROP COLUMN hold_limit_days;
ALTER TABLE requests DROP COLUMN waiting_reason;
ALTER TABLE requests DROP COLUMN waiting_since;
