-- E-mail through a transactional outbox. Every message a state change owes someone is written here
-- by the transaction that makes the change (so it commits with it, or not at all), then delivered
-- over SMTP by the senders of `formations serve`, which claim due rows with
-- FOR UPDATE SKIP LOCKED: several processes never hold the same row.

CREATE TABLE outbox_messages (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind ~ '^[a-z][a-z_]{0,63}$'),
    recipient_email TEXT NOT NULL CHECK (length(recipient_email) BETWEEN 3 AND 254),
    recipient_name  TEXT NOT NULL CHECK (length(recipient_name) <= 300),
    -- What the message is about, for the staff's lists and the accountants' overdue view.
    registration_id BIGINT REFERENCES registrations (id),
    session_id      BIGINT REFERENCES sessions (id),
    invoice_id      BIGINT REFERENCES invoices (id),
    -- Everything the message says, as it was when the change was made (the wording is applied
    -- when it is sent; see service/app/detail/outbox.hpp).
    facts           JSONB NOT NULL,
    -- The random half of the Message-ID <id.message_key@domain>, the same for every attempt.
    message_key     TEXT NOT NULL CHECK (message_key ~ '^[A-Za-z0-9_-]{16,64}$'),
    -- Set for messages that must be queued at most once (reminders, certificate notices):
    -- the scheduler of every process may try, the unique index keeps one.
    once_key        TEXT UNIQUE CHECK (length(once_key) <= 200),
    -- A staff resend is a new message (its own Message-ID) that names the one it repeats.
    resend_of       BIGINT REFERENCES outbox_messages (id),
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TIMESTAMPTZ NOT NULL,
    -- While a sender holds it: when another may take it over (the sender died mid-send).
    lease_until     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    created_by      TEXT NOT NULL,
    sent_at         TIMESTAMPTZ,
    failed_at       TIMESTAMPTZ,
    last_error      TEXT CHECK (length(last_error) <= 1000),
    CHECK ((status = 'sending') = (lease_until IS NOT NULL)),
    CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    CHECK ((status = 'failed') = (failed_at IS NOT NULL))
);
CREATE INDEX outbox_messages_due ON outbox_messages (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outbox_messages_leased ON outbox_messages (lease_until) WHERE status = 'sending';
CREATE INDEX outbox_messages_by_registration ON outbox_messages (registration_id);
CREATE INDEX outbox_messages_by_session ON outbox_messages (session_id);
CREATE INDEX outbox_messages_by_invoice ON outbox_messages (invoice_id);
CREATE INDEX outbox_messages_by_status ON outbox_messages (status, id);
