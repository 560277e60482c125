// A service that cannot be reached at all shows a French page instead of the browser's error:
// the pages' service worker keeps /indisponible.html for that.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, normalised, openPage, openReady, screenshot, startService } from './support.mjs';

describe('service injoignable', () => {
    let service;
    let browser;

    before(async () => {
        service = await startService({ label: 'injoignable' });
        browser = await launchBrowser();
    });

    after(async () => {
        await browser?.close();
        await service?.stop();
    });

    test('une page demandée quand le service ne répond plus affiche « Service momentanément indisponible »', async () => {
        const page = await openPage(browser, { width: 390, height: 844 });
        try {
            await openReady(page, `${service.baseUrl}/`);
            let timer;
            await Promise.race([
                page.evaluate(async () => { await navigator.serviceWorker.ready; }),
                new Promise((resolve, reject) => { timer = setTimeout(() => reject(new Error('no service worker within 10 s')), 10_000); }),
            ]).finally(() => clearTimeout(timer));
            // Pages and API still go to the service while it answers.
            await page.reload();
            await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
            assert.match(normalised(await page.locator('h1').first().textContent()), /session|Créer sa CAE/i);

            await service.stop();
            service = null;
            await page.goto(page.url().replace(/\/$/, '/sinscrire.html?session=1'));
            await page.getByRole('heading', { name: 'Service momentanément indisponible' }).waitFor();
            // Styled: the stylesheet comes from the worker's cache too.
            const background = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
            assert.notEqual(background, 'rgba(0, 0, 0, 0)');
        } finally {
            await screenshot(page, 'service-injoignable');
            await page.context().close();
        }
    });
});
