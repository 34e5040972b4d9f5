-- People who follow a public request instead of filing a duplicate: a signed-in citizen
-- or an email address. They get its external follow-ups and closure.
CREATE TABLE request_followers (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES requests(id),
    user_id    BIGINT REFERENCES users(id),
    email      TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((user_id IS NULL) <> (email IS NULL))
);
CREATE UNIQUE INDEX request_followers_user ON request_followers (request_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX request_followers_email ON request_followers (request_id, lower(email)) WHERE email IS NOT NULL;

-- Compound words ("nid-de-poule") are indexed by their parts only, so that the plural
-- "nids-de-poules" finds them (the whole compound would stem differently).
ALTER TEXT SEARCH CONFIGURATION fr_unaccent DROP MAPPING FOR hword, asciihword;
