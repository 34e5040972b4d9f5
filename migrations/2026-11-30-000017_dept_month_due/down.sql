DROP INDEX IF EXISTS requests_tab_dept_month_due;
