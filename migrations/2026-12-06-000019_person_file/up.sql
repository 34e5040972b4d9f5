-- A person's file (Loi 25): everything the town holds about someone, found by email or
-- phone. Phone numbers are compared by their last ten digits, whatever their separators
-- or country code; emails without case. The indexes make a search among millions of
-- requests an index lookup.
CREATE FUNCTION phone_key(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT nullif(right(regexp_replace($1, '[^0-9]', '', 'g'), 10), '') $$;

CREATE INDEX IF NOT EXISTS requester_contacts_email_key ON requester_contacts (lower(email));
CREATE INDEX IF NOT EXISTS requester_contacts_phone1_key ON requester_contacts (phone_key(phone1));
CREATE INDEX IF NOT EXISTS requester_contacts_phone2_key ON requester_contacts (phone_key(phone2));
CREATE INDEX IF NOT EXISTS interactions_email_key ON interactions (municipality_id, lower(contact_email));
CREATE INDEX IF NOT EXISTS interactions_phone_key ON interactions (municipality_id, phone_key(contact_phone));
CREATE INDEX IF NOT EXISTS request_followers_email_key ON request_followers (lower(email));

-- Reading a person's file is journaled, under each request it holds.
ALTER TABLE access_journal DROP CONSTRAINT access_journal_what_check;
ALTER TABLE access_journal ADD CONSTRAINT access_journal_what_check
    CHECK (what IN ('request_contact', 'call_contact', 'person_file'));
