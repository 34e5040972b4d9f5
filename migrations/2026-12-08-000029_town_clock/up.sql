-- Issue 32, the town's clock. A node's delay says whether it counts working or calendar
-- days (NULL inherits; the root's default is calendar days, as before). A request keeps
-- what its due date was counted from (`due_basis`: the rule, the days, the unit and the
-- start; NULL for requests filed before, read as calendar days from their filing). The
-- town may shorten the delay of urgent requests (working days; NULL keeps the category's).
ALTER TABLE taxonomy_nodes ADD COLUMN delay_unit TEXT CHECK (delay_unit IN ('working_days', 'calendar_days'));
ALTER TABLE requests ADD COLUMN due_basis JSONB;
ALTER TABLE municipalities ADD COLUMN urgent_delay_days INTEGER CHECK (urgent_delay_days BETWEEN 0 AND 365);
