// Accountants in a real browser: finding an invoice by part of its number in any case or by the
// buyer's name, a reversed period refused with a clear message, an invoice's own page (its
// documents, payments and their actions, reachable by a link), and the overdue view with whom to
// contact and the payment reminders already queued or sent — at a desk's width and on a phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    apiCall, launchBrowser, normalised, openPage, openReady, pdfText, psql, register, saveDownload,
    screenshot, signContract, staffLogin, startService, unexpectedConsoleErrors,
} from './support.mjs';

const ACCOUNTANT = 'recherche@e2e.test';

describe('recherche et suivi des factures', () => {
    let service;
    let browser;
    let cancelled;
    let overdue;

    before(async () => {
        // The scheduler every second: the overdue invoice's first payment reminder is queued soon
        // after its due date is moved (no SMTP server: it waits in the outbox).
        service = await startService({
            label: 'compta-recherche',
            users: [{ email: ACCOUNTANT, role: 'accountant' }],
            environment: { FORMATIONS_SCHEDULER_SECONDS: '1' },
        });
        browser = await launchBrowser();
        const sessions = (await apiCall(service.baseUrl, 'GET', '/api/v1/sessions')).data.sessions;
        // Self-funded: invoiced when they sign their contract.
        cancelled = await register(service.baseUrl, sessions[0].id, { first_name: 'Octave', last_name: 'Avoir', email: 'octave.avoir@example.org' });
        cancelled = await signContract(service.baseUrl, cancelled.token);
        assert.equal((await apiCall(service.baseUrl, 'POST', `/api/v1/registrations/${cancelled.token}/cancel`)).status, 200);
        overdue = await register(service.baseUrl, sessions[0].id, {
            first_name: 'Inès', last_name: 'Retard', email: 'ines.retard@example.org', phone: '06 12 34 56 78',
            address: '8 rue des Échéances, 35000 Rennes',
        });
        overdue = await signContract(service.baseUrl, overdue.token);
        // Arranged: its due date and instalments 40 days ago (invoices are immutable to the
        // service itself).
        psql(service.databaseUrl, `ALTER TABLE invoices DISABLE TRIGGER invoices_immutable;
            ALTER TABLE invoice_instalments DISABLE TRIGGER invoice_instalments_immutable;
            UPDATE invoices SET due_on = issued_on - 40 WHERE number = '${overdue.invoices[0].number}';
            UPDATE invoice_instalments SET due_on = i.issued_on - 40 FROM invoices i
             WHERE i.id = invoice_id AND i.number = '${overdue.invoices[0].number}';
            ALTER TABLE invoice_instalments ENABLE TRIGGER invoice_instalments_immutable;
            ALTER TABLE invoices ENABLE TRIGGER invoices_immutable;`);
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    for (const width of [1280, 390]) {
        test(`${width} px : recherche, période à l’envers, page d’une facture, impayés avec le contact et les relances`, async () => {
            const page = await openPage(browser, { width, height: 900 });
            const number = cancelled.invoices[0].number;
            try {
                await staffLogin(page, service.baseUrl, ACCOUNTANT);
                // Part of the number, in lower case.
                await page.getByLabel('Numéro ou client').fill(number.toLowerCase());
                await page.getByRole('button', { name: 'Afficher' }).click();
                await page.locator('#list-status', { hasText: /^1 document\.$/ }).waitFor();
                assert.match(normalised(await page.locator('#invoices-body').textContent()), new RegExp(number));
                // The buyer's name.
                await page.getByLabel('Numéro ou client').fill('retard');
                await page.getByRole('button', { name: 'Afficher' }).click();
                await page.locator('#invoices-body', { hasText: overdue.invoices[0].number }).waitFor();
                assert.doesNotMatch(normalised(await page.locator('#invoices-body').textContent()), new RegExp(number));
                // A reversed period.
                await page.getByLabel('Numéro ou client').fill('');
                await page.getByLabel('Émises du').fill('2026-12-31');
                await page.getByLabel('au', { exact: true }).fill('2026-01-01');
                await page.getByRole('button', { name: 'Afficher' }).click();
                await page.locator('#to[aria-invalid="true"]').waitFor();
                assert.match(normalised(await page.locator('#to-error').textContent()), /La période est à l'envers/);

                // The invoice's page, by its link: the invoice and its credit note, the entries.
                await openReady(page, `${service.baseUrl}/comptabilite.html?facture=${number}`);
                const history = page.locator('#history-section');
                await history.getByRole('heading', { name: `Règlements de la facture ${number}` }).waitFor();
                const documents = page.locator('#history-documents');
                await documents.getByText(/AV-\d{4}-\d{5}/).waitFor();
                assert.match(normalised(await documents.textContent()), new RegExp(number));
                assert.equal(await page.locator('#history-link').textContent(), `${service.baseUrl}/comptabilite.html?facture=${number}`);
                const [creditNote] = await Promise.all([
                    page.waitForEvent('download'),
                    documents.getByRole('link', { name: /avoir/i }).click(),
                ]);
                assert.match(pdfText(await saveDownload(creditNote, `e2e-avoir-${width}.pdf`)), /AVOIR|Avoir/);

                // Overdue: the buyer's address, the trainee, an e-mail and a phone to call.
                await page.getByRole('button', { name: 'Impayés échus' }).click();
                const view = page.locator('#overdue');
                await view.getByText('Stagiaire : Inès Retard').first().waitFor();
                // The reminder the scheduler queued (the view is read again until it shows).
                const reminder = view.locator('tr', { hasText: overdue.invoices[0].number }).locator('.reminder');
                for (let attempt = 0; !(await reminder.count()) && attempt < 30; attempt += 1) {
                    await page.waitForTimeout(500);
                    await page.getByRole('button', { name: 'Factures et avoirs' }).click();
                    await page.getByRole('button', { name: 'Impayés échus' }).click();
                    await view.getByText('Stagiaire : Inès Retard').first().waitFor();
                }
                assert.match(normalised(await reminder.first().textContent()), /^Relance n° [12] (en cours d’envoi|envoyée le .+) à ines\.retard@example\.org$/);
                const text = normalised(await view.textContent());
                assert.match(text, /8 rue des Échéances, 35000 Rennes/);
                assert.match(text, /ines\.retard@example\.org/);
                assert.match(text, /06 12 34 56 78/);
                assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
                assert.deepEqual(page.problems.dialogs, []);
                assert.deepEqual(page.problems.errors, []);
                assert.deepEqual(unexpectedConsoleErrors(page), []);
            } finally {
                await screenshot(page, `comptabilite-recherche-${width}`);
                await page.context().close();
            }
        });
    }
});
