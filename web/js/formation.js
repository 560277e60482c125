// The public sheet of a course (Qualiopi indicators 1 and 2): GET /api/v1/courses/{code}/sheet,
// or the sheet as it was on a past day (?date=YYYY-MM-DD), its prices of that day and the results
// the service computes; the upcoming sessions of the course.
import {
    $, announce, api, el, formatDailyHours, formatDate, formatDateRange, formatMoney, formatHours, plural,
    queryParam, todayIso,
} from './common.js';

const code = queryParam('code') || 'CAE';
const asOf = queryParam('date');

const PRICE_LABELS = [
    ['self_funded', 'Vous payez vous-même', 'Autofinancement'],
    ['member', 'Votre employeur est sociétaire ou candidat', 'Structure membre'],
    ['non_member', 'Votre employeur n’est pas membre', 'Structure non membre'],
];

function percent(rate) {
    return rate.percent === null ? '—' : `${String(rate.percent).replace('.', ',')}\u00a0%`;
}

function figure(value, label, detail) {
    return el('p', { class: 'stat' }, el('strong', {}, value), label, detail ? el('small', {}, detail) : null);
}

function render(sheet) {
    const title = `${sheet.course.title}`;
    $('#title').textContent = `Formation « ${title} »`;
    document.title = `${title} – la formation – Créer sa CAE`;
    $('#updated').textContent = `Fiche mise à jour le ${formatDate(sheet.published_on)} (version ${sheet.version}).`;
    const past = sheet.as_of !== todayIso();
    $('#past-notice').hidden = !past;
    if (past) {
        $('#past-notice').replaceChildren(el('p', {}, `Vous consultez la fiche telle qu’elle était en vigueur le ${formatDate(sheet.as_of)}. `,
            el('a', { href: `/formation.html?code=${encodeURIComponent(code)}` }, 'Voir la fiche actuelle')));
    }
    $('#objectives').replaceChildren(...sheet.objectives.split('\n').map((line) => line.replace(/^\s*[-*•–]\s+/, '').trim())
        .filter(Boolean).map((line) => el('li', {}, line)));
    const days = sheet.course.duration_hours / (2 * sheet.course.half_day_hours);
    $('#facts').replaceChildren(
        el('dt', {}, 'Durée'), el('dd', {}, `${formatHours(sheet.course.duration_hours)}${Number.isInteger(days) ? `, ${plural(days, 'jour', 'jours')}` : ''}`),
        el('dt', {}, 'Horaires'), el('dd', {}, formatDailyHours(sheet.daily_hours)),
        el('dt', {}, 'Délai d’accès'), el('dd', {}, sheet.access_delay_text));
    $('#programme').textContent = sheet.programme;
    $('#audience').textContent = sheet.audience;
    $('#prerequisites').textContent = `Prérequis : ${sheet.prerequisites}`;
    $('#teaching').textContent = sheet.teaching_methods;
    $('#assessment').textContent = sheet.assessment_methods;
    $('#prices').replaceChildren(...PRICE_LABELS.map(([tier, heading, label]) => el('li', { class: 'price' },
        el('h3', {}, heading), el('span', { class: 'amount' }, formatMoney(sheet.prices_cents[tier])),
        el('p', {}, `Tarif ${label.toLowerCase()}, en vigueur le ${formatDate(sheet.as_of, { weekday: false })}.`))));
    $('#accessibility').textContent = sheet.accessibility;
    const referent = sheet.referent;
    $('#referent').replaceChildren(referent.name, ' – ',
        el('a', { href: `mailto:${referent.email}` }, referent.email),
        referent.phone ? ` – ${referent.phone}` : '');
    const results = sheet.results;
    $('#results-period').textContent = `Calculés par notre service d’inscription le ${formatDate(results.as_of, { weekday: false })}, `
        + `sur les sessions terminées depuis le ${formatDate(results.from, { weekday: false })}.`;
    $('#results').replaceChildren(
        figure(String(results.trainees), results.trainees > 1 ? 'stagiaires formés' : 'stagiaire formé'),
        figure(percent(results.completion), 'Taux d’achèvement',
            `${results.completion.count} sur ${results.completion.total} ont suivi toutes les heures prévues`),
        figure(percent(results.satisfaction), 'Taux de satisfaction',
            `${plural(results.satisfaction.total, 'réponse', 'réponses')}, note globale de 4 ou 5 sur 5`));
    $('#contact').textContent = sheet.contact;
    $('#programme-pdf').href = `/api/v1/courses/${encodeURIComponent(code)}/programme.pdf`;
    $('#download').href = `/api/v1/courses/${encodeURIComponent(code)}/sheet.txt?as_of=${sheet.as_of}`;
    $('#as-of').value = sheet.as_of;
    $('#as-of').max = todayIso();
    $('#content').hidden = false;
}

async function renderSessions() {
    const result = await api('/api/v1/sessions');
    const sessions = result.ok ? result.data.sessions.filter((s) => s.course.code === code) : [];
    $('#sessions').replaceChildren(sessions.length
        ? el('ul', { class: 'doc-list' }, sessions.map((s) => el('li', {},
            el('span', {}, el('strong', {}, formatDateRange(s.starts_on, s.ends_on)), ` – ${s.place}`),
            s.registration_open
                ? el('a', { class: 'button small', href: `/sinscrire.html?session=${encodeURIComponent(s.id)}` }, 'S’inscrire')
                : el('span', { class: 'note' }, 'inscriptions closes'))))
        : el('p', {}, 'Aucune session n’est programmée pour le moment.'));
}

async function main() {
    $('#as-of-form').addEventListener('submit', (event) => {
        event.preventDefault();
        const day = $('#as-of').value;
        location.assign(`/formation.html?code=${encodeURIComponent(code)}${day ? `&date=${day}` : ''}`);
    });
    const query = asOf ? `?as_of=${encodeURIComponent(asOf)}` : '';
    const result = await api(`/api/v1/courses/${encodeURIComponent(code)}/sheet${query}`);
    if (!result.ok) {
        announce($('#page-status'), result.error.message, result.status === 404 ? 'info' : 'error');
        return;
    }
    announce($('#page-status'), '');
    render(result.data);
    await renderSessions();
}

main().finally(() => {
    document.body.dataset.ready = 'true';
});
