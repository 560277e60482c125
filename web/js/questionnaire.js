// The trainee answers a questionnaire from their personal link (/questionnaire.html?type=KIND#TOKEN,
// the token in the #fragment): positioning and needs after registering, with the accommodation
// need for the disability referent; self-assessment and satisfaction after the last day.
// GET and PUT /api/v1/registrations/{token}/questionnaires[/KIND].
import {
    $, announce, api, clearFieldErrors, el, formatDateRange, queryParam, setBusy, showApiError,
    showFieldErrors,
} from './common.js';
import {
    KIND_INTROS, KIND_TITLES, missingAnswers, questionFields, readAnswers, windowSentence,
} from './questionnaire-form.js';
import { tokenFromAddress } from './registration-view.js';

const token = tokenFromAddress();
const kind = queryParam('type');
const form = $('#questionnaire');
let current = null;

function render(view) {
    const item = view.questionnaires.find((q) => q.kind === kind);
    const session = view.session;
    $('#session-line').textContent = `${session.course.title}, ${formatDateRange(session.starts_on, session.ends_on)} – ${session.place}`;
    if (!item) {
        announce($('#page-status'), 'Ce questionnaire ne concerne pas votre inscription.', 'info');
        $('#content').hidden = true;
        return;
    }
    current = item;
    const answers = item.response ? item.response.answers : {};
    $('#title').textContent = KIND_TITLES[kind];
    document.title = `${KIND_TITLES[kind]} – Créer sa CAE`;
    $('#intro').textContent = KIND_INTROS[kind];
    $('#window-line').textContent = windowSentence(item.window);
    $('#questions').replaceChildren(...questionFields(item.questionnaire, answers,
        { disabled: !item.window.can_answer }));
    const needs = kind === 'needs';
    $('#accommodation-fieldset').hidden = !needs;
    if (needs && view.accommodation) {
        $('#accommodation-needed').checked = true;
        $('#accommodation').value = view.accommodation.needs || '';
        $('#accommodation-status').textContent = 'Votre demande a été transmise à notre référent·e handicap, qui vous contactera.';
    }
    $('#accommodation-field').hidden = !$('#accommodation-needed').checked;
    $('#submit').textContent = item.response ? 'Mettre à jour mes réponses' : 'Envoyer mes réponses';
    $('#submit').hidden = !item.window.can_answer;
    $('#accommodation-needed').disabled = !item.window.can_answer;
    $('#accommodation').disabled = !item.window.can_answer;
    $('#content').hidden = false;
}

async function load() {
    const result = await api(`/api/v1/registrations/${encodeURIComponent(token)}/questionnaires`);
    if (!result.ok) {
        announce($('#page-status'), result.error.message, 'error');
        return;
    }
    announce($('#page-status'), '');
    render(result.data);
}

async function submit(event) {
    event.preventDefault();
    const status = $('#form-status');
    clearFieldErrors(form);
    announce(status, '');
    const answers = readAnswers(form, current.questionnaire);
    const missing = missingAnswers(form, current.questionnaire, answers);
    const body = { version: current.questionnaire.version, answers };
    if (kind === 'needs' && $('#accommodation-needed').checked) {
        const text = $('#accommodation').value.trim();
        if (!text) {
            missing.push({ input: $('#accommodation'), message: 'Décrivez vos besoins, ou décochez la case.' });
        }
        body.accommodation = text;
    }
    if (missing.length) {
        showFieldErrors(status, missing);
        return;
    }
    const button = $('#submit');
    setBusy(button, true, 'Envoi…');
    const result = await api(`/api/v1/registrations/${encodeURIComponent(token)}/questionnaires/${encodeURIComponent(kind)}`,
        { method: 'PUT', body });
    setBusy(button, false);
    if (!result.ok) {
        showApiError(form, status, result.error);
        return;
    }
    render(result.data);
    announce(status, el('p', {}, 'Merci, vos réponses sont enregistrées. ',
        el('a', { href: `/mon-inscription.html#${token}` }, 'Retour à mon inscription')), 'success');
    status.setAttribute('tabindex', '-1');
    status.focus();
}

if (!token || !KIND_TITLES[kind] || kind === 'employer') {
    announce($('#page-status'), 'Ce lien de questionnaire est incomplet : vérifiez l’adresse copiée.', 'error');
} else {
    for (const link of [$('#back-link'), $('#back-button')]) {
        link.href = `/mon-inscription.html#${token}`;
    }
    $('#accommodation-needed').addEventListener('change', () => {
        $('#accommodation-field').hidden = !$('#accommodation-needed').checked;
        if (!$('#accommodation-field').hidden) {
            $('#accommodation').focus();
        }
    });
    form.addEventListener('submit', submit);
    load().finally(() => {
        document.body.dataset.ready = 'true';
    });
}
