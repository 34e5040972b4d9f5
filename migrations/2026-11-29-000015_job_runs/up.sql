-- When each periodic job last succeeded (watched through /metrics).
CREATE TABLE job_runs (
    job           TEXT PRIMARY KEY,
    last_success  TIMESTAMPTZ NOT NULL
);
