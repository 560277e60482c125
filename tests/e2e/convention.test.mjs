// The training convention of an employer-funded seat, in a real browser: the employer's signatory
// opens the link of their e-mail on a phone (390 px) and at a desk (1280 px), reads and signs; the
// hash shown is that of the PDF downloaded; the link reused is refused. Staff see each employer
// seat's convention state on the session page and in the list of conventions to sign, and attach
// a scanned signed copy instead.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    ARTIFACTS, apiCall, createSession, launchBrowser, normalised, openPage, openReady, psqlValue,
    screenshot, staffLogin, startService, staffToken, unexpectedConsoleErrors,
} from './support.mjs';

const STAFF = 'equipe-conventions@e2e.test';

function employerFunded(sessionId, email, signatory = true) {
    const employer = {
        siret: '73282932000074', name: 'Entreprise Éditrice SA', address: '5 rue du Commerce\n44000 Nantes',
    };
    if (signatory) {
        employer.signatory = { name: 'Hélène Mercier', role: 'Directrice générale', email: 'helene.mercier@example.org' };
    }
    return {
        session_id: sessionId,
        funding: 'employer',
        trainee: { first_name: 'Zoé', last_name: email.split('@')[0], email },
        employer,
    };
}

async function registerEmployer(service, sessionId, email, signatory = true) {
    const created = await apiCall(service.baseUrl, 'POST', '/api/v1/registrations', { body: employerFunded(sessionId, email, signatory) });
    assert.equal(created.status, 201, JSON.stringify(created.data));
    return created.data;
}

// The link's token, as the e-mail carries it (the database keeps its hash only).
function linkOf(service, registrationId) {
    return psqlValue(service.databaseUrl, `SELECT facts->'convention'->>'token' FROM outbox_messages
        WHERE kind = 'convention_to_sign' AND registration_id = ${Number(registrationId)} ORDER BY id DESC LIMIT 1`);
}

describe('convention de formation', () => {
    let service;
    let browser;
    let staff;

    before(async () => {
        service = await startService({ label: 'convention', users: [{ email: STAFF, role: 'staff' }] });
        browser = await launchBrowser();
        staff = await staffToken(service.baseUrl, STAFF);
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    for (const [width, height] of [[390, 844], [1280, 900]]) {
        test(`le ou la signataire de l’employeur lit et signe la convention (${width} px)`, async () => {
            const session = await createSession(service.baseUrl, staff, { daysFromNow: 40 });
            const registration = await registerEmployer(service, session.id, `signe${width}@example.org`);
            const token = linkOf(service, registration.id);
            assert.match(token, /^[A-Za-z0-9_-]{43}$/);
            const page = await openPage(browser, { width, height });
            try {
                await openReady(page, `${service.baseUrl}/convention.html#${token}`);
                await page.getByRole('heading', { name: /Convention n° CV-\d+/ }).waitFor();
                assert.match(normalised(await page.locator('#context').textContent()), /Entreprise Éditrice SA – formation « Créer sa CAE »/);
                await page.getByRole('link', { name: 'Lire la convention (PDF)' }).waitFor();
                const sign = page.getByRole('button', { name: 'Signer la convention' });
                assert.equal(await sign.isDisabled(), true, 'nothing signed before the sentence is confirmed');
                await page.getByLabel(/Je soussigné·e Hélène Mercier, habilité·e à représenter Entreprise Éditrice SA/).check();
                assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no horizontal scroll');
                await screenshot(page, `convention-to-sign-${width}`);
                await sign.click();
                const signed = page.locator('#convention-signed');
                await signed.waitFor();
                assert.match(normalised(await signed.textContent()), /Convention signée le/);
                await screenshot(page, `convention-signed-${width}`);

                // The hash shown is that of the PDF downloaded now, byte for byte the one signed.
                const pdf = await fetch(`${service.baseUrl}/api/v1/convention-links/${token}/convention.pdf`);
                assert.equal(pdf.status, 200);
                const hash = createHash('sha256').update(Buffer.from(await pdf.arrayBuffer())).digest('hex');
                assert.equal(normalised(await page.locator('#signed-hash').textContent()), hash);

                // Reloaded: signed, no form; the link cannot sign again.
                await page.reload();
                await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
                await page.locator('#convention-signed').waitFor();
                assert.equal(await page.getByRole('button', { name: 'Signer la convention' }).count(), 0);
                const again = await apiCall(service.baseUrl, 'POST', `/api/v1/convention-links/${token}/signature`, {
                    body: { pdf_sha256: hash, statement: 'x' },
                });
                assert.equal(again.status, 409);
                assert.equal(again.data.error.code, 'already_signed');

                assert.deepEqual(page.problems.errors, [], 'no script error');
                assert.deepEqual(unexpectedConsoleErrors(page), [], 'no console error');
            } finally {
                await page.close();
            }
        });
    }

    test('après un changement de session, l’ancien lien dit que la convention a été remplacée', async () => {
        const session = await createSession(service.baseUrl, staff, { daysFromNow: 40 });
        const later = await createSession(service.baseUrl, staff, { daysFromNow: 70 });
        const registration = await registerEmployer(service, session.id, 'deplacee@example.org');
        const first = linkOf(service, registration.id);
        const moved = await apiCall(service.baseUrl, 'POST', `/api/v1/registrations/${registration.id}/move`, {
            token: staff, body: { session_id: later.id },
        });
        assert.equal(moved.status, 200);
        const second = linkOf(service, registration.id);
        assert.notEqual(second, first);
        const page = await openPage(browser, { width: 390, height: 844 });
        try {
            await openReady(page, `${service.baseUrl}/convention.html#${first}`);
            assert.match(normalised(await page.locator('#page-status').textContent()), /Cette convention a été remplacée par une nouvelle/);
            assert.equal(await page.getByRole('button', { name: 'Signer la convention' }).count(), 0);
            await screenshot(page, 'convention-superseded-390');
            await page.goto('about:blank');
            await openReady(page, `${service.baseUrl}/convention.html#${second}`);
            await page.getByRole('heading', { name: /Convention n° CV-\d+/ }).waitFor();
            await page.getByRole('button', { name: 'Signer la convention' }).waitFor();
            assert.deepEqual(page.problems.errors, [], 'no script error');
        } finally {
            await page.close();
        }
    });

    test('un lien incomplet ou inconnu : un message clair', async () => {
        const page = await openPage(browser, { width: 390, height: 844 });
        try {
            await openReady(page, `${service.baseUrl}/convention.html#abc`);
            assert.match(normalised(await page.locator('#page-status').textContent()), /Ce lien est incomplet/);
            await page.goto('about:blank');
            await openReady(page, `${service.baseUrl}/convention.html#${'A'.repeat(43)}`);
            assert.match(normalised(await page.locator('#page-status').textContent()), /Ce lien de signature n'existe pas ou est incomplet/);
        } finally {
            await page.close();
        }
    });

    test('l’équipe voit l’état des conventions et joint une copie signée numérisée', async () => {
        const session = await createSession(service.baseUrl, staff, { daysFromNow: 45 });
        const registration = await registerEmployer(service, session.id, 'papier@example.org', false);
        const scan = path.join(ARTIFACTS, 'convention-scan.pdf');
        writeFileSync(scan, '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
        const notPdf = path.join(ARTIFACTS, 'convention-scan.txt');
        writeFileSync(notPdf, 'pas un PDF');
        const page = await openPage(browser, { width: 1280, height: 900 });
        try {
            await staffLogin(page, service.baseUrl, STAFF);
            // The list across sessions.
            await openReady(page, `${service.baseUrl}/conventions.html`);
            const row = page.locator('#conventions-body tr', { hasText: 'Zoé papier' });
            await row.waitFor();
            assert.match(normalised(await row.textContent()), /Signataire non indiqué·e/);
            await screenshot(page, 'conventions-unsigned');

            // The session page: the state next to the employer; a file that is not a PDF refused.
            await openReady(page, `${service.baseUrl}/session.html?id=${session.id}`);
            const seat = page.locator('#confirmed-body tr', { hasText: 'Zoé papier' });
            await seat.getByText('Convention non signée').waitFor();
            await seat.getByLabel(/Joindre la convention signée de Zoé papier/).setInputFiles(notPdf);
            await page.locator('#roster-status.error', { hasText: 'pas un PDF complet' }).waitFor();
            await seat.getByLabel(/Joindre la convention signée de Zoé papier/).setInputFiles(scan);
            await page.locator('#roster-status.success', { hasText: 'signée sur papier' }).waitFor();
            await page.locator('#confirmed-body tr', { hasText: 'Zoé papier' }).getByText('Convention signée sur papier').waitFor();
            await screenshot(page, 'convention-paper');

            const convention = await apiCall(service.baseUrl, 'GET', `/api/v1/registrations/${registration.id}/convention`, { token: staff });
            assert.equal(convention.data.signature.method, 'paper');
            assert.equal(convention.data.signature.recorded_by, STAFF);

            // Gone from the list.
            await openReady(page, `${service.baseUrl}/conventions.html`);
            await page.locator('#content').waitFor();
            assert.equal(await page.locator('#conventions-body tr', { hasText: 'Zoé papier' }).count(), 0);

            assert.deepEqual(page.problems.errors, [], 'no script error');
        } finally {
            await page.close();
        }
    });
});
