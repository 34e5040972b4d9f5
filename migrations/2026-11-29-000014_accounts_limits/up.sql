-- Accounts: a citizen's address is confirmed before anything is sent to it; passwords are
-- reset by a single-use link; a sign-in lasts at most SESSION_MAX_HOURS.
ALTER TABLE users ADD COLUMN email_confirmed_at TIMESTAMPTZ;
UPDATE users SET email_confirmed_at = created_at;
ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMPTZ NOT NULL DEFAULT now();

-- Single-use links sent by email, stored as an HMAC of the token under a key of their purpose.
CREATE TABLE account_tokens (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('password_reset', 'email_confirmation')),
    token_hash  BYTEA NOT NULL UNIQUE,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- The end of the sign-in a refresh token belongs to, carried from token to token.
ALTER TABLE refresh_tokens ADD COLUMN session_expires_at TIMESTAMPTZ NOT NULL DEFAULT now() + interval '12 hours';
ALTER TABLE refresh_tokens ALTER COLUMN session_expires_at DROP DEFAULT;

-- A follower by email confirms first (double opt-in); accounts follow at once.
ALTER TABLE request_followers ADD COLUMN confirmed_at TIMESTAMPTZ;
UPDATE request_followers SET confirmed_at = created_at;

-- Abuse limits: one fixed window per (bucket, key). The key is a keyed hash, never an
-- address or an email. Unlogged: a crash forgets the counts, which is harmless.
CREATE UNLOGGED TABLE rate_limits (
    bucket        TEXT NOT NULL,
    key           TEXT NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL,
    hits          INT NOT NULL,
    PRIMARY KEY (bucket, key)
);
