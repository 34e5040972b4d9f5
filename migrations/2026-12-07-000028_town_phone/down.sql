ALTER TABLE municipalities DROP COLUMN phone;
