// Confirmation after registering: the personal link, the invoice, and for self-funded trainees
// the withdrawal period. The registration comes from the service (the form's copy in
// sessionStorage only avoids a blank page while it loads).
import { $, announce, api, el, formatMoney } from './common.js';
import { documents, personalLink, summary, tokenFromAddress, withdrawalNotice } from './registration-view.js';

function render(registration, token) {
    const waitlisted = registration.status === 'waitlisted';
    $('#title').textContent = waitlisted ? 'Vous êtes sur la liste d’attente' : 'Inscription confirmée';
    document.title = `${$('#title').textContent} – Créer sa CAE`;
    const headline = $('#headline');
    headline.className = `alert ${waitlisted ? 'warning' : 'success'}`;
    if (waitlisted) {
        headline.replaceChildren(
            el('p', {}, el('strong', {}, `Vous êtes en position ${registration.waitlist_position} sur la liste d’attente.`)),
            el('p', {}, 'La session est complète. Si une place se libère, elle vous est attribuée automatiquement '
                + 'dans l’ordre de la liste ; votre facture apparaîtra alors sur votre page personnelle.'));
    } else {
        headline.replaceChildren(
            el('p', {}, el('strong', {}, 'Votre place est réservée. '),
                `Montant : ${formatMoney(registration.price_cents)} net de taxe.`),
            ...(registration.funding === 'self'
                ? [el('p', { id: 'invoice-with-signature' }, 'Signez votre contrat de formation depuis votre page personnelle : '
                    + 'votre facture vous est adressée à la signature, avec son échéancier.')]
                : []));
    }
    const link = personalLink(token);
    $('#personal-link').value = link;
    $('#open-link').href = `/mon-inscription.html#${token}`;
    $('#summary').replaceChildren(summary(registration));
    $('#documents').replaceChildren(documents(registration));
    const withdrawal = withdrawalNotice(registration);
    $('#withdrawal').replaceChildren(...(withdrawal ? [withdrawal] : []));
    $('#content').hidden = false;
}

async function main() {
    const status = $('#page-status');
    const token = tokenFromAddress();
    if (!token) {
        announce(status, 'Ce lien d’inscription est incomplet : vérifiez l’adresse copiée.', 'error');
        return;
    }
    const cached = sessionStorage.getItem(`formations.registration.${token}`);
    if (cached) {
        try {
            render(JSON.parse(cached), token);
            announce(status, '');
        } catch {
            // ignore a damaged copy
        }
    }
    const result = await api(`/api/v1/registrations/${encodeURIComponent(token)}`);
    if (!result.ok) {
        announce(status, result.error.message, 'error');
        return;
    }
    announce(status, '');
    render(result.data, token);
}

$('#copy-link').addEventListener('click', async () => {
    const input = $('#personal-link');
    const copyStatus = $('#copy-status');
    try {
        await navigator.clipboard.writeText(input.value);
        announce(copyStatus, 'Lien copié.', 'success');
    } catch {
        input.select();
        announce(copyStatus, 'Le lien est sélectionné : copiez-le avec Ctrl+C (ou ⌘+C).', 'info');
    }
});

// Tests (and people) can tell when the page is ready to use: every handler is attached.
main().finally(() => {
    document.body.dataset.ready = 'true';
});
