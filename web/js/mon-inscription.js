// The trainee's page, behind the token of their personal link (in the address's #fragment, so
// it never reaches a server log or a Referer): status, waiting-list position, invoices and
// credit notes, certificate, the questionnaires when they are due, complaints, the e-mails sent,
// cancellation.
import {
    $, announce, api, badge, el, formatDate, localDay, setBusy,
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
        box.replaceChildren(el('p', {}, el('strong', {}, 'Votre place est confirmée.'),
            ' Retrouvez ci-dessous votre facture et, après la formation, votre certificat de réalisation.'));
    } else if (registration.status === 'waitlisted') {
        box.className = 'alert warning';
        box.replaceChildren(
            el('p', {}, el('strong', {}, `Vous êtes en position ${registration.waitlist_position} sur la liste d’attente.`)),
            el('p', {}, 'Si une place se libère, elle vous est attribuée automatiquement et votre facture apparaît ici.'));
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

function render(registration) {
    headline(registration);
    $('#summary').replaceChildren(summary(registration));
    $('#documents').replaceChildren(documents(registration));
    $('#messages').replaceChildren(messageList(registration));
    $('#certificate').replaceChildren(...courseDocumentButtons(registration, token, $('#download-status')));
    const withdrawal = withdrawalNotice(registration);
    $('#withdrawal').replaceChildren(...(withdrawal ? [withdrawal] : []));
    $('#cancel-section').hidden = registration.status === 'cancelled';
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

async function cancel() {
    const cancelStatus = $('#cancel-status');
    const button = $('#cancel-yes');
    setBusy(button, true, 'Annulation…');
    const result = await api(`/api/v1/registrations/${encodeURIComponent(token)}/cancel`, { method: 'POST' });
    setBusy(button, false);
    if (!result.ok) {
        announce(cancelStatus, result.error.message, 'error');
        return;
    }
    askCancel(false);
    await Promise.all([render(result.data), loadExtras()]);
    announce($('#page-status'), 'Votre inscription est annulée.', 'success');
    $('#page-status').setAttribute('tabindex', '-1');
    $('#page-status').focus();
}

if (!token) {
    announce($('#page-status'), lostLinkHelp('Ce lien d’inscription est incomplet : vérifiez l’adresse copiée.'), 'error');
    document.body.dataset.ready = 'true';
} else {
    $('#cancel').addEventListener('click', () => askCancel(true));
    $('#cancel-no').addEventListener('click', () => askCancel(false));
    $('#cancel-yes').addEventListener('click', cancel);
    $('#complaint-link').href = `/reclamation.html#${token}`;
    window.addEventListener('hashchange', () => location.reload());
    load().finally(() => {
        document.body.dataset.ready = 'true';
    });
}
