DROP INDEX requests_assignee;
ALTER TABLE requests DROP COLUMN assignee_user_id;
