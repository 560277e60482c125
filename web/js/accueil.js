// Home page: the upcoming sessions (dates in French, place, seats left or waiting list) and the
// prices of the first session's tariff.
import {
    $, api, announce, badge, el, formatDailyHours, formatDate, formatDateRange, formatDateSpan,
    formatMoney, plural,
} from './common.js';

function seatsText(session) {
    if (session.seats_left > 0) {
        return plural(session.seats_left, 'place restante', 'places restantes');
    }
    return 'complet – liste d’attente';
}

function sessionCard(session) {
    const headingId = `session-${session.id}`;
    const open = session.registration_open;
    const seats = session.seats_left > 0
        ? badge(seatsText(session), session.seats_left <= 2 ? 'warn' : 'ok')
        : badge(seatsText(session), 'warn');
    const facts = el('dl', { class: 'facts' },
        el('dt', {}, 'Dates'), el('dd', {}, formatDateRange(session.starts_on, session.ends_on)),
        el('dt', {}, 'Durée'), el('dd', {}, `${String(session.hours).replace('.', ',')} heures`),
        el('dt', {}, 'Horaires'), el('dd', {}, formatDailyHours(session.daily_hours)),
        el('dt', {}, 'Lieu'), el('dd', {}, session.place),
        el('dt', {}, 'Places'), el('dd', {}, seats),
        el('dt', {}, 'Inscriptions'),
        el('dd', {}, open ? `jusqu’au ${formatDate(session.registration_deadline)}` : 'closes'));
    if (session.seats_left === 0 && session.waitlist_length > 0) {
        facts.append(el('dt', {}, 'En attente'),
            el('dd', {}, plural(session.waitlist_length, 'personne', 'personnes')));
    }
    const action = open
        ? el('a', {
            class: 'button',
            href: `/sinscrire.html?session=${encodeURIComponent(session.id)}`,
            'aria-describedby': headingId,
        }, session.seats_left > 0 ? 'S’inscrire' : 'S’inscrire sur la liste d’attente')
        : el('p', { class: 'note' }, 'Les inscriptions à cette session sont closes.');
    return el('article', { class: 'card session-card', 'aria-labelledby': headingId },
        el('p', { class: 'kicker' }, session.course.title),
        el('h3', { id: headingId }, formatDateSpan(session.starts_on, session.ends_on)),
        facts,
        el('div', { class: 'actions' }, action));
}

async function main() {
    const status = $('#sessions-status');
    const list = $('#sessions-list');
    const result = await api('/api/v1/sessions');
    if (!result.ok) {
        announce(status, result.error.message, 'error');
        return;
    }
    const sessions = result.data.sessions;
    if (sessions.length === 0) {
        announce(status, 'Aucune session n’est programmée pour le moment. Revenez bientôt !', 'info');
        return;
    }
    announce(status, '');
    list.replaceChildren(...sessions.map(sessionCard));
    // The prices shown are those of the tariff in force for the next session.
    const prices = sessions[0].prices_cents || {};
    for (const tier of ['self_funded', 'member', 'non_member']) {
        if (prices[tier] !== null && prices[tier] !== undefined) {
            $(`#price-${tier}`).textContent = formatMoney(prices[tier]);
        }
    }
}

// Tests (and people) can tell when the page is ready to use: every handler is attached.
main().finally(() => {
    document.body.dataset.ready = 'true';
});
