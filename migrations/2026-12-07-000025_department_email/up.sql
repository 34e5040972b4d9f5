-- Issue 30: a department's notification address is used only once someone there confirms
-- it from a link sent to it (a town administrator could otherwise send every notice of a
-- department, with requesters' names, to any address). Until then the confirmed address,
-- if any, keeps receiving them.
ALTER TABLE departments
    ADD COLUMN email_pending       TEXT,
    ADD COLUMN email_token         TEXT,
    ADD COLUMN email_token_expires TIMESTAMPTZ;
CREATE UNIQUE INDEX departments_email_token ON departments (email_token) WHERE email_token IS NOT NULL;
