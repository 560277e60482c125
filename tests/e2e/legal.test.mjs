// The public pages' legal information in a real browser, at a phone's and a desk's width: every
// public page links to the contact, the terms of sale, the privacy notice and the legal notice;
// the course's page offers its programme and the règlement intérieur as PDFs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    launchBrowser, normalised, openPage, openReady, pdfText, saveDownload, screenshot, startService,
    unexpectedConsoleErrors,
} from './support.mjs';

describe('informations légales et documents publics', () => {
    let service;
    let browser;

    before(async () => {
        service = await startService({
            label: 'legal',
            environment: { FORMATIONS_CONTACT_PHONE: '01 23 45 67 89' },
        });
        browser = await launchBrowser();
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    for (const width of [390, 1280]) {
        test(`${width} px : chaque page publique mène au contact, aux CGV, à la confidentialité et aux mentions légales`, async () => {
            const page = await openPage(browser, { width, height: 844 });
            try {
                for (const path of ['/', '/formation.html?code=CAE', '/reclamation.html', '/retrouver-mon-inscription.html']) {
                    await openReady(page, `${service.baseUrl}${path}`);
                    const footer = page.getByRole('navigation', { name: 'Informations légales' });
                    for (const name of ['Contact', 'Conditions générales de vente', 'Confidentialité', 'Mentions légales']) {
                        assert.equal(await footer.getByRole('link', { name, exact: true }).count(), 1, `${name} on ${path}`);
                    }
                }
                await page.getByRole('navigation', { name: 'Informations légales' })
                    .getByRole('link', { name: 'Conditions générales de vente' }).click();
                await page.waitForURL(/informations-legales\.html#cgv$/);
                await page.locator('#terms-of-sale h3', { hasText: 'Article 1 – Objet' }).waitFor();
                assert.match(normalised(await page.locator('#terms-of-sale').textContent()), /rétractation.*L6353-5/);
                assert.match(normalised(await page.locator('#privacy-notice').textContent()), /CNIL/);
                assert.match(normalised(await page.locator('#legal-notice').textContent()), /Directeur de la publication/);
                assert.match(normalised(await page.locator('#contact').textContent()), /01 23 45 67 89/);
                await screenshot(page, `informations-legales-${width}`);
                assert.deepEqual(page.problems.errors, []);
                assert.deepEqual(unexpectedConsoleErrors(page), []);
            } finally {
                await page.context().close();
            }
        });
    }

    test('la page de la formation offre le programme et le règlement intérieur en PDF', async () => {
        const page = await openPage(browser);
        try {
            await openReady(page, `${service.baseUrl}/formation.html?code=CAE`);
            await page.locator('#content:not([hidden])').waitFor();
            const [programme] = await Promise.all([
                page.waitForEvent('download'),
                page.getByRole('link', { name: 'Programme (PDF)' }).click(),
            ]);
            const programmeText = pdfText(await saveDownload(programme, 'e2e-programme.pdf'));
            assert.match(programmeText, /Programme de la formation/);
            assert.match(programmeText, /Objectifs/);
            const [rules] = await Promise.all([
                page.waitForEvent('download'),
                page.getByRole('link', { name: 'Règlement intérieur (PDF)' }).click(),
            ]);
            const rulesText = pdfText(await saveDownload(rules, 'e2e-reglement-interieur.pdf'));
            assert.match(rulesText, /Règlement intérieur/);
            assert.match(rulesText, /L6352-3/);
        } finally {
            await page.context().close();
        }
    });
});
