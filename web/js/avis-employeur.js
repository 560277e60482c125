// The employer's cold survey, weeks after the course, through the link of its own
// (/avis-employeur.html#TOKEN): GET and PUT /api/v1/employer-surveys/{token}.
import {
    $, announce, api, clearFieldErrors, formatDateRange, fullName, setBusy, showApiError,
    showFieldErrors,
} from './common.js';
import {
    KIND_INTROS, missingAnswers, questionFields, readAnswers, windowSentence,
} from './questionnaire-form.js';
import { tokenFromAddress } from './registration-view.js';

const token = tokenFromAddress();
const form = $('#survey');
let survey = null;

function render(view) {
    survey = view.survey;
    const session = view.session;
    const employer = view.employer ? ` (${view.employer.name})` : '';
    $('#context').textContent = `${fullName(view.trainee)}, de votre structure${employer}, a suivi la formation `
        + `« ${session.course.title} » ${formatDateRange(session.starts_on, session.ends_on)}.`;
    $('#intro').textContent = KIND_INTROS.employer;
    $('#window-line').textContent = windowSentence(survey.window);
    const answers = survey.response ? survey.response.answers : {};
    $('#questions').replaceChildren(...questionFields(survey.questionnaire, answers,
        { disabled: !survey.window.can_answer }));
    $('#submit').hidden = !survey.window.can_answer;
    $('#content').hidden = false;
}

async function submit(event) {
    event.preventDefault();
    const status = $('#form-status');
    clearFieldErrors(form);
    const answers = readAnswers(form, survey.questionnaire);
    const missing = missingAnswers(form, survey.questionnaire, answers);
    if (missing.length) {
        showFieldErrors(status, missing);
        return;
    }
    setBusy($('#submit'), true, 'Envoi…');
    const result = await api(`/api/v1/employer-surveys/${encodeURIComponent(token)}`, {
        method: 'PUT', body: { version: survey.questionnaire.version, answers },
    });
    setBusy($('#submit'), false);
    if (!result.ok) {
        showApiError(form, status, result.error);
        return;
    }
    render(result.data);
    announce(status, 'Merci, votre avis est enregistré.', 'success');
    status.setAttribute('tabindex', '-1');
    status.focus();
}

async function main() {
    if (!token) {
        announce($('#page-status'), 'Ce lien est incomplet : vérifiez l’adresse copiée.', 'error');
        return;
    }
    form.addEventListener('submit', submit);
    const result = await api(`/api/v1/employer-surveys/${encodeURIComponent(token)}`);
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
