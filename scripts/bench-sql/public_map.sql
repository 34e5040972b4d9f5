-- The public map: the newest public requests within 500 m of a point, read cell by cell
-- (cells of 0.01°), as the API does.
\set dy random(-30000, 30000)
\set dx random(-50000, 50000)
SELECT x.id, x.created_at FROM unnest(ARRAY(
    SELECT la * 100000 + lo + 18000
    FROM generate_series(floor((:lat + :dy / 1e6 - 0.0045) * 100)::int, floor((:lat + :dy / 1e6 + 0.0045) * 100)::int) la,
         generate_series(floor((:lng + :dx / 1e6 - 0.0064) * 100)::int, floor((:lng + :dx / 1e6 + 0.0064) * 100)::int) lo
  )) AS c(cell)
CROSS JOIN LATERAL (
  SELECT r.id, r.number, r.description, r.latitude, r.longitude, r.created_at FROM requests r
  WHERE r.is_public AND r.municipality_id = :town AND r.latitude IS NOT NULL AND r.geo_cell = c.cell
    AND r.latitude BETWEEN :lat + :dy / 1e6 - 0.0045 AND :lat + :dy / 1e6 + 0.0045
    AND r.longitude BETWEEN :lng + :dx / 1e6 - 0.0064 AND :lng + :dx / 1e6 + 0.0064
    AND 6371000 * 2 * asin(sqrt(power(sin(radians(r.latitude - (:lat + :dy / 1e6)) / 2), 2)
        + cos(radians(:lat + :dy / 1e6)) * cos(radians(r.latitude))
        * power(sin(radians(r.longitude - (:lng + :dx / 1e6)) / 2), 2))) <= 500
  ORDER BY r.created_at DESC, r.id DESC LIMIT 201) x
ORDER BY x.created_at DESC, x.id DESC LIMIT 201;
