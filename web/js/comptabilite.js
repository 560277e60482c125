// Accounting: invoices and credit notes with filters (GET /api/v1/invoices), overdue view
// (GET /api/v1/invoices/overdue), payments (POST /api/v1/invoices/{number}/payments), an
// invoice's payments, refunds and reversals (GET …/payments, POST …/refunds,
// POST …/payments/{id}/reversal), the closing of periods (/api/v1/accounting/closures), exports
// (CSV, FEC, PDF archive) and the yearly report figures (GET /api/v1/reports/bpf).
import {
    $, announce, api, badge, canDoAccounting, clearFieldErrors, download, el, formatDate, formatInstant,
    formatHours, formatMoney, invoiceBadge, PAYMENT_METHODS, parseEuros, plural, requireStaff,
    queryParam, setBusy, setFieldError, shortDate, showApiError, showFieldErrors, todayIso,
} from './common.js';
import { documents } from './registration-view.js';

const PAGE = 50;
let offset = 0;
// The invoice whose history is shown, and the entry being reversed.
let historyNumber = null;
let reversing = null;

const ENTRY_KINDS = { payment: 'Paiement', refund: 'Remboursement', reversal: 'Annulation' };

function pdfButton(invoice) {
    const button = el('button', {
        type: 'button', class: 'secondary small', 'aria-label': `Télécharger ${invoice.number} (PDF)`,
    }, 'PDF');
    button.addEventListener('click', () => download(`/api/v1/invoices/${encodeURIComponent(invoice.number)}.pdf`,
        `${invoice.number}.pdf`, { auth: true, status: $('#list-status') }));
    return button;
}

function payButton(invoice) {
    if (invoice.kind !== 'invoice' || !(invoice.amount_due_cents > 0)) {
        return null;
    }
    const button = el('button', {
        type: 'button', class: 'small', 'aria-label': `Enregistrer un paiement pour ${invoice.number}`,
    }, 'Paiement');
    button.addEventListener('click', () => {
        $('#pay-number').value = invoice.number;
        $('#pay-amount').value = (invoice.amount_due_cents / 100).toFixed(2).replace('.', ',');
        $('#pay-date').value = todayIso();
        $('#pay-amount').focus();
    });
    return button;
}

function historyButton(invoice) {
    if (invoice.kind !== 'invoice') {
        return null;
    }
    const button = el('button', {
        type: 'button', class: 'secondary small', 'aria-label': `Règlements de ${invoice.number}`,
    }, 'Règlements');
    button.addEventListener('click', () => showHistory(invoice.number));
    return button;
}

function client(invoice) {
    return [
        el('span', {}, invoice.buyer_name),
        invoice.session ? el('span', { class: 'cell-sub' }, `Session ${invoice.session.reference}`) : null,
    ];
}

// The due date, and under it the échéancier of a self-funded trainee's invoice (L6353-6):
// "3 versements : 90,00 € le 13/01/2027, 105,00 € le 25/01/2027, …".
function dueCell(invoice) {
    const instalments = invoice.instalments || [];
    if (!instalments.length) {
        return shortDate(invoice.due_on);
    }
    return [shortDate(invoice.due_on), el('span', { class: 'cell-sub instalments' },
        `${instalments.length} versement${instalments.length > 1 ? 's' : ''} : `
        + instalments.map((i) => `${formatMoney(i.amount_cents)} le ${shortDate(i.due_on)}`).join(', '))];
}

function invoiceRow(invoice) {
    const credit = invoice.kind === 'credit_note';
    return el('tr', {},
        el('th', { scope: 'row', class: 'nowrap' }, invoice.number,
            el('span', { class: 'cell-sub' }, credit ? `Avoir${invoice.corrects ? ` de ${invoice.corrects}` : ''}` : 'Facture')),
        el('td', {}, shortDate(invoice.issued_on)),
        el('td', {}, credit ? '—' : dueCell(invoice)),
        el('td', {}, client(invoice)),
        el('td', { class: 'num' }, formatMoney(invoice.total_cents)),
        el('td', { class: 'num' }, credit ? '—' : formatMoney(invoice.amount_paid_cents)),
        el('td', { class: 'num' }, credit ? '—' : formatMoney(invoice.amount_due_cents)),
        el('td', {}, invoiceBadge(invoice.status)),
        el('td', {}, el('div', { class: 'actions' }, pdfButton(invoice), payButton(invoice),
            historyButton(invoice))));
}

async function loadInvoices() {
    const body = $('#invoices-body');
    const filters = $('#filters');
    clearFieldErrors(filters);
    announce($('#filters-status'), '');
    const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    for (const name of ['q', 'from', 'to', 'status', 'kind']) {
        const value = $(`#${name}`).value.trim();
        if (value) {
            params.set(name, value);
        }
    }
    const result = await api(`/api/v1/invoices?${params}`, { auth: true });
    if (!result.ok) {
        body.replaceChildren(el('tr', {}, el('td', { colspan: 9, class: 'empty' }, 'Liste indisponible.')));
        showApiError(filters, $('#filters-status'), result.error);
        return;
    }
    const { items, total } = result.data;
    body.replaceChildren(...(items.length ? items.map(invoiceRow)
        : [el('tr', {}, el('td', { colspan: 9, class: 'empty' }, 'Aucune facture ne correspond.'))]));
    const last = Math.min(offset + PAGE, total);
    $('#page-info').textContent = total ? `${offset + 1}–${last} sur ${total}` : '';
    $('#previous').disabled = offset === 0;
    $('#next').disabled = last >= total;
    announce($('#list-status'), `${plural(total, 'document', 'documents')}.`, 'info');
}

// Whom to call about an overdue invoice: the address on it, the trainee, e-mail and phone.
function contact(details) {
    if (!details) {
        return '—';
    }
    return [
        details.address ? el('span', { class: 'pre-line' }, details.address) : null,
        el('span', { class: 'cell-sub' }, `Stagiaire : ${details.trainee_name}`),
        el('span', { class: 'cell-sub' }, el('a', { href: `mailto:${details.email}` }, details.email)),
        details.phone ? el('span', { class: 'cell-sub' }, el('a', { href: `tel:${details.phone.replace(/\s/g, '')}` }, details.phone)) : null,
    ];
}

// The payment reminders already sent (or waiting to be) for an overdue invoice, newest first.
function reminders(invoice) {
    const sent = invoice.reminders || [];
    if (!sent.length) {
        return el('span', { class: 'cell-sub' }, 'Aucune relance');
    }
    return sent.map((reminder) => {
        const label = reminder.number ? `Relance n° ${reminder.number}` : 'Relance';
        const state = reminder.status === 'sent'
            ? `envoyée le ${formatInstant(reminder.sent_at)}`
            : reminder.status === 'failed' ? 'non distribuée' : 'en cours d’envoi';
        return el('span', { class: 'cell-sub reminder' },
            `${label}${reminder.resend_of ? ' (renvoi)' : ''} ${state} à ${reminder.recipient}`);
    });
}

async function loadOverdue() {
    const holder = $('#overdue');
    const status = $('#overdue-status');
    announce(status, 'Chargement…', 'info');
    const result = await api('/api/v1/invoices/overdue', { auth: true });
    if (!result.ok) {
        announce(status, result.error.message, 'error');
        holder.replaceChildren();
        return;
    }
    const report = result.data;
    announce(status, `Au ${formatDate(report.as_of)} : ${formatMoney(report.total_due_cents)} échus et non payés.`, 'info');
    if (!report.invoices.length) {
        holder.replaceChildren(el('p', { class: 'empty' }, 'Aucun impayé échu.'));
        return;
    }
    holder.replaceChildren(
        el('div', { class: 'table-wrap' }, el('table', {},
            el('caption', {}, 'Par client'),
            el('thead', {}, el('tr', {},
                el('th', { scope: 'col' }, 'Client'),
                el('th', { scope: 'col' }, 'Contact'),
                el('th', { scope: 'col' }, 'Compte'),
                el('th', { scope: 'col' }, 'Factures'),
                el('th', { scope: 'col' }, 'Plus ancienne échéance'),
                el('th', { scope: 'col', class: 'num' }, 'Reste dû'))),
            el('tbody', {}, report.buyers.map((buyer) => el('tr', {},
                el('th', { scope: 'row' }, buyer.buyer_name,
                    buyer.buyer_siret ? el('span', { class: 'cell-sub' }, `SIRET ${buyer.buyer_siret}`) : null),
                el('td', {}, contact(buyer.contact)),
                el('td', {}, buyer.customer_account),
                el('td', {}, Array.isArray(buyer.invoices) ? buyer.invoices.join(', ') : String(buyer.invoices)),
                el('td', {}, shortDate(buyer.oldest_due_on)),
                el('td', { class: 'num' }, formatMoney(buyer.amount_due_cents))))))),
        el('div', { class: 'table-wrap' }, el('table', {},
            el('caption', {}, 'Factures échues'),
            el('thead', {}, el('tr', {},
                el('th', { scope: 'col' }, 'Numéro'),
                el('th', { scope: 'col' }, 'Client'),
                el('th', { scope: 'col' }, 'Échéance impayée'),
                el('th', { scope: 'col', class: 'num' }, 'Retard'),
                el('th', { scope: 'col', class: 'num' }, 'Échu'),
                el('th', { scope: 'col', class: 'num' }, 'Reste dû'),
                el('th', { scope: 'col' }, 'Relances'),
                el('th', { scope: 'col' }, 'Actions'))),
            el('tbody', {}, report.invoices.map((invoice) => el('tr', {},
                el('th', { scope: 'row' }, invoice.number),
                el('td', {}, client(invoice)),
                el('td', {}, dueCell({ ...invoice, due_on: invoice.overdue_since })),
                el('td', { class: 'num' }, plural(invoice.days_overdue, 'jour', 'jours')),
                el('td', { class: 'num' }, formatMoney(invoice.overdue_cents)),
                el('td', { class: 'num' }, formatMoney(invoice.amount_due_cents)),
                el('td', {}, reminders(invoice)),
                el('td', {}, el('div', { class: 'actions' }, pdfButton(invoice), payButton(invoice),
                    historyButton(invoice)))))))));
}

// ---------------------------------------------------------------------------
// An invoice's payments, refunds and reversals
// ---------------------------------------------------------------------------

function entryOperation(entry, byId) {
    const kind = ENTRY_KINDS[entry.kind] || entry.kind;
    if (entry.kind !== 'reversal') {
        return [kind, entry.reversed_by ? el('span', { class: 'cell-sub' }, badge('annulé', 'neutral')) : null];
    }
    const reversed = byId.get(entry.reverses);
    const what = reversed ? `${(ENTRY_KINDS[reversed.kind] || '').toLowerCase()} du ${shortDate(reversed.date)}` : 'règlement';
    return [`${kind} du ${what}`, el('span', { class: 'cell-sub' }, `Motif : ${entry.reason || '—'}`)];
}

function reverseButton(entry) {
    if (entry.kind === 'reversal' || entry.reversed_by) {
        return null;
    }
    const what = `${(ENTRY_KINDS[entry.kind] || '').toLowerCase()} de ${formatMoney(Math.abs(entry.amount_cents))} du ${shortDate(entry.date)}`;
    const button = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Annuler le ${what}` }, 'Annuler…');
    button.addEventListener('click', () => {
        reversing = entry;
        const form = $('#reversal');
        clearFieldErrors(form);
        announce($('#reversal-status'), '');
        $('#reversal-title').textContent = `Annuler le ${what}`;
        $('#reversal-date').value = todayIso();
        $('#reversal-reason').value = '';
        form.hidden = false;
        $('#reversal-reason').focus();
    });
    return button;
}

function renderHistory(history) {
    const invoice = history.invoice;
    $('#history-summary').replaceChildren(
        figure('Total', formatMoney(invoice.total_cents)),
        figure('Reçu', formatMoney(invoice.amount_paid_cents)),
        figure('Remboursé', formatMoney(invoice.amount_refunded_cents)),
        figure('Reste dû', formatMoney(invoice.amount_due_cents)),
        figure('À rembourser', formatMoney(invoice.refund_due_cents)),
        figure('Statut', invoiceBadge(invoice.status)));
    loadDocuments(invoice);
    const link = `${location.origin}/comptabilite.html?facture=${encodeURIComponent(invoice.number)}`;
    $('#history-link').href = link;
    $('#history-link').textContent = link;
    const byId = new Map(history.entries.map((entry) => [entry.id, entry]));
    const rows = history.entries.map((entry) => el('tr', {},
        el('td', {}, shortDate(entry.date)),
        el('td', {}, entryOperation(entry, byId)),
        el('td', { class: 'num' }, formatMoney(entry.amount_cents)),
        el('td', {}, PAYMENT_METHODS[entry.method] || entry.method,
            entry.reference ? el('span', { class: 'cell-sub' }, entry.reference) : null),
        el('td', {}, entry.recorded_by.replace(/^user:/, ''),
            el('span', { class: 'cell-sub' }, shortDate(entry.recorded_at))),
        el('td', {}, el('div', { class: 'actions' }, reverseButton(entry)))));
    $('#history-body').replaceChildren(...(rows.length ? rows
        : [el('tr', {}, el('td', { colspan: 6, class: 'empty' }, 'Aucun règlement enregistré.'))]));
    const refund = $('#refund');
    const due = invoice.refund_due_cents || 0;
    refund.hidden = due <= 0;
    if (due > 0) {
        $('#refund-due').textContent = `Après l’avoir, ${formatMoney(due)} sont à rembourser au client.`;
        $('#refund-amount').value = (due / 100).toFixed(2).replace('.', ',');
        $('#refund-date').value = todayIso();
    }
}

// The invoice and its credit notes, from its registration.
async function loadDocuments(invoice) {
    const holder = $('#history-documents');
    const result = await api(`/api/v1/registrations/${encodeURIComponent(invoice.registration_id)}`, { auth: true });
    if (!result.ok) {
        holder.replaceChildren(el('p', { class: 'note' }, result.error.message));
        return;
    }
    const related = result.data.invoices.filter((document) => document.number === invoice.number
        || document.corrects === invoice.number);
    holder.replaceChildren(documents({ ...result.data, invoices: related }));
}

async function loadHistory() {
    const result = await api(`/api/v1/invoices/${encodeURIComponent(historyNumber)}/payments`, { auth: true });
    if (!result.ok) {
        announce($('#history-status'), result.error.message, 'error');
        return;
    }
    renderHistory(result.data);
}

// Shown once loaded, so the section never shows another invoice's entries.
async function showHistory(number) {
    historyNumber = number;
    reversing = null;
    $('#reversal').hidden = true;
    announce($('#history-status'), '');
    await loadHistory();
    $('#history-number').textContent = number;
    $('#history-section').hidden = false;
    $('#titre-historique').focus();
}

// After a correction: the history, and the list or overdue view behind it.
function refreshAfter(history, message) {
    renderHistory(history);
    announce($('#history-status'), message, 'success');
    if ($('#view-list').hidden) {
        loadOverdue();
    } else {
        loadInvoices();
    }
}

async function recordReversal(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const status = $('#reversal-status');
    clearFieldErrors(form);
    announce(status, '');
    const problems = [];
    if (!$('#reversal-date').value) {
        problems.push({ input: $('#reversal-date'), message: 'Indiquez la date de l’annulation.' });
    }
    if (!$('#reversal-reason').value.trim()) {
        problems.push({ input: $('#reversal-reason'), message: 'Indiquez pourquoi ce règlement est annulé.' });
    }
    if (problems.length) {
        showFieldErrors(status, problems);
        return;
    }
    const button = $('#reversal-submit');
    setBusy(button, true, 'Enregistrement…');
    const result = await api(`/api/v1/invoices/${encodeURIComponent(historyNumber)}/payments/${encodeURIComponent(reversing.id)}/reversal`, {
        method: 'POST', auth: true, body: { reversed_on: $('#reversal-date').value, reason: $('#reversal-reason').value },
    });
    setBusy(button, false);
    if (!result.ok) {
        showApiError(form, status, result.error);
        return;
    }
    form.hidden = true;
    refreshAfter(result.data, `Annulation enregistrée sur ${historyNumber} : reste dû ${formatMoney(result.data.invoice.amount_due_cents)}.`);
    $('#titre-historique').focus();
}

async function recordRefund(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const status = $('#refund-status');
    clearFieldErrors(form);
    announce(status, '');
    const amount = parseEuros($('#refund-amount').value);
    const problems = [];
    if (amount === null || amount <= 0) {
        problems.push({ input: $('#refund-amount'), message: 'Indiquez un montant positif, par exemple 300,00.' });
    }
    if (!$('#refund-date').value) {
        problems.push({ input: $('#refund-date'), message: 'Indiquez la date du remboursement.' });
    }
    if (problems.length) {
        showFieldErrors(status, problems);
        return;
    }
    const body = { amount_cents: amount, refunded_on: $('#refund-date').value, method: $('#refund-method').value };
    if ($('#refund-reference').value.trim()) {
        body.reference = $('#refund-reference').value;
    }
    const button = $('#refund-submit');
    setBusy(button, true, 'Enregistrement…');
    const result = await api(`/api/v1/invoices/${encodeURIComponent(historyNumber)}/refunds`, { method: 'POST', auth: true, body });
    setBusy(button, false);
    if (!result.ok) {
        showApiError(form, status, result.error);
        return;
    }
    $('#refund-reference').value = '';
    refreshAfter(result.data, `Remboursement de ${formatMoney(amount)} enregistré sur ${historyNumber}.`);
    $('#titre-historique').focus();
}

// ---------------------------------------------------------------------------
// Closing periods
// ---------------------------------------------------------------------------

function lastDayOfPreviousMonth() {
    const today = new Date(`${todayIso()}T12:00:00`);
    const last = new Date(today.getFullYear(), today.getMonth(), 0);
    return `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}-${String(last.getDate()).padStart(2, '0')}`;
}

async function loadClosing() {
    const state = $('#closing-state');
    const result = await api('/api/v1/accounting/closures', { auth: true });
    if (!result.ok) {
        announce(state, result.error.message, 'error');
        return;
    }
    const { closed_through: closedThrough, closures } = result.data;
    if (!closedThrough) {
        announce(state, 'Aucune période n’est clôturée.', 'info');
    } else {
        const last = closures[0];
        announce(state, `Comptes clôturés jusqu’au ${formatDate(closedThrough)} inclus `
            + `(par ${last.closed_by.replace(/^user:/, '')}, le ${shortDate(last.closed_at)}) : `
            + 'plus rien ne peut être daté de ce jour ou avant.', 'info');
    }
}

function askClosing(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const input = $('#closing-date');
    clearFieldErrors(form);
    announce($('#closing-status'), '');
    if (!input.value) {
        showFieldErrors($('#closing-status'), [{ input, message: 'Indiquez le dernier jour de la période à clôturer.' }]);
        return;
    }
    $('#closing-question').textContent = `Clôturer définitivement les comptes jusqu’au ${formatDate(input.value)} inclus ? `
        + 'Plus aucune facture, aucun avoir, paiement, remboursement ou annulation ne pourra être daté de ce jour ou avant, '
        + 'par personne. Exportez le FEC de la période une fois la clôture faite.';
    $('#closing-confirm').hidden = false;
    $('#closing-no').focus();
}

async function closePeriod() {
    const button = $('#closing-yes');
    setBusy(button, true, 'Clôture…');
    const result = await api('/api/v1/accounting/closures', {
        method: 'POST', auth: true, body: { closed_through: $('#closing-date').value },
    });
    setBusy(button, false);
    $('#closing-confirm').hidden = true;
    if (!result.ok) {
        showApiError($('#closing'), $('#closing-status'), result.error);
        return;
    }
    await loadClosing();
    announce($('#closing-status'), `Période clôturée jusqu’au ${formatDate(result.data.closed_through)} inclus.`, 'success');
}

function showView(name) {
    const list = name === 'list';
    $('#view-list').hidden = !list;
    $('#view-overdue').hidden = list;
    $('#tab-list').setAttribute('aria-pressed', String(list));
    $('#tab-overdue').setAttribute('aria-pressed', String(!list));
    if (list) {
        loadInvoices();
    } else {
        loadOverdue();
    }
}

async function recordPayment(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const status = $('#payment-status');
    clearFieldErrors(form);
    announce(status, '');
    const number = $('#pay-number').value.trim();
    const amount = parseEuros($('#pay-amount').value);
    const problems = [];
    if (!number) {
        problems.push({ input: $('#pay-number'), message: 'Indiquez le numéro de la facture.' });
    }
    if (amount === null || amount <= 0) {
        problems.push({ input: $('#pay-amount'), message: 'Indiquez un montant positif, par exemple 300,00.' });
    }
    if (!$('#pay-date').value) {
        problems.push({ input: $('#pay-date'), message: 'Indiquez la date du paiement.' });
    }
    if (problems.length) {
        showFieldErrors(status, problems);
        return;
    }
    const body = { amount_cents: amount, paid_on: $('#pay-date').value, method: $('#pay-method').value };
    if ($('#pay-reference').value.trim()) {
        body.reference = $('#pay-reference').value;
    }
    const button = $('#pay-submit');
    setBusy(button, true, 'Enregistrement…');
    const result = await api(`/api/v1/invoices/${encodeURIComponent(number)}/payments`, { method: 'POST', body, auth: true });
    setBusy(button, false);
    if (!result.ok) {
        if (result.status === 404) {
            setFieldError($('#pay-number'), result.error.message);
            announce(status, 'Le formulaire contient une erreur : corrigez le champ signalé.', 'error');
            $('#pay-number').focus();
            return;
        }
        showApiError(form, status, result.error);
        return;
    }
    const invoice = result.data;
    form.reset();
    $('#pay-date').value = todayIso();
    announce(status, `Paiement de ${formatMoney(amount)} enregistré sur ${invoice.number} : `
        + `reste dû ${formatMoney(invoice.amount_due_cents)}.`, 'success');
    if (historyNumber === invoice.number && !$('#history-section').hidden) {
        loadHistory();
    }
    if ($('#view-list').hidden) {
        loadOverdue();
    } else {
        loadInvoices();
    }
}

function checkPeriod() {
    const from = $('#export-from');
    const to = $('#export-to');
    const form = $('#period-exports');
    clearFieldErrors(form);
    const problems = [];
    if (!from.value) {
        problems.push({ input: from, message: 'Indiquez le premier jour de la période.' });
    }
    if (!to.value) {
        problems.push({ input: to, message: 'Indiquez le dernier jour de la période.' });
    }
    if (problems.length) {
        showFieldErrors($('#export-status'), problems);
        return null;
    }
    return new URLSearchParams({ from: from.value, to: to.value });
}

function checkYear() {
    const year = $('#export-year');
    clearFieldErrors($('#year-exports'));
    if (!/^\d{4}$/.test(year.value)) {
        showFieldErrors($('#export-status'), [{ input: year, message: 'Indiquez une année sur 4 chiffres.' }]);
        return null;
    }
    return year.value;
}

function figure(label, value) {
    return el('div', { class: 'card' }, el('span', { class: 'cell-sub' }, label), el('strong', {}, value));
}

async function showBpf() {
    const year = checkYear();
    if (!year) {
        return;
    }
    const status = $('#export-status');
    announce(status, 'Calcul…', 'info');
    const result = await api(`/api/v1/reports/bpf?year=${encodeURIComponent(year)}`, { auth: true });
    if (!result.ok) {
        announce(status, result.error.message, 'error');
        return;
    }
    announce(status, `Chiffres du bilan pédagogique et financier ${year}.`, 'success');
    const report = result.data;
    const revenue = report.revenue_excl_tax_cents || {};
    const trainees = report.trainees || {};
    const sessions = report.sessions || {};
    const trainers = report.trainers || {};
    const rows = ['employees', 'individuals', 'total'].filter((k) => trainees[k]).map((k) => el('tr', {},
        el('th', { scope: 'row' }, trainees[k].label),
        el('td', { class: 'num' }, String(trainees[k].trainees)),
        el('td', { class: 'num' }, formatHours(trainees[k].trainee_hours))));
    $('#bpf').replaceChildren(
        el('h3', {}, `Bilan pédagogique et financier ${report.year ?? year}`),
        el('p', { class: 'note' }, 'Produits des formations réalisées dans l’année (sessions commencées dans l’année et tenues), '
            + 'nets de tous leurs avoirs.'),
        el('div', { class: 'figures' },
            figure('Produits HT – employeurs pour leurs salariés', formatMoney(revenue.employers)),
            figure('Produits HT – OPCO et organismes financeurs', formatMoney(revenue.funding_bodies)),
            figure('Produits HT – particuliers à leurs frais', formatMoney(revenue.individuals)),
            figure('Produits HT – total', formatMoney(revenue.total)),
            figure('Sessions réalisées', `${sessions.delivered ?? '—'} (${formatHours(sessions.delivered_hours)})`),
            figure('Formateurs', `${trainers.count ?? '—'} (${formatHours(trainers.hours)})`)),
        el('p', { class: 'note' }, `Objectif général : ${report.objective?.code ?? '—'} – ${report.objective?.label ?? ''}. `
            + `Spécialité : ${report.speciality?.code ?? '—'} – ${report.speciality?.label ?? ''}.`),
        el('div', { class: 'table-wrap' }, el('table', {},
            el('caption', {}, 'Stagiaires et heures-stagiaires'),
            el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Catégorie'),
                el('th', { scope: 'col', class: 'num' }, 'Stagiaires'),
                el('th', { scope: 'col', class: 'num' }, 'Heures-stagiaires'))),
            el('tbody', {}, rows))));
}

async function main() {
    const user = await requireStaff();
    if (!canDoAccounting(user)) {
        announce($('#page-status'), 'Cette page est réservée à la comptabilité et aux administrateur·rices.', 'error');
        for (const section of document.querySelectorAll('main > section, main > .tabs')) {
            section.hidden = true;
        }
        return;
    }
    const today = todayIso();
    $('#pay-date').value = today;
    $('#export-from').value = `${today.slice(0, 4)}-01-01`;
    $('#export-to').value = today;
    $('#export-year').value = today.slice(0, 4);

    $('#tab-list').addEventListener('click', () => showView('list'));
    $('#tab-overdue').addEventListener('click', () => showView('overdue'));
    $('#filters').addEventListener('submit', (event) => {
        event.preventDefault();
        offset = 0;
        loadInvoices();
    });
    $('#previous').addEventListener('click', () => {
        offset = Math.max(0, offset - PAGE);
        loadInvoices();
    });
    $('#next').addEventListener('click', () => {
        offset += PAGE;
        loadInvoices();
    });
    $('#payment').addEventListener('submit', recordPayment);
    $('#reversal').addEventListener('submit', recordReversal);
    $('#reversal-abandon').addEventListener('click', () => {
        $('#reversal').hidden = true;
        $('#titre-historique').focus();
    });
    $('#refund').addEventListener('submit', recordRefund);
    $('#closing-date').value = lastDayOfPreviousMonth();
    $('#closing').addEventListener('submit', askClosing);
    $('#closing-yes').addEventListener('click', closePeriod);
    $('#closing-no').addEventListener('click', () => {
        $('#closing-confirm').hidden = true;
        $('#closing-submit').focus();
    });
    loadClosing();
    const status = $('#export-status');
    $('#export-csv').addEventListener('click', () => {
        const period = checkPeriod();
        if (period) {
            download(`/api/v1/exports/invoices.csv?${period}`, 'factures.csv', { auth: true, status });
        }
    });
    $('#export-zip').addEventListener('click', () => {
        const period = checkPeriod();
        if (period) {
            download(`/api/v1/exports/invoices.zip?${period}`, 'factures.zip', { auth: true, status });
        }
    });
    $('#export-fec').addEventListener('click', () => {
        const year = checkYear();
        if (year) {
            download(`/api/v1/exports/fec?year=${encodeURIComponent(year)}`, `FEC-${year}.txt`, { auth: true, status });
        }
    });
    $('#show-bpf').addEventListener('click', showBpf);
    $('#export-bpf').addEventListener('click', () => {
        const year = checkYear();
        if (year) {
            download(`/api/v1/reports/bpf?year=${encodeURIComponent(year)}&format=csv`, `bpf-${year}.csv`, { auth: true, status });
        }
    });
    await loadInvoices();
    // comptabilite.html?facture=FA-2026-00012: that invoice's page.
    const linked = queryParam('facture');
    if (linked) {
        $('#q').value = linked;
        await loadInvoices();
        await showHistory(linked);
    }
}

// Tests (and people) can tell when the page is ready to use: every handler is attached.
main().finally(() => {
    document.body.dataset.ready = 'true';
});
