-- Issue 32, after-hours routing: a node may name the department that takes what is filed
-- outside the town's business hours (inherited like the department); a request remembers
-- it was filed after hours (the day department's "since the last closing" filter).
ALTER TABLE taxonomy_nodes ADD COLUMN after_hours_department_id BIGINT;
ALTER TABLE taxonomy_nodes ADD CONSTRAINT taxonomy_nodes_after_hours_department
    FOREIGN KEY (municipality_id, after_hours_department_id) REFERENCES departments (municipality_id, id);
ALTER TABLE requests ADD COLUMN after_hours BOOLEAN NOT NULL DEFAULT FALSE;
