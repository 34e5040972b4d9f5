ALTER TABLE municipalities DROP COLUMN duplicate_radius_m;
DROP TABLE address_registers;
DROP TABLE addresses;
DROP TABLE address_streets;
