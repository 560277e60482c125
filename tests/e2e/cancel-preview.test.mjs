// What cancelling will cost, shown before the click, in a real browser: the trainee's page and
// the staff's roster each open a confirmation panel with the service's French sentence (the fee
// kept, or why there is none); « Non » changes nothing, « Oui » cancels exactly that.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    apiCall, createSession, launchBrowser, normalised, openPage, openReady, psql, register, screenshot,
    signContract, staffLogin, staffToken, startService, unexpectedConsoleErrors,
} from './support.mjs';

const STAFF = 'equipe@e2e.test';

describe('ce que coûte une annulation, avant de confirmer', () => {
    let service;
    let browser;
    let staff;

    before(async () => {
        service = await startService({ label: 'cancel-preview', users: [{ email: STAFF, role: 'staff' }] });
        psql(service.databaseUrl, 'UPDATE courses SET cancellation_fee_cents = 15000');
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

    async function registrationOf(token) {
        return (await apiCall(service.baseUrl, 'GET', `/api/v1/registrations/${token}`)).data;
    }

    test('le stagiaire voit les frais retenus, revient en arrière, puis confirme', async () => {
        const session = await createSession(service.baseUrl, staff);
        const registration = await register(service.baseUrl, session.id, {
            first_name: 'Léo', last_name: 'Garnier', email: 'leo.garnier@example.org',
        }, {
            funding: 'employer',
            employer: { siret: '732 829 320 00074', name: 'Autre Entreprise SA', address: '5 rue du Commerce\n44000 Nantes' },
        });
        const page = await openPage(browser);
        try {
            await openReady(page, `${service.baseUrl}/mon-inscription.html#${registration.token}`);
            await page.getByRole('button', { name: 'Annuler mon inscription…' }).click();
            const cost = page.locator('#cancel-cost');
            await cost.waitFor();
            await screenshot(page, 'annulation-frais-stagiaire-panneau');
            assert.equal(normalised(await cost.textContent()),
                'Des frais d\'annulation de 150,00 € restent dus : un avoir de 550,00 € annule le reste de la facture. Reste à payer : 150,00 €.');

            await page.getByRole('button', { name: 'Non, la garder' }).click();
            assert.equal(await page.locator('#cancel-confirm').isHidden(), true);
            const kept = await registrationOf(registration.token);
            assert.equal(kept.status, 'confirmed');
            assert.equal(kept.invoices.length, 1);

            await page.getByRole('button', { name: 'Annuler mon inscription…' }).click();
            await page.getByRole('button', { name: 'Oui, annuler mon inscription' }).click();
            await page.getByText('Cette inscription est annulée.').waitFor();
            const cancelled = await registrationOf(registration.token);
            assert.equal(cancelled.status, 'cancelled');
            assert.equal(cancelled.invoices[1].total_cents, -55000);
            assert.match(normalised(await page.locator('#documents').textContent()), /Avoir AV-\d{4}-\d{5}/);
            assertClean(page);
        } finally {
            await screenshot(page, 'annulation-frais-stagiaire');
            await page.context().close();
        }
    });

    test('l’équipe voit l’annulation sans frais pendant le délai de rétractation, puis annule', async () => {
        const session = await createSession(service.baseUrl, staff);
        const registration = await register(service.baseUrl, session.id, {
            first_name: 'Zoé', last_name: 'Rétractée', email: 'zoe.retractee@example.org',
        });
        await signContract(service.baseUrl, registration.token);
        const page = await openPage(browser);
        try {
            await staffLogin(page, service.baseUrl, STAFF);
            await openReady(page, `${service.baseUrl}/session.html?id=${session.id}`);
            const cancelButton = page.getByRole('button', { name: 'Annuler l’inscription de Zoé Rétractée' });
            await cancelButton.click();
            const cost = page.locator('.cancel-cost');
            await cost.waitFor();
            await screenshot(page, 'annulation-sans-frais-equipe-panneau');
            assert.match(normalised(await cost.textContent()),
                /^Annulation sans frais : le délai de rétractation court jusqu'au \d+(er)? \S+ \d{4} inclus ; un avoir de 300,00 € annule la facture\.$/);

            await page.getByRole('button', { name: 'Non', exact: true }).click();
            assert.equal((await registrationOf(registration.token)).status, 'confirmed');

            await cancelButton.click();
            await page.getByRole('button', { name: 'Oui, annuler' }).click();
            await page.locator('#roster-status', { hasText: 'Inscription de Zoé Rétractée annulée.' }).waitFor();
            const cancelled = await registrationOf(registration.token);
            assert.equal(cancelled.status, 'cancelled');
            assert.equal(cancelled.invoices[1].total_cents, -30000);
            assertClean(page);
        } finally {
            await screenshot(page, 'annulation-sans-frais-equipe');
            await page.context().close();
        }
    });
});
