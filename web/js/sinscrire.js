// Registration form: chooses the session, asks who pays, asks the price of the employer's SIRET
// and name (GET /api/v1/quote: the tier is given only when both match the member directory,
// else both prices) to show it before sending — and, when they match, fills the employer's
// address from the directory if the person has not typed one — then POST /api/v1/registrations
// with an Idempotency-Key and goes to the confirmation page.
import {
    $, $$, api, announce, clearFieldErrors, el, formatDate, formatDateRange, formatMoney,
    formatDailyHours, newIdempotencyKey, parseEuros, plural, queryParam, setBusy, setFieldError,
    showApiError, showFieldErrors, TIER_SENTENCES,
} from './common.js';
import { offerEmailCorrections } from './email-typos.js';

const form = $('#registration');
const status = $('#form-status');
const sessionSelect = $('#session');
const employerFields = $('#employer-fields');
const siretInput = $('#siret');
const employerName = $('#employer_name');
const submitButton = $('#submit');

let sessions = [];
let quoteRequest = 0;
let quoteTimer = null;
// One key per submission: a retry after a network failure sends the same one, so the service
// answers it with the first answer instead of registering twice.
let pendingKey = null;

const funding = () => $('input[name="funding"]:checked', form).value;
const selectedSession = () => sessions.find((s) => String(s.id) === sessionSelect.value);
const siretDigits = () => siretInput.value.replace(/[\s\u00a0]/g, '');

function sessionLabel(session) {
    const seats = session.seats_left > 0
        ? plural(session.seats_left, 'place restante', 'places restantes')
        : 'complet – liste d’attente';
    return `${formatDateRange(session.starts_on, session.ends_on)} – ${session.place} (${seats})`;
}

function showSessionDetails() {
    const session = selectedSession();
    const details = $('#session-details');
    const notice = $('#waitlist-notice');
    if (!session) {
        details.textContent = '';
        notice.hidden = true;
        return;
    }
    details.textContent = `${session.course.title}, ${String(session.hours).replace('.', ',')} heures `
        + `(${formatDailyHours(session.daily_hours)}), `
        + `inscriptions jusqu’au ${formatDate(session.registration_deadline)}.`;
    if (session.seats_left > 0) {
        notice.hidden = true;
        submitButton.textContent = 'Envoyer mon inscription';
    } else {
        const ahead = session.waitlist_length > 0
            ? ` ${plural(session.waitlist_length, 'personne y est', 'personnes y sont')} déjà.`
            : '';
        notice.textContent = `Cette session est complète : votre inscription sera placée sur la liste d’attente.${ahead} `
            + 'Si une place se libère, elle vous est attribuée automatiquement, dans l’ordre d’inscription.';
        notice.hidden = false;
        submitButton.textContent = 'M’inscrire sur la liste d’attente';
    }
}

function showFunding() {
    const employer = funding() === 'employer';
    employerFields.hidden = !employer;
    $('#opco-fields').hidden = !employer || !$('#opco').checked;
    $('#address-optional').textContent = employer ? '(facultatif)' : '';
    $('#address-hint').textContent = employer
        ? 'Facultative : la facture est adressée à votre employeur.'
        : 'Nécessaire : elle figure sur votre facture.';
}

function setQuote(amountText, tierText) {
    $('#quote-amount').textContent = amountText;
    $('#quote-tier').textContent = tierText;
    $('#quote').textContent = tierText ? `Tarif qui s’appliquera : ${amountText}, ${tierText}.` : amountText;
}

// The employer's address as the directory gave it, while the field still holds it untouched:
// a later answer may replace or withdraw it; what the person typed is never overwritten.
const employerAddress = $('#employer_address');
let addressFromDirectory = null;

function fillAddressFromDirectory(address) {
    const note = $('#employer-address-note');
    const untouched = addressFromDirectory !== null && employerAddress.value === addressFromDirectory;
    if (address && (!employerAddress.value.trim() || untouched)) {
        employerAddress.value = address;
        addressFromDirectory = address;
        note.textContent = 'Adresse reprise de l’annuaire du réseau.';
        return;
    }
    if (!address && untouched) {
        employerAddress.value = '';
    }
    addressFromDirectory = null;
    note.textContent = '';
}

// Asks the service the price of the current choices; stale answers are dropped.
async function refreshQuote() {
    const session = selectedSession();
    const membership = $('#membership');
    if (!session) {
        setQuote('—', 'choisissez une session');
        return;
    }
    const params = new URLSearchParams({ session_id: String(session.id) });
    if (funding() === 'employer') {
        const digits = siretDigits();
        if (digits.length !== 14 || !/^\d+$/.test(digits)) {
            membership.textContent = '';
            fillAddressFromDirectory(null);
            const prices = session.prices_cents;
            setQuote(`${formatMoney(prices.member)} ou ${formatMoney(prices.non_member)}`,
                'selon l’adhésion de votre employeur : indiquez son SIRET');
            return;
        }
        params.set('siret', digits);
        if (employerName.value.trim()) {
            params.set('name', employerName.value.trim());
        }
    } else {
        membership.textContent = '';
    }
    const ticket = ++quoteRequest;
    const result = await api(`/api/v1/quote?${params}`);
    if (ticket !== quoteRequest) {
        return;
    }
    const siretError = $('#siret-error');
    if (!result.ok) {
        if (result.error.field === 'employer.siret') {
            setFieldError(siretInput, result.error.message);
            membership.textContent = '';
            setQuote('—', 'SIRET à corriger');
        } else {
            setQuote('—', result.error.message);
        }
        return;
    }
    if (siretError && funding() === 'employer') {
        siretError.textContent = '';
        siretInput.removeAttribute('aria-invalid');
    }
    const quote = result.data;
    if (!quote.tier) {
        // The SIRET and the name do not both match a structure of the directory (or not yet):
        // the registration's answer will say which price applies.
        const prices = quote.possible_prices_cents;
        membership.textContent = 'Le tarif membre s’applique si votre employeur est sociétaire ou candidat du réseau : '
            + 'il sera confirmé dans la réponse à votre inscription.';
        fillAddressFromDirectory(null);
        setQuote(`${formatMoney(prices.member)} ou ${formatMoney(prices.non_member)}`,
            'selon l’adhésion de votre employeur');
        return;
    }
    if (funding() === 'employer') {
        membership.textContent = quote.tier === 'member'
            ? 'Structure sociétaire ou candidate du réseau : tarif membre.'
            : 'Structure non membre du réseau : tarif non membre.';
        fillAddressFromDirectory(quote.employer_address || null);
    }
    setQuote(formatMoney(quote.price_cents), TIER_SENTENCES[quote.tier] || quote.tier);
}

function collect() {
    const trainee = {
        first_name: $('#first_name').value,
        last_name: $('#last_name').value,
        email: $('#email').value.trim(),
    };
    if ($('#phone').value.trim()) {
        trainee.phone = $('#phone').value;
    }
    if ($('#address').value.trim()) {
        trainee.address = $('#address').value;
    }
    const body = {
        session_id: Number(sessionSelect.value),
        funding: funding(),
        trainee,
    };
    if (body.funding === 'employer') {
        body.employer = {
            siret: siretInput.value.trim(),
            name: employerName.value,
            address: $('#employer_address').value,
            signatory: {
                name: $('#signatory_name').value,
                role: $('#signatory_role').value,
                email: $('#signatory_email').value.trim(),
            },
        };
        if ($('#purchase_order').value.trim()) {
            body.purchase_order = $('#purchase_order').value;
        }
        if ($('#opco').checked) {
            body.funding_body = {
                name: $('#opco_name').value,
                address: $('#opco_address').value,
                siret: $('#opco_siret').value.trim(),
                agreement_number: $('#opco_agreement').value,
            };
            if ($('#opco_amount').value.trim()) {
                body.funding_body.amount_cents = parseEuros($('#opco_amount').value);
            }
        }
    }
    return body;
}

// The checks a person expects before anything is sent; the service checks everything again.
function problems() {
    const found = [];
    const required = (selector, message) => {
        const input = $(selector);
        if (!input.value.trim()) {
            found.push({ input, message });
            return false;
        }
        return true;
    };
    if (!sessionSelect.value) {
        found.push({ input: sessionSelect, message: 'Choisissez une session.' });
    }
    required('#first_name', 'Indiquez votre prénom.');
    required('#last_name', 'Indiquez votre nom.');
    if (required('#email', 'Indiquez votre adresse e-mail.')
        && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test($('#email').value.trim())) {
        found.push({ input: $('#email'), message: 'Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).' });
    }
    if (funding() === 'self') {
        required('#address', 'Indiquez votre adresse postale : elle figure sur la facture.');
    } else {
        if (required('#siret', 'Indiquez le numéro SIRET de votre employeur.')
            && !/^\d{14}$/.test(siretDigits())) {
            found.push({ input: siretInput, message: 'Le numéro SIRET doit comporter 14 chiffres.' });
        }
        required('#employer_name', 'Indiquez la raison sociale de votre employeur.');
        required('#employer_address', 'Indiquez l’adresse de facturation de votre employeur.');
        required('#signatory_name', 'Indiquez qui signe la convention de formation pour votre employeur.');
        required('#signatory_role', 'Indiquez la fonction du ou de la signataire.');
        if (required('#signatory_email', 'Indiquez l’adresse e-mail du ou de la signataire : la convention lui est envoyée.')
            && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test($('#signatory_email').value.trim())) {
            found.push({ input: $('#signatory_email'), message: 'L’adresse e-mail du ou de la signataire n’est pas valide (exemple : prenom.nom@exemple.fr).' });
        }
        if ($('#opco').checked) {
            required('#opco_name', 'Indiquez le nom de l’OPCO.');
            required('#opco_address', 'Indiquez l’adresse où envoyer la facture à l’OPCO.');
            if (required('#opco_siret', 'Indiquez le SIRET de l’OPCO.')
                && !/^\d{14}$/.test($('#opco_siret').value.replace(/[\s\u00a0]/g, ''))) {
                found.push({ input: $('#opco_siret'), message: 'Le numéro SIRET doit comporter 14 chiffres.' });
            }
            required('#opco_agreement', 'Indiquez le numéro de l’accord de prise en charge.');
            const amount = $('#opco_amount').value.trim();
            if (amount && !(parseEuros(amount) > 0)) {
                found.push({ input: $('#opco_amount'), message: 'Indiquez un montant positif, par exemple 500,00, ou laissez vide.' });
            }
        }
    }
    return found;
}

async function submit(event) {
    event.preventDefault();
    clearFieldErrors(form);
    announce(status, '');
    const found = problems();
    if (found.length > 0) {
        showFieldErrors(status, found);
        return;
    }
    pendingKey = pendingKey || newIdempotencyKey();
    setBusy(submitButton, true, 'Envoi en cours…');
    const result = await api('/api/v1/registrations', {
        method: 'POST',
        body: collect(),
        headers: { 'Idempotency-Key': pendingKey },
    });
    setBusy(submitButton, false);
    if (result.ok) {
        const registration = result.data;
        pendingKey = null;
        try {
            sessionStorage.setItem(`formations.registration.${registration.token}`, JSON.stringify(registration));
        } catch {
            // private browsing: the confirmation page reads it from the service
        }
        location.assign(`/confirmation.html#${registration.token}`);
        return;
    }
    // A definitive answer: the person will change the form, so the next try is a new submission.
    if (result.status > 0 && result.status < 500) {
        pendingKey = null;
    }
    showApiError(form, status, result.error);
}

async function main() {
    const result = await api('/api/v1/sessions');
    if (!result.ok) {
        sessionSelect.replaceChildren(el('option', { value: '' }, 'Sessions indisponibles'));
        announce(status, result.error.message, 'error');
        return;
    }
    sessions = result.data.sessions.filter((s) => s.registration_open);
    const options = [el('option', { value: '' }, sessions.length ? 'Choisissez une session' : 'Aucune session ouverte')];
    for (const session of sessions) {
        options.push(el('option', { value: String(session.id) }, sessionLabel(session)));
    }
    sessionSelect.replaceChildren(...options);
    const wanted = queryParam('session');
    if (wanted && sessions.some((s) => String(s.id) === wanted)) {
        sessionSelect.value = wanted;
    } else if (wanted) {
        announce(status, 'Les inscriptions à la session demandée sont closes : choisissez-en une autre.', 'warning');
    } else if (sessions.length === 1) {
        sessionSelect.value = String(sessions[0].id);
    }
    showSessionDetails();
    showFunding();
    refreshQuote();
}

sessionSelect.addEventListener('change', () => {
    showSessionDetails();
    refreshQuote();
});
for (const radio of $$('input[name="funding"]', form)) {
    radio.addEventListener('change', () => {
        showFunding();
        refreshQuote();
    });
}
for (const input of [siretInput, employerName]) {
    input.addEventListener('input', () => {
        clearTimeout(quoteTimer);
        quoteTimer = setTimeout(refreshQuote, 250);
    });
}
$('#opco').addEventListener('change', showFunding);
// Changing anything after an error answer makes the next sending a new submission.
form.addEventListener('input', () => {
    if (!submitButton.disabled) {
        pendingKey = null;
    }
});
form.addEventListener('submit', submit);
offerEmailCorrections($('#email'));
offerEmailCorrections($('#signatory_email'));

// Tests (and people) can tell when the page is ready to use: every handler is attached.
main().finally(() => {
    document.body.dataset.ready = 'true';
});
