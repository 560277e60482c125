// Staff: one session. Roster with the waiting list, tier, invoice and payment status, and where
// each person's e-mails stand (GET /api/v1/sessions/{id}/roster); cancelling a registration; half-day attendance as
// checkboxes saved one by one (PUT /api/v1/sessions/{id}/attendance); the sign-in sheet,
// certificates and roster downloads, each trainee's convocation and « Envoyer les convocations »
// (the convocation e-mailed now to those who have not received it); for admins and staff, the
// positioning and needs answers (GET /api/v1/sessions/{id}/needs) and who answered which questionnaire, with the links to copy
// and the session's results (GET /api/v1/sessions/{id}/evaluations).
import {
    $, announce, api, badge, canManageSessions, clearFieldErrors, copyText, el, formatDailyHours,
    formatDate, formatDateRange, formatHours, formatInstant, formatMoney, fullName, invoiceBadge,
    plural, queryParam, requireStaff, setBusy, showApiError, showFieldErrors, TIER_LABELS, download,
    todayIso,
} from './common.js';
import { auditTrail } from './audit-trail.js';
import { conventionActions, conventionBadge } from './convention-actions.js';
import { answerList, availabilityBadge, resultsView } from './evaluation-view.js';
import { detailsButton } from './registration-actions.js';
import { consequencesDialog, saveSessionEdit, setupSessionAdmin } from './session-admin.js';

const sessionId = queryParam('id');
let user = null;
let attendance = null;
let renderAdmin = null;

// Where the session stands today: a past session is never « Ouverte ».
function sessionState(session) {
    const today = todayIso();
    if (session.status === 'cancelled') {
        return badge('Annulée', 'neutral');
    }
    if (session.ends_on < today) {
        return badge('Terminée', 'neutral');
    }
    if (session.starts_on <= today) {
        return badge('En cours', 'neutral');
    }
    if (session.status === 'closed') {
        return badge('Inscriptions fermées', 'neutral');
    }
    if (session.registration_deadline < today) {
        return badge('Inscriptions closes (date limite passée)', 'neutral');
    }
    return badge('Ouverte', 'ok');
}

// Where the e-mails to this person stand (GET /api/v1/messages?registration_id= has the detail).
function messages(entry) {
    const counts = entry.messages || {};
    if (counts.failed) {
        return el('span', { class: 'cell-sub' }, badge(plural(counts.failed, 'e-mail non distribué', 'e-mails non distribués'), 'warn'));
    }
    if (counts.pending) {
        return el('span', { class: 'cell-sub' }, plural(counts.pending, 'e-mail en cours d’envoi', 'e-mails en cours d’envoi'));
    }
    return counts.sent ? el('span', { class: 'cell-sub' }, plural(counts.sent, 'e-mail envoyé', 'e-mails envoyés')) : null;
}

function trainee(entry) {
    return [
        el('span', {}, fullName(entry.trainee)),
        el('span', { class: 'cell-sub' }, entry.trainee.email),
        entry.trainee.phone ? el('span', { class: 'cell-sub' }, entry.trainee.phone) : null,
        messages(entry),
    ];
}

function funding(entry) {
    if (!entry.employer) {
        const contract = { unsigned: 'Contrat non signé', signed: 'Contrat signé', withdrawn: 'Rétractation' }[entry.contract];
        return contract ? [el('span', {}, 'Autofinancement'), el('span', { class: 'cell-sub' }, contract)] : 'Autofinancement';
    }
    return [el('span', {}, entry.employer.name), el('span', { class: 'cell-sub' }, `SIRET ${entry.employer.siret}`),
        entry.convention ? el('span', { class: 'cell-sub convention-state' }, conventionBadge(entry.convention)) : null];
}

function tier(entry) {
    return [el('span', {}, formatMoney(entry.price_cents)), el('span', { class: 'cell-sub' }, TIER_LABELS[entry.tier] || entry.tier)];
}

function invoice(entry) {
    if (!entry.invoice) {
        return el('span', { class: 'cell-sub' }, 'Pas de facture');
    }
    const parts = [el('span', {}, entry.invoice.number, ' '), invoiceBadge(entry.invoice.status)];
    if (entry.invoice.amount_due_cents > 0) {
        parts.push(el('span', { class: 'cell-sub' }, `Reste dû : ${formatMoney(entry.invoice.amount_due_cents)}`));
    }
    return parts;
}

// "Annuler" asks again inside the cell, saying first what the cancellation will cost
// (POST …/cancel-preview: the fee kept and why, the credit note, what is left to pay or to
// refund, the seat offered to the waiting list); the cancellation carries the preview's
// confirmation and is refused if the terms changed meanwhile. No browser dialog, keyboard focus
// kept on the buttons.
function cancelButton(entry, cell) {
    if (!canManageSessions(user)) {
        return null;
    }
    const name = fullName(entry.trainee);
    const base = `/api/v1/registrations/${encodeURIComponent(entry.id)}`;
    const button = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Annuler l’inscription de ${name}` }, 'Annuler');
    button.addEventListener('click', async () => {
        setBusy(button, true, 'Calcul…');
        const preview = await api(`${base}/cancel-preview`, { method: 'POST', auth: true });
        setBusy(button, false);
        if (!preview.ok) {
            announce($('#roster-status'), preview.error.message, 'error');
            return;
        }
        let shown = preview.data;
        const cost = el('span', { class: 'cancel-cost' }, shown.summary);
        const question = el('span', {}, `Annuler l’inscription de ${name} ? `, cost, ' ');
        const yes = el('button', { type: 'button', class: 'danger small' }, 'Oui, annuler');
        const no = el('button', { type: 'button', class: 'secondary small' }, 'Non');
        const previous = Array.from(cell.childNodes);
        no.addEventListener('click', () => {
            cell.replaceChildren(...previous);
            button.focus();
        });
        yes.addEventListener('click', async () => {
            setBusy(yes, true, 'Annulation…');
            const result = await api(`${base}/cancel`, { method: 'POST', auth: true, body: { confirmation: shown.confirmation } });
            setBusy(yes, false);
            if (!result.ok) {
                const again = result.error.code === 'cancellation_preview_stale'
                    ? await api(`${base}/cancel-preview`, { method: 'POST', auth: true }) : null;
                if (again && again.ok) {
                    shown = again.data;
                    cost.textContent = shown.summary;
                    announce($('#roster-status'), `Les conditions d’annulation de ${name} ont changé : vérifiez-les avant de confirmer.`, 'error');
                    return;
                }
                announce($('#roster-status'), result.error.message, 'error');
                cell.replaceChildren(...previous);
                return;
            }
            announce($('#roster-status'), `Inscription de ${name} annulée.`, 'success');
            await load();
            $('#titre-inscrits').setAttribute('tabindex', '-1');
            $('#titre-inscrits').focus();
        });
        cell.replaceChildren(el('div', { class: 'actions', role: 'group', 'aria-label': 'Confirmer l’annulation' }, question, yes, no));
        no.focus();
    });
    return button;
}

// Where someone stands in line: a seat offered to them (held until its deadline), or their rank.
function waitingPlace(entry) {
    if (entry.status !== 'offered') {
        return String(entry.waitlist_position ?? '—');
    }
    return entry.offer ? `place proposée jusqu’au ${formatInstant(entry.offer.expires_at)}` : 'place proposée';
}

// A seat offered to someone who answers by phone: staff accept it on their behalf.
function confirmOfferButton(entry) {
    if (!canManageSessions(user) || entry.status !== 'offered') {
        return null;
    }
    const name = fullName(entry.trainee);
    const button = el('button', { type: 'button', class: 'small', 'aria-label': `Confirmer la place proposée à ${name}` }, 'Confirmer la place');
    button.addEventListener('click', async () => {
        setBusy(button, true, 'Confirmation…');
        const result = await api(`/api/v1/registrations/${encodeURIComponent(entry.id)}/offer/accept`, { method: 'POST', auth: true });
        setBusy(button, false);
        if (!result.ok) {
            announce($('#roster-status'), result.error.message, 'error');
            return;
        }
        announce($('#roster-status'), `Place de ${name} confirmée.`, 'success');
        await load();
    });
    return button;
}

function documentButtons(entry) {
    const name = fullName(entry.trainee);
    return [
        ['convocation.pdf', 'convocation', 'Convocation', 'Convocation'],
        ['certificate.pdf', 'certificat', 'Certificat', 'Certificat de réalisation'],
        ['attestation.pdf', 'attestation', 'Attestation', 'Attestation de fin de formation'],
    ].map(([file, prefix, label, what]) => {
        const button = el('button', { type: 'button', class: 'secondary small', 'aria-label': `${what} de ${name}` }, label);
        button.addEventListener('click', () => download(
            `/api/v1/registrations/${encodeURIComponent(entry.id)}/${file}`,
            `${prefix}-${entry.id}.pdf`, { auth: true, status: $('#download-status') }));
        return button;
    });
}

function emptyRow(columns, text) {
    return el('tr', {}, el('td', { colspan: columns, class: 'empty' }, text));
}

function renderRoster(roster) {
    const session = roster.session;
    $('#title').textContent = `${session.reference} – ${session.course.title}`;
    document.title = `${session.reference} – Espace équipe – Créer sa CAE`;
    const facts = el('dl', { class: 'facts' },
        el('dt', {}, 'Dates'), el('dd', {}, formatDateRange(session.starts_on, session.ends_on)),
        el('dt', {}, 'Horaires'), el('dd', {}, formatDailyHours(session.daily_hours)),
        el('dt', {}, 'Lieu'), el('dd', {}, session.place),
        el('dt', {}, 'Formateur·rice'), el('dd', {}, session.trainer || '—'),
        el('dt', {}, 'Places'), el('dd', {}, `${plural(session.seats_taken, 'place prise', 'places prises')} sur ${session.capacity}`),
        el('dt', {}, 'Clôture des inscriptions'), el('dd', {}, formatDate(session.registration_deadline)),
        el('dt', {}, 'Statut'), el('dd', {}, sessionState(session)));
    $('#facts').replaceChildren(facts);
    renderAdmin?.(session);
    $('#convocations').hidden = !(canManageSessions(user) && session.status !== 'cancelled' && session.ends_on >= todayIso());
    if (canManageSessions(user) && session.daily_hours && session.status !== 'cancelled') {
        for (const name of HOURS) {
            $(`#${name}`).value = session.daily_hours[name];
        }
        $('#hours').hidden = false;
    }

    const confirmed = roster.registrations.filter((r) => r.status === 'confirmed');
    // Those with a seat offered first (they hold it until they answer), then the line in order.
    const waiting = roster.registrations.filter((r) => r.status === 'offered' || r.status === 'waitlisted')
        .sort((a, b) => (a.waitlist_position || 0) - (b.waitlist_position || 0));
    const cancelled = roster.registrations.filter((r) => r.status === 'cancelled');

    $('#confirmed-body').replaceChildren(...(confirmed.length ? confirmed.map((entry) => {
        const actions = el('td', {});
        const convention = entry.convention ? conventionActions({
            id: entry.id, name: fullName(entry.trainee), state: entry.convention, user, status: $('#roster-status'), reload: load,
        }) : [];
        actions.append(el('div', { class: 'actions' }, detailsButton(entry, session, user, load, 5),
            ...documentButtons(entry), ...convention, cancelButton(entry, actions)));
        return el('tr', {},
            el('th', { scope: 'row' }, trainee(entry)),
            el('td', {}, funding(entry)),
            el('td', {}, tier(entry)),
            el('td', {}, invoice(entry)),
            actions);
    }) : [emptyRow(5, 'Personne n’a encore de place.')]));

    $('#waitlist-body').replaceChildren(...(waiting.length ? waiting.map((entry) => {
        const actions = el('td', {});
        actions.append(el('div', { class: 'actions' }, detailsButton(entry, session, user, load, 5),
            confirmOfferButton(entry), cancelButton(entry, actions)));
        return el('tr', {},
            el('td', { class: 'num' }, waitingPlace(entry)),
            el('th', { scope: 'row' }, trainee(entry)),
            el('td', {}, funding(entry)),
            el('td', {}, tier(entry)),
            actions);
    }) : [emptyRow(5, 'La liste d’attente est vide.')]));

    $('#cancelled-count').textContent = String(cancelled.length);
    $('#cancelled-body').replaceChildren(...(cancelled.length ? cancelled.map((entry) => el('tr', {},
        el('th', { scope: 'row' }, trainee(entry)),
        el('td', {}, funding(entry)),
        el('td', {}, tier(entry)),
        el('td', {}, invoice(entry)),
        el('td', {}, detailsButton(entry, session, user, load, 5)))) : [emptyRow(5, 'Aucune.')]));
}

const HALVES = [['am', 'matin'], ['pm', 'après-midi']];

function isPresent(row, day, half) {
    return row.marks.some((m) => m.date === day && m.half === half && m.present);
}

async function saveMarks(marks, describe, revert) {
    const status = $('#attendance-status');
    announce(status, 'Enregistrement…', 'info');
    const result = await api(`/api/v1/sessions/${encodeURIComponent(sessionId)}/attendance`, {
        method: 'PUT', body: { marks }, auth: true,
    });
    if (!result.ok) {
        revert();
        announce(status, `Non enregistré : ${result.error.message}`, 'error');
        return;
    }
    attendance = result.data;
    updateHours();
    announce(status, `Enregistré : ${describe}.`, 'success');
}

function updateHours() {
    for (const row of attendance.trainees) {
        const cell = document.getElementById(`hours-${row.registration_id}`);
        if (cell) {
            cell.textContent = formatHours(row.attended_hours);
        }
    }
}

function renderAttendance() {
    const table = $('#attendance-table');
    const rows = attendance.trainees.filter((t) => t.status === 'confirmed' || t.marks.length);
    const editable = canManageSessions(user);
    const head = el('tr', {}, el('th', { scope: 'col' }, 'Stagiaire'));
    for (const day of attendance.days) {
        for (const [half, label] of HALVES) {
            const when = `${formatDate(day, { year: false })}, ${label}`;
            const cell = el('th', { scope: 'col', class: 'center' }, formatDate(day, { year: false }), el('span', { class: 'cell-sub' }, label));
            if (editable && rows.some((r) => r.status === 'confirmed')) {
                const all = el('button', { type: 'button', class: 'link', 'aria-label': `Tout le monde présent le ${when}` }, 'tous');
                all.addEventListener('click', () => {
                    const boxes = rows.filter((r) => r.status === 'confirmed')
                        .map((r) => document.getElementById(`mark-${r.registration_id}-${day}-${half}`));
                    const before = boxes.map((b) => b.checked);
                    boxes.forEach((b) => { b.checked = true; });
                    saveMarks(rows.filter((r) => r.status === 'confirmed').map((r) => ({
                        registration_id: r.registration_id, date: day, half, present: true,
                    })), `tout le monde présent le ${when}`, () => boxes.forEach((b, i) => { b.checked = before[i]; }));
                });
                cell.append(el('span', { class: 'cell-sub' }, all));
            }
            head.append(cell);
        }
    }
    head.append(el('th', { scope: 'col', class: 'num' }, 'Heures'));
    const body = el('tbody');
    for (const row of rows) {
        const name = `${row.first_name} ${row.last_name}`;
        const tr = el('tr', {}, el('th', { scope: 'row' }, name,
            row.status !== 'confirmed' ? el('span', { class: 'cell-sub' }, 'inscription annulée') : null));
        for (const day of attendance.days) {
            for (const [half, label] of HALVES) {
                const id = `mark-${row.registration_id}-${day}-${half}`;
                const when = `${formatDate(day, { year: false })}, ${label}`;
                const box = el('input', {
                    type: 'checkbox', id, checked: isPresent(row, day, half),
                    disabled: !editable || row.status !== 'confirmed',
                });
                box.addEventListener('change', () => {
                    const present = box.checked;
                    saveMarks([{ registration_id: row.registration_id, date: day, half, present }],
                        `${name}, ${when} : ${present ? 'présent·e' : 'absent·e'}`,
                        () => { box.checked = !present; });
                });
                tr.append(el('td', { class: 'center' },
                    el('label', { for: id, class: 'visually-hidden' }, `${name} présent·e le ${when}`), box));
            }
        }
        tr.append(el('td', { class: 'num', id: `hours-${row.registration_id}` }, formatHours(row.attended_hours)));
        body.append(tr);
    }
    if (!rows.length) {
        body.append(emptyRow(2 + attendance.days.length * 2, 'Personne à émarger : aucune place confirmée.'));
    }
    table.replaceChildren(
        el('caption', { class: 'visually-hidden' }, `Présences par demi-journée (${formatHours(attendance.half_day_hours)} chacune)`),
        el('thead', {}, head), body);
}

function renderNeeds(needs) {
    const entries = needs.registrations;
    $('#needs').replaceChildren(...(entries.length ? entries.map((entry) => el('div', { class: 'card' },
        el('h3', {}, fullName(entry.trainee)),
        entry.status === 'waitlisted' ? el('p', { class: 'note' }, 'Sur la liste d’attente.') : null,
        entry.response
            ? answerList(entry.response)
            : el('p', { class: 'note' }, 'Pas encore de réponse au questionnaire de positionnement.')))
        : [el('p', {}, 'Personne n’est inscrit.')]));
}

function linkCell(label, link, name) {
    if (!link) {
        return null;
    }
    const url = `${location.origin}${link}`;
    const id = `link-${Math.random().toString(36).slice(2)}`;
    const input = el('input', {
        type: 'text', id, readonly: true, value: url, class: 'small-link', 'aria-label': `${label} de ${name}`,
    });
    const button = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Copier le ${label.toLowerCase()} de ${name}` }, 'Copier');
    button.addEventListener('click', () => copyText(url, $('#copy-status'), input));
    return el('div', {}, el('label', { for: id, class: 'cell-sub' }, label), el('div', { class: 'copy-box' }, input, button));
}

function renderEvaluations(evaluations) {
    $('#evaluations-body').replaceChildren(...(evaluations.registrations.length
        ? evaluations.registrations.map((entry) => {
            const name = fullName(entry.trainee);
            const cells = ['needs', 'self_assessment', 'satisfaction', 'employer']
                .map((kind) => el('td', {}, availabilityBadge(entry.questionnaires[kind])));
            return el('tr', {}, el('th', { scope: 'row' }, name,
                entry.employer ? el('span', { class: 'cell-sub' }, entry.employer) : null), ...cells,
            el('td', { class: 'links-cell' }, linkCell('Lien du stagiaire', entry.links.personal_page, name),
                linkCell('Lien employeur', entry.links.employer, name)));
        })
        : [emptyRow(6, 'Personne n’est inscrit.')]));
    $('#session-results').replaceChildren(resultsView(evaluations.results));
}

async function loadEvidence() {
    const [needs, evaluations] = await Promise.all([
        api(`/api/v1/sessions/${encodeURIComponent(sessionId)}/needs`, { auth: true }),
        api(`/api/v1/sessions/${encodeURIComponent(sessionId)}/evaluations`, { auth: true }),
    ]);
    if (needs.ok) {
        renderNeeds(needs.data);
        $('#needs-section').hidden = false;
    }
    if (evaluations.ok) {
        renderEvaluations(evaluations.data);
        $('#evaluations-section').hidden = false;
    }
}

async function load() {
    const status = $('#page-status');
    const [roster, marks] = await Promise.all([
        api(`/api/v1/sessions/${encodeURIComponent(sessionId)}/roster`, { auth: true }),
        api(`/api/v1/sessions/${encodeURIComponent(sessionId)}/attendance`, { auth: true }),
    ]);
    if (!roster.ok) {
        announce(status, roster.error.message, 'error');
        return;
    }
    announce(status, '');
    renderRoster(roster.data);
    if (marks.ok) {
        attendance = marks.data;
        renderAttendance();
    } else {
        announce($('#attendance-status'), marks.error.message, 'error');
    }
    if (canManageSessions(user)) {
        await loadEvidence();
    }
    $('#content').hidden = false;
}

const HOURS = ['morning_start', 'morning_end', 'afternoon_start', 'afternoon_end'];

async function saveHours(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const status = $('#hours-status');
    clearFieldErrors(form);
    announce(status, '');
    const missing = HOURS.map((name) => $(`#${name}`)).filter((input) => !input.value)
        .map((input) => ({ input, message: 'Indiquez une heure (HH:MM).' }));
    if (missing.length) {
        showFieldErrors(status, missing);
        return;
    }
    const button = $('#hours-submit');
    setBusy(button, true, 'Enregistrement…');
    const result = await saveSessionEdit(sessionId, {
        daily_hours: Object.fromEntries(HOURS.map((name) => [name, $(`#${name}`).value])),
    }, consequencesDialog('hours'));
    setBusy(button, false);
    if (!result) {
        announce(status, 'Modification annulée : rien n’a été enregistré.', 'info');
        return;
    }
    if (!result.ok) {
        showApiError(form, status, result.error);
        return;
    }
    announce(status, `Horaires enregistrés : ${formatDailyHours(result.data.daily_hours)}.`, 'success');
    await load();
}

// The convocation now to each trainee with a seat who has not received it (POST
// /api/v1/sessions/{id}/convocations: once per person, a second click sends nothing).
async function sendConvocations() {
    const button = $('#convocations');
    const status = $('#download-status');
    setBusy(button, true, 'Envoi…');
    const result = await api(`/api/v1/sessions/${sessionId}/convocations`, { method: 'POST', auth: true });
    setBusy(button, false);
    if (!result.ok) {
        announce(status, result.error.message, 'error');
        return;
    }
    const sent = result.data.sent;
    announce(status, sent
        ? `${plural(sent, 'convocation envoyée', 'convocations envoyées')} (avec le PDF) aux stagiaires qui ne l’avaient pas encore reçue.`
        : 'Chaque stagiaire ayant une place a déjà reçu sa convocation : rien n’a été envoyé.', 'success');
    await load();
}

async function main() {
    if (!sessionId || !/^\d+$/.test(sessionId)) {
        announce($('#page-status'), 'Aucune session indiquée : revenez à la liste des sessions.', 'error');
        return;
    }
    user = await requireStaff();
    if (canManageSessions(user)) {
        renderAdmin = setupSessionAdmin(sessionId, load);
    }
    if (user.role === 'admin') {
        const audit = $('#audit-section');
        audit.hidden = false;
        audit.addEventListener('toggle', async () => {
            if (audit.open) {
                $('#audit-list').replaceChildren(await auditTrail('session', sessionId));
            }
        });
    }
    $('#hours').addEventListener('submit', saveHours);
    const downloads = $('#download-status');
    $('#sign-in-sheet').addEventListener('click', () => download(
        `/api/v1/sessions/${sessionId}/sign-in-sheet.pdf`, `emargement-${sessionId}.pdf`, { auth: true, status: downloads }));
    $('#certificates').addEventListener('click', () => download(
        `/api/v1/sessions/${sessionId}/certificates.pdf`, `certificats-${sessionId}.pdf`, { auth: true, status: downloads }));
    $('#convocations').addEventListener('click', sendConvocations);
    $('#roster-csv').addEventListener('click', () => download(
        `/api/v1/sessions/${sessionId}/roster.csv`, `inscrits-${sessionId}.csv`, { auth: true, status: downloads }));
    await load();
}

// Tests (and people) can tell when the page is ready to use: every handler is attached.
main().finally(() => {
    document.body.dataset.ready = 'true';
});
