-- Issue 32, the next-working-day answer (Mont-Saint-Hilaire): a node may promise a first
-- answer to the citizen by the next working day (inherited; NULL inherits, false stops an
-- inherited promise). A request filed under it keeps the promised day; its first external
-- follow-up (an answer, a question, a hold's message) keeps when it was given. Requests
-- filed before keep no promise (NULL), so nothing is backfilled.
ALTER TABLE taxonomy_nodes ADD COLUMN first_answer_next_day BOOLEAN;
ALTER TABLE requests ADD COLUMN first_answer_due DATE;
ALTER TABLE requests ADD COLUMN first_answered_at TIMESTAMPTZ;
-- The dashboard's "first answer awaited" filter and the worker's reminders read the few
-- promises still unanswered.
CREATE INDEX requests_first_answer_awaited ON requests (municipality_id, first_answer_due)
    WHERE first_answer_due IS NOT NULL AND first_answered_at IS NULL;
