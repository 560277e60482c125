// Staff login: POST /api/v1/auth/session; the service keeps the login in an HttpOnly cookie
// shared by every tab of this browser (this script never sees the token).
import {
    $, announce, api, clearFieldErrors, queryParam, setBusy, showApiError, showFieldErrors,
} from './common.js';

const form = $('#login');
const status = $('#login-status');

// Only a path of this site: never "//elsewhere" or "https://…".
function destination(user) {
    const back = queryParam('retour');
    if (back && /^\/(?![/\\])/.test(back) && !back.startsWith('/connexion.html')) {
        return back;
    }
    return user.role === 'accountant' ? '/comptabilite.html' : '/sessions.html';
}

form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    announce(status, '');
    const email = $('#email');
    const password = $('#password');
    const problems = [];
    if (!email.value.trim()) {
        problems.push({ input: email, message: 'Indiquez votre adresse e-mail.' });
    }
    if (!password.value) {
        problems.push({ input: password, message: 'Indiquez votre mot de passe.' });
    }
    if (problems.length) {
        showFieldErrors(status, problems);
        return;
    }
    const button = $('#submit');
    setBusy(button, true, 'Connexion…');
    const result = await api('/api/v1/auth/session', {
        method: 'POST',
        body: { email: email.value.trim(), password: password.value },
    });
    setBusy(button, false);
    if (!result.ok) {
        password.value = '';
        showApiError(form, status, result.error);
        return;
    }
    location.assign(destination(result.data.user));
});

if (queryParam('deconnecte')) {
    announce(status, 'Vous êtes déconnecté·e.', 'success');
} else if (queryParam('retour')) {
    announce(status, 'Connectez-vous pour accéder à cette page.', 'info');
}
