-- What each town requires on closing, beyond the resolution and the message to a requester
-- who can be reached (both always required now, which supersedes the town's old
-- "answered before closing" switch).
ALTER TABLE municipalities
    ADD COLUMN closure_requires_code BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN closure_requires_planned BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN closure_requires_performed BOOLEAN NOT NULL DEFAULT FALSE,
    DROP COLUMN require_answer_before_close;
