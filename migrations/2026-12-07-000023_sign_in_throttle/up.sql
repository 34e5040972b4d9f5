-- Issue 30: a stranger's wrong passwords no longer lock an account. Failed sign-ins are
-- counted in rate_limits per client, per password and per account-and-client (the
-- guesser is throttled), and the owner is emailed; the account's own lock goes.
ALTER TABLE users DROP COLUMN failed_logins, DROP COLUMN locked_until;
