-- Issue 32, waiting on the citizen: a request on hold keeps the day it was put on hold and
-- why; its due date is empty while it waits (so it leaves the overdue counts and lists with
-- no change to their indexes) and comes back, moved by the time held, when the citizen
-- answers (`due_basis` keeps each hold). A town proposes closing holds older than its
-- limit (calendar days).
ALTER TABLE requests ADD COLUMN waiting_since DATE;
ALTER TABLE requests ADD COLUMN waiting_reason TEXT CHECK (length(waiting_reason) <= 1000);
ALTER TABLE municipalities ADD COLUMN hold_limit_days INTEGER NOT NULL DEFAULT 30
    CHECK (hold_limit_days BETWEEN 1 AND 365);
