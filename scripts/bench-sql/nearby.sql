-- The duplicate check: open public requests of a category within 150 m.
SELECT r.id, 6371000 * 2 * asin(sqrt(power(sin(radians(r.latitude - :lat) / 2), 2)
       + cos(radians(:lat)) * cos(radians(r.latitude)) * power(sin(radians(r.longitude - :lng) / 2), 2))) AS d
FROM requests r WHERE r.is_public AND r.municipality_id = :town AND r.category_id = :cat
  AND r.status IN ('transferred', 'in_progress') AND r.latitude IS NOT NULL
  AND r.latitude BETWEEN :lat - 0.00135 AND :lat + 0.00135 AND r.longitude BETWEEN :lng - 0.0019 AND :lng + 0.0019
ORDER BY d, r.id LIMIT 50;
