ALTER TABLE requests DROP CONSTRAINT requests_complaint_never_public;
ALTER TABLE attachments DROP COLUMN by_requester;
DROP TABLE complaint_details;
