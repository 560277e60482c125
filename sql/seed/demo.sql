-- Demonstration data: two upcoming sessions relative to the day the seed first runs, and
-- fictional member organisations (valid SIRET checksums, 999 prefix, names say "fictive").
-- Idempotent like base.sql: the references and SIRETs are natural keys.

INSERT INTO sessions (reference, course_id, starts_on, ends_on, place, capacity,
                      registration_deadline)
SELECT s.reference, c.id, current_date + s.offset_days, current_date + s.offset_days + 1,
       'Salle de démonstration, 1 rue Fictive, 75000 Paris', 12,
       current_date + s.offset_days - 2
FROM courses c
CROSS JOIN (VALUES ('DEMO-1', 30), ('DEMO-2', 90)) AS s (reference, offset_days)
WHERE c.code = 'CAE'
ON CONFLICT (reference) DO NOTHING;

INSERT INTO organisations (siret, name, address, status)
VALUES ('99900000100001', 'Coopérative Sociétaire Fictive', '1 rue Fictive, 75000 Paris', 'societaire'),
       ('99900000200009', 'CAE Candidate Fictive', '2 avenue Imaginaire, 69000 Lyon', 'candidate'),
       ('99900000300007', 'Entreprise Non Membre Fictive', '3 place Inventée, 33000 Bordeaux', 'none')
ON CONFLICT (siret) DO NOTHING;
