// Staff: quality (Qualiopi). The courses with their sheet, questionnaires and results of the last
// twelve months (GET /api/v1/courses, /courses/{code}/evaluations); the questionnaires open and
// not answered with their links (GET /api/v1/evaluations/pending); the audit export of a period
// (GET /api/v1/exports/qualiopi.zip).
import {
    $, announce, api, canManageSessions, clearFieldErrors, copyText, download, el, formatDate,
    fullName, requireStaff, setBusy, showFieldErrors, todayIso,
} from './common.js';
import { KIND_LABELS, resultsView } from './evaluation-view.js';

function isoDay(date) {
    return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function courseCard(course, evaluations) {
    return el('article', { class: 'card' },
        el('h3', {}, `${course.title} (${course.code})`),
        el('div', { class: 'actions' },
            el('a', { class: 'button small', href: `/fiche.html?code=${encodeURIComponent(course.code)}` },
                'Fiche et questionnaires'),
            el('a', { class: 'button secondary small', href: `/formation.html?code=${encodeURIComponent(course.code)}` },
                'Fiche publique')),
        evaluations
            ? [el('p', { class: 'note' }, `Résultats des sessions terminées du ${formatDate(evaluations.from, { weekday: false })} `
                + `au ${formatDate(evaluations.to, { weekday: false })}`), resultsView(evaluations.results)]
            : null);
}

function pendingRow(entry) {
    const url = `${location.origin}${entry.link}`;
    const name = fullName(entry.trainee);
    const who = entry.kind === 'employer' ? `${entry.employer || 'Employeur'} (pour ${name})` : name;
    const id = `pending-${entry.registration_id}-${entry.kind}`;
    const input = el('input', { type: 'text', id, readonly: true, value: url, class: 'small-link' });
    const button = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Copier le lien de ${who}` }, 'Copier');
    button.addEventListener('click', () => copyText(url, $('#copy-status'), input));
    return el('tr', {},
        el('th', { scope: 'row' }, who),
        el('td', {}, el('a', { href: `/session.html?id=${entry.session.id}` }, entry.session.reference)),
        el('td', {}, KIND_LABELS[entry.kind] || entry.kind),
        el('td', {}, formatDate(entry.window.closes_on, { weekday: false })),
        el('td', {}, el('div', { class: 'copy-box' },
            el('label', { for: id, class: 'visually-hidden' }, `Lien du questionnaire de ${who}`), input, button)));
}

async function exportZip(event) {
    event.preventDefault();
    const form = $('#export-form');
    const status = $('#export-status');
    clearFieldErrors(form);
    announce(status, '');
    const from = $('#export-from').value;
    const to = $('#export-to').value;
    const problems = [];
    if (!from) {
        problems.push({ input: $('#export-from'), message: 'Indiquez le premier jour.' });
    }
    if (!to) {
        problems.push({ input: $('#export-to'), message: 'Indiquez le dernier jour.' });
    }
    if (problems.length) {
        showFieldErrors(status, problems);
        return;
    }
    setBusy($('#export-button'), true, 'Préparation…');
    await download(`/api/v1/exports/qualiopi.zip?from=${from}&to=${to}`, `qualiopi-${from}-${to}.zip`,
        { auth: true, status });
    setBusy($('#export-button'), false);
}

async function main() {
    const user = await requireStaff();
    if (!canManageSessions(user)) {
        announce($('#page-status'), 'Cette page est réservée à l’équipe de formation.', 'error');
        return;
    }
    $('#export-form').addEventListener('submit', exportZip);
    // The twelve months of the sheets' results: from the day after the same day a year before
    // (28 February for 29 February, as the service counts).
    const today = todayIso();
    const [year, month, day] = today.split('-').map(Number);
    const daysThatMonth = new Date(year - 1, month, 0).getDate();
    $('#export-to').value = today;
    $('#export-from').value = isoDay(new Date(year - 1, month - 1, Math.min(day, daysThatMonth) + 1));
    const [courses, pending] = await Promise.all([
        api('/api/v1/courses'),
        api('/api/v1/evaluations/pending', { auth: true }),
    ]);
    if (!courses.ok) {
        announce($('#page-status'), courses.error.message, 'error');
        return;
    }
    announce($('#page-status'), '');
    const cards = await Promise.all(courses.data.courses.map(async (course) => {
        const evaluations = await api(`/api/v1/courses/${encodeURIComponent(course.code)}/evaluations`, { auth: true });
        return courseCard(course, evaluations.ok ? evaluations.data : null);
    }));
    $('#courses').replaceChildren(...cards);
    const rows = pending.ok ? pending.data.pending : [];
    $('#pending-body').replaceChildren(...(rows.length ? rows.map(pendingRow)
        : [el('tr', {}, el('td', { colspan: 5, class: 'empty' }, 'Aucun questionnaire en attente de réponse.'))]));
    $('#content').hidden = false;
}

main().finally(() => {
    document.body.dataset.ready = 'true';
});
