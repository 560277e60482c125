// The documents before the course, run by staff in a real browser at a phone's width (390 px) and
// a desk's (1280 px): the règlement intérieur read, published and its versions listed; the
// session page's « Envoyer les convocations » (once per trainee with a seat: a second click sends
// nothing, through the outbox) and each trainee's convocation PDF.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    createSession, launchBrowser, normalised, openPage, openReady, pdfText, psqlValue, register,
    saveDownload, screenshot, staffLogin, staffToken, startService, unexpectedConsoleErrors,
} from './support.mjs';

const STAFF = 'documents@e2e.test';

// Whether the page scrolls sideways (a table may: it scrolls inside its frame).
async function scrollsSideways(page) {
    return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

describe('documents avant la formation, côté équipe', () => {
    let service;
    let browser;
    let token;

    before(async () => {
        service = await startService({ label: 'documents-equipe', users: [{ email: STAFF, role: 'staff' }] });
        browser = await launchBrowser();
        token = await staffToken(service.baseUrl, STAFF);
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    function assertClean(page) {
        assert.deepEqual(page.problems.dialogs, []);
        assert.deepEqual(page.problems.errors, []);
        assert.deepEqual(unexpectedConsoleErrors(page), []);
    }

    for (const [index, width] of [390, 1280].entries()) {
        test(`${width} px : règlement intérieur publié, versions listées`, async () => {
            const page = await openPage(browser, { width, height: 844 });
            try {
                await staffLogin(page, service.baseUrl, STAFF);
                await openReady(page, `${service.baseUrl}/qualiopi.html`);
                await page.getByRole('link', { name: 'Règlement intérieur' }).click();
                await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
                const inForce = page.locator('#in-force');
                if (index === 0) {
                    await inForce.getByText(/règlement par défaut/).waitFor();
                    await page.locator('#versions-body', { hasText: 'Aucune version publiée' }).waitFor();
                }
                const text = page.getByLabel('Texte du règlement');
                assert.match(await text.inputValue(), /Article 1/);
                const article = `Article 9 – Téléphones (${width} px)\nLes téléphones sont éteints pendant les séances, sauf urgence.`;
                await text.fill(`${await text.inputValue()}\n\n${article}`);
                await page.getByRole('button', { name: 'Publier cette version' }).click();
                await page.locator('#publish-status', { hasText: `Version ${index + 1} publiée` }).waitFor();
                await inForce.getByText(`version ${index + 1}, publiée le`).waitFor();
                assert.equal(await page.locator('#versions-body tr').count(), index + 1);
                // The latest first; each version's text can be read as it was published.
                await page.getByText(`Lire la version ${index + 1}`).click();
                assert.match(normalised(await page.locator('#versions-body tr').first().textContent()),
                    new RegExp(`Téléphones \\(${width} px\\)`));
                // The same text again publishes nothing.
                await page.getByRole('button', { name: 'Publier cette version' }).click();
                await page.locator('#publish-status', { hasText: 'rien n’a été publié' }).waitFor();
                assert.equal(await page.locator('#versions-body tr').count(), index + 1);
                // An empty text: said next to the field, nothing sent.
                await text.fill('   ');
                await page.getByRole('button', { name: 'Publier cette version' }).click();
                await page.locator('#publish-status', { hasText: 'corrigez le champ signalé' }).waitFor();
                assert.equal(await text.evaluate((node) => node === document.activeElement), true);
                // The PDF in force carries the new article.
                const [rules] = await Promise.all([
                    page.waitForEvent('download'),
                    page.getByRole('button', { name: 'Règlement en vigueur (PDF)' }).click(),
                ]);
                assert.match(pdfText(await saveDownload(rules, `e2e-reglement-${width}.pdf`)), new RegExp(`Téléphones \\(${width} px\\)`));
                assert.equal(await scrollsSideways(page), false);
                await screenshot(page, `reglement-interieur-${width}`);
                assertClean(page);
            } finally {
                await page.context().close();
            }
        });

        test(`${width} px : convocations envoyées une fois, PDF de chacun`, async () => {
            const session = await createSession(service.baseUrl, token, { daysFromNow: 25, capacity: 2 });
            await register(service.baseUrl, session.id, { first_name: 'Inès', last_name: 'Convoquée', email: `ines.${width}@example.org` });
            await register(service.baseUrl, session.id, { first_name: 'Jules', last_name: 'Convoqué', email: `jules.${width}@example.org` });
            await register(service.baseUrl, session.id, { first_name: 'Karim', last_name: 'Attente', email: `karim.${width}@example.org` });
            const page = await openPage(browser, { width, height: 844 });
            try {
                await staffLogin(page, service.baseUrl, STAFF);
                await openReady(page, `${service.baseUrl}/session.html?id=${session.id}`);
                await page.locator('#confirmed-body', { hasText: 'Inès Convoquée' }).waitFor();
                await page.getByRole('button', { name: 'Envoyer les convocations' }).click();
                await page.locator('#download-status', { hasText: '2 convocations envoyées' }).waitFor();
                await page.getByRole('button', { name: 'Envoyer les convocations' }).click();
                await page.locator('#download-status', { hasText: 'rien n’a été envoyé' }).waitFor();
                // In the outbox, once each, for those with a seat only.
                assert.equal(psqlValue(service.databaseUrl, `SELECT count(*) FROM outbox_messages
                    WHERE kind = 'convocation_reminder' AND session_id = ${Number(session.id)}`), '2');
                assert.equal(psqlValue(service.databaseUrl, `SELECT count(*) FROM outbox_messages
                    WHERE kind = 'convocation_reminder' AND recipient_email = 'karim.${width}@example.org'`), '0');
                const button = page.getByRole('button', { name: 'Convocation de Jules Convoqué' });
                await button.scrollIntoViewIfNeeded();
                const [convocation] = await Promise.all([page.waitForEvent('download'), button.click()]);
                const text = pdfText(await saveDownload(convocation, `e2e-convocation-${width}.pdf`));
                assert.match(text, /Convocation/);
                assert.match(text, /Jules Convoqué/);
                assert.equal(await scrollsSideways(page), false);
                await screenshot(page, `session-convocations-${width}`);
                assertClean(page);
            } finally {
                await page.context().close();
            }
        });
    }
});
