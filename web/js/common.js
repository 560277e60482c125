// Shared by every page: DOM building (text only: data never goes through innerHTML), French
// formatting of money and dates, calls to /api/v1 with its error shape, field errors next to
// their fields, downloads, and the staff session (an HttpOnly cookie scripts never see: the
// pages only send the anti-forgery header the service asks of cookie-authenticated changes).

// ---------------------------------------------------------------------------
// DOM
// ---------------------------------------------------------------------------

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

// el('a', {href: '/x', class: 'button'}, 'text', otherNode): attributes are set with
// setAttribute (or as properties for a few), children strings become text nodes.
export function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (name === 'class') {
            node.className = value;
        } else if (name === 'text') {
            node.textContent = value;
        } else if (name === 'dataset') {
            Object.assign(node.dataset, value);
        } else if (name.startsWith('on') && typeof value === 'function') {
            node.addEventListener(name.slice(2), value);
        } else if (name === 'checked' || name === 'value' || name === 'disabled') {
            node[name] = value;
        } else {
            node.setAttribute(name, value === true ? '' : String(value));
        }
    }
    append(node, children);
    return node;
}

function append(node, children) {
    for (const child of children.flat()) {
        if (child === undefined || child === null || child === false) {
            continue;
        }
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}

export function clear(node) {
    node.replaceChildren();
    return node;
}

export function setText(node, text) {
    node.textContent = text ?? '';
    return node;
}

// ---------------------------------------------------------------------------
// French formatting (written out here: no dependency on the browser's locale data)
// ---------------------------------------------------------------------------

const NBSP = '\u00a0';
const NNBSP = '\u202f';
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
    'septembre', 'octobre', 'novembre', 'décembre'];
const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

// 30000 → "300,00 €", 123450 → "1 234,50 €", -30000 → "−300,00 €".
export function formatMoney(cents) {
    if (cents === null || cents === undefined || Number.isNaN(Number(cents))) {
        return '—';
    }
    const value = Math.round(Number(cents));
    const negative = value < 0;
    const absolute = Math.abs(value);
    const euros = Math.floor(absolute / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
    const rest = String(absolute % 100).padStart(2, '0');
    return `${negative ? '−' : ''}${euros},${rest}${NBSP}€`;
}

// "300", "300,5", "1 234,50", "300.00" → cents; null when not an amount.
export function parseEuros(text) {
    const cleaned = String(text).replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
    if (!/^-?\d+(\.\d{1,2})?$/.test(cleaned)) {
        return null;
    }
    return Math.round(Number(cleaned) * 100);
}

export function parseIsoDate(iso) {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
    if (!match) {
        return null;
    }
    return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

// "2026-06-27" → "samedi 27 juin 2026" (or "27 juin 2026" without the weekday).
export function formatDate(iso, { weekday = true, year = true } = {}) {
    const date = parseIsoDate(iso);
    if (!date) {
        return iso || '—';
    }
    const day = date.getDate() === 1 ? '1er' : String(date.getDate());
    const parts = [];
    if (weekday) {
        parts.push(WEEKDAYS[date.getDay()]);
    }
    parts.push(day, MONTHS[date.getMonth()]);
    if (year) {
        parts.push(String(date.getFullYear()));
    }
    return parts.join(' ');
}

// "2026-06-27", "2026-06-28" → "du samedi 27 au dimanche 28 juin 2026".
export function formatDateRange(startIso, endIso) {
    const start = parseIsoDate(startIso);
    const end = parseIsoDate(endIso);
    if (!start || !end || startIso === endIso) {
        return `le ${formatDate(startIso)}`;
    }
    const sameYear = start.getFullYear() === end.getFullYear();
    const sameMonth = sameYear && start.getMonth() === end.getMonth();
    const first = sameMonth
        ? `${WEEKDAYS[start.getDay()]} ${start.getDate() === 1 ? '1er' : start.getDate()}`
        : formatDate(startIso, { year: !sameYear });
    return `du ${first} au ${formatDate(endIso)}`;
}

// A heading's short form: "22 et 23 décembre 2026", "30 juin – 1er juillet 2026".
export function formatDateSpan(startIso, endIso) {
    const start = parseIsoDate(startIso);
    const end = parseIsoDate(endIso);
    if (!start || !end || startIso === endIso) {
        return formatDate(startIso, { weekday: false });
    }
    const dayOf = (date) => (date.getDate() === 1 ? '1er' : String(date.getDate()));
    if (start.getFullYear() === end.getFullYear() && start.getMonth() === end.getMonth()) {
        const joiner = end.getDate() - start.getDate() === 1 ? ' et ' : ' au ';
        return `${dayOf(start)}${joiner}${dayOf(end)} ${MONTHS[end.getMonth()]} ${end.getFullYear()}`;
    }
    return `${formatDate(startIso, { weekday: false, year: start.getFullYear() !== end.getFullYear() })} – ${formatDate(endIso, { weekday: false })}`;
}

// "2026-12-01T08:41:59Z" → "1er décembre 2026 à 9h41" (the browser's time zone).
export function formatInstant(iso) {
    const instant = new Date(iso || '');
    if (Number.isNaN(instant.getTime())) {
        return iso || '—';
    }
    const day = instant.getDate() === 1 ? '1er' : String(instant.getDate());
    return `${day} ${MONTHS[instant.getMonth()]} ${instant.getFullYear()} à ${instant.getHours()}h${String(instant.getMinutes()).padStart(2, '0')}`;
}

export function shortDate(iso) {
    const date = parseIsoDate(iso);
    if (!date) {
        return iso || '—';
    }
    return `${String(date.getDate()).padStart(2, '0')}/${String(date.getMonth() + 1).padStart(2, '0')}/${date.getFullYear()}`;
}

export function formatHours(hours) {
    if (hours === null || hours === undefined) {
        return '—';
    }
    const rounded = Math.round(Number(hours) * 100) / 100;
    return `${String(rounded).replace('.', ',')}${NBSP}h`;
}

// An instant of the API ("2026-12-31T23:30:00Z") → its day in the browser's time zone
// ("2027-01-01" in Paris), for formatDate.
export function localDay(instant) {
    const date = new Date(instant);
    if (!instant || Number.isNaN(date.getTime())) {
        return null;
    }
    return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

// "09:00" → "9h00"; a session's daily hours → "9h00–12h30 et 13h30–17h00".
export function formatTimeOfDay(time) {
    const match = /^(\d{2}):(\d{2})$/.exec(time || '');
    return match ? `${Number(match[1])}h${match[2]}` : (time || '—');
}

export function formatDailyHours(hours) {
    if (!hours) {
        return '—';
    }
    return `${formatTimeOfDay(hours.morning_start)}–${formatTimeOfDay(hours.morning_end)} et `
        + `${formatTimeOfDay(hours.afternoon_start)}–${formatTimeOfDay(hours.afternoon_end)}`;
}

export function todayIso() {
    const now = new Date();
    return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export function plural(count, singular, pluralForm) {
    return `${count} ${count > 1 ? pluralForm : singular}`;
}

// ---------------------------------------------------------------------------
// Words of the domain
// ---------------------------------------------------------------------------

export const TIER_LABELS = {
    self_funded: 'Autofinancement',
    member: 'Structure sociétaire ou candidate',
    non_member: 'Structure non membre',
};

export const TIER_SENTENCES = {
    self_funded: 'tarif autofinancement : vous payez vous-même votre formation',
    member: 'tarif structure sociétaire ou candidate : votre employeur est membre du réseau',
    non_member: 'tarif structure non membre : votre employeur n’est pas membre du réseau',
};

export const REGISTRATION_STATUS = {
    confirmed: { label: 'Place confirmée', tone: 'ok' },
    offered: { label: 'Place proposée – à accepter', tone: 'warn' },
    waitlisted: { label: 'Liste d’attente', tone: 'warn' },
    cancelled: { label: 'Annulée', tone: 'neutral' },
};

export const INVOICE_STATUS = {
    unpaid: { label: 'À payer', tone: 'warn' },
    partially_paid: { label: 'Payée en partie', tone: 'warn' },
    paid: { label: 'Payée', tone: 'ok' },
    credited: { label: 'Annulée par avoir', tone: 'neutral' },
    issued: { label: 'Avoir émis', tone: 'neutral' },
};

// What each e-mail of the service is about (GET /api/v1/messages, a registration's "messages").
export const MESSAGE_KINDS = {
    registration_confirmed: 'Confirmation d’inscription',
    registration_waitlisted: 'Inscription sur la liste d’attente',
    promoted: 'Place confirmée (liste d’attente)',
    seat_offered: 'Place proposée',
    offer_expired: 'Offre de place expirée',
    offer_declined: 'Place déclinée',
    registration_cancelled: 'Annulation de l’inscription',
    contract_withdrawn: 'Rétractation',
    contract_signed: 'Contrat signé, facture',
    seat_released: 'Place libérée (contrat non signé)',
    registration_moved: 'Changement de session',
    tier_corrected: 'Tarif corrigé',
    session_changed: 'Session modifiée',
    session_cancelled: 'Session annulée',
    payment_received: 'Paiement reçu',
    certificate_available: 'Certificat disponible',
    convocation_reminder: 'Convocation',
    payment_reminder: 'Rappel de paiement',
    lost_link: 'Liens d’inscription',
    evaluation_invitation: 'Questionnaires de fin de formation',
    employer_survey_invitation: 'Questionnaire de l’employeur',
    complaint_received: 'Accusé de réception de réclamation',
    accommodation_requested: 'Besoin d’aménagement (référent)',
    convention_to_sign: 'Convention à signer (employeur)',
};

export const ORGANISATION_STATUS = {
    societaire: 'Sociétaire',
    candidate: 'Candidate',
    none: 'Non membre',
};

export const PAYMENT_METHODS = {
    transfer: 'Virement',
    cheque: 'Chèque',
    card: 'Carte bancaire',
    funding_body: 'Organisme financeur (OPCO…)',
};

export function badge(text, tone = 'neutral') {
    return el('span', { class: `badge ${tone}` }, text);
}

export function registrationBadge(registration) {
    const status = REGISTRATION_STATUS[registration.status] || { label: registration.status, tone: 'neutral' };
    if (registration.status === 'waitlisted' && registration.waitlist_position) {
        return badge(`Liste d’attente – position ${registration.waitlist_position}`, 'warn');
    }
    return badge(status.label, status.tone);
}

export function invoiceBadge(status) {
    const known = INVOICE_STATUS[status] || { label: status || '—', tone: 'neutral' };
    return badge(known.label, known.tone);
}

export function fullName(person) {
    return [person?.first_name, person?.last_name].filter(Boolean).join(' ');
}

// ---------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------

const NETWORK_ERROR = {
    code: 'network',
    message: 'Le service ne répond pas. Vérifiez votre connexion puis réessayez.',
    field: null,
};

const TIMEOUT_ERROR = {
    code: 'timeout',
    message: 'Le service met trop de temps à répondre. Vérifiez votre connexion, puis réessayez : '
        + 'si la demande avait abouti, la page le montrera une fois rechargée.',
    field: null,
};

// Without an answer after this long, a request is abandoned with a message (never « Envoi en
// cours… » forever). Downloads of large exports get longer (see download()).
export const REQUEST_TIMEOUT_MS = 30_000;

// fetch with the API's conventions. Resolves to {ok, status, data, error, response}; never
// throws for HTTP or network errors. The staff session is the browser's HttpOnly cookie, sent
// with every same-origin request; `auth`: on 401 the staff session is over, back to the login
// page. Every request carries X-Formations-Csrf, which the service requires of changes made
// with the cookie (another site cannot send it).
export async function api(path, { method = 'GET', body, headers = {}, auth = false, raw = false, timeout = REQUEST_TIMEOUT_MS } = {}) {
    const controller = new AbortController();
    const options = {
        method,
        headers: { Accept: 'application/json', 'X-Formations-Csrf': '1', ...headers },
        credentials: 'same-origin',
        signal: controller.signal,
    };
    if (body !== undefined) {
        if (typeof body === 'string' || body instanceof Blob) {
            options.body = body;
        } else {
            options.body = JSON.stringify(body);
            options.headers['Content-Type'] = 'application/json';
        }
    }
    const timer = setTimeout(() => controller.abort(), timeout);
    let response;
    try {
        response = await fetch(path, options);
    } catch {
        return { ok: false, status: 0, data: null, error: controller.signal.aborted ? TIMEOUT_ERROR : NETWORK_ERROR };
    } finally {
        clearTimeout(timer);
    }
    if (raw && response.ok) {
        return { ok: true, status: response.status, data: null, error: null, response };
    }
    let data = null;
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('application/json')) {
        try {
            data = await response.json();
        } catch {
            data = null;
        }
    }
    if (response.ok) {
        return { ok: true, status: response.status, data, error: null, response };
    }
    const error = (data && data.error) || {
        code: `http_${response.status}`,
        message: response.status === 404
            ? 'Cette ressource est introuvable.'
            : 'Le service n’a pas pu traiter la demande. Réessayez dans un instant.',
        field: null,
    };
    if (auth && response.status === 401) {
        goToLogin();
    }
    return { ok: false, status: response.status, data, error, response };
}

// A key per form submission: retries of that submission (network failure) reuse it; the next
// submission gets a new one. crypto.randomUUID needs a secure context, getRandomValues does not.
export function newIdempotencyKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------------------
// Messages and field errors
// ---------------------------------------------------------------------------

// Writes a message in a live region (role="status"/"alert" or aria-live set in the page);
// `kind` (info, success, warning, error) picks its colours.
export function announce(region, message, kind = 'info') {
    if (!region) {
        return;
    }
    region.classList.remove('error', 'success', 'info', 'warning');
    if (message) {
        region.classList.add(kind);
    }
    if (message instanceof Node) {
        region.replaceChildren(message);
    } else {
        region.textContent = message || '';
    }
}

// Inputs carry data-field="trainee.email" (the API's error.field); their message goes in the
// element with id `${input.id}-error`, linked through aria-describedby.
export function clearFieldErrors(form) {
    for (const input of $$('[aria-invalid="true"]', form)) {
        input.removeAttribute('aria-invalid');
    }
    for (const message of $$('.field-error', form)) {
        message.textContent = '';
    }
}

export function setFieldError(input, message) {
    input.setAttribute('aria-invalid', 'true');
    let holder = document.getElementById(`${input.id}-error`);
    if (!holder) {
        holder = el('span', { class: 'field-error', id: `${input.id}-error` });
        (input.closest('.field') || input.parentElement).append(holder);
    }
    holder.textContent = message;
    const described = new Set((input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean));
    described.add(holder.id);
    input.setAttribute('aria-describedby', Array.from(described).join(' '));
}

// Finds the input of an API field ("trainee.email", "marks[0].date" → best effort).
export function inputForField(form, field) {
    if (!field) {
        return null;
    }
    const exact = form.querySelector(`[data-field="${CSS.escape(field)}"]`);
    if (exact) {
        return exact;
    }
    const prefix = field.replace(/\[\d+\].*$/, '');
    return form.querySelector(`[data-field="${CSS.escape(prefix)}"]`);
}

// Shows an API error: next to its field when the form has it, else in `summary`. Moves the
// focus to the field (or to the summary) so a keyboard or screen reader user lands on it.
export function showApiError(form, summary, error) {
    const input = inputForField(form, error.field);
    if (input && !input.disabled && input.offsetParent !== null) {
        setFieldError(input, error.message);
        announce(summary, 'Le formulaire contient une erreur : corrigez le champ signalé.', 'error');
        input.focus();
        return;
    }
    announce(summary, error.message, 'error');
    summary.setAttribute('tabindex', '-1');
    summary.focus();
}

// Client-side checks before sending: [{input, message}] → shown all at once, focus on the first.
export function showFieldErrors(summary, problems) {
    for (const { input, message } of problems) {
        setFieldError(input, message);
    }
    const count = problems.length;
    announce(summary, count === 1
        ? 'Le formulaire contient une erreur : corrigez le champ signalé.'
        : `Le formulaire contient ${count} erreurs : corrigez les champs signalés.`, 'error');
    problems[0].input.focus();
}

export function setBusy(button, busy, busyText) {
    if (!button) {
        return;
    }
    if (busy) {
        button.dataset.idleText = button.textContent;
        button.disabled = true;
        button.setAttribute('aria-busy', 'true');
        if (busyText) {
            button.textContent = busyText;
        }
    } else {
        button.disabled = false;
        button.removeAttribute('aria-busy');
        if (button.dataset.idleText) {
            button.textContent = button.dataset.idleText;
        }
    }
}

// ---------------------------------------------------------------------------
// Downloads (protected files: fetch with the session cookie, then a blob URL)
// ---------------------------------------------------------------------------

function fileNameFrom(response, fallback) {
    const disposition = response.headers.get('Content-Disposition') || '';
    const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    if (star) {
        try {
            return decodeURIComponent(star[1]);
        } catch {
            // fall through
        }
    }
    const plain = /filename="?([^";]+)"?/i.exec(disposition);
    return plain ? plain[1] : fallback;
}

// Downloads `url` as a file; returns {ok, error}. `status`: live region for progress/errors.
export async function download(url, fallbackName, { auth = false, status = null } = {}) {
    announce(status, 'Téléchargement en cours…', 'info');
    const result = await api(url, { auth, raw: true, headers: { Accept: '*/*' }, timeout: 5 * REQUEST_TIMEOUT_MS });
    if (!result.ok) {
        announce(status, result.error.message, 'error');
        return result;
    }
    const blob = await result.response.blob();
    const name = fileNameFrom(result.response, fallbackName);
    const href = URL.createObjectURL(blob);
    const link = el('a', { href, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
    announce(status, `Fichier « ${name} » téléchargé.`, 'success');
    return result;
}

// ---------------------------------------------------------------------------
// Staff session
// ---------------------------------------------------------------------------

// Tabs of the same browser share the cookie; a logout in one tells the others at once (they
// would find out at their next request anyway: the token is revoked on the server).
const staffChannel = 'BroadcastChannel' in window ? new BroadcastChannel('formations-staff') : null;

function listenForLogout() {
    staffChannel?.addEventListener('message', (event) => {
        if (event.data === 'logout') {
            location.assign('/connexion.html?deconnecte=1');
        }
    });
}

export async function logout() {
    await api('/api/v1/auth/logout', { method: 'POST' });
    staffChannel?.postMessage('logout');
    location.assign('/connexion.html?deconnecte=1');
}

export function goToLogin() {
    const back = location.pathname + location.search + location.hash;
    location.assign(`/connexion.html?retour=${encodeURIComponent(back)}`);
}

export const ROLE_LABELS = { admin: 'administrateur·rice', staff: 'équipe', accountant: 'comptabilité' };
export const canManageSessions = (user) => user && (user.role === 'admin' || user.role === 'staff');
export const canDoAccounting = (user) => user && (user.role === 'admin' || user.role === 'accountant');

// For staff pages: checks the token with the service, fills the navigation; resolves to the
// user, or goes to the login page.
export async function requireStaff() {
    // Tokens were kept in sessionStorage before the session cookie: never leave one there.
    sessionStorage.removeItem('formations.staff');
    const me = await api('/api/v1/auth/me', { auth: true });
    if (!me.ok) {
        if (me.status !== 401) {
            announce($('#page-status'), me.error.message, 'error');
        }
        return new Promise(() => {});
    }
    listenForLogout();
    const user = me.data.user;
    fillStaffNavigation(user);
    return user;
}

function fillStaffNavigation(user) {
    const nav = $('#staff-nav');
    if (!nav) {
        return;
    }
    const here = location.pathname;
    const links = [
        { href: '/sessions.html', text: 'Sessions', show: true, also: ['/session.html'] },
        { href: '/annuaire.html', text: 'Annuaire des membres', show: true },
        { href: '/comptabilite.html', text: 'Comptabilité', show: canDoAccounting(user) },
        { href: '/qualiopi.html', text: 'Qualité', show: canManageSessions(user), also: ['/fiche.html', '/reglement-interieur.html'] },
        { href: '/reclamations.html', text: 'Réclamations', show: canManageSessions(user) },
        { href: '/conventions.html', text: 'Conventions', show: true },
        { href: '/referent.html', text: 'Aménagements', show: Boolean(user.disability_referent) },
        { href: '/donnees-personnelles.html', text: 'Données personnelles', show: user.role === 'admin' },
    ];
    const list = el('ul');
    for (const link of links.filter((l) => l.show)) {
        const current = here === link.href || (link.also || []).includes(here);
        list.append(el('li', {}, el('a', { href: link.href, 'aria-current': current ? 'page' : null }, link.text)));
    }
    const logoutButton = el('button', { type: 'button', class: 'logout' }, 'Se déconnecter');
    logoutButton.addEventListener('click', () => logout());
    list.append(el('li', {}, logoutButton));
    nav.replaceChildren(list);
    const who = $('#whoami');
    if (who) {
        who.textContent = `${user.email} (${ROLE_LABELS[user.role] || user.role})`;
    }
}

// Copies `text` to the clipboard and says so in `status` (a live region). Falls back to selecting
// the text of `input` where the clipboard API is not allowed (a page not served over HTTPS).
export async function copyText(text, status, input = null) {
    try {
        await navigator.clipboard.writeText(text);
        announce(status, 'Lien copié.', 'success');
    } catch {
        if (input) {
            input.focus();
            input.select();
        }
        announce(status, 'Copie impossible ici : le lien est sélectionné, copiez-le avec Ctrl+C.', 'info');
    }
}

// Every page registers the service worker that shows /indisponible.html when the service
// cannot be reached (sw.js). Browsers allow it over HTTPS and on localhost only.
if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch(() => {});
}

// Reads ?name= from the page's address.
export function queryParam(name) {
    return new URLSearchParams(location.search).get(name);
}
