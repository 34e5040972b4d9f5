\set word random(10, 3009)
SELECT r.id, r.number, left(r.description, 300), r.created_at FROM requests r
WHERE r.municipality_id = :town AND r.tab = 2
  AND r.search @@ plainto_tsquery('public.fr_unaccent', :word::text)
ORDER BY r.created_at DESC, r.id DESC LIMIT 26;
SELECT count(*) FROM (SELECT 1 FROM requests r WHERE r.municipality_id = :town AND r.tab = 2
  AND r.search @@ plainto_tsquery('public.fr_unaccent', :word::text) LIMIT 10001) s;
