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

-- The public sheet of the course (Qualiopi indicator 1), first version, with a fictional
-- disability referent. Staff publish the next versions from the staff pages.
INSERT INTO course_sheets (course_id, version, programme, objectives, prerequisites, audience,
                           morning_start, morning_end, afternoon_start, afternoon_end,
                           teaching_methods, assessment_methods, access_delay_days,
                           accessibility, referent_name, referent_email, referent_phone, contact,
                           published_at, published_by)
SELECT c.id, 1, c.programme,
       'Situer les CAE dans l''histoire de l''économie sociale et solidaire' || E'\n' ||
       'Décrire le parcours d''un porteur de projet en CAE' || E'\n' ||
       'Expliquer les principes de rémunération et de protection sociale en CAE' || E'\n' ||
       'Identifier les règles comptables et les principaux risques d''une CAE',
       'Aucun prérequis. Un projet de création de CAE, ou une première expérience dans une CAE, '
       'permet de tirer le meilleur parti de la formation.',
       'Porteurs et porteuses de projet de création de CAE, salariés et gérants de CAE récentes.',
       '09:00', '12:30', '13:30', '17:00',
       'Apports en salle, études de cas de CAE existantes, échanges entre participants ; '
       'supports remis à chaque stagiaire.',
       'Questionnaire de positionnement avant la formation ; auto-évaluation des acquis au regard '
       'des objectifs en fin de formation ; questionnaire de satisfaction.',
       1,
       'Salles accessibles aux personnes à mobilité réduite. Pour tout besoin d''aménagement lié '
       'à une situation de handicap, signalez-le dans le questionnaire de positionnement ou '
       'contactez notre référente handicap : nous adaptons l''accueil, les supports et le rythme.',
       'Camille Exemple (fictive)', 'handicap@exemple.invalid', '01 00 00 00 00',
       'Équipe formation : formation@exemple.invalid – 01 00 00 00 01',
       current_setting('formations.seeded_at')::timestamptz, 'seed'
FROM courses c
WHERE c.code = 'CAE'
ON CONFLICT (course_id, version) DO NOTHING;
