// The employer's signatory reads and signs the training convention through their personal link
// (/convention.html#TOKEN): GET /api/v1/convention-links/{token}, its PDF, and POST …/signature
// with the SHA-256 of the PDF this page fetched and the sentence shown (as the trainee's contract).
import {
    $, announce, api, el, formatDateRange, formatInstant, setBusy,
} from './common.js';
import { hashOfPdf } from './contract.js';
import { tokenFromAddress } from './registration-view.js';

const token = tokenFromAddress();

function linkUrl(tail = '') {
    return `/api/v1/convention-links/${encodeURIComponent(token)}${tail}`;
}

function signedPanel(convention) {
    const signature = convention.signature;
    if (signature.method === 'paper') {
        return el('div', { class: 'alert success', id: 'convention-signed', tabindex: '-1', role: 'status' },
            el('p', {}, el('strong', {}, `Convention signée sur papier, enregistrée le ${formatInstant(signature.signed_at)}.`)));
    }
    return el('div', { class: 'alert success', id: 'convention-signed', tabindex: '-1', role: 'status' },
        el('p', {}, el('strong', {}, `Convention signée le ${formatInstant(signature.signed_at)}.`),
            ' Merci : l’organisme de formation conserve la preuve de votre signature.'),
        el('p', {}, el('q', {}, signature.statement)),
        el('p', { class: 'note' }, 'Empreinte SHA-256 du document signé : ',
            el('code', { class: 'hash', id: 'signed-hash' }, signature.pdf_sha256)));
}

function signForm(convention, onSigned) {
    const box = el('input', { type: 'checkbox', id: 'convention-accept' });
    const button = el('button', { type: 'button', id: 'convention-sign', disabled: true }, 'Signer la convention');
    const status = el('div', { class: 'alert', role: 'alert', id: 'convention-status' });
    box.addEventListener('change', () => { button.disabled = !box.checked; });
    button.addEventListener('click', async () => {
        setBusy(button, true, 'Signature…');
        let hash;
        try {
            hash = await hashOfPdf(linkUrl('/convention.pdf'), convention.pdf_sha256);
        } catch (error) {
            setBusy(button, false);
            announce(status, error.message, 'error');
            return;
        }
        const result = await api(linkUrl('/signature'), {
            method: 'POST', body: { pdf_sha256: hash, statement: convention.statement },
        });
        setBusy(button, false);
        if (!result.ok) {
            announce(status, result.error.message, 'error');
            return;
        }
        onSigned(result.data);
    });
    return el('div', {},
        el('p', {}, 'Lisez la convention, puis confirmez la phrase ci-dessous pour la signer en ligne '
            + '(signature électronique simple : la date et l’heure, l’empreinte du document et cette phrase sont conservées).'),
        el('label', { class: 'choice' }, box, el('span', { id: 'convention-statement' }, convention.statement)),
        el('div', { class: 'actions' }, button),
        status);
}

function render(convention) {
    $('#reference').textContent = convention.reference;
    $('#context').textContent = `${convention.employer_name} – formation « ${convention.course_title} » `
        + `${formatDateRange(convention.starts_on, convention.ends_on)}, pour ${convention.trainee_name}.`;
    $('#read').href = linkUrl('/convention.pdf');
    $('#pdf-hash').textContent = convention.pdf_sha256;
    const body = $('#convention-body');
    if (convention.signature) {
        body.replaceChildren(signedPanel(convention));
    } else {
        body.replaceChildren(signForm(convention, (signed) => {
            render(signed);
            $('#convention-signed').focus();
        }));
    }
    $('#content').hidden = false;
}

async function main() {
    if (!token) {
        announce($('#page-status'), 'Ce lien est incomplet : vérifiez l’adresse copiée depuis l’e-mail.', 'error');
        return;
    }
    const result = await api(linkUrl());
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
