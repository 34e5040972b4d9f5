-- The public wording of a request (Loi 25): staff may rewrite what the public reads of a
-- description (the citizen's words stay, for staff); NULL shows the citizen's words with
-- contacts masked. Each change is in the history ('public_wording').
ALTER TABLE requests ADD COLUMN public_description TEXT
    CHECK (public_description IS NULL OR length(public_description) BETWEEN 1 AND 5000);
