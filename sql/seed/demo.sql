-- Demonstration data: fictional member organisations (valid SIRET checksums, 999 prefix, names
-- say "fictive"). The two upcoming demonstration sessions depend on the day the seed runs: they
-- are placed by `formations seed --demo` from the clock (app/seeding.cpp), not here.
-- Idempotent like base.sql: the SIRETs are natural keys.

INSERT INTO organisations (siret, name, address, status, created_at, updated_at)
SELECT o.siret, o.name, o.address, o.status, current_setting('formations.seeded_at')::timestamptz,
       current_setting('formations.seeded_at')::timestamptz
FROM (VALUES ('99900000100001', 'Coopérative Sociétaire Fictive', '1 rue Fictive, 75000 Paris', 'societaire'),
             ('99900000200009', 'CAE Candidate Fictive', '2 avenue Imaginaire, 69000 Lyon', 'candidate'),
             ('99900000300007', 'Entreprise Non Membre Fictive', '3 place Inventée, 33000 Bordeaux', 'none'))
    AS o (siret, name, address, status)
ON CONFLICT (siret) DO NOTHING;
