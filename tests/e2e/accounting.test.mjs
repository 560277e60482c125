// The accounting page in a real browser: the invoice list, a payment recorded, the FEC export.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
    apiCall, currentYear, isoDaysFromNow, launchBrowser, normalised, openPage, register,
    saveDownload, screenshot, signContract, staffLogin, staffToken, startService,
    unexpectedConsoleErrors,
} from './support.mjs';

const ACCOUNTANT = 'comptable@e2e.test';

describe('page de la comptabilité', () => {
    let service;
    let browser;

    before(async () => {
        service = await startService({ label: 'comptabilite', users: [{ email: ACCOUNTANT, role: 'accountant' }] });
        browser = await launchBrowser();
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    test('un·e comptable enregistre un paiement et télécharge le FEC', async () => {
        const sessions = (await apiCall(service.baseUrl, 'GET', '/api/v1/sessions')).data.sessions;
        const registration = await signContract(service.baseUrl, (await register(service.baseUrl, sessions[0].id, {
            first_name: 'Nora', last_name: 'Payeuse', email: 'nora.payeuse@example.org',
        })).token);
        const number = registration.invoices[0].number;

        const page = await openPage(browser);
        try {
            await staffLogin(page, service.baseUrl, ACCOUNTANT);
            await page.waitForURL(/comptabilite\.html$/);
            const row = page.locator('#invoices-body tr', { hasText: number });
            await row.waitFor();
            assert.match(normalised(await row.textContent()), /Nora Payeuse.*300,00 €.*À payer/);

            // "Paiement" fills the form with the amount due; a partial payment of 100 €.
            await row.getByRole('button', { name: `Enregistrer un paiement pour ${number}` }).click();
            assert.equal(await page.getByLabel('Numéro de facture').inputValue(), number);
            assert.equal(await page.getByLabel('Montant (€)').inputValue(), '300,00');
            await page.getByLabel('Montant (€)').fill('100,00');
            await page.getByLabel('Moyen de paiement').selectOption('transfer');
            await page.getByLabel(/Référence/).fill('VIR NORA 1');
            await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
            await page.locator('#payment-status', { hasText: 'Paiement de 100,00' }).waitFor();
            assert.match(normalised(await page.locator('#payment-status').textContent()), /reste dû 200,00 €/);
            await page.locator('#invoices-body tr', { hasText: 'Payée en partie' }).waitFor();

            // Paying more than is due: the service's message, in French.
            await page.getByLabel('Numéro de facture').fill(number);
            await page.getByLabel('Montant (€)').fill('500');
            await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
            await page.locator('#payment-status.error').waitFor();

            // The page exports the year of today's date: the test clock's.
            const year = await page.evaluate(() => new Date().getFullYear());
            assert.equal(year, currentYear());
            const [fec] = await Promise.all([
                page.waitForEvent('download'),
                page.getByRole('button', { name: 'Fichier des écritures (FEC)' }).click(),
            ]);
            assert.match(fec.suggestedFilename(), new RegExp(`^\\d{9}FEC${year}1231\\.txt$`));
            const text = readFileSync(await saveDownload(fec, `e2e-${fec.suggestedFilename()}`), 'utf8');
            assert.match(text.split(/\r?\n/)[0], /^JournalCode[\t|]JournalLib[\t|]EcritureNum/);
            assert.match(text, new RegExp(number));
            assert.match(text, /100,00/);
            await page.locator('#export-status.success').waitFor();

            // The period exports: the CSV lists the invoice, the archive is a ZIP.
            const [csv] = await Promise.all([
                page.waitForEvent('download'),
                page.getByRole('button', { name: 'Factures et avoirs (CSV)' }).click(),
            ]);
            assert.match(readFileSync(await saveDownload(csv, 'e2e-factures.csv'), 'utf8'), new RegExp(number));
            const [zip] = await Promise.all([
                page.waitForEvent('download'),
                page.getByRole('button', { name: 'Archive des PDF (ZIP)' }).click(),
            ]);
            assert.equal(readFileSync(await saveDownload(zip, 'e2e-factures.zip')).subarray(0, 2).toString(), 'PK');

            // The yearly report figures on the page.
            await page.getByRole('button', { name: 'Chiffres du BPF' }).click();
            await page.locator('#bpf', { hasText: 'Bilan pédagogique et financier' }).waitFor();
            assert.deepEqual(page.problems.dialogs, []);
            assert.deepEqual(page.problems.errors, []);
            assert.deepEqual(unexpectedConsoleErrors(page), []);
        } finally {
            await screenshot(page, 'comptabilite-paiement-fec');
            await page.context().close();
        }
    });

    test('un·e comptable voit les règlements d’une facture, rembourse, annule et clôture une période', async () => {
        const token = await staffToken(service.baseUrl, ACCOUNTANT);
        const sessions = (await apiCall(service.baseUrl, 'GET', '/api/v1/sessions')).data.sessions;
        const registration = await signContract(service.baseUrl, (await register(service.baseUrl, sessions[0].id, {
            first_name: 'Rémi', last_name: 'Rembourse', email: 'remi.rembourse@example.org',
        })).token);
        const number = registration.invoices[0].number;
        const paid = await apiCall(service.baseUrl, 'POST', `/api/v1/invoices/${number}/payments`, {
            token, body: { amount_cents: 30000, paid_on: isoDaysFromNow(0), method: 'cheque', reference: 'CHQ 42' },
        });
        assert.equal(paid.status, 201);
        const cancelled = await apiCall(service.baseUrl, 'POST', `/api/v1/registrations/${registration.token}/cancel`);
        assert.equal(cancelled.status, 200);

        const page = await openPage(browser);
        try {
            await staffLogin(page, service.baseUrl, ACCOUNTANT);
            const row = page.locator('#invoices-body tr', { hasText: number }).first();
            await row.waitFor();
            await row.getByRole('button', { name: `Règlements de ${number}` }).click();
            const history = page.locator('#history-section');
            await history.getByRole('heading', { name: `Règlements de la facture ${number}` }).waitFor();
            assert.match(normalised(await page.locator('#history-body').textContent()), /Paiement.*300,00 €.*Chèque.*CHQ 42/);
            assert.match(normalised(await page.locator('#history-summary').textContent()), /À rembourser\s*300,00 €/);

            // The credit note leaves 300 € to give back: refunded by transfer.
            assert.equal(await page.getByLabel('Montant remboursé (€)').inputValue(), '300,00');
            await page.getByLabel('Moyen', { exact: true }).selectOption('transfer');
            await page.getByLabel(/Libellé ou n° du remboursement/).fill('VIR REMB 1');
            await page.getByRole('button', { name: 'Enregistrer le remboursement' }).click();
            await page.locator('#history-status', { hasText: 'Remboursement de 300,00 €' }).waitFor();
            assert.match(normalised(await page.locator('#history-body').textContent()), /Remboursement.*−300,00 €/);
            assert.equal(await page.locator('#refund').isHidden(), true);

            // The refund was recorded by mistake: reversed, with its reason, never deleted.
            await page.getByRole('button', { name: /Annuler le remboursement de 300,00\s€/ }).click();
            await page.getByRole('button', { name: 'Enregistrer l’annulation' }).click();
            await page.locator('#reversal-reason[aria-invalid="true"]').waitFor();
            await page.getByLabel(/Motif/).fill('Virement revenu impayé');
            await page.getByRole('button', { name: 'Enregistrer l’annulation' }).click();
            await page.locator('#history-status', { hasText: 'Annulation enregistrée' }).waitFor();
            const entries = normalised(await page.locator('#history-body').textContent());
            assert.match(entries, /Annulation du remboursement du/);
            assert.match(entries, /Motif : Virement revenu impayé/);
            assert.equal(await page.locator('#refund').isHidden(), false);

            // Closing up to yesterday: asked again inside the page, then final.
            await page.getByLabel('Clôturer jusqu’au (inclus)').fill(isoDaysFromNow(-1));
            await page.getByRole('button', { name: 'Clôturer la période…' }).click();
            await page.getByRole('button', { name: 'Clôturer définitivement' }).click();
            await page.locator('#closing-status.success').waitFor();
            await page.locator('#closing-state', { hasText: 'Comptes clôturés jusqu’au' }).waitFor();

            // A closing never goes back: an earlier date is refused next to its field.
            await page.getByLabel('Clôturer jusqu’au (inclus)').fill(isoDaysFromNow(-2));
            await page.getByRole('button', { name: 'Clôturer la période…' }).click();
            await page.getByRole('button', { name: 'Clôturer définitivement' }).click();
            await page.locator('#closing-date[aria-invalid="true"]').waitFor();
            assert.match(normalised(await page.locator('#closing-date-error').textContent()), /déjà clôturée/);
            assert.deepEqual(page.problems.dialogs, []);
            assert.deepEqual(page.problems.errors, []);
            assert.deepEqual(unexpectedConsoleErrors(page), []);
        } finally {
            await screenshot(page, 'comptabilite-reglements-cloture');
            await page.context().close();
        }
    });

    test('la vue des impayés échus s’affiche', async () => {
        const page = await openPage(browser, { width: 390, height: 844 });
        try {
            await staffLogin(page, service.baseUrl, ACCOUNTANT);
            await page.getByRole('button', { name: 'Impayés échus' }).click();
            await page.locator('#overdue-status', { hasText: /€|indisponible|introuvable/ }).waitFor();
            assert.equal(await page.getByRole('button', { name: 'Impayés échus' }).getAttribute('aria-pressed'), 'true');
        } finally {
            await screenshot(page, 'comptabilite-impayes-telephone');
            await page.context().close();
        }
    });
});
