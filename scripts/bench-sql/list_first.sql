-- The staff list, open tab, newest first, first page: the page and the three tabs' counts
-- (unfiltered: kept by triggers).
SELECT r.id, r.number, r.kind, r.node_id, r.category_id, r.department_id, r.priority_rank, r.status, r.is_public,
       r.requester_mode, left(r.description, 300) AS description, r.address, r.created_at, r.due_date, r.photo_count,
       r.file_count, EXISTS (SELECT 1 FROM favorites fv WHERE fv.request_id = r.id AND fv.user_id = 1) AS favorite
FROM requests r WHERE r.municipality_id = :town AND r.tab = 1
ORDER BY r.created_at DESC, r.id DESC LIMIT 26;
SELECT tab, n FROM request_tab_counts WHERE municipality_id = :town;
