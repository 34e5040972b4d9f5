DROP INDEX requests_public_map, requests_tab_created, requests_tab_due, requests_tab_priority, requests_tab_dept;
CREATE INDEX requests_by_created  ON requests (municipality_id, status, created_at DESC, id DESC);
CREATE INDEX requests_by_due      ON requests (municipality_id, status, due_date, id);
CREATE INDEX requests_by_priority ON requests (municipality_id, status, priority_rank, created_at DESC, id DESC);
CREATE INDEX requests_by_dept     ON requests (municipality_id, status, department_id, created_at DESC, id DESC);
ALTER TABLE requests DROP COLUMN tab;
