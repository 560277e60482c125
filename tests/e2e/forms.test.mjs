// Help while typing, in a real browser: an e-mail address with an obvious typo in a common
// domain gets a suggestion that one click applies; a rare domain is left alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    apiCall, launchBrowser, openPage, openReady, screenshot, startService, unexpectedConsoleErrors,
} from './support.mjs';

describe('aide à la saisie', () => {
    let service;
    let browser;

    before(async () => {
        service = await startService({ label: 'saisie' });
        browser = await launchBrowser();
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    test('« gmail.con » : la page propose « gmail.com », appliqué d’un clic', async () => {
        const page = await openPage(browser, { width: 390, height: 844 });
        try {
            const sessions = (await apiCall(service.baseUrl, 'GET', '/api/v1/sessions')).data.sessions;
            await openReady(page, `${service.baseUrl}/sinscrire.html?session=${sessions[0].id}`);
            const email = page.getByLabel('Adresse e-mail');
            await email.fill('lea.martin@gmail.con');
            await email.blur();
            const suggestion = page.locator('#email-suggestion');
            await suggestion.getByText('Vouliez-vous dire lea.martin@gmail.com ?').waitFor();
            await suggestion.getByRole('button', { name: 'Corriger en lea.martin@gmail.com' }).click();
            assert.equal(await email.inputValue(), 'lea.martin@gmail.com');
            assert.equal((await suggestion.textContent()).trim(), '');
            for (const [typed, expected] of [['a@hotmial.fr', 'a@hotmail.fr'], ['a@orange.ft', 'a@orange.fr'], ['a@exemple.org', ''], ['a@cooperer.coop', '']]) {
                await email.fill(typed);
                await email.blur();
                const text = (await suggestion.textContent()).trim();
                assert.equal(text ? /dire (\S+) \?/.exec(text)[1] : '', expected, typed);
            }
            assert.deepEqual(page.problems.errors, []);
            assert.deepEqual(unexpectedConsoleErrors(page), []);
        } finally {
            await screenshot(page, 'saisie-email');
            await page.context().close();
        }
    });

    test('une demande sans réponse affiche un message au lieu de « Envoi en cours… » indéfiniment, et se renvoie', async () => {
        const page = await openPage(browser);
        try {
            const sessions = (await apiCall(service.baseUrl, 'GET', '/api/v1/sessions')).data.sessions;
            await openReady(page, `${service.baseUrl}/sinscrire.html?session=${sessions[0].id}`);
            await page.getByLabel('Prénom').fill('Yann');
            await page.getByLabel('Nom', { exact: true }).fill('Patient');
            await page.getByLabel('Adresse e-mail').fill('yann.patient@example.org');
            await page.getByLabel(/Moi-même/).check();
            await page.getByLabel('Adresse postale').fill('1 rue Lente\n29000 Quimper');
            // The service receives the request and never answers.
            let held = 0;
            await page.route('**/api/v1/registrations', () => { held += 1; });
            await page.getByRole('button', { name: 'Envoyer mon inscription' }).click();
            await page.getByRole('button', { name: 'Envoi en cours…' }).waitFor();
            await page.clock.fastForward('00:31');
            await page.locator('#form-status', { hasText: 'Le service met trop de temps à répondre' }).waitFor();
            assert.equal(held, 1);
            assert.equal(await page.getByRole('button', { name: 'Envoyer mon inscription' }).isEnabled(), true);
            // Sent again once the service answers: registered once.
            await page.unroute('**/api/v1/registrations');
            await page.getByRole('button', { name: 'Envoyer mon inscription' }).click();
            await page.waitForURL(/confirmation\.html#/);
            assert.deepEqual(page.problems.errors, []);
        } finally {
            await screenshot(page, 'saisie-delai');
            await page.context().close();
        }
    });
});
