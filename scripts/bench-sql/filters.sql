-- Department, two priorities and a creation date, closed tab, newest first: the page and
-- the three tabs' counts up to the cap.
SELECT r.id, r.number, left(r.description, 300), r.created_at FROM requests r
WHERE r.municipality_id = :town AND r.tab = 2
  AND r.department_id = ANY(ARRAY[:dep]::int8[]) AND r.priority = ANY('{urgent,very_important}'::text[])
    AND r.created_at >= ('2020-01-01'::date::timestamp AT TIME ZONE 'America/Toronto')
ORDER BY r.created_at DESC, r.id DESC LIMIT 26;
SELECT (SELECT count(*) FROM (SELECT 1 FROM requests r WHERE r.municipality_id = :town AND r.tab = 0
    AND r.department_id = ANY(ARRAY[:dep]::int8[]) AND r.priority = ANY('{urgent,very_important}'::text[])
    AND r.created_at >= ('2020-01-01'::date::timestamp AT TIME ZONE 'America/Toronto') LIMIT 101) s),
       (SELECT count(*) FROM (SELECT 1 FROM requests r WHERE r.municipality_id = :town AND r.tab = 1
    AND r.department_id = ANY(ARRAY[:dep]::int8[]) AND r.priority = ANY('{urgent,very_important}'::text[])
    AND r.created_at >= ('2020-01-01'::date::timestamp AT TIME ZONE 'America/Toronto') LIMIT 101) s),
       (SELECT count(*) FROM (SELECT 1 FROM requests r WHERE r.municipality_id = :town AND r.tab = 2
    AND r.department_id = ANY(ARRAY[:dep]::int8[]) AND r.priority = ANY('{urgent,very_important}'::text[])
    AND r.created_at >= ('2020-01-01'::date::timestamp AT TIME ZONE 'America/Toronto') LIMIT 101) s);
