-- Exact counts of each town's tabs, kept by statement triggers, so that the dashboard's
-- unfiltered counts cost one index lookup instead of counting rows.
CREATE TABLE request_tab_counts (
    municipality_id BIGINT NOT NULL REFERENCES municipalities(id),
    tab             SMALLINT NOT NULL,
    n               BIGINT NOT NULL,
    PRIMARY KEY (municipality_id, tab)
);

INSERT INTO request_tab_counts (municipality_id, tab, n)
SELECT municipality_id, tab, count(*) FROM requests GROUP BY municipality_id, tab;

CREATE FUNCTION request_tab_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO request_tab_counts (municipality_id, tab, n)
    SELECT municipality_id, tab, count(*) FROM new_rows GROUP BY municipality_id, tab
    ON CONFLICT (municipality_id, tab) DO UPDATE SET n = request_tab_counts.n + excluded.n;
    RETURN NULL;
END $$;

CREATE FUNCTION request_tab_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER request_tab_counts_insert AFTER INSERT ON requests
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION request_tab_counts_insert();
CREATE TRIGGER request_tab_counts_update AFTER UPDATE ON requests
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION request_tab_counts_update();
