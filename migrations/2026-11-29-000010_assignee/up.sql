-- Within its department a request may be assigned to a person ("assigned to me" is a view).
ALTER TABLE requests ADD COLUMN assignee_user_id BIGINT REFERENCES users(id);
CREATE INDEX requests_assignee ON requests (assignee_user_id, tab, created_at DESC, id DESC)
    WHERE assignee_user_id IS NOT NULL;
