-- A town's register of civic addresses (imported from its own file, e.g. Adresses Québec):
-- the wizard's autocomplete, the reverse lookup of a pin, and the town's outline.
CREATE TABLE address_streets (
    id BIGSERIAL PRIMARY KEY,
    municipality_id BIGINT NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- The name's words folded (no accents, no case, no small words): `rue erables`.
    search_key TEXT NOT NULL,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    UNIQUE (municipality_id, search_key)
);

CREATE TABLE addresses (
    id BIGSERIAL PRIMARY KEY,
    municipality_id BIGINT NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    street_id BIGINT NOT NULL REFERENCES address_streets(id) ON DELETE CASCADE,
    civic_number TEXT NOT NULL,
    -- Lowercase civic number, compared by prefix while the citizen types.
    civic_key TEXT NOT NULL,
    postal_code TEXT,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    -- Cells of 0.001° (about 110 m by 80 m) for the nearest address to a point.
    cell BIGINT NOT NULL,
    UNIQUE (street_id, civic_key)
);
CREATE INDEX addresses_by_civic ON addresses (municipality_id, civic_key text_pattern_ops);
CREATE INDEX addresses_by_cell ON addresses (municipality_id, cell);

-- One row per town with a register: its outline ([[lat, lng], …]) and size.
CREATE TABLE address_registers (
    municipality_id BIGINT PRIMARY KEY REFERENCES municipalities(id) ON DELETE CASCADE,
    outline JSONB NOT NULL,
    addresses BIGINT NOT NULL,
    streets BIGINT NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- How near an open request of the same category must be to be offered as a duplicate.
ALTER TABLE municipalities ADD COLUMN duplicate_radius_m INTEGER NOT NULL DEFAULT 150
    CHECK (duplicate_radius_m BETWEEN 10 AND 2000);
