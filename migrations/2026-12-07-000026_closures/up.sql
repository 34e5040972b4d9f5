-- Issue 31: every closure of a request is kept (what it said, when, by whom), across
-- reopens. The request's own closure columns stay the current closure (lists, reports and
-- emails read them); this table is its history, which the timeline and the requester's
-- page show. A closure is written with the status change, in the same transaction.
CREATE TABLE closures (
    id                BIGSERIAL PRIMARY KEY,
    municipality_id   BIGINT NOT NULL REFERENCES municipalities(id),
    request_id        BIGINT NOT NULL REFERENCES requests(id),
    refused           BOOLEAN NOT NULL,
    resolution        TEXT,
    intervention_code TEXT,
    planned_date      DATE,
    performed_date    DATE,
    internal_note     TEXT,
    message           TEXT,
    legal_provision   TEXT,
    closed_by         BIGINT REFERENCES users(id),
    closed_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX closures_request ON closures (request_id, closed_at);

-- The closures of requests closed before this table: their current closure, by whoever
-- changed the status last.
INSERT INTO closures (municipality_id, request_id, refused, resolution, intervention_code, planned_date,
                      performed_date, internal_note, message, legal_provision, closed_by, closed_at)
SELECT r.municipality_id, r.id, r.status = 'closed_refused', r.resolution, r.intervention_code, r.planned_date,
       r.performed_date, r.closure_note, r.closure_message, r.legal_provision,
       (SELECT h.actor_user_id FROM history h
         WHERE h.request_id = r.id AND h.field = 'status' AND h.new_value = r.status
         ORDER BY h.at DESC, h.id DESC LIMIT 1),
       r.closed_at
  FROM requests r
 WHERE r.closed_at IS NOT NULL AND r.status IN ('closed_processed', 'closed_refused');
