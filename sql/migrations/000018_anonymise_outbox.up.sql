-- The outbox keeps what each message said (its facts: names, addresses, personal links) and to
-- whom. Those are personal data like the rest: anonymised after the retention period, or when a
-- trainee's data are erased on request (app/personal_data.hpp). The row stays, so that staff and
-- the audit still see that a message of that kind was sent, when, and about which registration.
ALTER TABLE outbox_messages ADD COLUMN anonymised_at TIMESTAMPTZ;
CREATE INDEX outbox_messages_not_anonymised ON outbox_messages (created_at)
    WHERE anonymised_at IS NULL;
