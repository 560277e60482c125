// Staff: every training convention not signed yet, across sessions (GET
// /api/v1/conventions/unsigned), with the session page's actions: PDF, new link, signed copy.
import {
    $, announce, api, el, formatDate, formatInstant, plural, requireStaff,
} from './common.js';
import { conventionActions } from './convention-actions.js';

let user = null;

function row(entry) {
    const signatory = entry.signatory
        ? el('span', { class: 'cell-sub' }, `${entry.signatory.name}, ${entry.signatory.role} – ${entry.signatory.email}`)
        : el('span', { class: 'cell-sub' }, 'Signataire non indiqué·e : joindre la copie signée');
    const sent = entry.links_sent
        ? [el('span', {}, plural(entry.links_sent, 'lien', 'liens')), el('span', { class: 'cell-sub' }, `dernier le ${formatInstant(entry.last_link_at)}`)]
        : '—';
    return el('tr', {},
        el('td', {}, el('a', { href: `/session.html?id=${entry.session_id}` }, entry.session_reference),
            el('span', { class: 'cell-sub' }, `${entry.course_title}, à partir du ${formatDate(entry.starts_on, { weekday: false })}`)),
        el('th', { scope: 'row' }, entry.trainee_name),
        el('td', {}, el('span', {}, entry.employer_name), signatory),
        el('td', {}, sent),
        el('td', {}, el('div', { class: 'actions' }, ...conventionActions({
            id: entry.registration_id, name: entry.trainee_name, state: 'unsigned', user, status: $('#list-status'), reload: load,
        }))));
}

async function load() {
    const result = await api('/api/v1/conventions/unsigned', { auth: true });
    if (!result.ok) {
        announce($('#page-status'), result.error.message, 'error');
        return;
    }
    const list = result.data.conventions;
    $('#conventions-body').replaceChildren(...(list.length ? list.map(row)
        : [el('tr', {}, el('td', { colspan: 5, class: 'empty' }, 'Toutes les conventions sont signées.'))]));
    announce($('#page-status'), '');
    $('#content').hidden = false;
}

async function main() {
    user = await requireStaff();
    await load();
}

main().finally(() => {
    document.body.dataset.ready = 'true';
});
