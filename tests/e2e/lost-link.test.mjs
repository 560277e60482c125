// "Retrouver mon inscription" in a real browser, with a real SMTP server: the form's errors, the
// same answer for a known and an unknown address, the mail with the personal link, and that link
// opening the trainee's page, which lists the e-mails sent; and staff resending an e-mail from the
// session page (« Renvoyer »), delivered again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    createSession, launchBrowser, normalised, openPage, openReady, plainText, register,
    screenshot, staffLogin, startService, startSmtpSink, staffToken, unexpectedConsoleErrors,
} from './support.mjs';

const STAFF = 'equipe@e2e.test';

describe('retrouver mon inscription', () => {
    let sink;
    let service;
    let browser;
    let staff;

    before(async () => {
        sink = await startSmtpSink('lost-link');
        service = await startService({
            label: 'lost-link',
            users: [{ email: STAFF, role: 'staff' }],
            environment: {
                FORMATIONS_SMTP_URL: sink.url,
                FORMATIONS_MAIL_POLL_SECONDS: '1',
                FORMATIONS_MAIL_FROM: 'Coopérer pour Entreprendre <formation@cpe.test>',
            },
        });
        browser = await launchBrowser();
        staff = await staffToken(service.baseUrl, STAFF);
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
        await sink?.stop();
    });

    function assertClean(page) {
        assert.deepEqual(page.problems.dialogs, [], 'no dialog may open');
        assert.deepEqual(page.problems.errors, [], 'no script error');
        assert.deepEqual(unexpectedConsoleErrors(page), [], 'no console error (CSP violations show there)');
    }

    test('le lien perdu arrive par e-mail et ouvre la page de l’inscription', async () => {
        const session = await createSession(service.baseUrl, staff, { daysFromNow: 30 });
        const registration = await register(service.baseUrl, session.id, {
            first_name: 'Zoé', last_name: 'Oublieuse', email: 'zoe.oublieuse@example.org',
        });
        await sink.waitFor((m) => m.rcpt_tos[0] === 'zoe.oublieuse@example.org');

        const page = await openPage(browser, { width: 390, height: 844 });
        try {
            await openReady(page, `${service.baseUrl}/`);
            await page.getByRole('link', { name: 'Retrouver mon inscription' }).click();
            await page.getByRole('heading', { name: 'Retrouver mon inscription' }).waitFor();
            await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });

            // Nothing typed: the error at the field, the focus on it.
            await page.getByRole('button', { name: 'Recevoir mes liens par e-mail' }).click();
            await page.locator('#email-error', { hasText: 'Indiquez votre adresse e-mail.' }).waitFor();
            assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
            // The service's refusal of an accent before @, in French at the field.
            await page.getByLabel('Adresse e-mail').fill('zoé@example.org');
            await page.getByRole('button', { name: 'Recevoir mes liens par e-mail' }).click();
            await page.locator('#email-error', { hasText: 'accentuées' }).waitFor();

            // An unknown address and a known one get the same answer.
            await page.getByLabel('Adresse e-mail').fill('personne@example.org');
            await page.getByRole('button', { name: 'Recevoir mes liens par e-mail' }).click();
            await page.locator('#lost-status.success').waitFor();
            const unknown = normalised(await page.locator('#lost-status').textContent());
            await page.getByLabel('Adresse e-mail').fill('Zoe.Oublieuse@example.org');
            await page.getByRole('button', { name: 'Recevoir mes liens par e-mail' }).click();
            await page.waitForFunction(() => document.activeElement?.id === 'lost-status');
            assert.equal(normalised(await page.locator('#lost-status').textContent()), unknown);
            assert.match(unknown, /Si des inscriptions correspondent à cette adresse/);

            const mail = await sink.waitFor((m) => m.headers.subject?.[0] === 'Vos liens d\'inscription');
            assert.deepEqual(mail.rcpt_tos, ['zoe.oublieuse@example.org']);
            const link = /https?:\/\/\S+\/mon-inscription\.html#[A-Za-z0-9_-]{43}/.exec(plainText(mail))?.[0];
            assert.ok(link, plainText(mail));
            assert.ok(link.endsWith(registration.token));
            assert.equal(sink.messages().filter((m) => m.rcpt_tos[0] === 'personne@example.org').length, 0);

            await openReady(page, link.replace(/^https?:\/\/[^/]+/, service.baseUrl));
            await page.getByText('Votre place est confirmée.').waitFor();
            await page.locator('#messages', { hasText: 'Envoyé' }).waitFor();
            assert.match(normalised(await page.locator('#messages').textContent()), /Confirmation d’inscription – Envoyé le/);
            assertClean(page);
        } finally {
            await screenshot(page, 'retrouver-mon-inscription');
            await page.context().close();
        }
    });

    test('un lien incomplet renvoie vers « Retrouver mon inscription »', async () => {
        const page = await openPage(browser);
        try {
            await openReady(page, `${service.baseUrl}/mon-inscription.html#abc`);
            await page.getByRole('link', { name: 'Recevoir à nouveau le lien de mes inscriptions' }).click();
            await page.getByRole('heading', { name: 'Retrouver mon inscription' }).waitFor();
            assertClean(page);
        } finally {
            await page.context().close();
        }
    });

    test('l’équipe renvoie un e-mail depuis la page de la session, et il arrive une seconde fois', async () => {
        const session = await createSession(service.baseUrl, staff, { daysFromNow: 30 });
        await register(service.baseUrl, session.id, {
            first_name: 'Rémi', last_name: 'Renvoi', email: 'remi.renvoi@example.org',
        });
        const first = await sink.waitFor((m) => m.rcpt_tos[0] === 'remi.renvoi@example.org');
        const page = await openPage(browser, { width: 390, height: 844 });
        try {
            await staffLogin(page, service.baseUrl, STAFF);
            await openReady(page, `${service.baseUrl}/session.html?id=${session.id}`);
            await page.getByRole('button', { name: 'Détails et actions pour Rémi Renvoi' }).click();
            const panel = page.locator('.detail-panel', { hasText: 'Rémi Renvoi' });
            const messages = panel.locator('ul.messages > li');
            await messages.filter({ hasText: 'Confirmation d’inscription' }).filter({ hasText: 'Envoyé' }).first().waitFor();
            assert.equal(await messages.count(), 1);
            await panel.getByRole('button', { name: 'Renvoyer : Confirmation d’inscription (remi.renvoi@example.org)' }).click();
            await panel.locator('.status-line.success', { hasText: '« Confirmation d’inscription » renvoyé à remi.renvoi@example.org.' }).waitFor();
            await messages.filter({ hasText: '(renvoi)' }).waitFor();
            assert.equal(await messages.count(), 2);
            const again = await sink.waitFor((m) => m.rcpt_tos[0] === 'remi.renvoi@example.org'
                && m.headers['message-id']?.[0] !== first.headers['message-id']?.[0]);
            assert.equal(again.headers.subject?.[0], first.headers.subject?.[0]);
            assertClean(page);
        } finally {
            await screenshot(page, 'session-renvoyer');
            await page.context().close();
        }
    });
});
