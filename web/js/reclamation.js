// The complaint form: anyone (POST /api/v1/complaints), or a trainee from their personal page
// (/reclamation.html#TOKEN: POST /api/v1/registrations/{token}/complaints, who they are is known).
// The answer gives the follow-up link to keep.
import {
    $, announce, api, clearFieldErrors, setBusy, showApiError, showFieldErrors,
} from './common.js';
import { tokenFromAddress } from './registration-view.js';

const token = tokenFromAddress();
const form = $('#complaint');

function checks() {
    const problems = [];
    for (const id of ['subject', 'description']) {
        if (!$(`#${id}`).value.trim()) {
            problems.push({ input: $(`#${id}`), message: 'Ce champ est obligatoire.' });
        }
    }
    if (!token && !$('#author_email').value.trim()) {
        problems.push({ input: $('#author_email'), message: 'Indiquez votre adresse e-mail : elle nous permet de vous répondre.' });
    }
    return problems;
}

async function submit(event) {
    event.preventDefault();
    const status = $('#form-status');
    clearFieldErrors(form);
    announce(status, '');
    const problems = checks();
    if (problems.length) {
        showFieldErrors(status, problems);
        return;
    }
    const body = {
        kind: form.querySelector('input[name="kind"]:checked').value,
        subject: $('#subject').value,
        description: $('#description').value,
    };
    if (!token) {
        Object.assign(body, {
            author_role: $('#author_role').value,
            author_name: $('#author_name').value,
            author_email: $('#author_email').value,
        });
    }
    const path = token ? `/api/v1/registrations/${encodeURIComponent(token)}/complaints` : '/api/v1/complaints';
    setBusy($('#submit'), true, 'Envoi…');
    const result = await api(path, { method: 'POST', body });
    setBusy($('#submit'), false);
    if (!result.ok) {
        showApiError(form, status, result.error);
        return;
    }
    const link = `${location.origin}${result.data.links.follow}`;
    form.hidden = true;
    $('#sent-line').textContent = `Votre réclamation n° ${result.data.id} « ${result.data.subject} » a bien été reçue.`;
    $('#follow-link').value = link;
    $('#follow-open').href = result.data.links.follow;
    $('#sent').hidden = false;
    $('#titre-envoyee').focus();
}

if (token) {
    // From the personal page: the registration says who writes.
    $('#author-fieldset').hidden = true;
    const line = $('#trainee-line');
    line.textContent = 'Votre réclamation sera rattachée à votre inscription.';
    line.hidden = false;
}
form.addEventListener('submit', submit);
document.body.dataset.ready = 'true';
