-- The invoices and credit notes issued from from_on to to_on (either NULL, no bound), each with
-- what was credited, paid and refunded against it up to settled_on (NULL, everything recorded),
-- its registration, its session, its instalments (due_on=cents;... as instalments_of in
-- service/storage/rows.hpp reads them, NULL for an invoice due whole) and its status as invoices
-- settle computes it, in the order of the invoice CSV. Money received is payments net of their reversals, money given back refunds
-- net of theirs (a reversal has the opposite sign of the entry it cancels), as
-- money_movements_of in service/storage/rows.hpp counts them. Run as is for the invoice CSV, and
-- inside the ledger list and the overdue view, by accounting_repository.cpp in service/storage,
-- and timed as the CSV runs it by bench/exports.sh.
-- No colon, quote or apostrophe in these comments, SOCI reads placeholders in the whole text.
WITH params AS (SELECT CAST(:from_on AS date) AS from_on, CAST(:to_on AS date) AS to_on,
                       CAST(:settled_on AS date) AS settled_on)
SELECT i.id, i.kind, i.number, i.registration_id, i.corrects_invoice_id,
       i.issued_on::text AS issued_on, i.due_on::text AS due_on, i.payer, i.buyer_name,
       i.buyer_siret, i.total_cents, o.number AS corrects_number,
       COALESCE(c.credited_cents, 0)::bigint AS credited_cents, p.paid_cents, p.refunded_cents,
       r.trainee_id, s.id AS session_id, s.reference AS session_reference,
       s.starts_on::text AS session_starts_on,
       (SELECT string_agg(x.due_on::text || '=' || x.amount_cents, ';' ORDER BY x.position)
          FROM invoice_instalments x WHERE x.invoice_id = i.id) AS instalments,
       CASE WHEN i.kind = 'credit_note' THEN 'issued'
            WHEN COALESCE(c.credited_cents, 0) <> 0
                 AND i.total_cents + COALESCE(c.credited_cents, 0) = 0 THEN 'credited'
            WHEN i.total_cents + COALESCE(c.credited_cents, 0)
                 - (p.paid_cents - p.refunded_cents) <= 0 THEN 'paid'
            WHEN p.paid_cents - p.refunded_cents = 0 THEN 'unpaid'
            ELSE 'partially_paid' END AS status
  FROM invoices i
  CROSS JOIN params
  LEFT JOIN invoices o ON o.id = i.corrects_invoice_id
  JOIN registrations r ON r.id = i.registration_id
  JOIN sessions s ON s.id = r.session_id
  LEFT JOIN LATERAL (SELECT sum(x.total_cents) AS credited_cents FROM invoices x
                      WHERE x.corrects_invoice_id = i.id
                        AND (params.settled_on IS NULL OR x.issued_on <= params.settled_on)) c
         ON true
  CROSS JOIN LATERAL (SELECT COALESCE(sum(m.amount_cents) FILTER (WHERE m.kind = 'payment'
                              OR (m.kind = 'reversal' AND m.amount_cents < 0)), 0)::bigint
                              AS paid_cents,
                             COALESCE(-sum(m.amount_cents) FILTER (WHERE m.kind = 'refund'
                              OR (m.kind = 'reversal' AND m.amount_cents > 0)), 0)::bigint
                              AS refunded_cents
                        FROM payments m
                       WHERE m.invoice_id = i.id
                         AND (params.settled_on IS NULL OR m.paid_on <= params.settled_on)) p
 WHERE i.issued_on BETWEEN COALESCE(params.from_on, DATE '-infinity')
                       AND COALESCE(params.to_on, DATE 'infinity')
 ORDER BY i.issued_on, i.id
