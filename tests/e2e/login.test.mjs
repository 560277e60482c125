// The staff login in a real browser: an HttpOnly, SameSite=Strict cookie no script can read,
// shared by the tabs of the browser, ended everywhere by a logout (revoked on the server).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    apiCall, launchBrowser, openPage, openReady, screenshot, staffLogin, startService,
    unexpectedConsoleErrors,
} from './support.mjs';

const STAFF = 'onglets@e2e.test';

describe('connexion de l’équipe', () => {
    let service;
    let browser;

    before(async () => {
        service = await startService({ label: 'connexion', users: [{ email: STAFF, role: 'staff' }] });
        browser = await launchBrowser();
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    test('la connexion vaut pour tous les onglets, sans jeton lisible par les scripts, et la déconnexion les ferme tous', async () => {
        const first = await openPage(browser);
        const context = first.context();
            try {
            await staffLogin(first, service.baseUrl, STAFF);
            const cookies = await context.cookies();
            const session = cookies.find((cookie) => cookie.name === 'formations_session');
            assert.ok(session, 'a session cookie');
            assert.equal(session.httpOnly, true);
            assert.equal(session.sameSite, 'Strict');
            assert.equal(session.path, '/');
            // Nothing a script can read holds the token.
            const readable = await first.evaluate(() => ({
                cookie: document.cookie,
                session: Object.keys(sessionStorage).map((key) => sessionStorage.getItem(key)).join(' '),
                local: Object.keys(localStorage).map((key) => localStorage.getItem(key)).join(' '),
            }));
            for (const text of Object.values(readable)) {
                assert.ok(!text.includes(session.value), 'the token is out of scripts’ reach');
            }

            // Another tab of the same browser is logged in.
            const second = await context.newPage();
            second.problems = { dialogs: [], errors: [], console: [] };
            second.on('dialog', (dialog) => { second.problems.dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
            second.on('pageerror', (error) => second.problems.errors.push(error.message));
            await openReady(second, `${service.baseUrl}/annuaire.html`);
            assert.match(await second.locator('#whoami').textContent(), /onglets@e2e\.test/);
            assert.ok(second.url().endsWith('/annuaire.html'));

            // A change sent with the cookie but without the pages' header is refused.
            const forged = await apiCall(service.baseUrl, 'POST', '/api/v1/sessions', {
                headers: { Cookie: `formations_session=${session.value}` },
                body: { starts_on: '2030-01-07', place: 'Ailleurs' },
            });
            assert.equal(forged.status, 403);
            assert.equal(forged.data.error.code, 'csrf_refused');

            // Logging out in the second tab ends the first one's session too.
            await second.getByRole('button', { name: 'Se déconnecter' }).click();
            await second.waitForURL(/connexion\.html\?deconnecte=1/);
            await first.waitForURL(/connexion\.html\?deconnecte=1/);
            await first.locator('#login-status', { hasText: 'Vous êtes déconnecté·e.' }).waitFor();
            // Revoked on the server: the old cookie opens nothing any more.
            const replayed = await apiCall(service.baseUrl, 'GET', '/api/v1/auth/me', {
                headers: { Cookie: `formations_session=${session.value}` },
            });
            assert.equal(replayed.status, 401);
            await first.goto(`${service.baseUrl}/sessions.html`);
            await first.waitForURL(/connexion\.html\?retour=/);
            for (const page of [first, second]) {
                assert.deepEqual(page.problems.dialogs, []);
                assert.deepEqual(page.problems.errors, []);
            }
            assert.deepEqual(unexpectedConsoleErrors(first), []);
        } finally {
            await screenshot(first, 'connexion-onglets');
            await context.close();
        }
    });
});
