-- Two common keywords in the closed tab, checked on the rows (not through the GIN index,
-- as the API does for words in more than 1 % of the rows): the page, then each tab's
-- matches among its newest 1 000 rows.
\set i random(1, 3)
\set j random(1, 2)
SELECT (ARRAY['deneigement', 'lampadaire', 'trottoir'])[:i] AS a, (ARRAY['rue', 'chemin'])[:j] AS b \gset
SELECT r.id, r.number, left(r.description, 300), r.created_at FROM requests r
WHERE r.municipality_id = :town AND r.tab = 2
  AND ts_match_vq(r.search, plainto_tsquery('public.fr_unaccent', ':a')) AND ts_match_vq(r.search, plainto_tsquery('public.fr_unaccent', ':b'))
ORDER BY r.created_at DESC, r.id DESC LIMIT 26;
SELECT 0::int2 AS tab, count(*) FILTER (WHERE w.m) AS n, count(*) AS seen FROM (SELECT TRUE AND ts_match_vq(r.search, plainto_tsquery('public.fr_unaccent', ':a')) AND ts_match_vq(r.search, plainto_tsquery('public.fr_unaccent', ':b')) AS m
  FROM requests r WHERE r.municipality_id = :town AND r.tab = 0 ORDER BY r.created_at DESC, r.id DESC LIMIT 1000) w
UNION ALL
SELECT 1::int2 AS tab, count(*) FILTER (WHERE w.m) AS n, count(*) AS seen FROM (SELECT TRUE AND ts_match_vq(r.search, plainto_tsquery('public.fr_unaccent', ':a')) AND ts_match_vq(r.search, plainto_tsquery('public.fr_unaccent', ':b')) AS m
  FROM requests r WHERE r.municipality_id = :town AND r.tab = 1 ORDER BY r.created_at DESC, r.id DESC LIMIT 1000) w
UNION ALL
SELECT 2::int2 AS tab, count(*) FILTER (WHERE w.m) AS n, count(*) AS seen FROM (SELECT TRUE AND ts_match_vq(r.search, plainto_tsquery('public.fr_unaccent', ':a')) AND ts_match_vq(r.search, plainto_tsquery('public.fr_unaccent', ':b')) AS m
  FROM requests r WHERE r.municipality_id = :town AND r.tab = 2 ORDER BY r.created_at DESC, r.id DESC LIMIT 1000) w;
