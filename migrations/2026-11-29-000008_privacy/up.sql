-- The employee a complaint concerns: personal information seen by the citizen-services
-- director alone, kept apart from the request (like the requester's contact) so that it
-- can be hidden, exported or anonymized, and never enters the search vector.
CREATE TABLE complaint_details (
    request_id         BIGINT PRIMARY KEY REFERENCES requests(id),
    employee_concerned TEXT NOT NULL CHECK (length(employee_concerned) BETWEEN 1 AND 200)
);

-- Whether the requester added an attachment (their photos), as opposed to staff: outside
-- the town's staff only the requester's own photos and the staff files sent with an
-- external follow-up are shown.
ALTER TABLE attachments ADD COLUMN by_requester BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE attachments a SET by_requester = TRUE
 WHERE a.uploaded_by IS NULL
    OR EXISTS (SELECT 1 FROM users u WHERE u.id = a.uploaded_by AND u.kind = 'citizen');

-- Complaints are never public (Prévost policy 4.5): any made public before this rule are
-- made private, and the database refuses it from now on.
UPDATE requests SET is_public = FALSE WHERE kind = 'complaint' AND is_public;
ALTER TABLE requests ADD CONSTRAINT requests_complaint_never_public CHECK (kind <> 'complaint' OR NOT is_public);
