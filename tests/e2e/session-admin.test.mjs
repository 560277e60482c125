// A session run from its page in a real browser: someone who phones in after the deadline, the
// trainee's personal link and documents, a tier corrected, a move to another session, the
// session edited (a weekend asks first, then what the edit will do — contracts and conventions
// to sign again, invoices credited, people told — is confirmed or not), closed and reopened, then cancelled after a
// confirmation that states how many people and invoices it affects. Creating two sessions on
// the same day from the list page gives two references.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    apiCall, createSession, isoDaysFromNow, launchBrowser, normalised, openPage, openReady, pdfText,
    register, saveDownload, screenshot, signContract, staffLogin, staffToken, startService,
    unexpectedConsoleErrors,
} from './support.mjs';

const STAFF = 'gestion@e2e.test';
const ADMIN = 'audit@e2e.test';

// The first Saturday at least `days` days ahead (dates are plain days: UTC arithmetic is exact).
function saturdayFrom(days) {
    for (let offset = days; ; offset += 1) {
        const iso = isoDaysFromNow(offset);
        if (new Date(`${iso}T00:00:00Z`).getUTCDay() === 6) {
            return iso;
        }
    }
}

function addDays(iso, days) {
    const date = new Date(`${iso}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + days);
    return date.toISOString().slice(0, 10);
}

describe('gestion d’une session par l’équipe', () => {
    let service;
    let browser;
    let token;

    before(async () => {
        service = await startService({ label: 'gestion-session', users: [{ email: STAFF, role: 'staff' }, { email: ADMIN, role: 'admin' }] });
        browser = await launchBrowser();
        token = await staffToken(service.baseUrl, STAFF);
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

    test('inscription par téléphone, lien personnel, documents, tarif, changement de session, modification, fermeture et annulation', async () => {
        const session = await createSession(service.baseUrl, token, { daysFromNow: 40, capacity: 3 });
        const other = await createSession(service.baseUrl, token, { daysFromNow: 60, capacity: 3 });
        const first = await register(service.baseUrl, session.id, { first_name: 'Léa', last_name: 'Première', email: 'lea.premiere@example.org' });
        await signContract(service.baseUrl, first.token);  // invoiced at the signature
        await register(service.baseUrl, session.id, { first_name: 'Marc', last_name: 'Déplacé', email: 'marc.deplace@example.org' });
        // Registrations closed for the public: staff still register someone who phones in.
        const closed = await apiCall(service.baseUrl, 'PATCH', `/api/v1/sessions/${session.id}`, { token, body: { registration_deadline: isoDaysFromNow(-1) } });
        assert.equal(closed.status, 200);

        const page = await openPage(browser);
        try {
            await staffLogin(page, service.baseUrl, STAFF);
            await openReady(page, `${service.baseUrl}/session.html?id=${session.id}`);
            await page.locator('#confirmed-body', { hasText: 'Léa Première' }).waitFor();
            assert.match(normalised(await page.locator('#facts').textContent()), /Inscriptions closes \(date limite passée\)/);

            // Phone-in, paid by a non-member employer (700 €).
            await page.getByText('Inscrire une personne').click();
            const form = page.locator('#phone-in');
            await form.getByLabel('Prénom').fill('Nadia');
            await form.getByLabel('Nom', { exact: true }).fill('Téléphone');
            await form.getByLabel('E-mail').fill('nadia.telephone@example.org');
            await form.getByLabel('Son employeur').check();
            // Staff read the directory: a member's SIRET alone fills its name and address.
            const employerName = form.getByLabel('Nom de l’employeur');
            const employerAddress = form.getByLabel('Adresse de l’employeur');
            await form.getByLabel('SIRET de l’employeur').fill('999 000 001 00001');
            await page.locator('#pi-directory-note', { hasText: 'Nom et adresse repris de l’annuaire du réseau.' }).waitFor();
            assert.equal(await employerName.inputValue(), 'Coopérative Sociétaire Fictive');
            assert.equal(await employerAddress.inputValue(), '1 rue Fictive, 75000 Paris');
            // An address typed by staff is kept; the name the directory gave follows the SIRET.
            await employerAddress.fill('Service formation, 3 place Inventée, 33000 Bordeaux');
            await form.getByLabel('SIRET de l’employeur').fill('99900000300007');
            await page.locator('#pi-directory-note', { hasText: /^Nom repris de l’annuaire du réseau\.$/ }).waitFor();
            assert.equal(await employerName.inputValue(), 'Entreprise Non Membre Fictive');
            assert.equal(await employerAddress.inputValue(), 'Service formation, 3 place Inventée, 33000 Bordeaux');
            await screenshot(page, 'inscription-telephone-annuaire');
            await form.getByLabel('SIRET de l’employeur').fill('732 829 320 00074');
            await form.getByLabel('Nom de l’employeur').fill('Entreprise Non Membre');
            await form.getByLabel('Adresse de l’employeur').fill('3 rue du Commerce, 44000 Nantes');
            // The convention's signatory: all three fields or none.
            await form.getByLabel('Nom du ou de la signataire').fill('Paul Gérant');
            await form.getByRole('button', { name: 'Inscrire' }).click();
            await page.locator('#pi_signatory_role[aria-invalid="true"]').waitFor();
            await form.getByLabel('Fonction').fill('Gérant');
            await form.getByLabel('Courriel du ou de la signataire').fill('paul.gerant@example.org');
            await form.getByRole('button', { name: 'Inscrire' }).click();
            await page.locator('#phone-in-status.success', { hasText: 'Nadia Téléphone est inscrit·e (700,00 €)' }).waitFor();
            await page.locator('#confirmed-body tr', { hasText: 'Nadia Téléphone' }).getByText('Convention non signée').waitFor();

            // Léa's personal link and her invoice.
            await page.getByRole('button', { name: 'Détails et actions pour Léa Première' }).click();
            const link = page.getByLabel('Lien personnel de Léa Première');
            await link.waitFor();
            assert.equal(await link.inputValue(), `${service.baseUrl}/mon-inscription.html#${first.token}`);
            await page.getByRole('button', { name: 'Copier le lien', exact: true }).click();
            await page.locator('.detail-panel', { hasText: /Lien copié|le lien est sélectionné/ }).waitFor();
            const [invoice] = await Promise.all([
                page.waitForEvent('download'),
                page.locator('.detail-panel').getByRole('link', { name: /facture/i }).first().click(),
            ]);
            assert.match(pdfText(await saveDownload(invoice, 'e2e-gestion-facture.pdf')), /Léa Première/);

            // Nadia's tier corrected: member price, a credit note and a new invoice.
            await page.getByRole('button', { name: 'Détails et actions pour Nadia Téléphone' }).click();
            const nadia = page.locator('.detail-panel', { hasText: 'Nadia Téléphone' });
            await nadia.getByLabel('Tarif').selectOption('member');
            await nadia.getByRole('button', { name: 'Corriger le tarif' }).click();
            await page.locator('#roster-status.success', { hasText: 'Tarif de Nadia Téléphone corrigé : 500,00 €' }).waitFor();
            await page.locator('#confirmed-body tr', { hasText: 'Nadia Téléphone' }).filter({ hasText: '500,00 €' }).waitFor();

            // Marc moves to the other session.
            await page.getByRole('button', { name: 'Détails et actions pour Marc Déplacé' }).click();
            const marc = page.locator('.detail-panel', { hasText: 'Marc Déplacé' });
            await marc.getByLabel('Nouvelle session').selectOption(String(other.id));
            await marc.getByRole('button', { name: 'Déplacer' }).click();
            await page.locator('#roster-status.success', { hasText: `Marc Déplacé est déplacé·e vers la session ${other.reference}` }).waitFor();
            assert.doesNotMatch(normalised(await page.locator('#confirmed-body').textContent()), /Marc Déplacé/);
            const moved = await apiCall(service.baseUrl, 'GET', `/api/v1/sessions/${other.id}/roster`, { token });
            assert.deepEqual(moved.data.registrations.map((r) => r.trainee.last_name), ['Déplacé']);

            // Edit: a weekend asks for a confirmation first; going back changes nothing.
            await page.getByRole('button', { name: 'Modifier la session' }).click();
            const saturday = saturdayFrom(45);
            await page.getByLabel('Premier jour').fill(saturday);
            await page.getByLabel('Dernier jour').fill(addDays(saturday, 1));
            await page.getByLabel('Lieu').fill('Salle du Conseil, 1 place Royale, 44000 Nantes');
            await page.getByLabel('Nombre de places').fill('5');
            await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
            const warnings = page.locator('#edit-warnings');
            await warnings.waitFor();
            assert.match(normalised(await warnings.textContent()), /samedi .* tombe un week-end/);
            await page.getByRole('button', { name: 'Changer les dates' }).click();
            await page.getByLabel('Premier jour').fill(addDays(saturday, 2));
            await page.getByLabel('Dernier jour').fill(addDays(saturday, 3));
            const before = await apiCall(service.baseUrl, 'GET', `/api/v1/sessions/${session.id}`);
            const leaContract = async () => (await apiCall(service.baseUrl, 'GET', `/api/v1/sessions/${session.id}/roster`, { token }))
                .data.registrations.find((r) => r.trainee.last_name === 'Première').contract;
            assert.equal(await leaContract(), 'signed');
            // New days supersede Léa's signed contract (its invoice credited) and Nadia's
            // unsigned convention: the service's preview is stated first; « Annuler » saves nothing.
            await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
            const consequences = page.locator('#edit-consequences');
            await consequences.waitFor();
            assert.deepEqual((await consequences.locator('li').allTextContents()).map(normalised), [
                '1 contrat et 1 convention seront à signer de nouveau (dont 1 contrat déjà signé)',
                '1 facture (300,00 €) sera annulée par un avoir',
                '1 signataire recevra un nouveau lien pour signer la convention',
                '2 personnes seront prévenues par e-mail',
            ]);
            await screenshot(page, 'gestion-modification-consequences');
            await consequences.getByRole('button', { name: 'Annuler' }).click();
            await page.locator('#edit-status', { hasText: 'Modification annulée : rien n’a été enregistré.' }).waitFor();
            assert.equal(await consequences.isHidden(), true);
            assert.deepEqual((await apiCall(service.baseUrl, 'GET', `/api/v1/sessions/${session.id}`)).data, before.data);
            assert.equal(await leaContract(), 'signed');
            // Someone is registered while the panel is open: « Confirmer » is refused by the service
            // (the confirmation is stale), and the page states what the edit does now.
            await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
            await consequences.waitFor();
            const phoned = await apiCall(service.baseUrl, 'POST', `/api/v1/sessions/${session.id}/registrations`, {
                token, body: { funding: 'self', trainee: { first_name: 'Inès', last_name: 'Tardive', email: 'ines.tardive@example.org', address: '2 rue Neuve, 44000 Nantes' } },
            });
            assert.equal(phoned.status, 201);
            await consequences.getByRole('button', { name: 'Confirmer' }).click();
            await page.locator('#edit-consequences-note', { hasText: 'La session a changé entre-temps' }).waitFor();
            await consequences.locator('li', { hasText: '3 personnes seront prévenues par e-mail' }).waitFor();
            assert.equal((await apiCall(service.baseUrl, 'GET', `/api/v1/sessions/${session.id}`)).data.starts_on, before.data.starts_on);
            // « Confirmer » saves it.
            await consequences.getByRole('button', { name: 'Confirmer' }).click();
            await page.locator('#manage-status.success', { hasText: 'Modifications enregistrées' }).waitFor();
            await page.locator('#facts', { hasText: 'Salle du Conseil' }).waitFor();
            assert.equal(await leaContract(), 'unsigned');  // the contract made anew, to sign again
            const edited = await apiCall(service.baseUrl, 'GET', `/api/v1/sessions/${session.id}`);
            assert.equal(edited.data.starts_on, addDays(saturday, 2));
            assert.equal(edited.data.capacity, 5);

            // Close, then reopen.
            await page.getByRole('button', { name: 'Fermer les inscriptions' }).click();
            await page.locator('#facts', { hasText: 'Inscriptions fermées' }).waitFor();
            await page.getByRole('button', { name: 'Rouvrir les inscriptions' }).click();
            await page.locator('#manage-status', { hasText: 'Inscriptions rouvertes' }).waitFor();
            assert.equal((await apiCall(service.baseUrl, 'GET', `/api/v1/sessions/${session.id}`)).data.status, 'open');

            // Cancel: the question states what the service counted; « Non » keeps it. The new
            // days superseded Léa's signed contract and credited its invoice (the new one comes
            // with the new signature): Nadia's employer's invoice is the one left to credit (Inès,
            // registered by phone, has signed nothing and owes nothing yet).
            await page.getByRole('button', { name: 'Annuler la session…' }).click();
            const question = page.locator('#cancel-question');
            await question.waitFor();
            assert.match(normalised(await question.textContent()),
                /3 inscriptions seront annulées \(3 places confirmées, 0 sur liste d’attente\) et 1 facture sera annulée par avoir \(500,00 € au total\)/);
            await page.getByRole('button', { name: 'Non, la garder' }).click();
            assert.equal(await page.locator('#cancel-confirm').isHidden(), true);
            await page.getByRole('button', { name: 'Annuler la session…' }).click();
            await page.getByRole('button', { name: 'Oui, annuler la session' }).click();
            await page.locator('#manage-status', { hasText: 'Session annulée' }).waitFor();
            await page.locator('#facts', { hasText: 'Annulée' }).waitFor();
            assert.equal((await apiCall(service.baseUrl, 'GET', `/api/v1/sessions/${session.id}`)).data.status, 'cancelled');
            assertClean(page);
        } finally {
            await screenshot(page, 'gestion-session');
            await page.context().close();
        }
    });

    test('une session un samedi demande confirmation, et deux sessions le même jour ont chacune leur référence', async () => {
        const page = await openPage(browser);
        try {
            await staffLogin(page, service.baseUrl, STAFF);
            const saturday = saturdayFrom(100);
            const references = [];
            for (const round of [1, 2]) {
                await page.getByLabel('Premier jour').fill(saturday);
                await page.getByLabel('Lieu').fill(`Salle ${round}, Lyon`);
                await page.getByRole('button', { name: 'Créer la session' }).click();
                await page.locator('#create-warnings', { hasText: 'tombe un week-end' }).waitFor();
                await page.getByRole('button', { name: 'Créer quand même' }).click();
                const created = page.locator('#create-status a');
                await created.waitFor();
                references.push(normalised(await created.textContent()));
                await page.locator('#sessions-body', { hasText: references.at(-1) }).waitFor();
            }
            assert.deepEqual(references, [`CAE-${saturday}`, `CAE-${saturday}-2`]);
            assertClean(page);
        } finally {
            await screenshot(page, 'gestion-creation-samedi');
            await page.context().close();
        }
    });

    test('un·e administrateur·rice lit l’historique de la session et d’une inscription ; l’équipe ne le voit pas', async () => {
        const admin = await staffToken(service.baseUrl, ADMIN);
        const session = await createSession(service.baseUrl, admin, { daysFromNow: 70, place: 'Salle Avant, Lyon' });
        assert.equal((await apiCall(service.baseUrl, 'PATCH', `/api/v1/sessions/${session.id}`, { token: admin, body: { place: 'Salle Après, Lyon' } })).status, 200);
        const registration = await register(service.baseUrl, session.id, { first_name: 'Hugo', last_name: 'Historique', email: 'hugo.historique@example.org' });
        assert.equal((await apiCall(service.baseUrl, 'POST', `/api/v1/registrations/${registration.id}/cancel`, { token: admin })).status, 200);

        const page = await openPage(browser);
        try {
            await staffLogin(page, service.baseUrl, ADMIN);
            await openReady(page, `${service.baseUrl}/session.html?id=${session.id}`);
            await page.getByText('Historique des modifications de la session').click();
            const trail = page.locator('#audit-list');
            await trail.getByText('Session modifiée').waitFor();
            const text = normalised(await trail.textContent());
            assert.match(text, /place : Salle Avant, Lyon → Salle Après, Lyon/);
            assert.match(text, /Session créée – \d{2}\/\d{2}\/\d{4} à \d+h\d{2}, par audit@e2e\.test/);

            await page.locator('#cancelled-section summary').click();
            await page.getByRole('button', { name: 'Détails et actions pour Hugo Historique' }).click();
            const panel = page.locator('.detail-panel');
            await panel.getByText('Inscription annulée').waitFor();
            assert.match(normalised(await panel.textContent()), /Inscription – .*par (anonymous|public|trainee|\S+)/);
            assertClean(page);
        } finally {
            await screenshot(page, 'gestion-historique');
            await page.context().close();
        }

        const staff = await openPage(browser);
        try {
            await staffLogin(staff, service.baseUrl, STAFF);
            await openReady(staff, `${service.baseUrl}/session.html?id=${session.id}`);
            assert.equal(await staff.locator('#audit-section').isHidden(), true);
        } finally {
            await staff.context().close();
        }
    });
});
