// The staff pages in a real browser: log in, create a session, tick half-day attendance, download
// a certificate (refused before the session is over); the member directory and its CSV import.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    ARTIFACTS, isoDaysFromNow, launchBrowser, normalised, openPage, openReady, pdfText, register,
    saveDownload, screenshot, signContract, staffLogin, startService, unexpectedConsoleErrors,
    waitForExactText,
} from './support.mjs';

const STAFF = 'formatrice@e2e.test';

describe('pages de l’équipe', () => {
    let service;
    let browser;

    before(async () => {
        service = await startService({ label: 'equipe', users: [{ email: STAFF, role: 'staff' }] });
        browser = await launchBrowser();
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    function assertClean(page) {
        assert.deepEqual(page.problems.dialogs, []);
        assert.deepEqual(page.problems.errors, []);
        assert.deepEqual(unexpectedConsoleErrors(page), []);
    }

    test('sans connexion, une page de l’équipe renvoie à la connexion', async () => {
        const page = await openPage(browser);
        try {
            await page.goto(`${service.baseUrl}/sessions.html`);
            await page.waitForURL(/connexion\.html\?retour=%2Fsessions\.html/);
            await page.getByLabel('Adresse e-mail').fill(STAFF);
            await page.getByLabel('Mot de passe').fill('pas le bon');
            await page.getByRole('button', { name: 'Se connecter' }).click();
            await page.locator('#login-status.error').waitFor();
            assert.notEqual(normalised(await page.locator('#login-status').textContent()), '');
            assert.equal(await page.getByLabel('Mot de passe').inputValue(), '');
        } finally {
            await screenshot(page, 'connexion-refusee');
            await page.context().close();
        }
    });

    test('l’équipe se connecte, crée une session, coche les présences ; le certificat attend la fin de la session', async () => {
        const page = await openPage(browser);
        try {
            await staffLogin(page, service.baseUrl, STAFF);
            await page.waitForURL(/sessions\.html$/);
            await page.getByRole('heading', { name: 'Créer une session' }).waitFor();

            await page.getByLabel('Premier jour').fill(isoDaysFromNow(20));
            await page.getByLabel('Lieu').fill('Maison des coopératives, 2 rue de la Paix, 44000 Nantes');
            await page.getByLabel('Nombre de places').fill('8');
            await page.getByLabel(/Formateur ou formatrice/).fill('Camille Formatrice');
            await page.getByRole('button', { name: 'Créer la session' }).click();
            const created = page.locator('#create-status a');
            // A weekend or a public holiday (depending on the clock) is confirmed first.
            const warnings = page.locator('#create-warnings');
            await page.waitForFunction(() => document.querySelector('#create-status a')
                || !document.querySelector('#create-warnings').hidden);
            if (await warnings.isVisible()) {
                await page.getByRole('button', { name: 'Créer quand même' }).click();
            }
            await created.waitFor();
            const reference = normalised(await created.textContent());
            assert.match(reference, /^CAE-\d{4}-\d{2}-\d{2}$/);
            // The new session is in the list.
            await page.locator('#sessions-body', { hasText: reference }).waitFor();
            const sessionId = Number(new URL(await created.getAttribute('href'), service.baseUrl).searchParams.get('id'));
            await screenshot(page, 'equipe-sessions');

            const registration = await signContract(service.baseUrl, (await register(service.baseUrl, sessionId, {
                first_name: 'Inès', last_name: 'Présente', email: 'ines.presente@example.org',
            })).token);
            await created.click();
            await page.waitForURL(/session\.html\?id=\d+/);
            await page.locator('#confirmed-body', { hasText: 'Inès Présente' }).waitFor();
            assert.match(normalised(await page.locator('#confirmed-body').textContent()), /300,00 €.*Autofinancement.*FA-\d{4}-\d{5}.*À payer/);

            // Three half-days: 3 × 3,5 h = 10,5 h.
            const boxes = page.locator('#attendance-table tbody input[type="checkbox"]');
            assert.equal(await boxes.count(), 4);
            for (const index of [0, 1, 2]) {
                await boxes.nth(index).check();
                await page.locator('#attendance-status.success').waitFor();
                await page.waitForFunction(() => !document.querySelector('#attendance-status').textContent.startsWith('Enregistrement'));
            }
            await waitForExactText(page, `#hours-${registration.id}`, '10,5 h');
            // The marks are saved: a reload shows them.
            await page.reload();
            await page.locator('#attendance-table tbody input[type="checkbox"]').first().waitFor();
            assert.deepEqual(await page.locator('#attendance-table tbody input[type="checkbox"]').evaluateAll(
                (inputs) => inputs.map((input) => input.checked)), [true, true, true, false]);

            // Certificates are issued once the session is over (the day after its last day): before,
            // the page says from when (the text of an issued one: attendance_test, completion_test).
            for (const [what, file] of [['Certificat de réalisation', 'certificate.pdf'], ['Attestation de fin de formation', 'attestation.pdf']]) {
                const [refused] = await Promise.all([
                    page.waitForResponse((response) => response.url().endsWith(`/${registration.id}/${file}`)),
                    page.getByRole('button', { name: `${what} de Inès Présente` }).click(),
                ]);
                assert.equal(refused.status(), 409);
                await page.locator('#download-status.error', { hasText: "n'est pas terminée" }).waitFor();
            }

            const [sheet] = await Promise.all([
                page.waitForEvent('download'),
                page.getByRole('button', { name: 'Feuille d’émargement (PDF)' }).click(),
            ]);
            assert.match(pdfText(await saveDownload(sheet, 'e2e-emargement.pdf')), /Présente Inès/);

            // The daily hours move; each half-day keeps its 3,5 h.
            const hours = page.locator('#hours');
            assert.equal(await hours.getByLabel('De', { exact: true }).first().inputValue(), '09:00');
            await hours.getByLabel('À', { exact: true }).first().fill('12:15');
            await page.getByRole('button', { name: 'Enregistrer les horaires' }).click();
            await page.locator('#morning_end[aria-invalid="true"]').waitFor();
            assert.match(normalised(await page.locator('#morning_end-error').textContent()), /3 h 30/);
            await hours.getByLabel('De', { exact: true }).first().fill('08:30');
            await hours.getByLabel('À', { exact: true }).first().fill('12:00');
            await hours.getByLabel('De', { exact: true }).last().fill('13:00');
            await hours.getByLabel('À', { exact: true }).last().fill('16:30');
            await page.getByRole('button', { name: 'Enregistrer les horaires' }).click();
            // Inès's signed contract prints the hours: what the change does is confirmed first.
            const consequences = page.locator('#hours-consequences');
            await consequences.waitFor();
            assert.deepEqual((await consequences.locator('li').allTextContents()).map(normalised), [
                '1 contrat sera à signer de nouveau (dont 1 contrat déjà signé)',
                '1 facture (300,00 €) sera annulée par un avoir',
                '1 personne sera prévenue par e-mail',
            ]);
            await consequences.getByRole('button', { name: 'Confirmer' }).click();
            await page.locator('#hours-status.success').waitFor();
            await page.locator('#facts', { hasText: '8h30–12h00 et 13h00–16h30' }).waitFor();
            const [moved] = await Promise.all([
                page.waitForEvent('download'),
                page.getByRole('button', { name: 'Feuille d’émargement (PDF)' }).click(),
            ]);
            assert.match(pdfText(await saveDownload(moved, 'e2e-emargement-horaires.pdf')), /8h30–12h00/);
            assertClean(page);
        } finally {
            await screenshot(page, 'equipe-emargement');
            await page.context().close();
        }
    });

    test('l’annuaire des membres se consulte et s’importe depuis un tableur', async () => {
        const page = await openPage(browser);
        try {
            await staffLogin(page, service.baseUrl, STAFF);
            await openReady(page, `${service.baseUrl}/annuaire.html`);
            await page.locator('#organisations-body', { hasText: 'Coopérative Sociétaire Fictive' }).waitFor();

            const bad = path.join(ARTIFACTS, 'e2e-annuaire-erreur.csv');
            writeFileSync(bad, 'SIRET;Nom;Adresse;Statut\n12345;Sans numéro;;sociétaire\n');
            await page.getByLabel('Fichier CSV').setInputFiles(bad);
            await page.getByRole('button', { name: 'Importer' }).click();
            await page.locator('#import-errors', { hasText: 'siret' }).waitFor();
            // The column as the file names it.
            assert.equal(normalised(await page.locator('#import-errors tbody td').nth(1).textContent()), 'SIRET');

            const good = path.join(ARTIFACTS, 'e2e-annuaire.csv');
            writeFileSync(good, '\ufeffSIRET;Nom;Adresse;Statut\r\n732 829 320 00074;Coopérative Importée;9 quai des Imports, 13000 Marseille;Candidat\r\n');
            await page.getByLabel('Fichier CSV').setInputFiles(good);
            await page.getByRole('button', { name: 'Importer' }).click();
            await page.locator('#import-status', { hasText: 'Import terminé' }).waitFor();
            assert.match(normalised(await page.locator('#import-status').textContent()), /1 structure ajoutée/);
            await page.getByLabel('Nom ou début du SIRET').fill('Importée');
            await page.getByRole('button', { name: 'Rechercher' }).click();
            await page.locator('#page-info', { hasText: '1–1 sur 1' }).waitFor();
            assert.equal(await page.getByLabel('Statut de Coopérative Importée').inputValue(), 'candidate');

            // Saved by Excel as plain « CSV » (Windows-1252): the accents arrive intact.
            const excel = path.join(ARTIFACTS, 'e2e-annuaire-windows-1252.csv');
            writeFileSync(excel, Buffer.from('SIRET;Nom;Adresse;Statut\r\n552 100 554 00021;Soci\xe9t\xe9 d\x92Excel;;Soci\xe9taire\r\n', 'latin1'));
            await page.getByLabel('Fichier CSV').setInputFiles(excel);
            await page.getByRole('button', { name: 'Importer' }).click();
            await page.locator('#import-status', { hasText: '1 structure ajoutée' }).waitFor();
            await page.getByLabel('Nom ou début du SIRET').fill('Excel');
            await page.getByRole('button', { name: 'Rechercher' }).click();
            await page.locator('#organisations-body', { hasText: 'Société d’Excel' }).waitFor();
            assert.equal(await page.getByLabel('Statut de Société d’Excel').inputValue(), 'societaire');

            // The name and the address are corrected in place.
            await page.getByRole('button', { name: 'Modifier Société d’Excel' }).click();
            const editor = page.getByRole('form', { name: 'Modifier Société d’Excel' });
            await editor.getByLabel('Raison sociale').fill('Société d’Excel SCOP');
            await editor.getByLabel('Adresse').fill('4 rue des Tableurs\n69000 Lyon');
            await editor.getByRole('button', { name: 'Enregistrer' }).click();
            await page.locator('#list-status.success', { hasText: 'Société d’Excel SCOP : nom et adresse enregistrés.' }).waitFor();
            assert.match(normalised(await page.locator('#organisations-body').textContent()), /Société d’Excel SCOP.*4 rue des Tableurs 69000 Lyon/);
            assertClean(page);
        } finally {
            await screenshot(page, 'annuaire-import');
            await page.context().close();
        }
    });
});
