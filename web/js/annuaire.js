// Staff: the member directory. Search and paging (GET /api/v1/organisations), status changes
// and name and address corrections (PATCH), a new structure (POST) and the import of a spreadsheet (POST …/import, text/csv).
import {
    $, announce, api, canManageSessions, clearFieldErrors, el, ORGANISATION_STATUS, plural,
    requireStaff, setBusy, showApiError, showFieldErrors,
} from './common.js';

const PAGE = 50;
let offset = 0;
let total = 0;
let writer = false;

function statusCell(organisation) {
    if (!writer) {
        return ORGANISATION_STATUS[organisation.status] || organisation.status;
    }
    const id = `status-${organisation.id}`;
    const select = el('select', { id, 'aria-label': `Statut de ${organisation.name}` },
        Object.entries(ORGANISATION_STATUS).map(([value, label]) =>
            el('option', { value, selected: value === organisation.status ? true : null }, label)));
    select.value = organisation.status;
    select.addEventListener('change', async () => {
        const previous = organisation.status;
        const result = await api(`/api/v1/organisations/${encodeURIComponent(organisation.id)}`, {
            method: 'PATCH', body: { status: select.value }, auth: true,
        });
        if (!result.ok) {
            select.value = previous;
            announce($('#list-status'), result.error.message, 'error');
            return;
        }
        organisation.status = result.data.status;
        announce($('#list-status'), `${organisation.name} : statut « ${ORGANISATION_STATUS[organisation.status]} » enregistré.`, 'success');
    });
    return select;
}

// "Modifier": a form under the row for the name and the address.
function editButton(organisation) {
    const button = el('button', { type: 'button', class: 'secondary small', 'aria-expanded': 'false', 'aria-label': `Modifier ${organisation.name}` }, 'Modifier');
    let row = null;
    button.addEventListener('click', () => {
        if (row) {
            row.remove();
            row = null;
            button.setAttribute('aria-expanded', 'false');
            return;
        }
        const id = organisation.id;
        const name = el('input', { type: 'text', id: `edit-name-${id}`, value: organisation.name, maxlength: 200, 'data-field': 'name' });
        const address = el('textarea', { id: `edit-address-${id}`, rows: 3, 'data-field': 'address' });
        address.value = organisation.address || '';
        const status = el('div', { class: 'alert', role: 'alert' });
        const save = el('button', { type: 'submit', class: 'small' }, 'Enregistrer');
        const cancel = el('button', { type: 'button', class: 'secondary small' }, 'Annuler');
        const form = el('form', { novalidate: true, 'aria-label': `Modifier ${organisation.name}` }, status,
            el('div', { class: 'row' },
                el('div', { class: 'field' }, el('label', { for: name.id }, 'Raison sociale'), name),
                el('div', { class: 'field' }, el('label', { for: address.id }, 'Adresse'), address)),
            el('div', { class: 'actions' }, save, cancel));
        cancel.addEventListener('click', () => button.click());
        form.addEventListener('submit', async (event) => {
            event.preventDefault();
            clearFieldErrors(form);
            if (!name.value.trim()) {
                showFieldErrors(status, [{ input: name, message: 'Indiquez la raison sociale.' }]);
                return;
            }
            setBusy(save, true, 'Enregistrement…');
            const result = await api(`/api/v1/organisations/${encodeURIComponent(id)}`, {
                method: 'PATCH', auth: true, body: { name: name.value, address: address.value },
            });
            setBusy(save, false);
            if (!result.ok) {
                showApiError(form, status, result.error);
                return;
            }
            await load();
            announce($('#list-status'), `${result.data.name} : nom et adresse enregistrés.`, 'success');
        });
        row = el('tr', { class: 'detail-row' }, el('td', { colspan: 4 }, form));
        button.closest('tr').after(row);
        button.setAttribute('aria-expanded', 'true');
        name.focus();
    });
    return button;
}

async function load() {
    const body = $('#organisations-body');
    const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if ($('#q').value.trim()) {
        params.set('q', $('#q').value.trim());
    }
    if ($('#status-filter').value) {
        params.set('status', $('#status-filter').value);
    }
    const result = await api(`/api/v1/organisations?${params}`, { auth: true });
    if (!result.ok) {
        body.replaceChildren(el('tr', {}, el('td', { colspan: 4, class: 'empty' }, result.error.message)));
        return;
    }
    total = result.data.total;
    const rows = result.data.organisations.map((o) => el('tr', {},
        el('th', { scope: 'row' }, o.name, writer ? el('span', { class: 'cell-sub' }, editButton(o)) : null),
        el('td', {}, o.siret),
        el('td', {}, o.address || '—'),
        el('td', {}, statusCell(o))));
    body.replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 4, class: 'empty' }, 'Aucune structure ne correspond.'))]));
    const last = Math.min(offset + PAGE, total);
    $('#page-info').textContent = total ? `${offset + 1}–${last} sur ${total}` : '';
    $('#previous').disabled = offset === 0;
    $('#next').disabled = last >= total;
    announce($('#list-status'), `${plural(total, 'structure trouvée', 'structures trouvées')}.`, 'info');
}

async function add(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const status = $('#add-status');
    clearFieldErrors(form);
    announce(status, '');
    const problems = [];
    if (!$('#new-siret').value.trim()) {
        problems.push({ input: $('#new-siret'), message: 'Indiquez le numéro SIRET.' });
    }
    if (!$('#new-name').value.trim()) {
        problems.push({ input: $('#new-name'), message: 'Indiquez la raison sociale.' });
    }
    if (problems.length) {
        showFieldErrors(status, problems);
        return;
    }
    const button = $('#add-submit');
    setBusy(button, true, 'Ajout…');
    const result = await api('/api/v1/organisations', {
        method: 'POST',
        auth: true,
        body: {
            siret: $('#new-siret').value.trim(),
            name: $('#new-name').value,
            address: $('#new-address').value,
            status: $('#new-status').value,
        },
    });
    setBusy(button, false);
    if (!result.ok) {
        showApiError(form, status, result.error);
        return;
    }
    form.reset();
    announce(status, `${result.data.name} ajoutée à l’annuaire.`, 'success');
    await load();
}

async function importFile(event) {
    event.preventDefault();
    const status = $('#import-status');
    const errors = $('#import-errors');
    errors.replaceChildren();
    const file = $('#csv-file').files[0];
    if (!file) {
        announce(status, 'Choisissez un fichier CSV.', 'error');
        $('#csv-file').focus();
        return;
    }
    const button = $('#import-submit');
    setBusy(button, true, 'Import…');
    const result = await api('/api/v1/organisations/import', {
        method: 'POST',
        auth: true,
        // The bytes as saved: the service recognises UTF-8, UTF-16 and Windows-1252 (reading
        // them as text here would turn « é » of an Excel file into « � »).
        body: file,
        headers: { 'Content-Type': 'text/csv' },
    });
    setBusy(button, false);
    if (result.ok) {
        const { created, updated, unchanged } = result.data;
        announce(status, `Import terminé : ${plural(created, 'structure ajoutée', 'structures ajoutées')}, `
            + `${plural(updated, 'mise à jour', 'mises à jour')}, ${plural(unchanged, 'inchangée', 'inchangées')}.`, 'success');
        await load();
        return;
    }
    announce(status, result.error.message, 'error');
    const lines = result.data?.lines || [];
    if (lines.length) {
        errors.replaceChildren(el('div', { class: 'table-wrap' }, el('table', {},
            el('caption', {}, 'Lignes à corriger dans le fichier'),
            el('thead', {}, el('tr', {}, el('th', { scope: 'col', class: 'num' }, 'Ligne'),
                el('th', { scope: 'col' }, 'Colonne'), el('th', { scope: 'col' }, 'Problème'))),
            el('tbody', {}, lines.map((line) => el('tr', {},
                el('td', { class: 'num' }, String(line.line)),
                el('td', {}, line.column || line.field || '—'),
                el('td', {}, line.message)))))));
    }
}

async function main() {
    const user = await requireStaff();
    writer = canManageSessions(user);
    $('#writer-tools').hidden = !writer;
    $('#search').addEventListener('submit', (event) => {
        event.preventDefault();
        offset = 0;
        load();
    });
    $('#previous').addEventListener('click', () => {
        offset = Math.max(0, offset - PAGE);
        load();
    });
    $('#next').addEventListener('click', () => {
        offset += PAGE;
        load();
    });
    $('#add').addEventListener('submit', add);
    $('#import').addEventListener('submit', importFile);
    await load();
}

// Tests (and people) can tell when the page is ready to use: every handler is attached.
main().finally(() => {
    document.body.dataset.ready = 'true';
});
