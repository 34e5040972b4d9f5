DROP TABLE satisfaction;
DROP TABLE report_summaries;
DROP INDEX requests_unusual;
DROP INDEX requests_open_since;
DROP INDEX requests_closed;
DROP INDEX requests_received;
ALTER TABLE requests DROP COLUMN unusual_reason;
