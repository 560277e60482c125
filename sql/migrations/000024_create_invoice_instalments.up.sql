-- The échéancier of an invoice (Code du travail L6353-6): a self-funded trainee's invoice, issued
-- when the training contract is signed, is due in instalments — at most 30 % when the 10-day
-- withdrawal period ends, the rest over the course. Frozen at issue like the invoice (its
-- snapshot holds the same instalments, as printed); the invoice's due_on is the last one's.
-- An invoice without rows here is due whole on its due_on (employers, invoices issued before).
CREATE TABLE invoice_instalments (
    invoice_id   BIGINT NOT NULL REFERENCES invoices (id),
    position     INTEGER NOT NULL CHECK (position >= 1),
    due_on       DATE NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    PRIMARY KEY (invoice_id, position)
);

CREATE TRIGGER invoice_instalments_immutable BEFORE UPDATE OR DELETE ON invoice_instalments
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER invoice_instalments_never_truncated BEFORE TRUNCATE ON invoice_instalments
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

-- Every invoice's schedule: its instalments, or its whole total on its due date. Overdue amounts
-- and reminders are computed from this, payments settling the earliest instalments first.
CREATE VIEW invoice_schedule AS
SELECT invoice_id, position, due_on, amount_cents FROM invoice_instalments
UNION ALL
SELECT i.id, 1, i.due_on, i.total_cents FROM invoices i
 WHERE i.kind = 'invoice'
   AND NOT EXISTS (SELECT 1 FROM invoice_instalments x WHERE x.invoice_id = i.id);
