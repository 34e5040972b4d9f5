ALTER TABLE requests DROP COLUMN after_hours;
ALTER TABLE taxonomy_nodes DROP CONSTRAINT taxonomy_nodes_after_hours_department;
ALTER TABLE taxonomy_nodes DROP COLUMN after_hours_department_id;
