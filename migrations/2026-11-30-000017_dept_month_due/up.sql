-- A department's list sorted by due date under a creation range ("my department's requests
-- of the last years, the soonest due first"): read month of creation by month as the
-- others (`push_months`), from the department's own months, so that each month's walk
-- passes only that department's rows. Through `requests_tab_month_due` it passed every
-- department's: at 10 M, 14 ms per list for the largest department of the largest town.
-- Used when the filter names one department (`r.department_id = $n`: an `= ANY` on a
-- column after the first would leave the walk unordered).
CREATE INDEX IF NOT EXISTS requests_tab_dept_month_due
    ON requests (municipality_id, tab, department_id, date_trunc('month', created_at AT TIME ZONE 'UTC'), due_date, id);
