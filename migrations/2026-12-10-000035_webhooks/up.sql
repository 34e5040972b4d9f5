-- Issue 33, webhooks: a town administrator registers endpoints that hear of request events,
-- signed as the Standard Webhooks specification says with a secret per endpoint (shown once,
-- kept sealed: it signs every delivery). Deliveries are written in the transaction of the
-- change and sent by the worker, in order per request, retried with backoff for more than a
-- day under the same message id; an endpoint that keeps failing is disabled.
CREATE TABLE webhook_endpoints (
    id              BIGSERIAL PRIMARY KEY,
    municipality_id BIGINT NOT NULL REFERENCES municipalities (id),
    url             TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    description     TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 200),
    events          TEXT[] NOT NULL CHECK (cardinality(events) >= 1 AND events <@ ARRAY['request.created',
                        'request.status_changed', 'request.followup_added', 'request.closed']),
    secret_sealed   BYTEA NOT NULL,
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    disabled_reason TEXT,
    created_by      BIGINT REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_town ON webhook_endpoints (municipality_id) WHERE active;

CREATE TABLE webhook_deliveries (
    id              BIGSERIAL PRIMARY KEY,
    endpoint_id     BIGINT NOT NULL REFERENCES webhook_endpoints (id),
    municipality_id BIGINT NOT NULL REFERENCES municipalities (id),
    request_id      BIGINT NOT NULL REFERENCES requests (id),
    event           TEXT NOT NULL,
    message_id      TEXT NOT NULL,
    payload         JSONB NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_attempt_at TIMESTAMPTZ,
    last_status     INT,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ,
    UNIQUE (endpoint_id, message_id)
);
-- The worker's reads: what is due, and what waits ahead of it on the same request.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (endpoint_id, request_id, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (endpoint_id, id DESC);
