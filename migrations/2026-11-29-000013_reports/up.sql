-- Reports for the council: requests staff flag as unusual, the director's qualitative
-- summary of a period, satisfaction answers from the closure email, and the indexes the
-- period queries read: received, closed and still open, each covering the columns the
-- report counts (index-only scans: a year of the largest town reads no table page).
ALTER TABLE requests ADD COLUMN unusual_reason TEXT CHECK (length(unusual_reason) BETWEEN 1 AND 300);
CREATE INDEX requests_received ON requests (municipality_id, created_at)
    INCLUDE (kind, channel, department_id, category_id, status, first_contact);
CREATE INDEX requests_closed ON requests (municipality_id, closed_at)
    INCLUDE (created_at, due_date, status, department_id, category_id, kind, channel);
CREATE INDEX requests_open_since ON requests (municipality_id, created_at) INCLUDE (due_date, kind, channel)
    WHERE closed_at IS NULL;
CREATE INDEX requests_unusual ON requests (municipality_id, created_at) WHERE unusual_reason IS NOT NULL;

CREATE TABLE report_summaries (
    municipality_id  BIGINT NOT NULL REFERENCES municipalities(id),
    period_from      DATE NOT NULL,
    period_to        DATE NOT NULL,
    body             TEXT NOT NULL CHECK (length(body) <= 10000),
    updated_by       BIGINT REFERENCES users(id),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (municipality_id, period_from, period_to)
);

-- One answer per request (the survey link of its closure email).
CREATE TABLE satisfaction (
    request_id       BIGINT PRIMARY KEY,
    municipality_id  BIGINT NOT NULL,
    score            INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment          TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    answered_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, request_id) REFERENCES requests (municipality_id, id)
);
CREATE INDEX satisfaction_by_time ON satisfaction (municipality_id, answered_at);
