-- A rare keyword in the closed tab: the page, then the one-pass count over all tabs.
\set word random(10, 3009)
SELECT r.id, r.number, left(r.description, 300), r.created_at FROM requests r
WHERE r.municipality_id = :town AND r.tab = 2
  AND r.search @@ plainto_tsquery('public.fr_unaccent', :word::text)
ORDER BY r.created_at DESC, r.id DESC LIMIT 26;
SELECT s.tab, count(*) FROM (SELECT r.tab FROM requests r WHERE r.municipality_id = :town
  AND r.tab = ANY('{0,1,2}'::smallint[]) AND r.search @@ plainto_tsquery('public.fr_unaccent', :word::text) LIMIT 3001) s
GROUP BY s.tab;
