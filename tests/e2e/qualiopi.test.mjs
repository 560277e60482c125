// Qualiopi evidence in a real browser: the trainee's positioning questionnaire (with an
// accommodation need only the referent reads) and satisfaction survey from the personal page,
// the employer's cold survey through its link, the staff's views (needs on the session page,
// who answered and the links to copy, the course sheet and its questionnaires, the complaints
// register, the audit export), the referent's page and an admin's erasure. Delays are crossed
// with sessions placed in the past from the test clock, never by waiting.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
    apiCall, createSession, launchBrowser, normalised, openPage, openReady, register, saveDownload,
    screenshot, signContract, staffLogin, staffToken, startService, unexpectedConsoleErrors,
} from './support.mjs';

const STAFF = 'equipe@e2e.test';
const REFERENT = 'referente@e2e.test';
const ADMIN = 'admin@e2e.test';
const HTML_NAME = '<img src=x onerror=alert(1)>';

describe('preuves Qualiopi', () => {
    let service;
    let browser;
    let staff;

    before(async () => {
        service = await startService({
            label: 'qualiopi',
            users: [
                { email: STAFF, role: 'staff' },
                { email: REFERENT, role: 'staff', referent: true },
                { email: ADMIN, role: 'admin' },
            ],
        });
        browser = await launchBrowser();
        staff = await staffToken(service.baseUrl, STAFF);
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    function assertClean(page) {
        assert.deepEqual(page.problems.dialogs, [], 'no dialog may open');
        assert.deepEqual(page.problems.errors, [], 'no script error');
        assert.deepEqual(unexpectedConsoleErrors(page), [], 'no console error (CSP violations show there)');
    }

    // Staff register someone on a session of any date (past ones included), at an address without
    // accents before the « @ » (refused since e-mail exists).
    async function registerOn(sessionId, first, extra = {}) {
        const local = first.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
        const created = await apiCall(service.baseUrl, 'POST', `/api/v1/sessions/${sessionId}/registrations`, {
            token: staff,
            body: {
                funding: 'self',
                trainee: { first_name: first, last_name: 'Essai', email: `${local}@example.org`, address: '1 rue du Test, Lyon' },
                ...extra,
            },
        });
        assert.equal(created.status, 201, JSON.stringify(created.data));
        return created.data;
    }

    test('le questionnaire de positionnement, depuis la page personnelle, avec un besoin d’aménagement', async () => {
        const session = await createSession(service.baseUrl, staff, { daysFromNow: 25 });
        const registration = await register(service.baseUrl, session.id, {
            first_name: 'Inès', last_name: 'Positionnée', email: 'ines.positionnee@example.org',
        });
        const page = await openPage(browser);
        try {
            await openReady(page, `${service.baseUrl}/mon-inscription.html#${registration.token}`);
            const section = page.locator('#questionnaires-section');
            await section.waitFor();
            assert.match(normalised(await section.textContent()), /positionnement.*À remplir/);
            assert.match(normalised(await section.textContent()), /Questionnaire de satisfaction.*ouvrira le/);
            await page.getByRole('link', { name: /^Répondre : Questionnaire de positionnement/ }).click();
            await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
            await page.getByRole('heading', { name: 'Questionnaire de positionnement et d’analyse des besoins' }).waitFor();

            // Nothing answered: the required questions say so, the focus goes to the first.
            await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
            await page.locator('#form-status.error').waitFor();
            assert.equal(await page.locator('[aria-invalid="true"]').count(), 3);
            assert.equal(await page.evaluate(() => document.activeElement.dataset.field), 'answers.q1');

            await page.getByRole('group', { name: /vos connaissances/ }).getByLabel('2', { exact: true }).check();
            await page.getByLabel('Je porte un projet de création').check();
            await page.getByLabel('Qu\'attendez-vous de cette formation ?').fill(`Comprendre la gouvernance ${HTML_NAME}`);
            await page.getByLabel('J’ai besoin d’un aménagement').check();
            await page.getByLabel('Décrivez vos besoins').fill('Je me déplace en fauteuil roulant.');
            await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
            await page.locator('#form-status.success').waitFor();
            assert.match(normalised(await page.locator('#window-line').textContent()), /Rempli – modifiable jusqu’au/);
            assert.match(normalised(await page.locator('#accommodation-status').textContent()), /référent·e handicap/);
            await page.getByRole('link', { name: 'Retour à mon inscription' }).first().click();
            await page.locator('#questionnaires-section', { hasText: 'Répondu' }).waitFor();
            assertClean(page);
        } finally {
            await screenshot(page, 'qualiopi-positionnement');
            await page.context().close();
        }

        // Staff read the answers on the session page, never the accommodation need.
        const staffPage = await openPage(browser);
        try {
            await staffLogin(staffPage, service.baseUrl, STAFF);
            await openReady(staffPage, `${service.baseUrl}/session.html?id=${session.id}`);
            const needs = staffPage.locator('#needs');
            await needs.locator('text=Comprendre la gouvernance').waitFor();
            assert.ok(normalised(await needs.textContent()).includes(HTML_NAME), 'the answer is shown as text');
            assert.ok(!normalised(await staffPage.locator('main').textContent()).includes('fauteuil'));
            assert.equal(await staffPage.locator('#staff-nav a', { hasText: 'Aménagements' }).count(), 0);
            assertClean(staffPage);
        } finally {
            await screenshot(staffPage, 'qualiopi-session-besoins');
            await staffPage.context().close();
        }

        // The referent reads it and records what was arranged.
        const referentPage = await openPage(browser);
        try {
            await staffLogin(referentPage, service.baseUrl, REFERENT);
            await referentPage.locator('#staff-nav a', { hasText: 'Aménagements' }).click();
            await referentPage.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
            const card = referentPage.locator('article', { hasText: 'Inès Positionnée' });
            await card.locator('text=Je me déplace en fauteuil roulant.').waitFor();
            await card.getByLabel('Suite donnée').selectOption('arranged');
            await card.getByLabel('Aménagements prévus').fill('Salle du rez-de-chaussée réservée.');
            await card.getByRole('button', { name: /Enregistrer la demande/ }).click();
            await referentPage.locator('#save-status.success').waitFor();
            await referentPage.locator('article', { hasText: 'Aménagement mis en place' }).waitFor();
            assertClean(referentPage);
        } finally {
            await screenshot(referentPage, 'qualiopi-referent');
            await referentPage.context().close();
        }
    });

    test('après le dernier jour, le questionnaire de satisfaction ; des semaines après, l’avis de l’employeur', async () => {
        const recent = await createSession(service.baseUrl, staff, { daysFromNow: -3 });
        const trainee = await registerOn(recent.id, 'Satisfaite');
        const earlier = await createSession(service.baseUrl, staff, { daysFromNow: -70 });
        await registerOn(earlier.id, 'Salariée', {
            funding: 'employer',
            employer: { siret: '99900000100001', name: 'Coopérative Sociétaire Fictive', address: '1 rue Fictive, Paris' },
        });
        const page = await openPage(browser);
        try {
            await openReady(page, `${service.baseUrl}/mon-inscription.html#${trainee.token}`);
            await page.getByRole('link', { name: /^Répondre : Questionnaire de satisfaction/ }).click();
            await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
            await page.getByRole('group', { name: /Dans l'ensemble/ }).getByLabel('5 – tout à fait').check();
            await page.getByRole('group', { name: /Les contenus/ }).getByLabel('4', { exact: true }).check();
            await page.getByRole('group', { name: /animation/ }).getByLabel('5 – tout à fait').check();
            await page.getByRole('group', { name: /organisation/ }).getByLabel('3', { exact: true }).check();
            await page.getByLabel('Oui', { exact: true }).check();
            await page.getByLabel('Que faudrait-il améliorer ?').fill('Une pause de plus.');
            await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
            await page.locator('#form-status.success').waitFor();
            // Answered once: nothing more to send.
            assert.equal(await page.getByRole('button', { name: /Envoyer|Mettre à jour/ }).isVisible(), false);
            assert.match(normalised(await page.locator('#window-line').textContent()), /Rempli, merci/);
            assertClean(page);
        } finally {
            await screenshot(page, 'qualiopi-satisfaction');
            await page.context().close();
        }

        // Staff follow the answers and copy the employer's link.
        const staffPage = await openPage(browser);
        let employerLink = null;
        try {
            await staffLogin(staffPage, service.baseUrl, STAFF);
            await openReady(staffPage, `${service.baseUrl}/session.html?id=${recent.id}`);
            const row = staffPage.locator('#evaluations-body tr', { hasText: 'Satisfaite Essai' });
            await row.waitFor();
            assert.match(normalised(await row.textContent()), /Ouvert jusqu’au.*Répondu le/);
            assert.match(normalised(await staffPage.locator('#session-results').innerText()),
                /Satisfaction des stagiaires 1 réponse – taux de satisfaction 100 %.*Une pause de plus\./);
            await openReady(staffPage, `${service.baseUrl}/session.html?id=${earlier.id}`);
            const link = staffPage.getByRole('textbox', { name: 'Lien employeur de Salariée Essai' });
            await link.waitFor();
            employerLink = await link.inputValue();
            assert.match(employerLink, /\/avis-employeur\.html#[A-Za-z0-9_-]{43}$/);
            await staffPage.getByRole('button', { name: 'Copier le lien employeur de Salariée Essai' }).click();
            await staffPage.locator('#copy-status:not(:empty)').waitFor();
            assertClean(staffPage);
        } finally {
            await screenshot(staffPage, 'qualiopi-session-evaluations');
            await staffPage.context().close();
        }

        const employerPage = await openPage(browser);
        try {
            await openReady(employerPage, employerLink);
            assert.match(normalised(await employerPage.locator('#context').textContent()),
                /Salariée Essai, de votre structure \(Coopérative Sociétaire Fictive\), a suivi la formation « Créer sa CAE »/);
            await employerPage.getByRole('group', { name: /Dans l'ensemble/ }).getByLabel('4', { exact: true }).check();
            await employerPage.getByRole('group', { name: /utile/ }).getByLabel('5 – tout à fait').check();
            await employerPage.getByLabel('Quels effets avez-vous observés depuis la formation ?').fill('Plus autonome.');
            await employerPage.getByRole('button', { name: 'Envoyer mon avis' }).click();
            await employerPage.locator('#form-status.success').waitFor();
            assertClean(employerPage);
        } finally {
            await screenshot(employerPage, 'qualiopi-employeur');
            await employerPage.context().close();
        }
        const survey = await apiCall(service.baseUrl, 'GET', `/api/v1/employer-surveys/${employerLink.split('#')[1]}`);
        assert.equal(survey.data.survey.window.availability, 'answered');
    });

    test('l’équipe publie une version de la fiche et un questionnaire ; la fiche publique et l’export suivent', async () => {
        const page = await openPage(browser);
        try {
            await staffLogin(page, service.baseUrl, STAFF);
            await page.locator('#staff-nav a', { hasText: 'Qualité' }).click();
            await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
            await page.getByRole('link', { name: 'Fiche et questionnaires' }).first().click();
            await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
            const objectives = page.getByLabel('Objectifs');
            assert.match(await objectives.inputValue(), /Situer les CAE/);
            await objectives.fill(`${await objectives.inputValue()}\nConduire une assemblée générale de CAE`);
            // The course's usual hours, as times; each half-day keeps its 3 h 30.
            assert.equal(await page.locator('#morning_start').inputValue(), '09:00');
            await page.locator('#morning_start').fill('08:30');
            await page.locator('#morning_end').fill('12:00');
            await page.getByRole('button', { name: 'Publier une nouvelle version' }).click();
            await page.locator('#sheet-status', { hasText: 'Version 2 publiée' }).waitFor();
            assert.equal(await page.locator('#versions-body tr').count(), 2);

            // A question added to the trainees' survey.
            await page.getByRole('button', { name: 'Satisfaction des stagiaires' }).click();
            await page.locator('#fixed-question:not([hidden])').waitFor();
            await page.getByRole('button', { name: 'Ajouter une question' }).click();
            await page.locator('.question-editor').last().getByLabel('Question', { exact: true }).fill('Le lieu était-il accessible ?');
            await page.locator('.question-editor').last().getByLabel('Type de réponse').selectOption('scale');
            await page.getByRole('button', { name: 'Enregistrer le questionnaire' }).click();
            await page.locator('#questionnaire-status', { hasText: 'version 1' }).waitFor();
            assertClean(page);
        } finally {
            await screenshot(page, 'qualiopi-fiche-equipe');
        }

        const visitor = await openPage(browser);
        try {
            await openReady(visitor, `${service.baseUrl}/formation.html?code=CAE`);
            await visitor.locator('#objectives li', { hasText: 'Conduire une assemblée générale de CAE' }).waitFor();
            assert.match(normalised(await visitor.locator('#updated').textContent()), /version 2/);
            assert.match(normalised(await visitor.locator('#facts').textContent()), /8h30–12h00 et 13h30–17h00/);
            assert.match(normalised(await visitor.locator('#prices').textContent()), /300,00 €.*500,00 €.*700,00 €/);
            assert.match(normalised(await visitor.locator('#referent').textContent()), /Camille Exemple.*handicap@exemple\.invalid/);
            assert.match(normalised(await visitor.locator('#results').textContent()), /Taux d’achèvement.*Taux de satisfaction/);
            assertClean(visitor);
        } finally {
            await screenshot(visitor, 'qualiopi-fiche-publique');
            await visitor.context().close();
        }

        try {
            // A new session starts from the sheet's hours.
            await page.goto(`${service.baseUrl}/sessions.html`);
            await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
            assert.equal(await page.locator('#morning_start').inputValue(), '08:30');
            assert.equal(await page.locator('#afternoon_end').inputValue(), '17:00');

            await page.goto(`${service.baseUrl}/qualiopi.html`);
            await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
            await page.locator('#pending-body tr').first().waitFor();
            const [zip] = await Promise.all([
                page.waitForEvent('download'),
                page.getByRole('button', { name: 'Télécharger l’export (ZIP)' }).click(),
            ]);
            const bytes = readFileSync(await saveDownload(zip, 'e2e-qualiopi.zip'));
            assert.equal(bytes.subarray(0, 2).toString(), 'PK');
            assert.ok(bytes.includes(Buffer.from('31-32-reclamations/registre.csv')));
            assertClean(page);
        } finally {
            await screenshot(page, 'qualiopi-tableau');
            await page.context().close();
        }
    });

    test('une réclamation publique est traitée par l’équipe, et son auteur lit la réponse', async () => {
        const page = await openPage(browser);
        let follow = null;
        try {
            await openReady(page, `${service.baseUrl}/reclamation.html`);
            await page.getByRole('button', { name: 'Envoyer' }).click();
            await page.locator('#form-status.error').waitFor();
            await page.getByLabel('Vous êtes').selectOption('employer');
            await page.getByLabel('Adresse e-mail').fill('rh@example.org');
            await page.getByLabel('Objet').fill('Convention reçue en retard');
            await page.getByLabel('Ce qui s’est passé').fill('La convention est arrivée la veille de la session.');
            await page.getByRole('button', { name: 'Envoyer' }).click();
            await page.locator('#sent:not([hidden])').waitFor();
            follow = await page.getByLabel('Lien de suivi').inputValue();
            assertClean(page);
        } finally {
            await screenshot(page, 'qualiopi-reclamation');
            await page.context().close();
        }

        const staffPage = await openPage(browser);
        try {
            await staffLogin(staffPage, service.baseUrl, STAFF);
            await openReady(staffPage, `${service.baseUrl}/reclamations.html`);
            const row = staffPage.locator('#complaints-body tr', { hasText: 'Convention reçue en retard' });
            await row.getByRole('button', { name: /Traiter/ }).click();
            await staffPage.locator('#handle-status').selectOption('closed');
            await staffPage.locator('#handle-save').click();
            await staffPage.locator('#detail-status.error').waitFor();  // closing needs an answer
            await staffPage.getByLabel('Réponse apportée').fill('Nos excuses : les conventions partent désormais dès l’inscription.');
            await staffPage.getByLabel(/Action d’amélioration/).fill('Envoi de la convention à l’inscription.');
            await staffPage.locator('#handle-save').click();
            await staffPage.locator('#detail-status.success').waitFor();
            assert.match(normalised(await row.textContent()), /Close.*décidée le/);
            assertClean(staffPage);
        } finally {
            await screenshot(staffPage, 'qualiopi-registre');
            await staffPage.context().close();
        }

        const author = await openPage(browser);
        try {
            await openReady(author, follow);
            await author.locator('#answer', { hasText: 'les conventions partent désormais' }).waitFor();
            assert.match(normalised(await author.locator('#request').textContent()), /Close/);
            assertClean(author);
        } finally {
            await screenshot(author, 'qualiopi-suivi');
            await author.context().close();
        }
    });

    test('un administrateur efface les données d’une personne, ses factures restent', async () => {
        const session = await createSession(service.baseUrl, staff, { daysFromNow: -10 });
        await signContract(service.baseUrl, (await registerOn(session.id, 'Effacée')).token);
        const page = await openPage(browser);
        try {
            await staffLogin(page, service.baseUrl, ADMIN);
            await page.locator('#staff-nav a', { hasText: 'Données personnelles' }).click();
            await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
            await page.getByLabel('E-mail ou nom').fill('effacee@example');
            await page.getByRole('button', { name: 'Rechercher' }).click();
            await page.getByRole('button', { name: 'Effacer les données de Effacée Essai' }).click();
            await page.getByRole('button', { name: 'Oui, effacer définitivement' }).click();
            await page.locator('#search-status.success').waitFor();
            assert.match(normalised(await page.locator('#search-status').textContent()), /1 facture conservée telle qu’émise/);
            await page.locator('#trainees-body', { hasText: 'Effacée le' }).waitFor();
            assertClean(page);
        } finally {
            await screenshot(page, 'qualiopi-effacement');
            await page.context().close();
        }
        const audit = await apiCall(service.baseUrl, 'GET', '/api/v1/audit?entity=trainee',
            { token: await staffToken(service.baseUrl, ADMIN) });
        assert.equal(audit.data.events[0].action, 'trainee.erased');
    });
});
