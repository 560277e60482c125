-- Waiting-list offers (issue 11): a freed seat is offered to the first person in line, who has
-- until a deadline to accept it; no invoice before acceptance. An offered registration holds the
-- seat (status 'offered', counted in sessions.seats_taken like a confirmed one), so the
-- session's CHECK (seats_taken <= capacity) still refuses overbooking whatever the code does.
ALTER TABLE registrations DROP CONSTRAINT registrations_status_check;
ALTER TABLE registrations ADD CONSTRAINT registrations_status_check
    CHECK (status IN ('confirmed', 'offered', 'waitlisted', 'cancelled'));

CREATE OR REPLACE FUNCTION registrations_count_seats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status = OLD.status AND NEW.session_id = OLD.session_id THEN
        RETURN NULL;
    END IF;
    -- The old place first: a promotion leaves the waiting list before it takes the seat.
    IF TG_OP = 'UPDATE' AND OLD.status IN ('confirmed', 'offered', 'waitlisted') THEN
        UPDATE sessions
           SET seats_taken = seats_taken - (OLD.status IN ('confirmed', 'offered'))::integer,
               waitlist_length = waitlist_length - (OLD.status = 'waitlisted')::integer
         WHERE id = OLD.session_id;
    END IF;
    IF NEW.status IN ('confirmed', 'offered', 'waitlisted') THEN
        UPDATE sessions
           SET seats_taken = seats_taken + (NEW.status IN ('confirmed', 'offered'))::integer,
               waitlist_length = waitlist_length + (NEW.status = 'waitlisted')::integer
         WHERE id = NEW.session_id;
    END IF;
    RETURN NULL;
END;
$$;

-- Every offer made, and how it ended: accepted (the seat confirmed), declined, expired (the
-- deadline passed), withdrawn (the registration cancelled or moved, or staff confirmed it
-- otherwise). At most one open offer per registration.
CREATE TABLE seat_offers (
    id              BIGSERIAL PRIMARY KEY,
    registration_id BIGINT NOT NULL REFERENCES registrations (id),
    session_id      BIGINT NOT NULL REFERENCES sessions (id),
    offered_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    outcome         TEXT CHECK (outcome IN ('accepted', 'declined', 'expired', 'withdrawn')),
    answered_at     TIMESTAMPTZ,
    CHECK (expires_at > offered_at),
    CHECK ((outcome IS NULL) = (answered_at IS NULL))
);
CREATE UNIQUE INDEX seat_offers_one_open ON seat_offers (registration_id) WHERE outcome IS NULL;
CREATE INDEX seat_offers_open_by_deadline ON seat_offers (expires_at) WHERE outcome IS NULL;
CREATE INDEX seat_offers_by_registration ON seat_offers (registration_id, id);
