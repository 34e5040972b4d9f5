DROP INDEX requests_also_reports;
ALTER TABLE requests DROP COLUMN also_reports;
