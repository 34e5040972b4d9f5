DROP INDEX IF EXISTS requests_complaints;
