-- One row per number series (FA, AV…), locked by the transaction that issues a document of the
-- series before it reads the clock: the date and the number of a document are then decided
-- under the same lock, so numbers and dates can never come out in opposite orders (two invoices
-- racing across midnight, or across 31 December when the yearly counter changes). The row also
-- keeps the date of the series' latest document: a document is never dated before it, whatever
-- the clock of the process that issues it says.
CREATE TABLE invoice_series (
    series         TEXT PRIMARY KEY,
    last_issued_on DATE  -- null until the series' first document
);

INSERT INTO invoice_series (series, last_issued_on)
SELECT series, max(issued_on) FROM invoices GROUP BY series;
