// The trainee's page, behind the token of their personal link (in the address's #fragment, so
// it never reaches a server log or a Referer): status, waiting-list position, invoices and
// credit notes, certificate, the questionnaires when they are due, complaints, the e-mails sent,
// cancellation (what it will cost shown first).
import {
    $, announce, api, badge, el, formatDate, formatInstant, localDay, setBusy,
} from './common.js';
import { KIND_TITLES, windowText } from './questionnaire-form.js';
import {
    courseDocumentButtons, documents, messageList, summary, tokenFromAddress, withdrawalNotice,
} from './registration-view.js';
import { showContract } from './contract.js';

const token = tokenFromAddress();

function headline(registration) {
    const box = $('#headline');
    if (registration.status === 'confirmed') {
        box.className = 'alert success';
        const unsigned = registration.funding === 'self' && !registration.invoices.length;
        box.replaceChildren(el('p', {}, el('strong', {}, 'Votre place est confirmée.'), unsigned
            ? ' Signez votre contrat de formation ci-dessous : votre facture est émise à la signature.'
            : ' Retrouvez ci-dessous votre facture et, après la formation, votre certificat de réalisation.'));
    } else if (registration.status === 'offered') {
        box.className = 'alert warning';
        box.replaceChildren(el('p', {}, el('strong', {}, 'Une place s’est libérée : elle vous est réservée.'),
            ` Acceptez-la avant le ${formatInstant(registration.offer.expires_at)}.`));
    } else if (registration.status === 'waitlisted') {
        box.className = 'alert warning';
        box.replaceChildren(
            el('p', {}, el('strong', {}, `Vous êtes en position ${registration.waitlist_position} sur la liste d’attente.`)),
            el('p', {}, 'Si une place se libère, elle vous est proposée par e-mail et ici, avec un délai pour l’accepter.'));
    } else if (registration.offer && registration.offer.outcome === 'expired') {
        box.className = 'alert info';
        box.replaceChildren(el('p', {}, el('strong', {}, 'Le délai pour accepter la place proposée est dépassé.'),
            ' Elle a été proposée à la personne suivante ; rien ne vous est facturé.'));
    } else {
        box.className = 'alert info';
        box.replaceChildren(el('p', {}, el('strong', {}, 'Cette inscription est annulée.'),
            ' Si une facture avait été émise, l’avoir qui l’annule figure ci-dessous.'));
    }
}

// A wrong or incomplete link: the way to get the right one again.
function lostLinkHelp(message) {
    return el('p', {}, `${message} `, el('a', { href: '/retrouver-mon-inscription.html' },
        'Recevoir à nouveau le lien de mes inscriptions'), '.');
}

// A seat offered from the waiting list: its deadline, accept or decline.
function renderOffer(registration) {
    const open = registration.status === 'offered' && registration.offer;
    $('#offer').hidden = !open;
    if (open) {
        $('#offer-deadline').replaceChildren('Elle vous est réservée jusqu’au ',
            el('strong', {}, formatInstant(registration.offer.expires_at)), '.');
        askDecline(false, false);
    }
}

function render(registration) {
    headline(registration);
    renderOffer(registration);
    $('#summary').replaceChildren(summary(registration));
    $('#documents').replaceChildren(documents(registration));
    $('#messages').replaceChildren(messageList(registration));
    $('#certificate').replaceChildren(...courseDocumentButtons(registration, token, $('#download-status')));
    const withdrawal = withdrawalNotice(registration);
    $('#withdrawal').replaceChildren(...(withdrawal ? [withdrawal] : []));
    $('#cancel-section').hidden = registration.status === 'cancelled' || registration.status === 'offered';
    $('#content').hidden = false;
    return showContract($('#contract'), token, registration, load);
}

const AVAILABILITY_TONES = { open: 'warn', answered: 'ok', upcoming: 'neutral', closed: 'neutral' };
const COMPLAINT_STATUS = {
    received: 'Reçue', in_progress: 'En cours de traitement', answered: 'Réponse apportée', closed: 'Close',
};

// Each questionnaire of the registration, with a button when it can be answered now.
function renderQuestionnaires(view) {
    const items = view ? view.questionnaires : [];
    $('#questionnaires-section').hidden = items.length === 0;
    $('#questionnaires').replaceChildren(...items.map((item) => {
        const title = KIND_TITLES[item.kind] || item.kind;
        const action = item.window.can_answer
            ? el('a', {
                class: 'button small',
                href: `/questionnaire.html?type=${encodeURIComponent(item.kind)}#${token}`,
                'aria-label': `${item.response ? 'Modifier' : 'Répondre'} : ${title}`,
            }, item.response ? 'Modifier mes réponses' : 'Répondre')
            : null;
        return el('li', {},
            el('span', {}, el('strong', {}, title), ' – ', windowText(item.window), ' ',
                badge(item.window.availability === 'open' ? 'À remplir'
                    : item.window.availability === 'answered' ? 'Répondu'
                        : item.window.availability === 'upcoming' ? 'À venir' : 'Clos',
                AVAILABILITY_TONES[item.window.availability] || 'neutral')),
            action);
    }));
}

function renderComplaints(complaints) {
    if (!complaints || !complaints.length) {
        $('#complaints').replaceChildren();
        return;
    }
    $('#complaints').replaceChildren(el('ul', { class: 'doc-list' }, complaints.map((c) => el('li', {},
        el('span', {}, el('strong', {}, c.subject), ` – envoyée le ${formatDate(localDay(c.received_at), { weekday: false })} – `,
            badge(COMPLAINT_STATUS[c.status] || c.status, c.status === 'received' ? 'warn' : 'ok')),
        el('a', { class: 'button secondary small', href: c.links.follow }, 'Suivre')))));
}

async function loadExtras() {
    const [questionnaires, complaints] = await Promise.all([
        api(`/api/v1/registrations/${encodeURIComponent(token)}/questionnaires`),
        api(`/api/v1/registrations/${encodeURIComponent(token)}/complaints`),
    ]);
    renderQuestionnaires(questionnaires.ok ? questionnaires.data : null);
    renderComplaints(complaints.ok ? complaints.data.complaints : null);
}

async function load() {
    const status = $('#page-status');
    const result = await api(`/api/v1/registrations/${encodeURIComponent(token)}`);
    if (!result.ok) {
        announce(status, result.status === 404 ? lostLinkHelp(result.error.message) : result.error.message, 'error');
        $('#content').hidden = true;
        return null;
    }
    announce(status, '');
    await Promise.all([render(result.data), loadExtras()]);
    return result.data;
}

function askCancel(show) {
    $('#cancel-confirm').hidden = !show;
    $('#cancel').hidden = show;
    (show ? $('#cancel-no') : $('#cancel')).focus();
}

// What cancelling would cost now (fee kept and why, credit note, what is left to pay), asked
// before the panel opens: the cancellation then carries the preview's confirmation, and is
// refused if the terms changed meanwhile (a deadline passed at midnight, a payment recorded).
let shownCancellation = null;

async function previewCancel() {
    const button = $('#cancel');
    setBusy(button, true, 'Calcul des conditions…');
    const result = await api(`/api/v1/registrations/${encodeURIComponent(token)}/cancel-preview`, { method: 'POST' });
    setBusy(button, false);
    if (!result.ok) {
        announce($('#cancel-status'), result.error.message, 'error');
        return false;
    }
    shownCancellation = result.data;
    $('#cancel-cost').textContent = result.data.summary;
    return true;
}

async function openCancel() {
    announce($('#cancel-status'), '');
    if (await previewCancel()) {
        askCancel(true);
    }
}

async function cancel() {
    const cancelStatus = $('#cancel-status');
    const button = $('#cancel-yes');
    setBusy(button, true, 'Annulation…');
    const result = await api(`/api/v1/registrations/${encodeURIComponent(token)}/cancel`,
        { method: 'POST', body: { confirmation: shownCancellation.confirmation } });
    setBusy(button, false);
    if (!result.ok) {
        if (result.error.code === 'cancellation_preview_stale' && await previewCancel()) {
            announce(cancelStatus, 'Les conditions d’annulation ont changé : vérifiez-les ci-dessus avant de confirmer.', 'error');
            return;
        }
        announce(cancelStatus, result.error.message, 'error');
        return;
    }
    askCancel(false);
    await Promise.all([render(result.data), loadExtras()]);
    announce($('#page-status'), 'Votre inscription est annulée.', 'success');
    $('#page-status').setAttribute('tabindex', '-1');
    $('#page-status').focus();
}

function askDecline(show, focus = true) {
    $('#offer-decline-confirm').hidden = !show;
    $('#offer-decline').hidden = show;
    $('#offer-accept').hidden = show;
    if (focus) {
        (show ? $('#offer-decline-no') : $('#offer-decline')).focus();
    }
}

// Accepts or declines the offer; the answer is the registration as it now stands.
async function answerOffer(action, button, busyText, done) {
    setBusy(button, true, busyText);
    const result = await api(`/api/v1/registrations/${encodeURIComponent(token)}/offer/${action}`, { method: 'POST' });
    setBusy(button, false);
    if (!result.ok) {
        announce($('#offer-status'), result.error.message, 'error');
        return;
    }
    announce($('#offer-status'), '');
    await Promise.all([render(result.data), loadExtras()]);
    announce($('#page-status'), done, 'success');
    $('#page-status').setAttribute('tabindex', '-1');
    $('#page-status').focus();
}

if (!token) {
    announce($('#page-status'), lostLinkHelp('Ce lien d’inscription est incomplet : vérifiez l’adresse copiée.'), 'error');
    document.body.dataset.ready = 'true';
} else {
    $('#cancel').addEventListener('click', openCancel);
    $('#cancel-no').addEventListener('click', () => askCancel(false));
    $('#cancel-yes').addEventListener('click', cancel);
    $('#offer-accept').addEventListener('click', () => answerOffer('accept', $('#offer-accept'),
        'Acceptation…', 'Vous avez accepté la place : votre inscription est confirmée.'));
    $('#offer-decline').addEventListener('click', () => askDecline(true));
    $('#offer-decline-no').addEventListener('click', () => askDecline(false));
    $('#offer-decline-yes').addEventListener('click', () => answerOffer('decline', $('#offer-decline-yes'),
        'Envoi…', 'Vous avez décliné la place : votre inscription est annulée.'));
    $('#complaint-link').href = `/reclamation.html#${token}`;
    window.addEventListener('hashchange', () => location.reload());
    load().finally(() => {
        document.body.dataset.ready = 'true';
    });
}
