// Every page at a phone's width (390 px) and a desk's (1280 px): nothing makes the page scroll
// sideways — tables scroll inside their own frame — and every button of a table row can be
// reached. Screenshots of each page at both widths land in test-artifacts/. The staff pages of
// the Qualiopi evidence open in a second tab of the same browser: the login (a session cookie)
// holds there without logging in again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    apiCall, createSession, launchBrowser, openPage, openReady, register, screenshot, staffLogin,
    staffToken, startService, unexpectedConsoleErrors,
} from './support.mjs';

const STAFF = 'largeur@e2e.test';
const ACCOUNTANT = 'compta-largeur@e2e.test';

// What sticks out of the viewport sideways: the page itself, or an element outside every
// scrolling frame (a table inside .table-wrap may be wider: it scrolls there).
async function overflow(page) {
    return page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const found = [];
        if (document.documentElement.scrollWidth > width) {
            found.push(`page ${document.documentElement.scrollWidth} px > ${width} px`);
        }
        for (const node of document.querySelectorAll('body *')) {
            if (node.closest('.table-wrap') || node.closest('[hidden]') || node.closest('.visually-hidden') || node.closest('.skip-link')) {
                continue;
            }
            const box = node.getBoundingClientRect();
            if (box.width > 0 && box.right > width + 1) {
                found.push(`${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}.${node.className} ends at ${Math.round(box.right)} px`);
            }
        }
        return found.slice(0, 5);
    });
}

describe('les pages tiennent sur un téléphone et sur un écran de bureau', () => {
    let service;
    let browser;
    let session;
    let registration;
    let complaint;

    before(async () => {
        service = await startService({
            label: 'largeurs',
            users: [{ email: STAFF, role: 'admin', referent: true }, { email: ACCOUNTANT, role: 'accountant' }],
        });
        browser = await launchBrowser();
        const token = await staffToken(service.baseUrl, STAFF);
        session = await createSession(service.baseUrl, token, { capacity: 1, place: 'Maison des coopératives et de l’économie sociale et solidaire, 2 rue de la Paix, 44000 Nantes' });
        registration = await register(service.baseUrl, session.id, { first_name: 'Anne-Charlotte', last_name: 'De La Tour-Longuenom', email: 'anne-charlotte.delatour-longuenom@example.org' });
        await register(service.baseUrl, session.id, { first_name: 'Paul', last_name: 'Attente', email: 'paul.attente@example.org' });
        const employer = await apiCall(service.baseUrl, 'POST', `/api/v1/sessions/${session.id}/registrations`, {
            token,
            body: {
                funding: 'employer',
                trainee: { first_name: 'Éloïse', last_name: 'Salariée', email: 'eloise@example.org' },
                employer: { siret: '73282932000074', name: 'Société Coopérative de Production au Nom Très Long', address: '3 rue du Commerce, 44000 Nantes' },
            },
        });
        assert.equal(employer.status, 201);
        const submitted = await apiCall(service.baseUrl, 'POST', '/api/v1/complaints', {
            body: {
                kind: 'complaint',
                author_role: 'employer',
                author_email: 'ressources-humaines.service-formation@example.org',
                subject: 'Convention de formation reçue après le premier jour de la session',
                description: 'La convention est arrivée la veille de la session ; merci de l’envoyer plus tôt.',
            },
        });
        assert.equal(submitted.status, 201);
        complaint = submitted.data;
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    for (const width of [390, 1280]) {
        test(`${width} px : aucune page ne déborde`, async () => {
            const check = async (page, name) => {
                const found = await overflow(page);
                await screenshot(page, `largeur-${width}-${name}`);
                assert.deepEqual(found, [], `${name} at ${width} px`);
            };
            const visitor = await openPage(browser, { width, height: 844 });
            try {
                await openReady(visitor, `${service.baseUrl}/`);
                await check(visitor, 'accueil');
                await openReady(visitor, `${service.baseUrl}/sinscrire.html?session=${session.id}`);
                await check(visitor, 'sinscrire');
                await openReady(visitor, `${service.baseUrl}/mon-inscription.html#${registration.token}`);
                await visitor.locator('#content:not([hidden]), main').first().waitFor();
                await check(visitor, 'mon-inscription');
                await openReady(visitor, `${service.baseUrl}/questionnaire.html?type=needs#${registration.token}`);
                await check(visitor, 'questionnaire');
                await openReady(visitor, `${service.baseUrl}/formation.html?code=CAE`);
                await check(visitor, 'formation');
                await openReady(visitor, `${service.baseUrl}/retrouver-mon-inscription.html`);
                await check(visitor, 'retrouver-mon-inscription');
                await openReady(visitor, `${service.baseUrl}/reclamation.html`);
                await check(visitor, 'reclamation');
                await openReady(visitor, `${service.baseUrl}/informations-legales.html`);
                await visitor.locator('#terms-of-sale h3').first().waitFor();
                await check(visitor, 'informations-legales');
                await openReady(visitor, `${service.baseUrl}/suivi-reclamation.html#${complaint.token}`);
                await visitor.getByText(complaint.subject).first().waitFor();
                await check(visitor, 'suivi-reclamation');
                await visitor.goto(`${service.baseUrl}/connexion.html`);
                await check(visitor, 'connexion');
                assert.deepEqual(visitor.problems.errors, []);
            } finally {
                await visitor.context().close();
            }

            const staff = await openPage(browser, { width, height: 844 });
            try {
                await staffLogin(staff, service.baseUrl, STAFF);
                await check(staff, 'sessions');
                await openReady(staff, `${service.baseUrl}/session.html?id=${session.id}`);
                await staff.locator('#confirmed-body', { hasText: 'Anne-Charlotte' }).waitFor();
                await staff.getByRole('button', { name: /Détails et actions pour Anne-Charlotte/ }).click();
                await staff.locator('.detail-panel').getByText('Changer de session').waitFor();
                await check(staff, 'session');
                await openReady(staff, `${service.baseUrl}/annuaire.html`);
                await staff.locator('#organisations-body tr').first().waitFor();
                await check(staff, 'annuaire');
                assert.deepEqual(staff.problems.errors, []);
                assert.deepEqual(unexpectedConsoleErrors(staff), []);
                // A second tab: logged in by the same cookie.
                const tab = await staff.context().newPage();
                await tab.setViewportSize({ width, height: 844 });
                for (const name of ['qualiopi', 'fiche', 'reglement-interieur', 'reclamations', 'referent', 'donnees-personnelles']) {
                    await openReady(tab, `${service.baseUrl}/${name}.html${name === 'fiche' ? '?code=CAE' : ''}`);
                    assert.ok(tab.url().endsWith(`${name}.html${name === 'fiche' ? '?code=CAE' : ''}`), `${name} asked for a login again`);
                    await check(tab, name);
                }
            } finally {
                await staff.context().close();
            }

            const accountant = await openPage(browser, { width, height: 844 });
            try {
                await staffLogin(accountant, service.baseUrl, ACCOUNTANT);
                await accountant.locator('table tbody tr').first().waitFor();
                await check(accountant, 'comptabilite');
                // Every button of the invoice table can be clicked (none is clipped out of reach).
                const buttons = accountant.locator('.table-wrap tbody button');
                for (let i = 0; i < await buttons.count(); i += 1) {
                    await buttons.nth(i).scrollIntoViewIfNeeded();
                    assert.ok(await buttons.nth(i).isVisible());
                }
                assert.deepEqual(accountant.problems.errors, []);
            } finally {
                await accountant.context().close();
            }
        });
    }
});
