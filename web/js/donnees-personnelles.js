// Admins: erasing a trainee's personal data on request. GET /api/v1/trainees?q= finds them,
// POST /api/v1/trainees/{id}/erase erases (asked again inside the page; no browser dialog).
import {
    $, announce, api, clearFieldErrors, el, formatDate, localDay, plural, requireStaff, setBusy,
    showApiError,
} from './common.js';

function eraseCell(trainee, cell) {
    if (trainee.erased_at) {
        return el('span', {}, `Effacée le ${formatDate(localDay(trainee.erased_at), { weekday: false })}`);
    }
    const name = `${trainee.first_name} ${trainee.last_name}`;
    const button = el('button', { type: 'button', class: 'danger small', 'aria-label': `Effacer les données de ${name}` }, 'Effacer…');
    button.addEventListener('click', () => {
        const yes = el('button', { type: 'button', class: 'danger small' }, 'Oui, effacer définitivement');
        const no = el('button', { type: 'button', class: 'secondary small' }, 'Non');
        const previous = Array.from(cell.childNodes);
        no.addEventListener('click', () => {
            cell.replaceChildren(...previous);
            button.focus();
        });
        yes.addEventListener('click', async () => {
            setBusy(yes, true, 'Effacement…');
            const result = await api(`/api/v1/trainees/${trainee.id}/erase`, { method: 'POST', auth: true });
            setBusy(yes, false);
            const status = $('#search-status');
            if (!result.ok) {
                announce(status, result.error.message, 'error');
                cell.replaceChildren(...previous);
                return;
            }
            const counts = result.data.anonymised;
            announce(status, `Données de ${name} effacées : ${plural(counts.registrations, 'inscription', 'inscriptions')}, `
                + `${plural(counts.answers, 'questionnaire', 'questionnaires')}, ${plural(counts.accommodations, 'demande', 'demandes')} `
                + `d’aménagement, ${plural(counts.complaints, 'réclamation', 'réclamations')} et ${plural(counts.messages, 'e-mail', 'e-mails')} anonymisés`
                + (counts.signatories
                    ? `, ${plural(counts.signatories, 'signataire de convention anonymisé', 'signataires de convention anonymisés')}`
                    : '')
                + ` ; ${plural(result.data.trainee.invoices, 'facture conservée', 'factures conservées')} telle qu’émise`
                + (result.data.trainee.contracts
                    ? `, ${plural(result.data.trainee.contracts, 'contrat signé conservé', 'contrats signés conservés')} tel que signé.`
                    : '.'), 'success');
            // The person is no longer found by what was searched: the row says what happened.
            const erased = result.data.trainee;
            const row = cell.closest('tr');
            row.replaceChildren(
                el('th', { scope: 'row' }, `${erased.first_name} ${erased.last_name}`, el('span', { class: 'cell-sub' }, erased.email)),
                el('td', { class: 'num' }, String(erased.registrations)),
                el('td', { class: 'num' }, String(erased.invoices)),
                el('td', {}, eraseCell(erased, null)));
            status.setAttribute('tabindex', '-1');
            status.focus();
        });
        cell.replaceChildren(el('div', { class: 'actions', role: 'group', 'aria-label': `Confirmer l’effacement de ${name}` },
            el('span', {}, `Effacer définitivement les données de ${name} ? `), yes, no));
        no.focus();
    });
    return button;
}

async function search(event) {
    event?.preventDefault();
    const form = $('#search-form');
    clearFieldErrors(form);
    const text = $('#search').value.trim();
    if (!text) {
        return;
    }
    const result = await api(`/api/v1/trainees?q=${encodeURIComponent(text)}`, { auth: true });
    if (!result.ok) {
        showApiError(form, $('#search-status'), result.error);
        return;
    }
    const trainees = result.data.trainees;
    $('#trainees-body').replaceChildren(...(trainees.length ? trainees.map((t) => {
        const cell = el('td', {});
        cell.append(t.ongoing_registrations > 0
            ? el('span', { class: 'cell-sub' }, 'Inscription en cours : annulez-la d’abord')
            : eraseCell(t, cell));
        return el('tr', {},
            el('th', { scope: 'row' }, `${t.first_name} ${t.last_name}`, el('span', { class: 'cell-sub' }, t.email)),
            el('td', { class: 'num' }, String(t.registrations)),
            el('td', { class: 'num' }, String(t.invoices)),
            cell);
    }) : [el('tr', {}, el('td', { colspan: 4, class: 'empty' }, 'Personne ne correspond.'))]));
}

async function main() {
    const user = await requireStaff();
    if (user.role !== 'admin') {
        announce($('#page-status'), 'Cette page est réservée aux administrateurs.', 'error');
        return;
    }
    announce($('#page-status'), '');
    $('#search-form').addEventListener('submit', search);
    $('#content').hidden = false;
}

main().finally(() => {
    document.body.dataset.ready = 'true';
});
