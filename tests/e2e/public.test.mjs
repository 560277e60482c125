// The public pages in a real browser: registering self-funded (300 €) with the invoice
// download, the price shown before sending for an employer in the member directory (500 €) or
// not (700 €), the waiting list of a full session and the seat given back by staff.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
    apiCall, createSession, launchBrowser, normalised, openPage, openReady, pdfText, register,
    saveDownload, screenshot, signContract, staffLogin, staffToken, startService,
    unexpectedConsoleErrors, waitForExactText,
} from './support.mjs';

const STAFF = 'equipe@e2e.test';

describe('pages publiques', () => {
    let service;
    let browser;
    let staff;

    before(async () => {
        service = await startService({ label: 'public', users: [{ email: STAFF, role: 'staff' }] });
        browser = await launchBrowser();
        staff = await staffToken(service.baseUrl, STAFF);
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    function assertClean(page) {
        assert.deepEqual(page.problems.dialogs, [], 'no dialog may open');
        assert.deepEqual(page.problems.errors, [], 'no script error');
        assert.deepEqual(unexpectedConsoleErrors(page), [], 'no console error (CSP violations show there)');
    }

    test('les dates d’une session s’écrivent en français, sur un ou deux mois, sur deux années', async () => {
        const page = await openPage(browser);
        try {
            await openReady(page, `${service.baseUrl}/`);
            const ranges = await page.evaluate(async () => {
                const { formatDateRange, formatDateSpan } = await import('/js/common.js');
                return [
                    formatDateRange('2027-01-04', '2027-01-05'),
                    formatDateRange('2027-03-31', '2027-04-01'),
                    formatDateRange('2026-12-31', '2027-01-01'),
                    formatDateSpan('2026-12-31', '2027-01-01'),
                ];
            });
            assert.deepEqual(ranges, [
                'du lundi 4 au mardi 5 janvier 2027',
                'du mercredi 31 mars au jeudi 1er avril 2027',
                'du jeudi 31 décembre 2026 au vendredi 1er janvier 2027',
                '31 décembre 2026 – 1er janvier 2027',
            ]);
            assertClean(page);
        } finally {
            await page.context().close();
        }
    });

    test('un employeur indique son OPCO et son bon de commande : la part de l’OPCO et le reste', async () => {
        const session = await createSession(service.baseUrl, staff, { daysFromNow: 12 });
        const page = await openPage(browser);
        try {
            await openReady(page, `${service.baseUrl}/`);
            // The daily hours of every session are on the home page.
            const card = page.locator('.session-card', { hasText: session.place });
            assert.match(normalised(await card.textContent()), /9h00–12h30 et 13h30–17h00/);

            await openReady(page, `${service.baseUrl}/sinscrire.html?session=${session.id}`);
            assert.match(normalised(await page.locator('#session-details').textContent()), /9h00–12h30 et 13h30–17h00/);
            await page.getByLabel('Prénom').fill('Léo');
            await page.getByLabel('Nom', { exact: true }).fill('Garnier');
            await page.getByLabel('Adresse e-mail').fill('leo.garnier@example.org');
            await page.getByLabel(/Mon employeur/).check();
            await page.getByLabel('Numéro SIRET').fill('732 829 320 00074');
            await page.getByLabel('Raison sociale').fill('Autre Entreprise SA');
            await page.getByLabel('Adresse de facturation', { exact: true }).fill('5 rue du Commerce\n44000 Nantes');
            await page.getByLabel(/Signataire de la convention/).fill('Hélène Mercier');
            await page.getByLabel('Fonction du ou de la signataire').fill('Directrice générale');
            await page.getByLabel('E-mail du ou de la signataire').fill('helene.mercier@example.org');
            // Not in the member directory: both employer prices until the answer (700,00 €).
            await waitForExactText(page, '#quote-amount', '500,00 € ou 700,00 €');
            assert.equal(await page.locator('#opco-fields').isHidden(), true);
            await page.getByLabel(/Numéro de bon de commande/).fill('BC-E2E-0457');
            await page.getByLabel(/opérateur de compétences \(OPCO\) paie directement/).check();
            await page.getByLabel('Nom de l’OPCO').fill('OPCO Fictif des Coopératives');
            await page.getByLabel('Adresse où envoyer la facture à l’OPCO').fill('10 avenue de la Formation\n75008 Paris');
            await page.getByLabel('SIRET de l’OPCO').fill('999 000 009 00004');
            await page.getByLabel(/Montant pris en charge/).fill('500,00');

            // The agreement number is missing: said next to its field, nothing sent.
            await page.getByRole('button', { name: 'Envoyer mon inscription' }).click();
            await page.locator('#opco_agreement[aria-invalid="true"]').waitFor();
            assert.match(normalised(await page.locator('#form-status').textContent()), /erreur/);
            await page.getByLabel('Numéro de l’accord de prise en charge').fill('ACC-E2E-1');
            await page.getByRole('button', { name: 'Envoyer mon inscription' }).click();
            await page.waitForURL(/confirmation\.html#/);
            await page.getByRole('heading', { name: 'Inscription confirmée' }).waitFor();
            const text = normalised(await page.locator('main').textContent());
            assert.match(text, /500,00 € – adressée à OPCO Fictif des Coopératives \(prise en charge\)/);
            assert.match(text, /200,00 €/);

            const token = new URL(page.url()).hash.slice(1);
            const registration = (await apiCall(service.baseUrl, 'GET', `/api/v1/registrations/${token}`)).data;
            assert.equal(registration.purchase_order, 'BC-E2E-0457');
            assert.equal(registration.funding_body.agreement_number, 'ACC-E2E-1');
            assert.deepEqual(registration.invoices.map((i) => [i.payer, i.total_cents]),
                [['funding_body', 50000], ['employer', 20000]]);
            assertClean(page);
        } finally {
            await screenshot(page, 'inscription-opco');
            await page.context().close();
        }
    });

    test('un visiteur s’inscrit en payant lui-même, voit 300,00 €, signe et télécharge sa facture', async () => {
        const session = await createSession(service.baseUrl, staff, { daysFromNow: 10 });
        const page = await openPage(browser);
        try {
            await openReady(page, `${service.baseUrl}/`);
            await page.getByRole('heading', { name: 'Prochaines sessions' }).waitFor();
            // Its dates in French (as the page's formatter writes them, checked above) and its
            // seats on the home page.
            const card = page.locator('.session-card', { hasText: session.place });
            const dates = await page.evaluate(async ([start, end]) => {
                const { formatDateRange } = await import('/js/common.js');
                return formatDateRange(start, end);
            }, [session.starts_on, session.ends_on]);
            assert.ok(normalised(await card.textContent()).includes(normalised(dates)), dates);
            assert.match(normalised(await card.textContent()), /12 places restantes/);
            assert.match(normalised(await page.locator('#tarifs').textContent()), /300,00 €.*500,00 €.*700,00 €/);

            await card.getByRole('link', { name: 'S’inscrire' }).click();
            await page.waitForURL(/sinscrire\.html\?session=\d+/);
            await page.getByLabel('Prénom').fill('Zoé');
            await page.getByLabel('Nom', { exact: true }).fill('Lefèvre');
            await page.getByLabel('Adresse e-mail').fill('zoe.lefevre@example.org');
            await page.getByLabel('Adresse postale').fill('12 rue des Œillets\n44000 Nantes');
            await page.getByLabel(/Moi-même/).check();
            await waitForExactText(page, '#quote-amount', '300,00 €');
            assert.equal(normalised(await page.locator('#quote-amount').textContent()), '300,00 €');

            await page.getByRole('button', { name: 'Envoyer mon inscription' }).click();
            await page.waitForURL(/confirmation\.html#/);
            await page.getByRole('heading', { name: 'Inscription confirmée' }).waitFor();
            const text = normalised(await page.locator('main').textContent());
            assert.match(text, /300,00 €/);
            assert.match(text, /Délai de rétractation de 10 jours/);
            assert.match(text, /Zoé Lefèvre/);
            const link = await page.getByLabel('Lien de votre inscription').inputValue();
            assert.match(link, /\/mon-inscription\.html#[A-Za-z0-9_-]{43}$/);
            // No invoice yet: it comes with the signature of the contract.
            assert.match(normalised(await page.locator('#invoice-with-signature').textContent()),
                /votre facture vous est adressée à la signature, avec son échéancier/);
            assert.match(normalised(await page.locator('#documents').textContent()),
                /Facture émise à la signature du contrat de formation/);
            assert.equal(await page.getByRole('link', { name: 'Télécharger la facture (PDF)' }).count(), 0);

            // The personal link opens the trainee's page, where the contract is signed.
            await openReady(page, link);
            await page.getByText('Votre place est confirmée.').waitFor();
            assert.match(normalised(await page.locator('#headline').textContent()), /votre facture est émise à la signature/);
            const contract = page.locator('#contract');
            await contract.getByLabel(/Je soussigné·e Zoé Lefèvre déclare avoir lu le contrat/).check();
            await contract.getByRole('button', { name: 'Signer le contrat' }).click();
            await page.locator('#page-status', { hasText: 'Contrat signé' }).waitFor();
            assert.match(normalised(await page.locator('#documents').textContent()), /Facture FA-\d{4}-\d{5}.*90,00 € exigibles le/);

            const [download] = await Promise.all([
                page.waitForEvent('download'),
                page.getByRole('link', { name: 'Télécharger la facture (PDF)' }).click(),
            ]);
            const file = await saveDownload(download, 'e2e-facture-autofinancement.pdf');
            assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
            const invoice = pdfText(file);
            assert.match(invoice, /Zoé Lefèvre/);
            assert.match(invoice, /300,00/);
            assert.match(invoice, /Échéancier : 90,00 € exigibles le/);
            assertClean(page);
        } finally {
            await screenshot(page, 'inscription-autofinancement');
            await page.context().close();
        }
    });

    test('le SIRET et le nom d’une structure sociétaire donnent 500,00 € avant l’envoi ; sinon les deux tarifs', async () => {
        const page = await openPage(browser);
        try {
            const sessions = (await apiCall(service.baseUrl, 'GET', '/api/v1/sessions')).data.sessions;
            await openReady(page, `${service.baseUrl}/sinscrire.html?session=${sessions[0].id}`);
            await page.getByLabel(/Mon employeur/).check();
            const siret = page.getByLabel('Numéro SIRET');
            const name = page.getByLabel('Raison sociale');
            // The SIRET alone tells nothing about membership: both prices.
            await siret.fill('999 000 001 00001');
            await waitForExactText(page, '#quote-amount', '500,00 € ou 700,00 €');
            assert.equal(await name.inputValue(), '', 'the directory never fills the name in');
            // With the name as the directory has it (case and accents aside): the member price.
            await name.fill('cooperative societaire fictive');
            await waitForExactText(page, '#quote-amount', '500,00 €');
            assert.match(normalised(await page.locator('#membership').textContent()), /sociétaire ou candidate/);
            // Recognised: the empty address is filled from the directory, and the form says so.
            const address = page.getByLabel('Adresse de facturation');
            await waitForExactText(page, '#employer-address-note', 'Adresse reprise de l’annuaire du réseau.');
            assert.equal(await address.inputValue(), '1 rue Fictive, 75000 Paris');

            // An unknown SIRET, whatever the name: the same answer as a member's SIRET alone, and
            // the directory's address, untouched, is withdrawn.
            await siret.fill('73282932000074');
            await waitForExactText(page, '#quote-amount', '500,00 € ou 700,00 €');
            assert.equal(await address.inputValue(), '');
            assert.equal(normalised(await page.locator('#employer-address-note').textContent()), '');

            // An address the person typed is never overwritten by the directory's.
            await address.fill('Service formation\n1 rue Fictive, 75000 Paris');
            await siret.fill('99900000100001');
            await waitForExactText(page, '#quote-amount', '500,00 €');
            assert.equal(await address.inputValue(), 'Service formation\n1 rue Fictive, 75000 Paris');
            assert.equal(normalised(await page.locator('#employer-address-note').textContent()), '');
            await address.fill('');

            // A mistyped SIRET: the service's French message next to the field.
            await siret.fill('73282932000075');
            await page.locator('#siret-error', { hasText: 'son dernier chiffre (la clé de contrôle) ne correspond pas' }).waitFor();
            assert.equal(await siret.getAttribute('aria-invalid'), 'true');

            // Sent with the member SIRET: the price shown is the price applied.
            await siret.fill('99900000100001');
            await name.fill('Coopérative Sociétaire Fictive');
            await waitForExactText(page, '#quote-amount', '500,00 €');
            await page.getByLabel('Prénom').fill('Léo');
            await page.getByLabel('Nom', { exact: true }).fill('Garnier');
            await page.getByLabel('Adresse e-mail').fill('leo.garnier@example.org');
            await page.getByLabel('Adresse de facturation').fill('1 rue Fictive, 75000 Paris');
            await page.getByLabel(/Signataire de la convention/).fill('Hélène Mercier');
            await page.getByLabel('Fonction du ou de la signataire').fill('Gérante');
            await page.getByLabel('E-mail du ou de la signataire').fill('helene.mercier@example.org');
            await page.getByRole('button', { name: 'Envoyer mon inscription' }).click();
            await page.getByRole('heading', { name: 'Inscription confirmée' }).waitFor();
            const text = normalised(await page.locator('main').textContent());
            assert.match(text, /500,00 €/);
            assert.match(text, /Structure sociétaire ou candidate/);
            assert.doesNotMatch(text, /rétractation/, 'the withdrawal period is for self-funded trainees');
            assertClean(page);
        } finally {
            await screenshot(page, 'tarif-selon-siret');
            await page.context().close();
        }
    });

    test('les erreurs s’affichent en français à côté des champs', async () => {
        const page = await openPage(browser, { width: 390, height: 844 });
        try {
            await openReady(page, `${service.baseUrl}/sinscrire.html`);
            await page.locator('#session option').nth(1).waitFor({ state: 'attached' });
            await page.getByRole('button', { name: 'Envoyer mon inscription' }).click();
            await page.locator('#first_name-error', { hasText: 'Indiquez votre prénom.' }).waitFor();
            assert.match(normalised(await page.locator('#form-status').textContent()), /erreurs/);
            assert.equal(await page.evaluate(() => document.activeElement.id), 'session');
            // An error only the service knows (the address is too long): shown at its field.
            await page.locator('#session').selectOption({ index: 1 });
            await page.getByLabel('Prénom').fill('Ana');
            await page.getByLabel('Nom', { exact: true }).fill('Martin');
            await page.getByLabel('Adresse e-mail').fill('ana.martin@example.org');
            await page.getByLabel('Adresse postale').fill('12 rue du Test');
            await page.getByLabel('Adresse postale').evaluate((node) => { node.removeAttribute('maxlength'); });
            await page.getByLabel('Adresse postale').fill('x'.repeat(600));
            await page.getByRole('button', { name: 'Envoyer mon inscription' }).click();
            await page.locator('#address-error').waitFor();
            assert.notEqual(normalised(await page.locator('#address-error').textContent()), '');
            assert.equal(await page.evaluate(() => document.activeElement.id), 'address');
            assertClean(page);
        } finally {
            await screenshot(page, 'erreurs-formulaire-telephone');
            await page.context().close();
        }
    });

    test('une session complète met sur liste d’attente ; la place libérée est proposée, déclinée puis acceptée', async () => {
        const session = await createSession(service.baseUrl, staff, { capacity: 1 });
        const holder = await register(service.baseUrl, session.id, {
            first_name: 'Première', last_name: 'Inscrite', email: 'premiere@example.org',
        });
        assert.equal(holder.status, 'confirmed');

        const visitor = await openPage(browser, { width: 390, height: 844 });
        const office = await openPage(browser);
        const next = await openPage(browser, { width: 390, height: 844 });
        try {
            await openReady(visitor, `${service.baseUrl}/`);
            const card = visitor.locator('.session-card', { hasText: session.place });
            assert.match(normalised(await card.textContent()), /complet – liste d’attente/);
            await card.getByRole('link', { name: 'S’inscrire sur la liste d’attente' }).click();
            await visitor.locator('#waitlist-notice', { hasText: 'complète' }).waitFor();
            await visitor.getByLabel('Prénom').fill('Marc');
            await visitor.getByLabel('Nom', { exact: true }).fill('Attente');
            await visitor.getByLabel('Adresse e-mail').fill('marc.attente@example.org');
            await visitor.getByLabel('Adresse postale').fill('3 place du Marché, 69000 Lyon');
            await visitor.getByRole('button', { name: 'M’inscrire sur la liste d’attente' }).click();
            await visitor.getByRole('heading', { name: 'Vous êtes sur la liste d’attente' }).waitFor();
            assert.match(normalised(await visitor.locator('main').textContent()), /position 1 sur la liste d’attente/);
            const link = await visitor.getByLabel('Lien de votre inscription').inputValue();
            const nina = await register(service.baseUrl, session.id, {
                first_name: 'Nina', last_name: 'Suivante', email: 'nina.suivante@example.org',
            });
            assert.equal(nina.waitlist_position, 2);

            // Staff cancel the first seat from the session's page.
            await staffLogin(office, service.baseUrl, STAFF);
            await openReady(office, `${service.baseUrl}/session.html?id=${session.id}`);
            await office.getByRole('heading', { name: 'Liste d’attente' }).waitFor();
            assert.match(normalised(await office.locator('#waitlist-body').textContent()), /Marc Attente/);
            await office.getByRole('button', { name: 'Annuler l’inscription de Première Inscrite' }).click();
            await office.getByRole('button', { name: 'Oui, annuler' }).click();
            await office.locator('#roster-status', { hasText: 'annulée' }).waitFor();
            // The seat is offered to Marc, not given: he holds it while he decides.
            await office.locator('#waitlist-body', { hasText: 'place proposée' }).waitFor();
            assert.match(normalised(await office.locator('#waitlist-body').textContent()),
                /place proposée jusqu’au \d+(er)? \S+ \d{4} à \d+h\d\d/);
            // Cancelling the session would end Marc's offered seat and Nina's place in line.
            await office.getByRole('button', { name: 'Annuler la session…' }).click();
            await office.locator('#cancel-question', { hasText: 'place proposée' }).waitFor();
            assert.match(normalised(await office.locator('#cancel-question').textContent()),
                /2 inscriptions seront annulées \(0 place confirmée, 1 place proposée, 1 sur liste d’attente\).*Chaque personne en est prévenue par e-mail\./);
            await office.getByRole('button', { name: 'Non, la garder' }).click();
            assert.match(normalised(await office.locator('#confirmed-body').textContent()), /Personne n’a encore de place/);

            // Marc's page: the offer, its deadline, no invoice; he declines it (asked again first).
            await openReady(visitor, link);
            await visitor.getByRole('heading', { name: 'Une place vous est proposée' }).waitFor();
            assert.match(normalised(await visitor.locator('#offer-deadline').textContent()), /réservée jusqu’au \d+/);
            assert.match(normalised(await visitor.locator('#documents').textContent()), /Pas de facture/);
            await visitor.getByRole('button', { name: 'Décliner…' }).click();
            await visitor.getByRole('button', { name: 'Non, revenir' }).click();
            await visitor.getByRole('button', { name: 'Décliner…' }).click();
            await visitor.getByRole('button', { name: 'Oui, décliner la place' }).click();
            await visitor.locator('#page-status', { hasText: 'Vous avez décliné la place' }).waitFor();
            assert.equal(await visitor.locator('#offer').isHidden(), true);
            assert.match(normalised(await visitor.locator('#summary').textContent()), /Annulée/);

            // The seat goes to Nina, who accepts it from her page: confirmed; paying herself, she
            // is invoiced when she signs her contract.
            await openReady(next, `${service.baseUrl}/mon-inscription.html#${nina.token}`);
            await next.getByRole('button', { name: 'Accepter la place' }).click();
            await next.getByText('Votre place est confirmée.').waitFor();
            assert.match(normalised(await next.locator('#summary').textContent()), /Place confirmée/);
            assert.match(normalised(await next.locator('#documents').textContent()), /Facture émise à la signature du contrat/);
            assert.equal(await next.locator('#offer').isHidden(), true);

            await openReady(office, `${service.baseUrl}/session.html?id=${session.id}`);
            await office.locator('#confirmed-body', { hasText: 'Nina Suivante' }).waitFor();
            assert.match(normalised(await office.locator('#waitlist-body').textContent()), /La liste d’attente est vide/);
            assertClean(visitor);
            assertClean(office);
            assertClean(next);
        } finally {
            await screenshot(visitor, 'liste-attente-place-declinee');
            await screenshot(next, 'liste-attente-place-acceptee');
            await screenshot(office, 'liste-attente-equipe');
            await visitor.context().close();
            await office.context().close();
            await next.context().close();
        }
    });

    test('le stagiaire annule lui-même : un avoir apparaît', async () => {
        const sessions = (await apiCall(service.baseUrl, 'GET', '/api/v1/sessions')).data.sessions;
        const registration = await register(service.baseUrl, sessions[0].id, {
            first_name: 'Paul', last_name: 'Désiste', email: 'paul.desiste@example.org',
        });
        await signContract(service.baseUrl, registration.token);  // invoiced at the signature
        const page = await openPage(browser);
        try {
            await openReady(page, `${service.baseUrl}/mon-inscription.html#${registration.token}`);
            await page.getByRole('button', { name: 'Annuler mon inscription…' }).click();
            await page.getByRole('button', { name: 'Oui, annuler mon inscription' }).click();
            await page.getByText('Cette inscription est annulée.').waitFor();
            const documents = normalised(await page.locator('#documents').textContent());
            assert.match(documents, /Avoir AV-\d{4}-\d{5}/);
            assert.match(documents, /Télécharger l’avoir \(PDF\)/);
            assertClean(page);
        } finally {
            await screenshot(page, 'annulation-par-le-stagiaire');
            await page.context().close();
        }
    });
});
