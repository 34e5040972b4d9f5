ALTER TABLE municipalities DROP COLUMN weekday_hours;
