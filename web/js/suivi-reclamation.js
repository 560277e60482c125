// Whoever submitted a complaint follows it here (/suivi-reclamation.html#TOKEN):
// GET /api/v1/complaints/follow/{token}.
import { $, announce, api, badge, el, formatDate, localDay } from './common.js';
import { tokenFromAddress } from './registration-view.js';

export const COMPLAINT_STATUS = {
    received: ['Reçue', 'warn'],
    in_progress: ['En cours de traitement', 'warn'],
    answered: ['Réponse apportée', 'ok'],
    closed: ['Close', 'neutral'],
};

function render(complaint) {
    const [label, tone] = COMPLAINT_STATUS[complaint.status] || [complaint.status, 'neutral'];
    $('#request').replaceChildren(el('dl', { class: 'facts' },
        el('dt', {}, 'Numéro'), el('dd', {}, String(complaint.id)),
        el('dt', {}, 'Reçue le'), el('dd', {}, formatDate(localDay(complaint.received_at))),
        el('dt', {}, 'Objet'), el('dd', {}, complaint.subject),
        el('dt', {}, 'Statut'), el('dd', {}, badge(label, tone)),
        complaint.session_reference ? [el('dt', {}, 'Session'), el('dd', {}, complaint.session_reference)] : null),
    el('p', { class: 'pre-line' }, complaint.description));
    $('#answer').replaceChildren(complaint.answer
        ? el('div', {},
            el('p', { class: 'note' }, `Répondu le ${formatDate(localDay(complaint.answered_at))}`),
            el('p', { class: 'pre-line' }, complaint.answer))
        : el('p', {}, 'Votre réclamation est en cours de traitement : la réponse apparaîtra ici.'));
    $('#content').hidden = false;
}

async function main() {
    const token = tokenFromAddress();
    if (!token) {
        announce($('#page-status'), 'Ce lien de suivi est incomplet : vérifiez l’adresse copiée.', 'error');
        return;
    }
    const result = await api(`/api/v1/complaints/follow/${encodeURIComponent(token)}`);
    if (!result.ok) {
        announce($('#page-status'), result.error.message, 'error');
        return;
    }
    announce($('#page-status'), '');
    render(result.data);
}

main().finally(() => {
    document.body.dataset.ready = 'true';
});
