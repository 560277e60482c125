-- register_seat (000027) made the whole of a registration, sent alone (issue 15).
--
-- The service called it inside BEGIN … COMMIT, so the rows it locks — the session's, and for an
-- invoiced seat its series' and counter's, which every registration of every session shares —
-- stayed locked after it returned: for one more round trip (its answer read, COMMIT sent) before
-- the commit's flush, and for more when the registration had billing terms or a convention's
-- signatory, written after it. Measured with pgbench, 16 clients over 200 rows and one shared
-- counter row: the same writes in one call sent alone run 1 791 and 2 147 transactions/s, inside
-- BEGIN … COMMIT 1 308 and 1 691. The service now sends every new registration as this one
-- statement without BEGIN (storage::Database::autocommit): it commits as it ends.
--
-- So that one statement is the whole use case, the function now also stores:
-- * the trainee (upserted by e-mail, as the service did before calling it), after the checks
--   that refuse a registration: a refused registration writes nothing at all — the
--   Idempotency-Key already used and the person already registered for the session are checked
--   under the session's lock before any write; a key taken meanwhile by a registration to
--   another session (whose lock does not order us) is a serialization failure, and the use case
--   runs again and finds it;
-- * in `p_extras`, the registration's billing terms (purchase order, funding body) and its
--   convention's signatory, with, for a seat, the link the signatory is e-mailed (its token's
--   hash and the message, rendered by the service). They need no invoice number, so they are
--   written before the series is locked.
DROP FUNCTION register_seat(BIGINT, BIGINT, TEXT, DATE, DATE, BIGINT, BIGINT, TEXT, TEXT, TEXT,
    TEXT, TEXT, TEXT, BIGINT, TEXT, TEXT, TEXT, TEXT, BIGINT, TEXT, TEXT, TIMESTAMPTZ, TEXT,
    INTEGER, JSONB, BOOLEAN, TEXT, DATE, JSONB, TEXT, TEXT, TEXT, TEXT, JSONB, TEXT, JSONB);

CREATE FUNCTION register_seat(
    p_session_id BIGINT, p_course_id BIGINT, p_session_status TEXT, p_starts_on DATE,
    p_registration_deadline DATE,
    p_id BIGINT, p_email TEXT, p_first_name TEXT, p_last_name TEXT, p_phone TEXT,
    p_address TEXT, p_token TEXT, p_funding TEXT, p_organisation_id BIGINT, p_employer_siret TEXT,
    p_employer_name TEXT, p_employer_address TEXT, p_tier TEXT, p_price_cents BIGINT,
    p_idempotency_key TEXT, p_idempotency_fingerprint TEXT, p_at TIMESTAMPTZ, p_actor TEXT,
    p_employer_limit INTEGER,
    -- the audit entry's state of the registration with a seat (completed for the waiting list)
    p_audit_state JSONB,
    -- invoices issued with the seat (false: billed later by another use case)
    p_invoice_if_seated BOOLEAN, p_series TEXT, p_issued_on DATE,
    -- [{payer, buyer_name, buyer_siret, total_cents, due_on, snapshot}], snapshots numbered here
    p_invoices JSONB,
    p_recipient_email TEXT, p_recipient_name TEXT, p_message_key TEXT,
    p_seated_kind TEXT, p_seated_facts JSONB, p_waitlisted_kind TEXT, p_waitlisted_facts JSONB,
    -- {billing: {purchase_order, funding_body_name, funding_body_address, funding_body_siret,
    --            funding_agreement, funding_body_cents} | null,
    --  signatory: {name, role, email} | null,
    --  link: {token_hash, kind, email, name, facts, message_key} | null (sent with a seat only)}
    p_extras JSONB)
RETURNS TABLE (outcome TEXT, status TEXT, waitlist_order BIGINT, waitlist_position INTEGER,
               series_date DATE, invoice_ids BIGINT[], invoice_numbers TEXT[], message_id BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
    v_seat BOOLEAN;
    v_waitlist_length INTEGER;
    v_status TEXT;
    v_order BIGINT;
    v_position INTEGER;
    v_invoiced BOOLEAN;
    v_count INTEGER := 0;
    v_series_date DATE;
    v_year INTEGER;
    v_last INTEGER;
    v_sequence INTEGER;
    v_number TEXT;
    v_draft JSONB;
    v_invoice_id BIGINT;
    v_ids BIGINT[] := '{}';
    v_numbers TEXT[] := '{}';
    v_facts JSONB;
    v_message_id BIGINT;
    v_trainee_id BIGINT;
BEGIN
    -- FOR UPDATE in READ COMMITTED reads the row as the last committed decision left it.
    SELECT s.seats_taken < s.capacity, s.waitlist_length INTO v_seat, v_waitlist_length
      FROM sessions s
     WHERE s.id = p_session_id AND s.course_id = p_course_id AND s.status = p_session_status
       AND s.starts_on = p_starts_on AND s.registration_deadline = p_registration_deadline
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'session_changed', NULL::text, NULL::bigint, NULL::integer,
                            NULL::date, NULL::bigint[], NULL::text[], NULL::bigint;
        RETURN;
    END IF;
    IF p_employer_limit IS NOT NULL AND (
        SELECT count(*) FROM registrations r
         WHERE r.session_id = p_session_id AND r.employer_siret = p_employer_siret
           AND r.status <> 'cancelled'
           AND EXISTS (SELECT 1 FROM audit_events a WHERE a.entity = 'registration'
                          AND a.entity_id = r.id AND a.action = 'registration.created'
                          AND a.actor = 'trainee')
           AND NOT EXISTS (SELECT 1 FROM payments p JOIN invoices i ON i.id = p.invoice_id
                            WHERE i.registration_id = r.id)) >= p_employer_limit THEN
        RETURN QUERY SELECT 'employer_limit', NULL::text, NULL::bigint, NULL::integer,
                            NULL::date, NULL::bigint[], NULL::text[], NULL::bigint;
        RETURN;
    END IF;

    v_invoiced := v_seat AND p_invoice_if_seated AND jsonb_array_length(p_invoices) > 0;
    IF v_invoiced THEN
        -- Read, not locked: a series already dated later costs nothing but a new rendering of
        -- the invoices. The series is locked last (below), where its date is checked again.
        SELECT last_issued_on INTO v_series_date FROM invoice_series WHERE series = p_series;
        IF v_series_date > p_issued_on THEN
            RETURN QUERY SELECT 'dated', NULL::text, NULL::bigint, NULL::integer,
                                v_series_date, NULL::bigint[], NULL::text[], NULL::bigint;
            RETURN;
        END IF;
    END IF;

    -- Refusals before any write: a registration refused stores nothing, not even its trainee.
    -- The trainee first, then their registration by the unique index on (session, trainee): a
    -- join that PL/pgSQL's generic plan could start from the session would read all of its
    -- registrations, under its lock.
    SELECT t.id INTO v_trainee_id FROM trainees t WHERE t.email = lower(p_email);
    IF (p_idempotency_key IS NOT NULL AND EXISTS (
            SELECT 1 FROM registrations r WHERE r.idempotency_key = p_idempotency_key))
       OR (v_trainee_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM registrations r
             WHERE r.session_id = p_session_id AND r.trainee_id = v_trainee_id
               AND r.status <> 'cancelled')) THEN
        RETURN QUERY SELECT 'refused', NULL::text, NULL::bigint, NULL::integer,
                            NULL::date, NULL::bigint[], NULL::text[], NULL::bigint;
        RETURN;
    END IF;
    -- The trainee, by e-mail: the latest names, a phone or address kept when
    -- none is given.
    INSERT INTO trainees AS t (email, first_name, last_name, phone, address, created_at,
        updated_at)
    VALUES (lower(p_email), p_first_name, p_last_name, p_phone, p_address, p_at, p_at)
    ON CONFLICT (email) DO UPDATE SET first_name = EXCLUDED.first_name,
        last_name = EXCLUDED.last_name, phone = COALESCE(EXCLUDED.phone, t.phone),
        address = COALESCE(EXCLUDED.address, t.address), updated_at = EXCLUDED.updated_at
    RETURNING t.id INTO v_trainee_id;

    v_status := CASE WHEN v_seat THEN 'confirmed' ELSE 'waitlisted' END;
    IF NOT v_seat THEN
        v_order := nextval('registration_waitlist_order');
        v_position := v_waitlist_length + 1;
    END IF;
    -- ON CONFLICT DO NOTHING without a target covers every unique rule of the table.
    INSERT INTO registrations (id, session_id, trainee_id, trainee_first_name, trainee_last_name,
        trainee_phone, trainee_address, token, funding, employer_organisation_id, employer_siret,
        employer_name, employer_address, tier, price_cents, status, waitlist_order,
        created_status, created_waitlist_position, idempotency_key, idempotency_fingerprint,
        created_at, confirmed_at)
    OVERRIDING SYSTEM VALUE
    VALUES (p_id, p_session_id, v_trainee_id, p_first_name, p_last_name, p_phone, p_address,
        p_token, p_funding, p_organisation_id, p_employer_siret, p_employer_name,
        p_employer_address, p_tier, p_price_cents, v_status, v_order, v_status, v_position,
        p_idempotency_key, p_idempotency_fingerprint, p_at,
        CASE WHEN v_seat THEN p_at END)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        -- Checked above, so taken meanwhile by a registration that our session's lock did not
        -- order (its Idempotency-Key, for another session): the use case runs again
        -- (storage::Database retries serialization failures) and the check above refuses it.
        RAISE EXCEPTION 'registration % refused by a concurrent one', p_id
            USING ERRCODE = 'serialization_failure';
    END IF;
    INSERT INTO audit_events (occurred_at, actor, action, entity, entity_id, before, after)
    VALUES (p_at, p_actor, 'registration.created', 'registration', p_id, 'null'::jsonb,
            CASE WHEN v_seat THEN p_audit_state
                 ELSE p_audit_state || jsonb_build_object('status', v_status,
                                                          'waitlist_order', v_order) END);

    -- What needs the registration's id but no invoice number, before the series' lock.
    IF jsonb_typeof(p_extras -> 'billing') = 'object' THEN
        INSERT INTO registration_billing (registration_id, purchase_order, funding_body_name,
            funding_body_address, funding_body_siret, funding_agreement, funding_body_cents)
        VALUES (p_id, p_extras #>> '{billing,purchase_order}',
            p_extras #>> '{billing,funding_body_name}', p_extras #>> '{billing,funding_body_address}',
            p_extras #>> '{billing,funding_body_siret}', p_extras #>> '{billing,funding_agreement}',
            (p_extras #>> '{billing,funding_body_cents}')::bigint);
    END IF;
    IF jsonb_typeof(p_extras -> 'signatory') = 'object' THEN
        INSERT INTO convention_signatories (registration_id, name, role, email)
        VALUES (p_id, p_extras #>> '{signatory,name}', p_extras #>> '{signatory,role}',
                p_extras #>> '{signatory,email}');
        IF v_seat AND jsonb_typeof(p_extras -> 'link') = 'object' THEN
            INSERT INTO convention_links (token_hash, registration_id, version, created_at,
                created_by)
            VALUES (p_extras #>> '{link,token_hash}', p_id, agreement_version(p_id), p_at, p_actor);
            INSERT INTO outbox_messages (kind, recipient_email, recipient_name, registration_id,
                session_id, facts, message_key, next_attempt_at, created_at, created_by)
            VALUES (p_extras #>> '{link,kind}', p_extras #>> '{link,email}',
                p_extras #>> '{link,name}', p_id, p_session_id, p_extras #> '{link,facts}',
                p_extras #>> '{link,message_key}', p_at, p_at, p_actor);
        END IF;
    END IF;

    IF v_invoiced THEN
        v_count := jsonb_array_length(p_invoices);
        INSERT INTO invoice_series AS s (series, last_issued_on) VALUES (p_series, p_issued_on)
            ON CONFLICT (series) DO UPDATE
            SET last_issued_on = GREATEST(s.last_issued_on, EXCLUDED.last_issued_on)
            RETURNING last_issued_on INTO v_series_date;
        IF v_series_date <> p_issued_on THEN
            -- Another document was dated later between the read above and this lock (after
            -- midnight, or by a process whose clock is ahead): the whole use case runs again
            -- (storage::Database retries serialization failures), reads that date above and
            -- renders the invoices with it.
            RAISE EXCEPTION 'invoice series % dated % meanwhile', p_series, v_series_date
                USING ERRCODE = 'serialization_failure';
        END IF;
        v_year := extract(year FROM p_issued_on)::integer;
        INSERT INTO invoice_counters AS c (series, year, last_number)
            VALUES (p_series, v_year, v_count)
            ON CONFLICT (series, year) DO UPDATE SET last_number = c.last_number + v_count
            RETURNING last_number INTO v_last;
        FOR i IN 0 .. v_count - 1 LOOP
            v_draft := p_invoices -> i;
            v_sequence := v_last - v_count + 1 + i;
            v_number := p_series || '-' || lpad(v_year::text, 4, '0') || '-'
                        || lpad(v_sequence::text, greatest(5, length(v_sequence::text)), '0');
            INSERT INTO invoices (kind, series, year, sequence, number, registration_id,
                issued_on, due_on, payer, buyer_name, buyer_siret, total_cents, snapshot,
                created_at)
            VALUES ('invoice', p_series, v_year, v_sequence, v_number, p_id, p_issued_on,
                (v_draft ->> 'due_on')::date, v_draft ->> 'payer', v_draft ->> 'buyer_name',
                v_draft ->> 'buyer_siret', (v_draft ->> 'total_cents')::bigint,
                jsonb_set(v_draft -> 'snapshot', '{number}', to_jsonb(v_number)), p_at)
            RETURNING id INTO v_invoice_id;
            INSERT INTO audit_events (occurred_at, actor, action, entity, entity_id, before, after)
            VALUES (p_at, 'system', 'invoice.issued', 'invoice', v_invoice_id, 'null'::jsonb,
                    jsonb_build_object('number', v_number, 'registration_id', p_id,
                                       'total_cents', (v_draft ->> 'total_cents')::bigint));
            v_ids := v_ids || v_invoice_id;
            v_numbers := v_numbers || v_number;
        END LOOP;
    END IF;

    -- The message, its place in line or its documents (completed with their ids and numbers).
    v_facts := CASE WHEN v_seat THEN p_seated_facts
                    ELSE p_waitlisted_facts || jsonb_build_object('waitlist_position', v_position)
               END;
    IF v_count > 0 THEN
        v_facts := jsonb_set(v_facts, '{documents}',
            (SELECT jsonb_agg(d.document || jsonb_build_object('invoice_id', v_ids[d.ordinal],
                                                               'number', v_numbers[d.ordinal])
                              ORDER BY d.ordinal)
               FROM jsonb_array_elements(v_facts -> 'documents')
                    WITH ORDINALITY AS d(document, ordinal)));
    END IF;
    INSERT INTO outbox_messages (kind, recipient_email, recipient_name, registration_id,
        session_id, facts, message_key, next_attempt_at, created_at, created_by)
    VALUES (CASE WHEN v_seat THEN p_seated_kind ELSE p_waitlisted_kind END, p_recipient_email,
        p_recipient_name, p_id, p_session_id, v_facts, p_message_key, p_at, p_at, p_actor)
    RETURNING id INTO v_message_id;

    RETURN QUERY SELECT 'decided', v_status, v_order, v_position, p_issued_on, v_ids, v_numbers,
                        v_message_id;
END;
$$;
