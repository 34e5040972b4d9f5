-- A rare keyword (a street name of the long tail) in the closed tab: the page, then the
-- three tabs' counts up to the cap, through the GIN index.
\set k random(1, 100)
SELECT w AS word FROM bench_rare_words WHERE k = :k \gset
SELECT r.id, r.number, left(r.description, 300), r.created_at FROM requests r
WHERE r.municipality_id = :town AND r.tab = 2
  AND r.search @@ plainto_tsquery('public.fr_unaccent', ':word')
ORDER BY r.created_at DESC, r.id DESC LIMIT 26;
SELECT (SELECT count(*) FROM (SELECT 1 FROM requests r WHERE r.municipality_id = :town AND r.tab = 0
    AND r.search @@ plainto_tsquery('public.fr_unaccent', ':word') LIMIT 101) s),
       (SELECT count(*) FROM (SELECT 1 FROM requests r WHERE r.municipality_id = :town AND r.tab = 1
    AND r.search @@ plainto_tsquery('public.fr_unaccent', ':word') LIMIT 101) s),
       (SELECT count(*) FROM (SELECT 1 FROM requests r WHERE r.municipality_id = :town AND r.tab = 2
    AND r.search @@ plainto_tsquery('public.fr_unaccent', ':word') LIMIT 101) s);
