// The training contract on the trainee's page, in a real browser: read it, confirm the
// sentence, sign; the page then shows the signature, the end of the withdrawal period, the
// payment schedule and the invoice the signature issued with its échéancier, and the contract
// downloaded afterwards is the same file; then the withdrawal in one click.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import {
    createSession, launchBrowser, normalised, openPage, openReady, register, screenshot,
    startService, staffToken, unexpectedConsoleErrors,
} from './support.mjs';

const STAFF = 'equipe@e2e.test';

describe('contrat de formation', () => {
    let service;
    let browser;
    let staff;

    before(async () => {
        service = await startService({ label: 'contract', users: [{ email: STAFF, role: 'staff' }] });
        browser = await launchBrowser();
        staff = await staffToken(service.baseUrl, STAFF);
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    test('le ou la stagiaire lit, signe son contrat puis se rétracte depuis sa page', async () => {
        const session = await createSession(service.baseUrl, staff, { daysFromNow: 40 });
        const registration = await register(service.baseUrl, session.id, {
            first_name: 'Zoé', last_name: 'Signataire', email: 'zoe.signataire@example.org',
        });
        const page = await openPage(browser, { width: 390, height: 844 });
        try {
            await openReady(page, `${service.baseUrl}/mon-inscription.html#${registration.token}`);
            const section = page.locator('#contract');
            await section.getByRole('heading', { name: 'Contrat de formation' }).waitFor();
            // No invoice before the signature: it comes with it.
            assert.match(normalised(await page.locator('#documents').textContent()),
                /Facture émise à la signature du contrat de formation, avec son échéancier/);
            const read = section.getByRole('link', { name: /Lire le contrat n° CF-\d+ \(PDF\)/ });
            await read.waitFor();

            const sign = section.getByRole('button', { name: 'Signer le contrat' });
            assert.equal(await sign.isDisabled(), true, 'nothing signed before the sentence is confirmed');
            await section.getByLabel(/Je soussigné·e Zoé Signataire déclare avoir lu le contrat/).check();
            await sign.click();
            const signed = page.locator('#contract-signed');
            await signed.waitFor();
            const text = normalised(await signed.textContent());
            assert.match(text, /Contrat signé le/);
            assert.match(text, /Vous pouvez vous rétracter sans frais jusqu’au/);
            // The signature issued the invoice, with its échéancier, shown on the page.
            await page.locator('#page-status', { hasText: 'Contrat signé : votre facture est émise' }).waitFor();
            const documents = normalised(await page.locator('#documents').textContent());
            assert.match(documents, /Facture FA-\d{4}-\d{5}/);
            assert.match(documents, /90,00 € exigibles le \d+(er)? \S+ \d{4}.*105,00 € exigibles le.*105,00 € exigibles le/);
            await screenshot(page, 'contract-signed');

            // The hash shown is that of the PDF downloaded now, byte for byte the one signed.
            const pdf = await fetch(`${service.baseUrl}/api/v1/registrations/${registration.token}/contract.pdf`);
            assert.equal(pdf.status, 200);
            const hash = createHash('sha256').update(Buffer.from(await pdf.arrayBuffer())).digest('hex');
            assert.equal(normalised(await signed.locator('.hash').textContent()), hash);

            // Reloaded: still signed, no form.
            await page.reload();
            await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
            await page.locator('#contract-signed').waitFor();
            assert.equal(await section.getByRole('button', { name: 'Signer le contrat' }).count(), 0);

            // The schedule that follows from the signature: 30 % first.
            assert.match(normalised(await page.locator('#contract-schedule').textContent()), /90,00 €/);

            // Withdrawal in one click (and its confirmation): cancelled, no fee.
            await section.getByRole('button', { name: 'Me rétracter…' }).click();
            await section.getByRole('button', { name: 'Oui, je me rétracte' }).click();
            await page.locator('#page-status.success').waitFor();
            assert.match(normalised(await page.locator('#page-status').textContent()), /rétractation est enregistrée/);
            assert.match(normalised(await page.locator('#headline').textContent()), /Cette inscription est annulée/);
            assert.match(normalised(await page.locator('#contract-signed').textContent()), /rétractation le/);
            assert.equal(await section.getByRole('button', { name: 'Me rétracter…' }).count(), 0);
            await screenshot(page, 'contract-withdrawn');

            assert.deepEqual(page.problems.errors, [], 'no script error');
            assert.deepEqual(unexpectedConsoleErrors(page), [], 'no console error');
        } finally {
            await page.close();
        }
    });
});
