// Admins: the audit trail of a session or a registration (GET /api/v1/audit), newest first —
// when, who, what, and which fields changed from what to what.
import { api, el, plural } from './common.js';

const ACTIONS = {
    'session.created': 'Session créée',
    'session.updated': 'Session modifiée',
    'session.cancelled': 'Session annulée',
    'registration.created': 'Inscription',
    'registration.promoted': 'Place attribuée depuis la liste d’attente',
    'registration.cancelled': 'Inscription annulée',
    'registration.moved': 'Changement de session',
    'registration.tier_corrected': 'Tarif corrigé',
};

function when(iso) {
    const date = new Date(iso);
    const two = (n) => String(n).padStart(2, '0');
    return `${two(date.getDate())}/${two(date.getMonth() + 1)}/${date.getFullYear()} à ${date.getHours()}h${two(date.getMinutes())}`;
}

function shown(value) {
    if (value === null || value === undefined || value === '') {
        return '—';
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// "place : A → B" for each field that differs.
function changes(before, after) {
    if (!before || !after || typeof before !== 'object' || typeof after !== 'object') {
        return [];
    }
    return Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        .map((key) => el('li', {}, `${key} : ${shown(before[key])} → ${shown(after[key])}`));
}

export async function auditTrail(entity, id) {
    const result = await api(`/api/v1/audit?entity=${encodeURIComponent(entity)}&entity_id=${encodeURIComponent(id)}&limit=200`, { auth: true });
    if (!result.ok) {
        return el('p', { class: 'note' }, result.error.message);
    }
    const events = result.data.events;
    if (!events.length) {
        return el('p', { class: 'note' }, 'Aucune modification enregistrée.');
    }
    return el('div', {},
        el('p', { class: 'note' }, plural(events.length, 'événement', 'événements'), ', du plus récent au plus ancien.'),
        el('ol', { class: 'audit' }, events.map((event) => el('li', {},
            el('strong', {}, ACTIONS[event.action] || event.action),
            ` – ${when(event.occurred_at)}, par ${event.actor.replace(/^user:/, '')}`,
            el('ul', {}, changes(event.before, event.after))))));
}
