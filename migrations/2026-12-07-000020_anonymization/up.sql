-- Anonymization (Loi 25): on a person's request the director removes them from the town's
-- records; a town's retention setting does it for every contact some months after its
-- request closed. Requests stay (and are still counted); their contacts become a
-- tombstone. Each run is recorded — who, when, why, how much — without what it removed.
CREATE TABLE anonymizations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id BIGINT NOT NULL REFERENCES municipalities(id),
    -- NULL: the retention job.
    by_user_id BIGINT REFERENCES users(id),
    at TIMESTAMPTZ NOT NULL DEFAULT now(),
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    requests INT NOT NULL DEFAULT 0,
    calls INT NOT NULL DEFAULT 0,
    texts INT NOT NULL DEFAULT 0,
    files INT NOT NULL DEFAULT 0,
    followers INT NOT NULL DEFAULT 0,
    emails INT NOT NULL DEFAULT 0,
    account_closed BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX anonymizations_town ON anonymizations (municipality_id, at DESC);

ALTER TABLE interactions ADD COLUMN anonymized_at TIMESTAMPTZ;
-- A file whose stored bytes were removed (a photo keeps its metadata-free public copy).
ALTER TABLE attachments ADD COLUMN original_removed_at TIMESTAMPTZ;

-- Months after a request closes (or a call is logged) before its contact is anonymized;
-- NULL keeps contacts until someone asks.
ALTER TABLE municipalities ADD COLUMN retention_months INT
    CHECK (retention_months IS NULL OR retention_months BETWEEN 1 AND 600);

-- The retention job's walk: closed requests whose contact is still there, by closure.
CREATE INDEX requester_contacts_kept ON requester_contacts (request_id) WHERE anonymized_at IS NULL;
CREATE INDEX interactions_kept ON interactions (municipality_id, occurred_at)
    WHERE anonymized_at IS NULL AND (contact_name IS NOT NULL OR contact_email IS NOT NULL OR contact_phone IS NOT NULL);
