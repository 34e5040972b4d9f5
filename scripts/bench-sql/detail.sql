\set id random(:min_id, :max_id)
SELECT * FROM requests WHERE municipality_id = :town AND id = :id;
SELECT * FROM requester_contacts WHERE request_id = :id;
SELECT * FROM answers WHERE request_id = :id ORDER BY id;
SELECT EXISTS (SELECT 1 FROM favorites WHERE user_id = 1 AND request_id = :id);
