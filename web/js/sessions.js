// Staff: every session since a year ago (GET /api/v1/staff/sessions) and the creation of a
// session (POST /api/v1/sessions, admin and staff roles).
import {
    $, announce, api, badge, canManageSessions, clearFieldErrors, el, formatDateRange,
    requireStaff, setBusy, showApiError, showFieldErrors, todayIso,
} from './common.js';
import { confirmWarnings, dateWarnings } from './session-admin.js';

const HOURS = ['morning_start', 'morning_end', 'afternoon_start', 'afternoon_end'];

function sessionRow(session) {
    const taken = session.capacity - session.seats_left;
    const past = session.ends_on < todayIso();
    let state;
    if (past) {
        state = badge('Terminée', 'neutral');
    } else if (session.registration_open) {
        state = badge(session.seats_left > 0 ? 'Ouvertes' : 'Complet – liste d’attente', session.seats_left > 0 ? 'ok' : 'warn');
    } else {
        state = badge('Closes', 'neutral');
    }
    return el('tr', {},
        el('th', { scope: 'row' },
            el('a', { class: 'nowrap', href: `/session.html?id=${encodeURIComponent(session.id)}` }, session.reference),
            el('span', { class: 'cell-sub' }, session.course.title)),
        el('td', {}, formatDateRange(session.starts_on, session.ends_on)),
        el('td', {}, session.place),
        el('td', { class: 'num' }, `${taken} / ${session.capacity}`),
        el('td', { class: 'num' }, String(session.waitlist_length)),
        el('td', {}, state));
}

async function loadSessions() {
    const body = $('#sessions-body');
    const result = await api('/api/v1/staff/sessions', { auth: true });
    if (!result.ok) {
        body.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'empty' }, result.error.message)));
        return;
    }
    const sessions = result.data.sessions;
    if (!sessions.length) {
        body.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'empty' }, 'Aucune session.')));
        return;
    }
    body.replaceChildren(...sessions.map(sessionRow));
}

function problems() {
    const found = [];
    for (const [selector, message] of [
        ['#course_code', 'Indiquez le code de la formation.'],
        ['#starts_on', 'Indiquez le premier jour (JJ/MM/AAAA).'],
        ['#place', 'Indiquez le lieu.'],
        ['#capacity', 'Indiquez le nombre de places.'],
    ]) {
        const input = $(selector);
        if (!input.value.trim()) {
            found.push({ input, message });
        }
    }
    const capacity = $('#capacity');
    if (capacity.value && !/^\d+$/.test(capacity.value)) {
        found.push({ input: capacity, message: 'Le nombre de places est un nombre entier.' });
    }
    return found;
}

async function create(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const status = $('#create-status');
    clearFieldErrors(form);
    announce(status, '');
    const found = problems();
    if (found.length) {
        showFieldErrors(status, found);
        return;
    }
    const body = {
        course_code: $('#course_code').value.trim(),
        starts_on: $('#starts_on').value,
        place: $('#place').value,
        capacity: Number($('#capacity').value),
    };
    for (const name of ['reference', 'ends_on', 'registration_deadline', 'trainer']) {
        const value = $(`#${name}`).value.trim();
        if (value) {
            body[name] = value;
        }
    }
    body.daily_hours = {};
    for (const name of HOURS) {
        if ($(`#${name}`).value) {
            body.daily_hours[name] = $(`#${name}`).value;
        }
    }
    const warnings = await dateWarnings(body.starts_on, body.ends_on);
    if (warnings.length && !await confirmWarnings($('#create-warnings'), $('#create-warnings-list'),
        $('#create-confirm'), $('#create-reconsider'), warnings)) {
        $('#starts_on').focus();
        return;
    }
    const button = $('#create-submit');
    setBusy(button, true, 'Création…');
    const result = await api('/api/v1/sessions', { method: 'POST', body, auth: true });
    setBusy(button, false);
    if (!result.ok) {
        showApiError(form, status, result.error);
        return;
    }
    const session = result.data;
    form.reset();
    announce(status, el('span', {}, 'Session créée : ',
        el('a', { class: 'nowrap', href: `/session.html?id=${encodeURIComponent(session.id)}` }, session.reference),
        ` (${formatDateRange(session.starts_on, session.ends_on)}).`), 'success');
    status.setAttribute('tabindex', '-1');
    status.focus();
    await loadSessions();
}

// A new session takes the course's usual hours, those of its published sheet.
async function fillCourseHours() {
    const code = $('#course_code').value.trim();
    if (!code) {
        return;
    }
    const result = await api(`/api/v1/courses/${encodeURIComponent(code)}/sheet`);
    if (result.ok && result.data.daily_hours) {
        for (const name of HOURS) {
            $(`#${name}`).value = result.data.daily_hours[name];
        }
    }
}

async function main() {
    const user = await requireStaff();
    if (canManageSessions(user)) {
        $('#create-section').hidden = false;
        $('#create').addEventListener('submit', create);
        $('#course_code').addEventListener('change', fillCourseHours);
        await fillCourseHours();
    }
    await loadSessions();
}

// Tests (and people) can tell when the page is ready to use: every handler is attached.
main().finally(() => {
    document.body.dataset.ready = 'true';
});
