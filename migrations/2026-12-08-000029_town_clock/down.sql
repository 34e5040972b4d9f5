ALTER TABLE municipalities DROP COLUMN urgent_delay_days;
ALTER TABLE requests DROP COLUMN due_basis;
ALTER TABLE taxonomy_nodes DROP COLUMN delay_unit;
