-- The dashboard's tab as a stored column, so that each tab is one equality and every sort
-- reads its index in order (a status IN (…) list cannot be read in created_at order).
-- 0 = not transferred, 1 = open (transferred, in progress), 2 = closed.
ALTER TABLE requests ADD COLUMN tab SMALLINT GENERATED ALWAYS AS (
    CASE status WHEN 'not_transferred' THEN 0 WHEN 'transferred' THEN 1 WHEN 'in_progress' THEN 1 ELSE 2 END
) STORED;

DROP INDEX requests_by_created, requests_by_due, requests_by_priority, requests_by_dept;
CREATE INDEX requests_tab_created  ON requests (municipality_id, tab, created_at DESC, id DESC);
CREATE INDEX requests_tab_due      ON requests (municipality_id, tab, due_date, id);
CREATE INDEX requests_tab_priority ON requests (municipality_id, tab, priority_rank, created_at DESC, id DESC);
CREATE INDEX requests_tab_dept     ON requests (municipality_id, tab, department_id, created_at DESC, id DESC);

-- The public map: public requests of a town around a point, any status.
CREATE INDEX requests_public_map ON requests (municipality_id, latitude, longitude)
    WHERE is_public AND latitude IS NOT NULL;
