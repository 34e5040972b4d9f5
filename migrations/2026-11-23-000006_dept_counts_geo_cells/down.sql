DROP INDEX requests_public_cells;
ALTER TABLE requests DROP COLUMN geo_cell;
CREATE INDEX requests_public_map ON requests (municipality_id, latitude, longitude)
    WHERE is_public AND latitude IS NOT NULL;

CREATE OR REPLACE FUNCTION request_tab_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO request_tab_counts (municipality_id, tab, n)
    SELECT municipality_id, tab, count(*) FROM new_rows GROUP BY municipality_id, tab
    ON CONFLICT (municipality_id, tab) DO UPDATE SET n = request_tab_counts.n + excluded.n;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION request_tab_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO request_tab_counts (municipality_id, tab, n)
    SELECT municipality_id, tab, sum(d) FROM (
        SELECT o.municipality_id, o.tab, -1 AS d FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.tab <> n.tab
        UNION ALL
        SELECT n.municipality_id, n.tab, 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.tab <> n.tab
    ) changes GROUP BY municipality_id, tab
    ON CONFLICT (municipality_id, tab) DO UPDATE SET n = request_tab_counts.n + excluded.n;
    RETURN NULL;
END $$;
ALTER TABLE request_tab_counts DROP CONSTRAINT request_tab_counts_pkey;
DELETE FROM request_tab_counts;
ALTER TABLE request_tab_counts DROP COLUMN department_id;
INSERT INTO request_tab_counts (municipality_id, tab, n)
SELECT municipality_id, tab, count(*) FROM requests GROUP BY municipality_id, tab;
ALTER TABLE request_tab_counts ADD PRIMARY KEY (municipality_id, tab);
