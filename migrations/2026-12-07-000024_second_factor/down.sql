DROP TABLE security_events;
ALTER TABLE municipalities DROP COLUMN second_factor;
DROP TABLE recovery_codes;
DROP TABLE second_factors;
