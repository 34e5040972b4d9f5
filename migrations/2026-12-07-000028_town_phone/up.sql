-- Issue 31: the town's phone number for citizens (the portal offers it when a filing is
-- refused for too many attempts, beside signing in).
ALTER TABLE municipalities ADD COLUMN phone TEXT NOT NULL DEFAULT '';
