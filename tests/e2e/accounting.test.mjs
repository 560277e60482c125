// The accounting page in a real browser: the invoice list, a payment recorded, the FEC export.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
    apiCall, currentYear, launchBrowser, normalised, openPage, register, saveDownload, screenshot,
    staffLogin, startService, unexpectedConsoleErrors,
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
        const registration = await register(service.baseUrl, sessions[0].id, {
            first_name: 'Nora', last_name: 'Payeuse', email: 'nora.payeuse@example.org',
        });
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
