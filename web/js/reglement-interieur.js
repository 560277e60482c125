// Staff: the règlement intérieur (L6352-3). The version in force (GET /api/v1/internal-rules,
// its PDF), a new version published from its text (PUT /api/v1/internal-rules: admins and staff;
// the same text publishes nothing), and every version published, kept as it was
// (GET /api/v1/internal-rules/versions).
import {
    $, announce, api, canManageSessions, clearFieldErrors, download, el, formatInstant,
    requireStaff, setBusy, showApiError, showFieldErrors,
} from './common.js';

let user = null;

function author(publishedBy) {
    return (publishedBy || '').replace(/^user:/, '') || '—';
}

function versionRow(version) {
    return el('tr', {},
        el('th', { scope: 'row', class: 'num' }, String(version.version)),
        el('td', {}, formatInstant(version.published_at)),
        el('td', {}, author(version.published_by)),
        el('td', {}, el('details', {},
            el('summary', {}, `Lire la version ${version.version}`),
            el('pre', { class: 'raw' }, version.text))));
}

async function load() {
    const [current, versions] = await Promise.all([
        api('/api/v1/internal-rules'),
        api('/api/v1/internal-rules/versions', { auth: true }),
    ]);
    const failed = [current, versions].find((result) => !result.ok);
    if (failed) {
        announce($('#page-status'), failed.error.message, 'error');
        return;
    }
    const rules = current.data;
    $('#in-force').textContent = rules.version
        ? `En vigueur : version ${rules.version}, publiée le ${formatInstant(rules.published_at)} par ${author(rules.published_by)}.`
        : 'En vigueur : le règlement par défaut du service (articles R6352-1 à R6352-15), tant qu’aucune version n’est publiée.';
    const form = $('#publish');
    if (canManageSessions(user)) {
        $('#rules-text').value = rules.text;
        form.hidden = false;
    }
    const list = versions.data.versions;
    $('#versions-body').replaceChildren(...(list.length ? list.map(versionRow)
        : [el('tr', {}, el('td', { colspan: 4, class: 'empty' }, 'Aucune version publiée : le règlement par défaut s’applique.'))]));
    announce($('#page-status'), '');
    $('#content').hidden = false;
}

function setup() {
    $('#rules-pdf').addEventListener('click', () => download('/api/v1/internal-rules.pdf',
        'reglement-interieur.pdf', { status: $('#download-status') }));
    $('#publish').addEventListener('submit', async (event) => {
        event.preventDefault();
        const form = $('#publish');
        const summary = $('#publish-status');
        clearFieldErrors(form);
        const text = $('#rules-text').value;
        if (!text.trim()) {
            showFieldErrors(summary, [{ input: $('#rules-text'), message: 'Saisissez le texte du règlement.' }]);
            return;
        }
        const button = $('#publish-submit');
        setBusy(button, true, 'Publication…');
        const result = await api('/api/v1/internal-rules', { method: 'PUT', body: { text }, auth: true });
        setBusy(button, false);
        if (!result.ok) {
            showApiError(form, summary, result.error);
            return;
        }
        await load();
        announce(summary, result.status === 201
            ? `Version ${result.data.version} publiée : elle s’applique dès maintenant.`
            : 'Ce texte est déjà celui de la version en vigueur : rien n’a été publié.', 'success');
    });
}

async function main() {
    user = await requireStaff();
    setup();
    await load();
}

main().finally(() => {
    document.body.dataset.ready = 'true';
});
