-- 1. The kept tab counts split by department (0 = none), so that a dashboard filtered by
--    department (the everyday view of a department's staff) shows exact counts without
--    counting rows.
ALTER TABLE request_tab_counts ADD COLUMN department_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE request_tab_counts DROP CONSTRAINT request_tab_counts_pkey;
DELETE FROM request_tab_counts;
INSERT INTO request_tab_counts (municipality_id, tab, department_id, n)
SELECT municipality_id, tab, coalesce(department_id, 0), count(*) FROM requests
GROUP BY municipality_id, tab, coalesce(department_id, 0);
ALTER TABLE request_tab_counts ADD PRIMARY KEY (municipality_id, tab, department_id);

CREATE OR REPLACE FUNCTION request_tab_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO request_tab_counts (municipality_id, tab, department_id, n)
    SELECT municipality_id, tab, coalesce(department_id, 0), count(*) FROM new_rows
    GROUP BY municipality_id, tab, coalesce(department_id, 0)
    ON CONFLICT (municipality_id, tab, department_id) DO UPDATE SET n = request_tab_counts.n + excluded.n;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION request_tab_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO request_tab_counts (municipality_id, tab, department_id, n)
    SELECT municipality_id, tab, dep, sum(d) FROM (
        SELECT o.municipality_id, o.tab, coalesce(o.department_id, 0) AS dep, -1 AS d
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.tab <> n.tab OR o.department_id IS DISTINCT FROM n.department_id
        UNION ALL
        SELECT n.municipality_id, n.tab, coalesce(n.department_id, 0), 1
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.tab <> n.tab OR o.department_id IS DISTINCT FROM n.department_id
    ) changes GROUP BY municipality_id, tab, dep
    ON CONFLICT (municipality_id, tab, department_id) DO UPDATE SET n = request_tab_counts.n + excluded.n;
    RETURN NULL;
END $$;

-- 2. The public map: a grid of cells of 0.01° (about 1.1 km × 0.8 km here) so that "the
--    newest public requests within r metres" reads a few cells newest-first instead of
--    every public request in the circle (tens of thousands after ten years in a large town).
ALTER TABLE requests ADD COLUMN geo_cell BIGINT GENERATED ALWAYS AS (
    floor(latitude * 100)::bigint * 100000 + floor(longitude * 100)::bigint + 18000
) STORED;
DROP INDEX requests_public_map;
CREATE INDEX requests_public_cells ON requests (municipality_id, geo_cell, created_at DESC, id DESC, latitude, longitude)
    WHERE is_public AND latitude IS NOT NULL;
