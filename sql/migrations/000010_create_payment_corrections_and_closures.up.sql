-- The money movements of an invoice, never edited nor deleted: payments received, refunds paid
-- back after a credit note, and reversals, each of which cancels one wrong payment or refund by
-- a new entry dated in the open period. Amounts are signed: a payment is positive, a refund
-- negative, a reversal the opposite of the entry it cancels (negative for a payment, positive
-- for a refund); what an invoice received, net, is their sum.
ALTER TABLE payments DROP CONSTRAINT payments_amount_cents_check;
ALTER TABLE payments
    ADD COLUMN kind TEXT NOT NULL DEFAULT 'payment'
        CHECK (kind IN ('payment', 'refund', 'reversal')),
    ADD COLUMN reverses_payment_id BIGINT UNIQUE REFERENCES payments (id),
    ADD COLUMN reason TEXT CHECK (length(reason) BETWEEN 1 AND 300),
    ADD CONSTRAINT payments_signed_amount CHECK (
        (kind = 'payment' AND amount_cents > 0) OR (kind = 'refund' AND amount_cents < 0)
        OR (kind = 'reversal' AND amount_cents <> 0)),
    ADD CONSTRAINT payments_reversal_names_entry
        CHECK ((kind = 'reversal') = (reverses_payment_id IS NOT NULL)),
    ADD CONSTRAINT payments_reversal_says_why CHECK ((kind = 'reversal') = (reason IS NOT NULL));

-- A reversal cancels a payment or a refund of the same invoice, for its exact amount, on or
-- after its date; a reversal is never itself reversed (record the entry again instead).
CREATE FUNCTION payments_check_reversal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    reversed payments%ROWTYPE;
BEGIN
    IF NEW.kind = 'reversal' THEN
        SELECT * INTO reversed FROM payments WHERE id = NEW.reverses_payment_id;
        IF reversed.kind = 'reversal' OR reversed.invoice_id <> NEW.invoice_id
           OR NEW.amount_cents <> -reversed.amount_cents OR NEW.paid_on < reversed.paid_on THEN
            RAISE EXCEPTION 'a reversal cancels one payment or refund of its invoice, for its amount'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_reversal_matches';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER payments_reversal_matches BEFORE INSERT ON payments
    FOR EACH ROW EXECUTE FUNCTION payments_check_reversal();

-- Accounting periods closed by accountants, once exported: nothing dated on or before the
-- latest closing date can be added afterwards (invoices, credit notes, payments, refunds,
-- reversals); corrections go into the open period. A closure is final: never updated, deleted
-- or moved back.
CREATE TABLE accounting_closures (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    closed_through DATE NOT NULL UNIQUE,
    closed_by      TEXT NOT NULL,
    closed_at      TIMESTAMPTZ NOT NULL
);
CREATE TRIGGER accounting_closures_final BEFORE UPDATE OR DELETE ON accounting_closures
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER accounting_closures_never_truncated BEFORE TRUNCATE ON accounting_closures
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

CREATE FUNCTION accounting_closures_move_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.closed_through <= (SELECT max(closed_through) FROM accounting_closures) THEN
        RAISE EXCEPTION 'a closing date is later than the previous one'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'accounting_closures_move_forward';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER accounting_closures_move_forward BEFORE INSERT ON accounting_closures
    FOR EACH ROW EXECUTE FUNCTION accounting_closures_move_forward();

-- The last line of defence: the service checks first, with a clear message, after locking the
-- closures (LOCK … IN SHARE MODE) so that a closing waits for entries being recorded.
CREATE FUNCTION check_open_period(entry_date DATE, entry TEXT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF entry_date <= (SELECT max(closed_through) FROM accounting_closures) THEN
        RAISE EXCEPTION '% dated % falls in a closed accounting period', entry, entry_date
            USING ERRCODE = 'check_violation', CONSTRAINT = 'closed_period';
    END IF;
END;
$$;
CREATE FUNCTION invoices_refuse_closed_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM check_open_period(NEW.issued_on, NEW.kind);
    RETURN NEW;
END;
$$;
CREATE TRIGGER invoices_closed_period BEFORE INSERT ON invoices
    FOR EACH ROW EXECUTE FUNCTION invoices_refuse_closed_period();
CREATE FUNCTION payments_refuse_closed_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM check_open_period(NEW.paid_on, NEW.kind);
    RETURN NEW;
END;
$$;
CREATE TRIGGER payments_closed_period BEFORE INSERT ON payments
    FOR EACH ROW EXECUTE FUNCTION payments_refuse_closed_period();
