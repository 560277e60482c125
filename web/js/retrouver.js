// "Retrouver mon inscription": POST /api/v1/registrations/lost-link mails the personal links of
// the registrations of an address. The service answers the same for a known and an unknown
// address, so the page does too.
import {
    $, announce, api, clearFieldErrors, setBusy, showApiError, showFieldErrors,
} from './common.js';

const form = $('#lost-link');
const status = $('#lost-status');

form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    announce(status, '');
    const email = $('#email');
    const value = email.value.trim();
    if (!value) {
        showFieldErrors(status, [{ input: email, message: 'Indiquez votre adresse e-mail.' }]);
        return;
    }
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
        showFieldErrors(status, [{ input: email, message: 'Cette adresse e-mail n’est pas valide.' }]);
        return;
    }
    const button = $('#submit');
    setBusy(button, true, 'Envoi…');
    const result = await api('/api/v1/registrations/lost-link', { method: 'POST', body: { email: value } });
    setBusy(button, false);
    if (!result.ok) {
        showApiError(form, status, result.error);
        return;
    }
    announce(status, result.data.message, 'success');
    status.setAttribute('tabindex', '-1');
    status.focus();
});

document.body.dataset.ready = 'true';
