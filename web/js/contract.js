// The training contract on the trainee's page (self-funded trainees with a seat): read the PDF,
// confirm the sentence, sign. What is signed is the SHA-256 of the PDF bytes this page fetched
// (computed here when the browser can, else the one the service announces for that same PDF),
// with the sentence shown; the service checks both and keeps the evidence.
import {
    $, announce, api, el, formatDate, formatInstant, formatMoney, setBusy,
} from './common.js';

function contractUrl(token, tail = '') {
    return `/api/v1/registrations/${encodeURIComponent(token)}/contract${tail}`;
}

export async function sha256Hex(buffer) {
    const digest = await crypto.subtle.digest('SHA-256', buffer);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

// The hash of the PDF at `url` as fetched now; the announced one when the page cannot compute it
// (crypto.subtle needs a secure context: HTTPS or localhost). Also used by the convention's page.
export async function hashOfPdf(url, announced) {
    if (!globalThis.crypto || !crypto.subtle) {
        return announced;
    }
    const result = await api(url, { raw: true, headers: { Accept: 'application/pdf' } });
    if (!result.ok) {
        throw new Error(result.error.message);
    }
    return sha256Hex(await result.response.arrayBuffer());
}

function schedule(signature) {
    if (!signature.payment_schedule.length) {
        return null;
    }
    return el('div', {},
        el('p', {}, 'Échéancier (article L6353-6 du Code du travail : rien n’est dû avant la fin du délai de rétractation) :'),
        el('ul', { class: 'doc-list', id: 'contract-schedule' }, signature.payment_schedule.map((instalment) => el('li', {},
            el('span', {}, `${formatMoney(instalment.amount_cents)} à partir du ${formatDate(instalment.due_on, { weekday: false })}`)))));
}

function signedPanel(contract) {
    const signature = contract.signature;
    if (signature.withdrawn_at) {
        return el('div', { class: 'alert info', id: 'contract-signed', tabindex: '-1', role: 'status' },
            el('p', {}, el('strong', {}, `Contrat signé le ${formatInstant(signature.signed_at)}, `
                + `rétractation le ${formatInstant(signature.withdrawn_at)}.`)));
    }
    return el('div', { class: 'alert success', id: 'contract-signed', tabindex: '-1', role: 'status' },
        el('p', {}, el('strong', {}, `Contrat signé le ${formatInstant(signature.signed_at)}.`),
            ` Vous pouvez vous rétracter sans frais jusqu’au ${formatDate(signature.withdrawal_ends_on)} inclus.`),
        schedule(signature) || '',
        el('p', { class: 'note' }, 'Empreinte SHA-256 du document signé : ',
            el('code', { class: 'hash' }, signature.pdf_sha256)));
}

// One click (and its confirmation): the registration cancelled without any fee.
function withdrawForm(token, contract, onDone) {
    const ask = el('button', { type: 'button', class: 'danger', id: 'contract-withdraw' }, 'Me rétracter…');
    const yes = el('button', { type: 'button', class: 'danger', id: 'contract-withdraw-yes' }, 'Oui, je me rétracte');
    const no = el('button', { type: 'button', class: 'secondary' }, 'Non');
    const panel = el('div', { class: 'confirm-panel', hidden: true },
        el('p', {}, el('strong', {}, 'Confirmez-vous votre rétractation ?'),
            ' Votre inscription est annulée sans frais, votre facture annulée par un avoir, et votre place proposée à la liste d’attente.'),
        el('div', { class: 'actions' }, yes, no));
    const status = el('div', { class: 'alert', role: 'alert' });
    ask.addEventListener('click', () => { panel.hidden = false; ask.hidden = true; no.focus(); });
    no.addEventListener('click', () => { panel.hidden = true; ask.hidden = false; ask.focus(); });
    yes.addEventListener('click', async () => {
        setBusy(yes, true, 'Rétractation…');
        const result = await api(contractUrl(token, '/withdrawal'), { method: 'POST' });
        setBusy(yes, false);
        if (!result.ok) {
            announce(status, result.error.message, 'error');
            return;
        }
        await onDone();
        announce($('#page-status'), 'Votre rétractation est enregistrée : votre inscription est annulée sans frais.', 'success');
        $('#page-status').setAttribute('tabindex', '-1');
        $('#page-status').focus();
    });
    return el('div', {}, el('p', {}, ask), panel, status);
}

function signForm(token, contract, onSigned) {
    const box = el('input', { type: 'checkbox', id: 'contract-accept' });
    const button = el('button', { type: 'button', id: 'contract-sign', disabled: true }, 'Signer le contrat');
    const status = el('div', { class: 'alert', role: 'alert', id: 'contract-status' });
    box.addEventListener('change', () => { button.disabled = !box.checked; });
    button.addEventListener('click', async () => {
        setBusy(button, true, 'Signature…');
        let hash;
        try {
            hash = await hashOfPdf(contractUrl(token, '.pdf'), contract.pdf_sha256);
        } catch (error) {
            setBusy(button, false);
            announce(status, error.message, 'error');
            return;
        }
        const result = await api(contractUrl(token, '/signature'), {
            method: 'POST', body: { pdf_sha256: hash, statement: contract.statement },
        });
        setBusy(button, false);
        if (!result.ok) {
            announce(status, result.error.message, 'error');
            return;
        }
        onSigned(result.data);
    });
    return el('div', {},
        el('label', { class: 'choice' }, box, el('span', {}, contract.statement)),
        el('div', { class: 'actions' }, button),
        status);
}

// Fills `section` (hidden when the registration has no contract). `reload`: shows the
// registration again after a signature (its invoice) or a withdrawal.
export async function showContract(section, token, registration, reload) {
    const body = $('#contract-body', section);
    if (registration.funding !== 'self' || registration.status === 'waitlisted' || registration.status === 'offered') {
        section.hidden = true;
        return;
    }
    const result = await api(contractUrl(token));
    if (!result.ok) {
        section.hidden = true;
        return;
    }
    const contract = result.data;
    const read = el('a', {
        class: 'button secondary', href: contractUrl(token, '.pdf'), target: '_blank', rel: 'noopener',
    }, `Lire le contrat n° ${contract.reference} (PDF)`);
    const render = (current) => {
        const parts = [el('p', {}, read)];
        if (current.signature) {
            parts.push(signedPanel(current));
            if (registration.status === 'confirmed' && current.signature.withdrawal_open) {
                parts.push(withdrawForm(token, current, reload));
            }
        } else if (registration.status === 'confirmed') {
            parts.push(el('p', {}, 'Votre inscription devient définitive quand vous signez votre contrat de formation '
                + '(article L6353-3 du Code du travail). Lisez-le, puis confirmez :'));
            parts.push(signForm(token, current, async (signed) => {
                render(signed);
                // The signature issued the invoice and its échéancier: show the page again.
                await reload();
                announce($('#page-status'), 'Contrat signé : votre facture est émise, avec son échéancier.', 'success');
                $('#contract-signed').focus();
            }));
        }
        body.replaceChildren(...parts);
    };
    render(contract);
    section.hidden = false;
}
