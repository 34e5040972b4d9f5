-- The staff list under a date range sorted by another column: the page is read month of
-- the ranged date by month (each month's first rows in the list's order, then merged;
-- service/requests/list.rs, `push_months`). Walking the sort's own index instead passes
-- every row outside the range first, and dates follow one another (a request is due some
-- days after it is created): at 10 M requests, a 2017 creation range sorted by
-- department took 2.3 s, a 2017 due range sorted by creation 5.9 s.
-- Months of creation (UTC), for a creation range:
CREATE INDEX IF NOT EXISTS requests_tab_month_due
    ON requests (municipality_id, tab, date_trunc('month', created_at AT TIME ZONE 'UTC'), due_date, id);
CREATE INDEX IF NOT EXISTS requests_tab_month_priority
    ON requests (municipality_id, tab, date_trunc('month', created_at AT TIME ZONE 'UTC'), priority_rank, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS requests_tab_month_dept
    ON requests (municipality_id, tab, date_trunc('month', created_at AT TIME ZONE 'UTC'), department_id, created_at DESC, id DESC);
-- Months of the due date, for a due-date range:
CREATE INDEX IF NOT EXISTS requests_tab_due_month_created
    ON requests (municipality_id, tab, date_trunc('month', due_date::timestamp), created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS requests_tab_due_month_priority
    ON requests (municipality_id, tab, date_trunc('month', due_date::timestamp), priority_rank, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS requests_tab_due_month_dept
    ON requests (municipality_id, tab, date_trunc('month', due_date::timestamp), department_id, created_at DESC, id DESC);
