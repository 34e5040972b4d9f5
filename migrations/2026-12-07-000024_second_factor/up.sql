-- Issue 30: two-factor sign-in for staff (TOTP, RFC 6238) with single-use recovery codes.
-- The secret is sealed (ChaCha20-Poly1305 under a key derived from SECRET_KEY), never
-- stored in clear; recovery codes are stored as HMACs.
CREATE TABLE second_factors (
    user_id      BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    sealed       BYTEA NOT NULL,
    confirmed_at TIMESTAMPTZ,
    -- The last 30-second step a code was accepted for: a code works once.
    last_step    BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE recovery_codes (
    id      BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    digest  TEXT NOT NULL,
    used_at TIMESTAMPTZ,
    UNIQUE (user_id, digest)
);

-- Who must use a second factor in a town: 'privileged' (administrators and the director,
-- the default), 'all' (every staff account with a role there), 'off' (the demo only: a
-- town administrator cannot choose it).
ALTER TABLE municipalities ADD COLUMN second_factor TEXT NOT NULL DEFAULT 'privileged'
    CHECK (second_factor IN ('off', 'privileged', 'all'));

-- Security events an administrator does to an account (a second factor reset), kept.
CREATE TABLE security_events (
    id              BIGSERIAL PRIMARY KEY,
    municipality_id BIGINT REFERENCES municipalities(id),
    actor_id        BIGINT NOT NULL REFERENCES users(id),
    subject_id      BIGINT NOT NULL REFERENCES users(id),
    what            TEXT NOT NULL CHECK (what IN ('second_factor_reset')),
    at              TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX security_events_subject ON security_events (subject_id, at);
