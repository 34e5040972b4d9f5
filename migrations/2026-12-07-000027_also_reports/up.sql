-- Issue 31: a citizen who finds, before filing, an open request of the same category
-- nearby that is not public ("Signaler aussi") files their own, linked to it: the town
-- sees that the same problem was reported again, and by how many.
ALTER TABLE requests ADD COLUMN also_reports BIGINT REFERENCES requests(id);
CREATE INDEX requests_also_reports ON requests (also_reports) WHERE also_reports IS NOT NULL;
