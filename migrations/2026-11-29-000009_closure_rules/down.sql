ALTER TABLE municipalities
    ADD COLUMN require_answer_before_close BOOLEAN NOT NULL DEFAULT FALSE,
    DROP COLUMN closure_requires_code,
    DROP COLUMN closure_requires_planned,
    DROP COLUMN closure_requires_performed;
