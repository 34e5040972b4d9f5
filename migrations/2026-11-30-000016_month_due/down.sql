DROP INDEX IF EXISTS requests_tab_month_due, requests_tab_month_priority, requests_tab_month_dept,
    requests_tab_due_month_created, requests_tab_due_month_priority, requests_tab_due_month_dept;
