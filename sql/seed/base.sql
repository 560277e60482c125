-- The catalogue as published by Coopérer pour Entreprendre in 2019. Idempotent: re-running it
-- changes nothing (every row has a natural key and ON CONFLICT DO NOTHING). Rows are dated by the
-- service's clock (formations.seeded_at, set by `formations seed`), never by now().

INSERT INTO courses (code, title, duration_minutes, half_day_minutes, programme, created_at)
VALUES ('CAE', 'Créer sa CAE', 14 * 60, 210,
        'Histoire des CAE ; le parcours d''un porteur de projet en CAE ; les assurances ; '
        'la législation sociale ; les principes de rémunération ; l''accompagnement ; '
        'les règles comptables en CAE ; les principaux risques pour les porteurs de projet '
        'et pour la CAE.', current_setting('formations.seeded_at')::timestamptz)
ON CONFLICT (code) DO NOTHING;

INSERT INTO tariffs (course_id, tier, amount_cents, valid_from)
SELECT c.id, t.tier, t.amount_cents, DATE '2019-01-01'
FROM courses c
CROSS JOIN (VALUES ('self_funded', 30000), ('member', 50000), ('non_member', 70000))
    AS t (tier, amount_cents)
WHERE c.code = 'CAE'
ON CONFLICT (course_id, tier, valid_from) DO NOTHING;

-- The place of the 2019 sessions was not published; staff set it.
INSERT INTO sessions (reference, course_id, starts_on, ends_on, place, capacity,
                      registration_deadline, created_at)
SELECT s.reference, c.id, s.starts_on, s.ends_on, 'Lieu communiqué à l''inscription', 12,
       s.starts_on - 1, current_setting('formations.seeded_at')::timestamptz
FROM courses c
CROSS JOIN (VALUES ('CAE-2019-06', DATE '2019-06-27', DATE '2019-06-28'),
                   ('CAE-2019-10', DATE '2019-10-24', DATE '2019-10-25'))
    AS s (reference, starts_on, ends_on)
WHERE c.code = 'CAE'
ON CONFLICT (reference) DO NOTHING;
