-- Issue 33, API keys: a town administrator issues a named key to each integrator app (an
-- Open311 client, a work-order system). The key is shown once; only its SHA-256 is kept
-- (a random 32-byte secret needs no slow hash), with a prefix that tells keys apart in a
-- list. A revoked key stays, so requests filed with it still name their app.
CREATE TABLE api_keys (
    id              BIGSERIAL PRIMARY KEY,
    municipality_id BIGINT NOT NULL REFERENCES municipalities (id),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix          TEXT NOT NULL,
    key_hash        BYTEA NOT NULL UNIQUE,
    rate_per_hour   INT NOT NULL DEFAULT 1000 CHECK (rate_per_hour BETWEEN 1 AND 100000),
    created_by      BIGINT REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at      TIMESTAMPTZ,
    last_used_at    TIMESTAMPTZ
);
CREATE INDEX api_keys_town ON api_keys (municipality_id, created_at);

-- A request filed through a key: its channel is 'application' and it keeps the key (and so
-- the app's name).
ALTER TABLE requests ADD COLUMN api_key_id BIGINT REFERENCES api_keys (id);
ALTER TABLE requests DROP CONSTRAINT requests_channel_check;
ALTER TABLE requests ADD CONSTRAINT requests_channel_check CHECK (channel IN ('web', 'phone', 'counter', 'email',
    'mobile_app', 'mail', 'social_media', 'application')) NOT VALID;
ALTER TABLE requests VALIDATE CONSTRAINT requests_channel_check;
