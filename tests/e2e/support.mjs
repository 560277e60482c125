// What the browser tests share: a fresh migrated and seeded database, the real `formations
// serve` on a free port serving web/, staff accounts, Debian's Chromium driven by
// playwright-core, and the screenshot every test leaves in test-artifacts/.
//
// Environment (set by ctest, see tests/CMakeLists.txt): FORMATIONS_BIN (the binary),
// FORMATIONS_TEST_DATABASE_URL (libpq key=value URL of a server where we may CREATE DATABASE;
// deploy/test.sh provides one), FORMATIONS_TEST_ARTIFACTS, FORMATIONS_WEB_DIR, and
// FORMATIONS_CLOCK to run the tests at a chosen instant.
//
// Time: one clock for the test, every `formations` process it starts and every browser page.
// It starts at FORMATIONS_CLOCK, or at the instant this module loads, and runs forward; each
// process gets that start as its FORMATIONS_CLOCK and each browser context has the same clock
// installed. Dates the tests expect are derived from it in Paris time, never from the machine's
// date.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
    existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = process.env.FORMATIONS_TEST_ARTIFACTS || path.join(ROOT, 'test-artifacts');
const BINARY = process.env.FORMATIONS_BIN || path.join(ROOT, 'build', 'service', 'formations');
const WEB_DIR = process.env.FORMATIONS_WEB_DIR || path.join(ROOT, 'web');
export const CHROMIUM = process.env.FORMATIONS_CHROMIUM || '/usr/bin/chromium';
export const PASSWORD = 'mot-de-passe-des-tests-e2e';
const TIME_ZONE = process.env.FORMATIONS_TIMEZONE || 'Europe/Paris';

// Unpinned, the real instant, moved back 45 minutes in the last half hour of a day in Paris, so
// that "today" never changes during the run (as unpinned_start in tests/support/test_clock.hpp).
function unpinnedStart(realMs) {
    const [hour, minute] = new Intl.DateTimeFormat('en-GB', {
        timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).format(new Date(realMs)).split(':').map(Number);
    return hour === 23 && minute >= 30 ? realMs - 45 * 60 * 1000 : realMs;
}

export const CLOCK_START = process.env.FORMATIONS_CLOCK
    || new Date(unpinnedStart(Math.floor(Date.now() / 1000) * 1000)).toISOString()
        .replace('.000Z', 'Z');
const clockStartMs = Date.parse(CLOCK_START);
if (Number.isNaN(clockStartMs)) {
    throw new Error(`FORMATIONS_CLOCK is not an ISO 8601 instant: ${CLOCK_START}`);
}
const clockStartedAt = performance.now();

// The test clock's current instant.
export function clockNow() {
    return new Date(clockStartMs + (performance.now() - clockStartedAt));
}

mkdirSync(ARTIFACTS, { recursive: true });

// ---------------------------------------------------------------------------
// Database and server
// ---------------------------------------------------------------------------

function adminUrl() {
    const url = process.env.FORMATIONS_TEST_DATABASE_URL;
    if (!url) {
        throw new Error('FORMATIONS_TEST_DATABASE_URL is not set: run the tests through deploy/test.sh');
    }
    return url;
}

// Replaces (or appends) dbname=… in a libpq key=value connection string.
function withDatabase(url, name) {
    return /\bdbname=\S+/.test(url) ? url.replace(/\bdbname=\S+/, `dbname=${name}`) : `${url} dbname=${name}`;
}

function psqlBinary() {
    const found = spawnSync('sh', ['-c', 'command -v psql'], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) {
        return found.stdout.trim();
    }
    const base = '/usr/lib/postgresql';
    const majors = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
    for (const major of majors) {
        const candidate = path.join(base, major, 'bin', 'psql');
        if (existsSync(candidate)) {
            return candidate;
        }
    }
    throw new Error('psql not found (the postgresql package provides it)');
}

export function psql(url, sql) {
    const result = spawnSync(psqlBinary(), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8' });
    if (result.status !== 0) {
        throw new Error(`psql failed: ${result.stderr}`);
    }
}

// The first column of the first row of `sql`'s answer, as text ('' when there is none).
export function psqlValue(url, sql) {
    const result = spawnSync(psqlBinary(), ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8' });
    if (result.status !== 0) {
        throw new Error(`psql failed: ${result.stderr}`);
    }
    return result.stdout.split('\n')[0].trim();
}

function formations(args, databaseUrl, input) {
    const result = spawnSync(BINARY, args, {
        encoding: 'utf8',
        input,
        env: { ...process.env, FORMATIONS_DATABASE_URL: databaseUrl, FORMATIONS_CLOCK: CLOCK_START },
    });
    if (result.status !== 0) {
        throw new Error(`formations ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`);
    }
    return result.stdout;
}

// A database of our own (migrated, seeded with the demo data: upcoming sessions and the member
// directory), its staff accounts (`referent: true` flags the disability referent), and the
// server (with `environment` added to its own). `stop()` ends the server and drops the base.
export async function startService({ label = 'e2e', users = [], environment = {} } = {}) {
    const name = `formations_e2e_${randomBytes(6).toString('hex')}`;
    const admin = adminUrl();
    psql(admin, `CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
    const databaseUrl = withDatabase(admin, name);
    const log = [];
    let server = null;
    const stop = async () => {
        if (server && server.exitCode === null) {
            const exited = new Promise((resolve) => server.once('exit', resolve));
            server.kill('SIGTERM');
            await exited;
        }
        writeFileSync(path.join(ARTIFACTS, `e2e-server-${label}.log`), log.join('\n'));
        try {
            psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } catch {
            // a leftover database in a throwaway cluster is harmless
        }
    };
    try {
        formations(['migrate'], databaseUrl);
        formations(['seed', '--demo'], databaseUrl);
        for (const { email, role, referent } of users) {
            formations(['user', 'add', email, '--role', role, '--password-stdin'], databaseUrl, `${PASSWORD}\n`);
            if (referent) {
                formations(['user', 'referent', email], databaseUrl);
            }
        }
        server = spawn(BINARY, ['serve'], {
            env: {
                ...process.env,
                FORMATIONS_DATABASE_URL: databaseUrl,
                FORMATIONS_CLOCK: CLOCK_START,
                FORMATIONS_LISTEN: '127.0.0.1:0',
                FORMATIONS_WEB_DIR: WEB_DIR,
                FORMATIONS_WORKERS: '4',
                ...environment,
            },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        server.stderr.on('data', (chunk) => log.push(chunk.toString()));
        // The first line is "formations: listening on http://127.0.0.1:PORT/"; the rest of
        // stdout keeps being read so that the server never blocks on a full pipe.
        const lines = createInterface({ input: server.stdout });
        const baseUrl = await new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('the server did not start in 20 s')), 20_000);
            server.once('exit', (code) => reject(new Error(`the server exited (${code}): ${log.join('')}`)));
            lines.once('line', (line) => {
                clearTimeout(timer);
                const match = /listening on (http:\/\/\S+?)\/?$/.exec(line);
                if (match) {
                    resolve(match[1]);
                } else {
                    reject(new Error(`unexpected first line: ${line}`));
                }
            });
        });
        lines.on('line', (line) => log.push(line));
        return { baseUrl, databaseUrl, stop };
    } catch (error) {
        await stop();
        throw error;
    }
}

// ---------------------------------------------------------------------------
// A real SMTP server (tests/support/smtp_sink.py, aiosmtpd, for Debian's /usr/bin/python3):
// every message it accepts lands in test-artifacts/e2e-mail-<label>/NNNN.json (decoded headers
// and parts) beside NNNN.eml.
// ---------------------------------------------------------------------------

export async function startSmtpSink(label) {
    const directory = path.join(ARTIFACTS, `e2e-mail-${label}`);
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(directory, { recursive: true });
    const sink = spawn('/usr/bin/python3', [path.join(ROOT, 'tests', 'support', 'smtp_sink.py'),
        '--dir', directory, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: sink.stdout });
    const port = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the SMTP sink did not start in 10 s')), 10_000);
        sink.once('exit', (code) => reject(new Error(`the SMTP sink exited (${code}): is python3-aiosmtpd installed?`)));
        lines.once('line', (line) => {
            clearTimeout(timer);
            const match = /listening on [^:]+:(\d+)/.exec(line);
            return match ? resolve(Number(match[1])) : reject(new Error(`unexpected first line: ${line}`));
        });
    });
    const messages = () => readdirSync(directory).filter((name) => /^\d{4}\.json$/.test(name)).sort()
        .map((name) => JSON.parse(readFileSync(path.join(directory, name), 'utf8')));
    return {
        url: `smtp://127.0.0.1:${port}`,
        messages,
        // Polls until a message satisfies `predicate` (up to 30 s).
        async waitFor(predicate) {
            const deadline = Date.now() + 30_000;
            for (;;) {
                const found = messages().find(predicate);
                if (found) {
                    return found;
                }
                if (Date.now() > deadline) {
                    throw new Error(`no such message in ${directory}`);
                }
                await new Promise((resolve) => { setTimeout(resolve, 100); });
            }
        },
        async stop() {
            if (sink.exitCode === null) {
                const exited = new Promise((resolve) => sink.once('exit', resolve));
                sink.kill('SIGTERM');
                await exited;
            }
        },
    };
}

// The text/plain part of a message the sink kept.
export function plainText(message) {
    const part = message.parts.find((p) => p.content_type === 'text/plain');
    return part ? part.text : '';
}

// ---------------------------------------------------------------------------
// The API from the test itself (arranging data)
// ---------------------------------------------------------------------------

export async function apiCall(baseUrl, method, apiPath, { body, token, headers = {} } = {}) {
    const response = await fetch(baseUrl + apiPath, {
        method,
        headers: {
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let data = null;
    try {
        data = JSON.parse(text);
    } catch {
        data = text;
    }
    return { status: response.status, data, headers: response.headers };
}

export async function staffToken(baseUrl, email) {
    const login = await apiCall(baseUrl, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    if (login.status !== 200) {
        throw new Error(`login failed: ${JSON.stringify(login.data)}`);
    }
    return login.data.token;
}

// Today (Paris time, on the test clock) + `days`, as YYYY-MM-DD.
export function isoDaysFromNow(days) {
    const today = new Intl.DateTimeFormat('en-CA', {
        timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
    }).format(clockNow());
    const [year, month, day] = today.split('-').map(Number);
    return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export function currentYear() {
    return Number(isoDaysFromNow(0).slice(0, 4));
}

// A session of the test's own (so that no test depends on what another did), with a place that
// names it on the pages.
export async function createSession(baseUrl, token, { daysFromNow = 40, capacity = 12, place = `Salle des tests ${randomBytes(3).toString('hex')}, Lyon` } = {}) {
    const created = await apiCall(baseUrl, 'POST', '/api/v1/sessions', {
        token,
        body: {
            course_code: 'CAE',
            reference: `E2E-${randomBytes(3).toString('hex').toUpperCase()}`,
            starts_on: isoDaysFromNow(daysFromNow),
            place,
            capacity,
        },
    });
    if (created.status !== 201) {
        throw new Error(`session creation failed: ${JSON.stringify(created.data)}`);
    }
    return created.data;
}

export async function register(baseUrl, sessionId, trainee, extra = {}) {
    const created = await apiCall(baseUrl, 'POST', '/api/v1/registrations', {
        body: {
            session_id: sessionId,
            funding: 'self',
            trainee: { address: '5 rue des Essais, 44000 Nantes', ...trainee },
            ...extra,
        },
    });
    if (created.status !== 201) {
        throw new Error(`registration failed: ${JSON.stringify(created.data)}`);
    }
    return created.data;
}

// A self-funded trainee signs their training contract through the API, as their page does (the
// PDF's SHA-256 and the sentence shown): the signature issues the invoice and its échéancier.
// Returns the registration as it then stands.
export async function signContract(baseUrl, token) {
    const path = `/api/v1/registrations/${token}/contract`;
    const contract = await apiCall(baseUrl, 'GET', path);
    const pdf = await fetch(`${baseUrl}${path}.pdf`);
    if (contract.status !== 200 || pdf.status !== 200) {
        throw new Error(`contract of ${token}: ${contract.status} / ${pdf.status}`);
    }
    const hash = createHash('sha256').update(Buffer.from(await pdf.arrayBuffer())).digest('hex');
    const signed = await apiCall(baseUrl, 'POST', `${path}/signature`, {
        body: { pdf_sha256: hash, statement: contract.data.statement },
    });
    if (signed.status !== 201) {
        throw new Error(`signature failed: ${JSON.stringify(signed.data)}`);
    }
    return (await apiCall(baseUrl, 'GET', `/api/v1/registrations/${token}`)).data;
}

// ---------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------

export async function launchBrowser() {
    // playwright-core gives every launch a fresh, empty user-data-dir of its own (and removes
    // it on close); the flags keep Chromium off the network this machine does not have.
    return chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
}

// A new browser context (its own cookies and storage: one person) and page. Every dialog
// (alert, confirm…) and page error is recorded, as are console errors (CSP violations are
// reported there): the tests assert there were none.
export async function openPage(browser, { width = 1280, height = 900 } = {}) {
    const context = await browser.newContext({
        acceptDownloads: true,
        locale: 'fr-FR',
        timezoneId: TIME_ZONE,
        viewport: { width, height },
    });
    context.setDefaultTimeout(20_000);
    // The pages' own dates (today's date in a form, "has the session started?") come from the
    // browser: it runs on the test clock too.
    await context.clock.install({ time: clockNow() });
    const page = await context.newPage();
    const problems = { dialogs: [], errors: [], console: [] };
    page.on('dialog', async (dialog) => {
        problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        await dialog.dismiss().catch(() => {});
    });
    page.on('pageerror', (error) => problems.errors.push(error.message));
    page.on('console', (message) => {
        if (message.type() === 'error') {
            problems.console.push(message.text());
        }
    });
    page.problems = problems;
    return page;
}

// Console errors that are not expected answers of the API (a 4xx the page shows as a message).
export function unexpectedConsoleErrors(page) {
    return page.problems.console.filter((text) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(text));
}

export async function screenshot(page, name) {
    if (!page || page.isClosed()) {
        return;
    }
    await page.screenshot({ path: path.join(ARTIFACTS, `e2e-${name}.png`), fullPage: true }).catch(() => {});
}

// Opens a page of the service and waits until its script has attached every handler.
export async function openReady(page, url) {
    await page.goto(url);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
}

export async function staffLogin(page, baseUrl, email) {
    await page.goto(`${baseUrl}/connexion.html`);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/connexion.html'));
    // Staff pages attach their handlers after checking the login: wait until they are ready.
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
}

// Saves a download in the artifacts and returns its path.
export async function saveDownload(download, name) {
    const target = path.join(ARTIFACTS, name);
    await download.saveAs(target);
    return target;
}

export function pdfText(file) {
    const result = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    if (result.status !== 0) {
        throw new Error(`pdftotext failed: ${result.stderr}`);
    }
    return result.stdout.replace(/[ \t\u00a0\u202f]+/g, ' ');
}

// Text as a person reads it: every kind of space as one plain space.
export function normalised(text) {
    return (text || '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

// Waits until the element's text, spaces normalised, is exactly `expected`.
export async function waitForExactText(page, selector, expected) {
    await page.waitForFunction(([sel, want]) => {
        const node = document.querySelector(sel);
        return node && node.textContent.replace(/[\s\u00a0\u202f]+/g, ' ').trim() === want;
    }, [selector, expected]);
}
