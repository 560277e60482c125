// Staff: what can be done with one registration from the session page, in a row that opens
// under it — the trainee's personal link to copy, every invoice and credit note to download
// (GET /api/v1/registrations/{id}), moving to another session of the course and correcting the
// tier (POST /api/v1/registrations/{id}/move and /tier: each credits the invoice and issues the
// new one), the e-mails sent about it (GET /api/v1/messages?registration_id=) with « Renvoyer »
// (POST /api/v1/messages/{id}/resend: a new message with the same content).
import {
    $, announce, api, badge, canManageSessions, copyText, el, formatDateRange, formatInstant, formatMoney,
    fullName, MESSAGE_KINDS, setBusy, TIER_LABELS,
} from './common.js';
import { auditTrail } from './audit-trail.js';
import { documents, personalLink } from './registration-view.js';

let otherSessions = null;

// Sessions of the same course a registration may move to (not cancelled, not over).
async function sessionsToMoveTo(current) {
    if (!otherSessions) {
        const result = await api('/api/v1/staff/sessions', { auth: true });
        otherSessions = result.ok ? result.data.sessions : [];
    }
    return otherSessions.filter((s) => s.id !== current.id && s.course.code === current.course.code
        && s.status !== 'cancelled');
}

export function forgetSessions() {
    otherSessions = null;
}

function linkBox(registration, status) {
    const link = personalLink(registration.token);
    const id = `link-${registration.id}`;
    const input = el('input', { type: 'text', id, value: link, readonly: true });
    const copy = el('button', { type: 'button', class: 'secondary small' }, 'Copier le lien');
    copy.addEventListener('click', () => copyText(link, status, input));
    return el('div', { class: 'field' },
        el('label', { for: id }, `Lien personnel de ${fullName(registration.trainee)}`),
        el('div', { class: 'copy-box' }, input, copy));
}

function actionForm({ label, id, options, selected, button, note, onSubmit }) {
    const select = el('select', { id }, options.map(([value, text]) => el('option', { value }, text)));
    if (selected !== undefined) {
        select.value = String(selected);
    }
    const submit = el('button', { type: 'submit', class: 'secondary small' }, button);
    const form = el('form', { class: 'inline-form', novalidate: true },
        el('div', { class: 'field' }, el('label', { for: id }, label), select), submit);
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        setBusy(submit, true, 'Enregistrement…');
        await onSubmit(select.value);
        setBusy(submit, false);
    });
    return [form, el('p', { class: 'note' }, note)];
}

const MESSAGE_STATES = {
    pending: ['En attente d’envoi', 'neutral'],
    sending: ['En cours d’envoi', 'neutral'],
    sent: ['Envoyé', 'ok'],
    failed: ['Non distribué', 'warn'],
};

// The e-mails about a registration, newest first, each with « Renvoyer ». A resend is a new
// message; the list is read again so that it shows.
async function messagesList(registrationId, status) {
    const result = await api(`/api/v1/messages?registration_id=${encodeURIComponent(registrationId)}&limit=50`, { auth: true });
    if (!result.ok) {
        return el('p', { class: 'note' }, result.error.message);
    }
    if (!result.data.items.length) {
        return el('p', { class: 'note' }, 'Aucun e-mail pour cette inscription.');
    }
    const list = el('ul', { class: 'doc-list messages' });
    list.replaceChildren(...result.data.items.map((message) => {
        const [label, tone] = MESSAGE_STATES[message.status] || [message.status, 'neutral'];
        const when = message.sent_at ? `envoyé le ${formatInstant(message.sent_at)}` : `créé le ${formatInstant(message.created_at)}`;
        const kind = MESSAGE_KINDS[message.kind] || message.kind;
        const resend = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Renvoyer : ${kind} (${message.recipient.email})` }, 'Renvoyer');
        resend.addEventListener('click', async () => {
            setBusy(resend, true, 'Envoi…');
            const sent = await api(`/api/v1/messages/${message.id}/resend`, { method: 'POST', auth: true });
            setBusy(resend, false);
            if (!sent.ok) {
                announce(status, sent.error.message, 'error');
                return;
            }
            list.replaceWith(await messagesList(registrationId, status));
            announce(status, `« ${kind} » renvoyé à ${sent.data.recipient.email}.`, 'success');
        });
        return el('li', {},
            el('span', {}, el('strong', {}, kind), ' – ', badge(label, tone), ` ${when} à ${message.recipient.email}`,
                message.resend_of ? ' (renvoi)' : ''),
            resend);
    }));
    return list;
}

async function panel(entry, session, user, reload) {
    const status = el('p', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
    const result = await api(`/api/v1/registrations/${encodeURIComponent(entry.id)}`, { auth: true });
    if (!result.ok) {
        announce(status, result.error.message, 'error');
        return [status];
    }
    const registration = result.data;
    const parts = [linkBox(registration, status), el('h3', {}, 'Factures et avoirs'), documents(registration),
        el('h3', {}, 'E-mails'), await messagesList(registration.id, status)];
    if (canManageSessions(user) && registration.status !== 'cancelled') {
        const done = async (answer, message) => {
            if (!answer.ok) {
                announce(status, answer.error.message, 'error');
                return;
            }
            // The roster first, then the message: whoever reads it sees the new state.
            forgetSessions();
            await reload();
            announce($('#roster-status'), message(answer.data), 'success');
        };
        const targets = await sessionsToMoveTo(session);
        parts.push(el('h3', {}, 'Changer de session'));
        if (targets.length) {
            parts.push(...actionForm({
                label: 'Nouvelle session',
                id: `move-${entry.id}`,
                options: targets.map((s) => [s.id, `${s.reference} – ${formatDateRange(s.starts_on, s.ends_on)} – ${s.place}${s.seats_left > 0 ? '' : ' (complète : liste d’attente)'}`]),
                button: 'Déplacer',
                note: 'La facture est annulée par un avoir et la nouvelle place facturée au même tarif.',
                onSubmit: async (target) => done(
                    await api(`/api/v1/registrations/${entry.id}/move`, { method: 'POST', auth: true, body: { session_id: Number(target) } }),
                    () => `${fullName(entry.trainee)} est déplacé·e vers la session ${targets.find((s) => String(s.id) === target).reference}.`),
            }));
        } else {
            parts.push(el('p', { class: 'note' }, 'Aucune autre session de cette formation n’est prévue.'));
        }
        parts.push(el('h3', {}, 'Corriger le tarif'));
        parts.push(...actionForm({
            label: 'Tarif',
            id: `tier-${entry.id}`,
            options: Object.entries(TIER_LABELS),
            selected: registration.tier,
            button: 'Corriger le tarif',
            note: 'Une facture émise est annulée par un avoir et remplacée par une facture au bon tarif.',
            onSubmit: async (tier) => done(
                await api(`/api/v1/registrations/${entry.id}/tier`, { method: 'POST', auth: true, body: { tier } }),
                (corrected) => `Tarif de ${fullName(entry.trainee)} corrigé : ${formatMoney(corrected.price_cents)}.`),
        }));
    }
    if (user.role === 'admin') {
        parts.push(el('h3', {}, 'Historique'), await auditTrail('registration', entry.id));
    }
    parts.push(status);
    return parts;
}

// A "Détails" button for a roster row: opens a row under it (`columns` wide) with the panel.
export function detailsButton(entry, session, user, reload, columns) {
    const name = fullName(entry.trainee);
    const button = el('button', {
        type: 'button', class: 'secondary small', 'aria-expanded': 'false',
        'aria-label': `Détails et actions pour ${name}`,
    }, 'Détails');
    let detailRow = null;
    button.addEventListener('click', async () => {
        if (detailRow) {
            detailRow.remove();
            detailRow = null;
            button.setAttribute('aria-expanded', 'false');
            return;
        }
        const cell = el('td', { colspan: columns, class: 'detail-cell' }, 'Chargement…');
        detailRow = el('tr', { class: 'detail-row' }, cell);
        button.closest('tr').after(detailRow);
        button.setAttribute('aria-expanded', 'true');
        cell.replaceChildren(el('div', { class: 'detail-panel', role: 'region', 'aria-label': `Détails de ${name}` },
            ...await panel(entry, session, user, reload)));
    });
    return button;
}
