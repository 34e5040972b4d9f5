-- Issue 32, business hours per weekday: the open weekdays whose hours differ from the
-- town's usual opening and closing (Fridays at noon), as [{weekday, opens, closes}]; read
-- into the domain's hours, where a value that is not one is an error.
ALTER TABLE municipalities ADD COLUMN weekday_hours JSONB NOT NULL DEFAULT '[]'::jsonb
    CHECK (jsonb_typeof(weekday_hours) = 'array');
