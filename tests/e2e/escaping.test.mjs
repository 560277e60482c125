// Names are data, never markup: a trainee called <script>alert(1)</script> (and an employer with
// quotes and tags) is shown as text on every page that shows them, and no dialog ever opens.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import {
    createSession, launchBrowser, normalised, openPage, screenshot, staffLogin, staffToken,
    startService, unexpectedConsoleErrors,
    openReady,
} from './support.mjs';

const ADMIN = 'admin@e2e.test';
const SCRIPT_NAME = '<script>alert(1)</script>';
const TAG_NAME = 'O\'Hara "<b>gras</b>" <img src=x onerror=alert(2)>';
const EMPLOYER = 'Coop "<i>Guillemets</i>" & <script>alert(3)</script>';

function rawGet(baseUrl, rawPath) {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
        const request = http.request({ hostname, port, path: rawPath, method: 'GET' }, (response) => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', (chunk) => { body += chunk; });
            response.on('end', () => resolve({ status: response.statusCode, body }));
        });
        request.on('error', reject);
        request.end();
    });
}

describe('échappement', () => {
    let service;
    let browser;

    before(async () => {
        service = await startService({ label: 'echappement', users: [{ email: ADMIN, role: 'admin' }] });
        browser = await launchBrowser();
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    // No element was made from the names: no <b>, <i> or <img> in the page's main content, and
    // the only scripts are the page's own files.
    async function assertNoInjectedMarkup(page) {
        assert.equal(await page.locator('main b, main i, main img').count(), 0);
        const scripts = await page.evaluate(() => Array.from(document.scripts,
            (s) => (s.src.startsWith(`${location.origin}/js/`) ? 'ours' : s.src || 'inline')));
        assert.ok(scripts.every((src) => src === 'ours'), scripts.join(', '));
    }

    function assertNoDialog(page) {
        assert.deepEqual(page.problems.dialogs, [], 'no dialog may open');
        assert.deepEqual(page.problems.errors, []);
        assert.deepEqual(unexpectedConsoleErrors(page), []);
    }

    test('un nom contenant <script>alert(1)</script> s’affiche comme du texte partout', async () => {
        const token = await staffToken(service.baseUrl, ADMIN);
        const session = await createSession(service.baseUrl, token, { capacity: 1, place: 'Salle <b>pas grasse</b>' });

        const visitor = await openPage(browser);
        const office = await openPage(browser);
        try {
            // The first seat, paid by an employer whose name has quotes and tags.
            await openReady(visitor, `${service.baseUrl}/sinscrire.html?session=${session.id}`);
            await visitor.getByLabel('Prénom').fill(SCRIPT_NAME);
            await visitor.getByLabel('Nom', { exact: true }).fill(TAG_NAME);
            await visitor.getByLabel('Adresse e-mail').fill('script@example.org');
            await visitor.getByLabel(/Mon employeur/).check();
            await visitor.getByLabel('Numéro SIRET').fill('73282932000074');
            await visitor.getByLabel('Raison sociale').fill(EMPLOYER);
            await visitor.getByLabel('Adresse de facturation').fill('<b>1</b> rue des Chevrons');
            await visitor.getByLabel(/Signataire de la convention/).fill(`${SCRIPT_NAME} ${TAG_NAME}`);
            await visitor.getByLabel('Fonction du ou de la signataire').fill('<i>Gérante</i>');
            await visitor.getByLabel('E-mail du ou de la signataire').fill('gerante@example.org');
            await visitor.getByRole('button', { name: 'Envoyer mon inscription' }).click();
            await visitor.getByRole('heading', { name: 'Inscription confirmée' }).waitFor();
            const confirmation = normalised(await visitor.locator('main').textContent());
            assert.ok(confirmation.includes(`${SCRIPT_NAME} ${TAG_NAME}`), confirmation);
            assert.ok(confirmation.includes(EMPLOYER), confirmation);
            assert.ok(confirmation.includes('Salle <b>pas grasse</b>'), confirmation);
            await visitor.getByText(SCRIPT_NAME, { exact: false }).first().waitFor();
            await assertNoInjectedMarkup(visitor);
            const link = await visitor.getByLabel('Lien de votre inscription').inputValue();
            await openReady(visitor, link);
            await visitor.getByText('Votre place est confirmée.').waitFor();
            assert.ok(normalised(await visitor.locator('#summary').textContent()).includes(SCRIPT_NAME));
            await assertNoInjectedMarkup(visitor);

            // Staff pages: the list, the roster, the attendance table, the accounting list.
            await staffLogin(office, service.baseUrl, ADMIN);
            await office.locator('#sessions-body', { hasText: 'Salle <b>pas grasse</b>' }).waitFor();
            await openReady(office, `${service.baseUrl}/session.html?id=${session.id}`);
            await office.locator('#confirmed-body', { hasText: SCRIPT_NAME }).waitFor();
            assert.ok(normalised(await office.locator('#confirmed-body').textContent()).includes(EMPLOYER));
            assert.ok(normalised(await office.locator('#attendance-table').textContent()).includes(`${SCRIPT_NAME} ${TAG_NAME}`));
            await assertNoInjectedMarkup(office);
            await openReady(office, `${service.baseUrl}/comptabilite.html`);
            await office.locator('#invoices-body', { hasText: EMPLOYER }).waitFor();
            await assertNoInjectedMarkup(office);
            await openReady(office, `${service.baseUrl}/session.html?id=${session.id}`);
            await office.locator('#confirmed-body', { hasText: SCRIPT_NAME }).waitFor();

            assertNoDialog(visitor);
            assertNoDialog(office);
        } finally {
            await screenshot(visitor, 'echappement-stagiaire');
            await screenshot(office, 'echappement-equipe');
            await visitor.context().close();
            await office.context().close();
        }
    });

    test('les pages portent une politique de sécurité du contenu stricte', async () => {
        for (const page of ['/', '/sinscrire.html', '/mon-inscription.html', '/sessions.html', '/comptabilite.html', '/introuvable.html']) {
            const response = await fetch(service.baseUrl + page);
            const policy = response.headers.get('content-security-policy') || '';
            assert.match(policy, /default-src 'self'/, page);
            assert.match(policy, /script-src 'self'(;|$)/, page);
            assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/, page);
            assert.equal(response.headers.get('x-content-type-options'), 'nosniff', page);
            assert.equal(response.headers.get('referrer-policy'), 'no-referrer', page);
            assert.match(response.headers.get('content-type'), /^text\/html; charset=utf-8/, page);
            const html = await response.text();
            assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, `${page}: inline script`);
            assert.doesNotMatch(html, /\sstyle=|<style/i, `${page}: inline style`);
            assert.doesNotMatch(html, /https?:\/\//, `${page}: external resource`);
        }
        const missing = await fetch(`${service.baseUrl}/introuvable.html`);
        assert.equal(missing.status, 404);
        const page = await openPage(browser);
        try {
            await page.goto(`${service.baseUrl}/introuvable.html`);
            await page.getByRole('heading', { name: 'Page introuvable' }).waitFor();
        } finally {
            await screenshot(page, 'page-introuvable');
            await page.context().close();
        }
        const api = await fetch(`${service.baseUrl}/api/v1/introuvable`);
        assert.equal(api.status, 404);
        assert.equal((await api.json()).error.code, 'route_not_found');
        for (const [file, type] of [['/css/site.css', 'text/css'], ['/js/common.js', 'text/javascript'], ['/img/logo.svg', 'image/svg+xml']]) {
            const response = await fetch(service.baseUrl + file);
            assert.equal(response.status, 200, file);
            assert.ok(response.headers.get('content-type').startsWith(type), file);
        }
        // Sent as written (fetch would resolve the dots before sending).
        for (const attack of ['/../CMakeLists.txt', '/%2e%2e/CMakeLists.txt', '/%2E%2E%2FCMakeLists.txt',
            '/js/..%2f..%2fCMakeLists.txt', '/css/../../CMakeLists.txt', '/.%2e/.%2e/etc/passwd', '/%252e%252e/CMakeLists.txt']) {
            const { status, body } = await rawGet(service.baseUrl, attack);
            assert.equal(status, 404, attack);
            assert.doesNotMatch(body, /cmake_minimum_required|root:/, attack);
        }
    });
});
