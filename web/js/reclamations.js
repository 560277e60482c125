// Staff: the complaints and incidents register (GET /api/v1/complaints), handling one
// (PATCH /api/v1/complaints/{id}: status, answer, improvement) and recording one received by
// e-mail, phone, letter or in person (POST /api/v1/complaints, logged in).
import {
    $, announce, api, badge, canManageSessions, clearFieldErrors, el, formatDate, localDay,
    requireStaff, setBusy, showApiError,
} from './common.js';

const STATUS = {
    received: ['Reçue', 'warn'], in_progress: ['En cours', 'warn'], answered: ['Réponse apportée', 'ok'], closed: ['Close', 'neutral'],
};
const ROLES = {
    trainee: 'Stagiaire', employer: 'Employeur', funder: 'Financeur', trainer: 'Formateur·rice', staff: 'Équipe', other: 'Autre',
};
const CHANNELS = {
    public_form: 'formulaire public', trainee_page: 'page personnelle du stagiaire', email: 'e-mail',
    phone: 'téléphone', letter: 'courrier', in_person: 'de vive voix',
};
let current = null;

const day = (instant) => (instant ? formatDate(localDay(instant), { weekday: false }) : '—');

function statusBadge(status) {
    const [label, tone] = STATUS[status] || [status, 'neutral'];
    return badge(label, tone);
}

function improvementText(improvement) {
    if (!improvement.action) {
        return '—';
    }
    return improvement.status === 'done' ? `réalisée le ${day(improvement.done_at)}` : `décidée le ${day(improvement.decided_at)}`;
}

function showDetail(complaint) {
    current = complaint;
    const author = complaint.author;
    $('#titre-detail').textContent = `${complaint.kind === 'incident' ? 'Incident' : 'Réclamation'} n° ${complaint.id} – ${complaint.subject}`;
    $('#detail-facts').replaceChildren(el('dl', { class: 'facts' },
        el('dt', {}, 'Reçue le'), el('dd', {}, `${day(complaint.received_at)}, par ${CHANNELS[complaint.channel] || complaint.channel}`),
        el('dt', {}, 'Émise par'), el('dd', {}, [ROLES[author.role] || author.role, author.name, author.email]
            .filter(Boolean).join(' – ') + (complaint.anonymised ? ' (anonymisé)' : '')),
        complaint.session_reference ? [el('dt', {}, 'Session'), el('dd', {}, complaint.session_reference)] : null,
        el('dt', {}, 'Description'), el('dd', { class: 'pre-line' }, complaint.description),
        el('dt', {}, 'Statut'), el('dd', {}, statusBadge(complaint.status),
            complaint.answered_at ? ` – répondu le ${day(complaint.answered_at)}` : '',
            complaint.closed_at ? ` – close le ${day(complaint.closed_at)}` : '')));
    $('#handle-status').value = complaint.status;
    $('#handle-answer').value = complaint.answer || '';
    $('#handle-improvement').value = complaint.improvement.action || '';
    $('#handle-improvement-status').value = complaint.improvement.status || 'planned';
    announce($('#detail-status'), '');
    $('#detail').hidden = false;
    $('#titre-detail').focus();
}

async function loadList() {
    const status = $('#filter-status').value;
    const result = await api(`/api/v1/complaints?limit=200${status ? `&status=${status}` : ''}`, { auth: true });
    if (!result.ok) {
        announce($('#page-status'), result.error.message, 'error');
        return;
    }
    announce($('#page-status'), '');
    const items = result.data.items;
    $('#complaints-body').replaceChildren(...(items.length ? items.map((c) => {
        const open = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Traiter la réclamation n° ${c.id}` }, 'Traiter');
        open.addEventListener('click', () => showDetail(c));
        return el('tr', {},
            el('th', { scope: 'row' }, String(c.id)),
            el('td', {}, day(c.received_at)),
            el('td', {}, c.subject, el('span', { class: 'cell-sub' }, c.kind === 'incident' ? 'Incident' : 'Réclamation')),
            el('td', {}, ROLES[c.author.role] || c.author.role),
            el('td', {}, statusBadge(c.status)),
            el('td', {}, improvementText(c.improvement)),
            el('td', {}, open));
    }) : [el('tr', {}, el('td', { colspan: 7, class: 'empty' }, 'Aucune réclamation.'))]));
    $('#content').hidden = false;
}

async function save(event) {
    event.preventDefault();
    const form = $('#handle-form');
    clearFieldErrors(form);
    const body = {
        status: $('#handle-status').value,
        answer: $('#handle-answer').value,
        improvement_action: $('#handle-improvement').value,
    };
    if ($('#handle-improvement').value.trim()) {
        body.improvement_status = $('#handle-improvement-status').value;
    }
    setBusy($('#handle-save'), true, 'Enregistrement…');
    const result = await api(`/api/v1/complaints/${current.id}`, { method: 'PATCH', body, auth: true });
    setBusy($('#handle-save'), false);
    if (!result.ok) {
        showApiError(form, $('#detail-status'), result.error);
        return;
    }
    await loadList();
    showDetail(result.data);
    announce($('#detail-status'), 'Enregistré.', 'success');
}

async function record(event) {
    event.preventDefault();
    const form = $('#record-form');
    clearFieldErrors(form);
    const body = {
        channel: $('#record-channel').value,
        kind: $('#record-kind').value,
        author_role: $('#record-role').value,
        author_name: $('#record-name').value,
        author_email: $('#record-email').value,
        subject: $('#record-subject').value,
        description: $('#record-description').value,
    };
    setBusy($('#record-save'), true, 'Enregistrement…');
    const result = await api('/api/v1/complaints', { method: 'POST', body, auth: true });
    setBusy($('#record-save'), false);
    if (!result.ok) {
        showApiError(form, $('#record-status'), result.error);
        return;
    }
    form.reset();
    announce($('#record-status'), `Réclamation n° ${result.data.id} enregistrée.`, 'success');
    await loadList();
}

async function main() {
    const user = await requireStaff();
    if (!canManageSessions(user)) {
        announce($('#page-status'), 'Cette page est réservée à l’équipe de formation.', 'error');
        return;
    }
    $('#filter-form').addEventListener('submit', (event) => {
        event.preventDefault();
        loadList();
    });
    $('#handle-form').addEventListener('submit', save);
    $('#record-form').addEventListener('submit', record);
    await loadList();
}

main().finally(() => {
    document.body.dataset.ready = 'true';
});
