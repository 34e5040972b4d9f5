DROP INDEX requests_first_answer_awaited;
ALTER TABLE requests DROP COLUMN first_answered_at;
ALTER TABLE requests DROP COLUMN first_answer_due;
ALTER TABLE taxonomy_nodes DROP COLUMN first_answer_next_day;
