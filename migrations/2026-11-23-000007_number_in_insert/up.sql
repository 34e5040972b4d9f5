-- A request inserted without a number takes the next one of its town and year here, in
-- the INSERT itself. The counter's row stays locked until the commit (numbers have no
-- gaps), so every filing of a town waits for the one before it to commit: taking the
-- number inside the insert, rather than in a statement of its own before it, leaves one
-- round trip fewer between the lock and the commit. Rows inserted with a number (the
-- generator's) keep it.
CREATE FUNCTION requests_take_number() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    next_value INTEGER;
    padding INTEGER;
BEGIN
    INSERT INTO request_counters (municipality_id, year, last_value) VALUES (NEW.municipality_id, NEW.year, 1)
    ON CONFLICT (municipality_id, year) DO UPDATE SET last_value = request_counters.last_value + 1
    RETURNING last_value INTO next_value;
    SELECT number_padding INTO padding FROM municipalities WHERE id = NEW.municipality_id;
    NEW.seq := next_value;
    NEW.number := NEW.year || '-' || lpad(next_value::text, greatest(padding, length(next_value::text)), '0');
    RETURN NEW;
END $$;

CREATE TRIGGER requests_take_number BEFORE INSERT ON requests
    FOR EACH ROW WHEN (NEW.number = '') EXECUTE FUNCTION requests_take_number();
