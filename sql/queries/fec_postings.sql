-- The entries of the FEC of a period (from_on to to_on, bound by the caller) in the order of
-- the file, invoices and credit notes in the sales journal, payments, refunds and reversals in
-- the bank journal, each with the name of its customer sub-account and, for an invoice whose
-- lines balance on the last day of the period, its lettering. Run by for_each_posting
-- (service/storage/accounting_repository.cpp) and timed as it is by bench/exports.sh.
-- No colon, quote or apostrophe in these comments, SOCI reads placeholders in the whole text.
WITH params AS (SELECT CAST(:from_on AS date) AS from_on, CAST(:to_on AS date) AS to_on),
account_names AS (
    SELECT DISTINCT ON (account_key) account_key, buyer_name AS account_name
      FROM (SELECT i.id, i.buyer_name,
                   CASE WHEN i.payer = 'trainee' OR i.buyer_siret IS NULL THEN 'T' || r.trainee_id
                        ELSE 'S' || i.buyer_siret END AS account_key
              FROM invoices i JOIN registrations r ON r.id = i.registration_id) keyed
     ORDER BY account_key, id),
events AS (
    SELECT d.issued_on AS entry_on, 0 AS journal, d.id AS sort_id, d.kind, d.number,
           d.total_cents AS amount_cents, NULL::text AS method, NULL::text AS reference,
           NULL::text AS reason, COALESCE(d.corrects_invoice_id, d.id) AS invoice_id,
           o.number AS corrects_number, d.payer, d.buyer_name, d.buyer_siret, d.registration_id
      FROM invoices d LEFT JOIN invoices o ON o.id = d.corrects_invoice_id CROSS JOIN params
     WHERE d.issued_on BETWEEN params.from_on AND params.to_on
    UNION ALL
    SELECT p.paid_on, 1, p.id, p.kind, i.number, p.amount_cents, p.method, p.reference,
           p.reason, i.id, NULL, i.payer, i.buyer_name, i.buyer_siret, i.registration_id
      FROM payments p JOIN invoices i ON i.id = p.invoice_id CROSS JOIN params
     WHERE p.paid_on BETWEEN params.from_on AND params.to_on)
SELECT e.entry_on::text AS entry_on, e.journal, e.kind, e.number, e.amount_cents, e.method,
       e.reference, e.reason, e.corrects_number, e.payer, e.buyer_name, e.buyer_siret,
       r.trainee_id, n.account_name,
       CASE WHEN b.open_cents = 0 AND b.items > 0 THEN v.id END AS letter_index,
       CASE WHEN b.open_cents = 0 AND b.items > 0 THEN b.last_on::text END AS lettered_on
  FROM events e
  CROSS JOIN params
  JOIN invoices v ON v.id = e.invoice_id
  JOIN registrations r ON r.id = e.registration_id
  JOIN account_names n
    ON n.account_key = CASE WHEN e.payer = 'trainee' OR e.buyer_siret IS NULL
                            THEN 'T' || r.trainee_id ELSE 'S' || e.buyer_siret END
  LEFT JOIN LATERAL (
      SELECT v.total_cents + COALESCE(c.credited, 0) - COALESCE(m.received, 0) AS open_cents,
             GREATEST(c.last_on, m.last_on) AS last_on, c.items + m.items AS items
        FROM (SELECT sum(x.total_cents) AS credited, max(x.issued_on) AS last_on,
                     count(*) AS items
                FROM invoices x
               WHERE x.corrects_invoice_id = v.id AND x.issued_on <= params.to_on) c,
             (SELECT sum(y.amount_cents) AS received, max(y.paid_on) AS last_on,
                     count(*) AS items
                FROM payments y WHERE y.invoice_id = v.id AND y.paid_on <= params.to_on) m
       WHERE v.issued_on >= params.from_on) b ON true
 ORDER BY e.entry_on, e.journal, e.sort_id
