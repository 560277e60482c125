-- Login throttling by client and account (README "What the service does against abuse"): each
-- failed login records the client's address, and the addresses each account logged in from are
-- kept, so that strangers hammering an account slow down themselves, not its owner.

-- Failures recorded before this migration have no client: they count for the account only.
ALTER TABLE login_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
ALTER TABLE login_failures ALTER COLUMN client DROP DEFAULT;
CREATE INDEX login_failures_by_client ON login_failures (client, failed_at);
-- Old failures are purged by time.
CREATE INDEX login_failures_by_time ON login_failures (failed_at);

-- Where each login (an e-mail, as typed, lower-cased) succeeded from, and when last.
CREATE TABLE login_clients (
    email           TEXT NOT NULL CHECK (email = lower(email)),
    client          TEXT NOT NULL,
    last_success_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (email, client)
);
CREATE INDEX login_clients_by_time ON login_clients (last_success_at);
