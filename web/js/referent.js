// The disability referent's page: the accommodation needs trainees declared
// (GET /api/v1/accommodations), and what was arranged (PATCH /api/v1/accommodations/{id}).
// Other accounts get the service's 403 and see its message.
import {
    $, announce, api, badge, el, formatDate, formatDateRange, localDay, requireStaff, setBusy,
} from './common.js';

const STATUS = {
    new: ['Nouvelle', 'warn'], in_progress: ['En cours', 'warn'], arranged: ['Aménagement mis en place', 'ok'], closed: ['Close', 'neutral'],
};

function requestCard(request) {
    const id = request.id;
    const [label, tone] = STATUS[request.status] || [request.status, 'neutral'];
    const trainee = request.trainee;
    const select = el('select', { id: `status-${id}` }, Object.entries(STATUS).map(([value, [text]]) => el('option', { value }, text)));
    select.value = request.status;
    const notes = el('textarea', { id: `notes-${id}`, rows: 3, maxlength: 4000 }, request.referent_notes || '');
    const save = el('button', { type: 'button', 'aria-label': `Enregistrer la demande n° ${id}` }, 'Enregistrer');
    save.addEventListener('click', async () => {
        setBusy(save, true, 'Enregistrement…');
        const result = await api(`/api/v1/accommodations/${id}`, {
            method: 'PATCH', auth: true, body: { status: select.value, referent_notes: notes.value },
        });
        setBusy(save, false);
        announce($('#save-status'), result.ok ? `Demande n° ${id} enregistrée.` : result.error.message, result.ok ? 'success' : 'error');
        if (result.ok) {
            card.replaceWith(requestCard(result.data));
        }
    });
    const anonymised = request.anonymised;
    const card = el('article', { class: 'card' },
        el('h2', {}, `Demande n° ${id} – ${anonymised ? 'anonymisée' : trainee.name}`),
        el('dl', { class: 'facts' },
            el('dt', {}, 'Session'), el('dd', {}, `${request.session.course_title}, ${request.session.reference}, `
                + `à partir du ${formatDate(request.session.starts_on, { weekday: false })}`),
            anonymised ? null : [el('dt', {}, 'Contact'), el('dd', {}, [trainee.email, trainee.phone].filter(Boolean).join(' – '))],
            el('dt', {}, 'Reçue le'), el('dd', {}, formatDate(localDay(request.requested_at), { weekday: false })),
            el('dt', {}, 'Statut'), el('dd', {}, badge(label, tone),
                request.handled_at ? ` – traitée le ${formatDate(localDay(request.handled_at), { weekday: false })}` : ''),
            el('dt', {}, 'Besoins déclarés'), el('dd', { class: 'pre-line' }, request.needs || '(anonymisé)')),
        anonymised ? null : el('div', { class: 'row' },
            el('div', { class: 'field' }, el('label', { for: `status-${id}` }, 'Suite donnée'), select),
            el('div', { class: 'field' }, el('label', { for: `notes-${id}` }, 'Aménagements prévus'), notes)),
        anonymised ? null : el('div', { class: 'actions' }, save));
    return card;
}

async function load() {
    const status = $('#filter-status').value;
    const result = await api(`/api/v1/accommodations${status ? `?status=${status}` : ''}`, { auth: true });
    if (!result.ok) {
        announce($('#page-status'), result.error.message, 'error');
        $('#content').hidden = true;
        return;
    }
    announce($('#page-status'), '');
    const requests = result.data.requests;
    $('#requests').replaceChildren(...(requests.length ? requests.map(requestCard)
        : [el('p', {}, 'Aucune demande.')]));
    $('#content').hidden = false;
}

async function main() {
    await requireStaff();
    $('#filter-form').addEventListener('submit', (event) => {
        event.preventDefault();
        load();
    });
    await load();
}

main().finally(() => {
    document.body.dataset.ready = 'true';
});
