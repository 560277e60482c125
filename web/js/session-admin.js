// Staff: managing one session from its page — editing its dates, place, trainer, capacity and
// deadline (days in the past, on a weekend or a public holiday are confirmed first: the
// service's calendar says which, GET /api/v1/staff/date-warnings; an edit that supersedes
// agreements, credits invoices or tells people is confirmed after the service's preview, POST
// /api/v1/sessions/{id}/edit-preview), closing and reopening
// registrations, cancelling it after a confirmation that states what the service computed
// (GET /api/v1/sessions/{id}/cancellation), and registering someone who phones in
// (POST /api/v1/sessions/{id}/registrations, also past the deadline; the employer's SIRET fills
// its name and address from the member directory, GET /api/v1/organisations, when empty).
import {
    $, announce, api, clearFieldErrors, el, formatDate, formatMoney, plural, setBusy,
    showApiError, showFieldErrors,
} from './common.js';
import { offerEmailCorrections } from './email-typos.js';

// Asks the service what is unusual about these days: [] or French sentences.
export async function dateWarnings(startsOn, endsOn) {
    const query = new URLSearchParams({ starts_on: startsOn });
    if (endsOn) {
        query.set('ends_on', endsOn);
    }
    const result = await api(`/api/v1/staff/date-warnings?${query}`, { auth: true });
    return result.ok ? result.data.warnings : [];
}

// Shows `warnings` in `panel` (a .confirm-panel with a list and two buttons) and resolves to
// true when the person confirms, false when they go back to the dates.
export function confirmWarnings(panel, list, confirmButton, backButton, warnings) {
    list.replaceChildren(...warnings.map((text) => el('li', {}, text)));
    panel.hidden = false;
    confirmButton.focus();
    return new Promise((resolve) => {
        const done = (answer) => {
            panel.hidden = true;
            confirmButton.removeEventListener('click', yes);
            backButton.removeEventListener('click', no);
            resolve(answer);
        };
        const yes = () => done(true);
        const no = () => done(false);
        confirmButton.addEventListener('click', yes);
        backButton.addEventListener('click', no);
    });
}

// What a session edit's preview (POST /api/v1/sessions/{id}/edit-preview) says it would do, in
// French, one sentence per consequence; [] when it tells nobody (capacity, trainer, deadline…).
export function editConsequences(preview) {
    const c = preview.consequences;
    if (!c.people_told) {
        return [];
    }
    const lines = [];
    const contracts = c.contracts_superseded.total;
    const conventions = c.conventions_superseded.total;
    if (contracts || conventions) {
        const parts = [];
        if (contracts) {
            parts.push(plural(contracts, 'contrat', 'contrats'));
        }
        if (conventions) {
            parts.push(plural(conventions, 'convention', 'conventions'));
        }
        const signed = [];
        if (c.contracts_superseded.signed) {
            signed.push(plural(c.contracts_superseded.signed, 'contrat', 'contrats'));
        }
        if (c.conventions_superseded.signed) {
            signed.push(plural(c.conventions_superseded.signed, 'convention', 'conventions'));
        }
        const already = signed.length
            ? ` (dont ${signed.join(' et ')} déjà ${c.contracts_superseded.signed + c.conventions_superseded.signed > 1 ? 'signés' : 'signé'})`
            : '';
        lines.push(`${parts.join(' et ')} ${contracts + conventions > 1 ? 'seront à signer' : 'sera à signer'} de nouveau${already}`);
    }
    if (c.invoices_credited) {
        lines.push(`${plural(c.invoices_credited, 'facture', 'factures')} (${formatMoney(c.credited_cents)}) ${c.invoices_credited > 1 ? 'seront annulées' : 'sera annulée'} par un avoir`);
    }
    if (c.signatory_links) {
        lines.push(`${plural(c.signatory_links, 'signataire recevra', 'signataires recevront')} un nouveau lien pour signer la convention`);
    }
    lines.push(`${plural(c.people_told, 'personne sera prévenue', 'personnes seront prévenues')} par e-mail`);
    return lines;
}

// Saves a session edit (`body` as for PATCH /api/v1/sessions/{id}) the way staff expect: the
// service first says what it would do; when that tells anyone, `dialog` ({panel, list, confirm,
// back}, a .confirm-panel) lists it and the edit is saved only on « Confirmer », with the
// preview's confirmation, so that the service refuses it (409 edit_preview_stale) if the session
// changed meanwhile — then the new consequences are shown again. Resolves to the API's answer,
// or null when the person chose « Annuler ».
export async function saveSessionEdit(sessionId, body, dialog) {
    for (let attempt = 1; ; attempt += 1) {
        const preview = await api(`/api/v1/sessions/${sessionId}/edit-preview`, { method: 'POST', auth: true, body });
        if (!preview.ok) {
            return preview;
        }
        const lines = editConsequences(preview.data);
        dialog.note.textContent = 'La session a changé entre-temps ; voici ce que la modification entraîne maintenant.';
        dialog.note.hidden = attempt === 1;
        if (lines.length && !await confirmWarnings(dialog.panel, dialog.list, dialog.confirm, dialog.back, lines)) {
            return null;
        }
        const result = await api(`/api/v1/sessions/${sessionId}`, {
            method: 'PATCH', auth: true, body: { ...body, confirmation: preview.data.confirmation },
        });
        if (result.ok || result.error.code !== 'edit_preview_stale' || attempt === 3) {
            return result;
        }
    }
}

// The consequences panel of a form: #<prefix>-consequences and its parts.
export function consequencesDialog(prefix) {
    return {
        panel: $(`#${prefix}-consequences`),
        note: $(`#${prefix}-consequences-note`),
        list: $(`#${prefix}-consequences-list`),
        confirm: $(`#${prefix}-consequences-confirm`),
        back: $(`#${prefix}-consequences-cancel`),
    };
}

const EDITED = ['starts_on', 'ends_on', 'registration_deadline', 'place', 'trainer', 'capacity'];

export function setupSessionAdmin(sessionId, reload) {
    let session = null;
    const manageStatus = $('#manage-status');

    $('#edit-toggle').addEventListener('click', () => {
        const form = $('#edit');
        form.hidden = !form.hidden;
        $('#edit-toggle').setAttribute('aria-expanded', String(!form.hidden));
        if (!form.hidden) {
            $('#edit_starts_on').focus();
        }
    });

    $('#edit').addEventListener('submit', async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const status = $('#edit-status');
        clearFieldErrors(form);
        announce(status, '');
        const missing = ['starts_on', 'ends_on', 'registration_deadline', 'place', 'capacity']
            .map((name) => $(`#edit_${name}`)).filter((input) => !input.value.trim())
            .map((input) => ({ input, message: 'Ce champ est obligatoire.' }));
        if (missing.length) {
            showFieldErrors(status, missing);
            return;
        }
        const body = {};
        for (const name of EDITED) {
            const value = $(`#edit_${name}`).value.trim();
            const before = name === 'trainer' ? (session.trainer || '') : String(session[name]);
            if (value !== before) {
                body[name] = name === 'capacity' ? Number(value) : value;
            }
        }
        if (!Object.keys(body).length) {
            announce(status, 'Rien n’a changé.', 'info');
            return;
        }
        const button = $('#edit-submit');
        if (body.starts_on || body.ends_on) {
            const warnings = await dateWarnings($('#edit_starts_on').value, $('#edit_ends_on').value);
            if (warnings.length && !await confirmWarnings($('#edit-warnings'), $('#edit-warnings-list'),
                $('#edit-confirm'), $('#edit-reconsider'), warnings)) {
                $('#edit_starts_on').focus();
                return;
            }
        }
        setBusy(button, true, 'Enregistrement…');
        const result = await saveSessionEdit(sessionId, body, consequencesDialog('edit'));
        setBusy(button, false);
        if (!result) {
            announce(status, 'Modification annulée : rien n’a été enregistré.', 'info');
            $('#edit-submit').focus();
            return;
        }
        if (!result.ok) {
            showApiError(form, status, result.error);
            return;
        }
        form.hidden = true;
        $('#edit-toggle').setAttribute('aria-expanded', 'false');
        announce(manageStatus, 'Modifications enregistrées.', 'success');
        await reload();
    });

    $('#status-toggle').addEventListener('click', async () => {
        const reopening = session.status === 'closed';
        const button = $('#status-toggle');
        setBusy(button, true, 'Enregistrement…');
        const result = await api(`/api/v1/sessions/${sessionId}`, {
            method: 'PATCH', auth: true, body: { status: reopening ? 'open' : 'closed' },
        });
        setBusy(button, false);
        if (!result.ok) {
            announce(manageStatus, result.error.message, 'error');
            return;
        }
        announce(manageStatus, reopening ? 'Inscriptions rouvertes.' : 'Inscriptions fermées : le formulaire public ne les accepte plus.', 'success');
        await reload();
    });

    $('#cancel-session').addEventListener('click', async () => {
        const result = await api(`/api/v1/sessions/${sessionId}/cancellation`, { auth: true });
        if (!result.ok) {
            announce(manageStatus, result.error.message, 'error');
            return;
        }
        const preview = result.data;
        // A seat offered from the waiting list is a seat held until its answer, not a place in line.
        const offered = preview.offered ? `, ${plural(preview.offered, 'place proposée', 'places proposées')}` : '';
        const people = preview.people
            ? `${plural(preview.people, 'inscription sera annulée', 'inscriptions seront annulées')} (${plural(preview.confirmed, 'place confirmée', 'places confirmées')}${offered}, ${preview.waitlisted} sur liste d’attente)`
            : 'Personne n’est inscrit';
        const invoices = preview.invoices
            ? `${plural(preview.invoices, 'facture sera annulée', 'factures seront annulées')} par avoir (${formatMoney(preview.invoiced_cents)} au total)`
            : 'aucune facture n’est à annuler';
        $('#cancel-question').textContent = `Annuler la session ${session.reference} ? ${people} et ${invoices}. Cette action est définitive.${preview.people ? ' Chaque personne en est prévenue par e-mail.' : ''}`;
        $('#cancel-confirm').hidden = false;
        $('#cancel-no').focus();
    });
    $('#cancel-no').addEventListener('click', () => {
        $('#cancel-confirm').hidden = true;
        $('#cancel-session').focus();
    });
    $('#cancel-yes').addEventListener('click', async () => {
        const button = $('#cancel-yes');
        setBusy(button, true, 'Annulation…');
        const result = await api(`/api/v1/sessions/${sessionId}/cancel`, { method: 'POST', auth: true });
        setBusy(button, false);
        $('#cancel-confirm').hidden = true;
        if (!result.ok) {
            announce(manageStatus, result.error.message, 'error');
            return;
        }
        announce(manageStatus, 'Session annulée : chaque inscription est annulée et chaque facture a son avoir.', 'success');
        await reload();
    });

    setupPhoneIn(sessionId, reload);

    // Called with the roster's session each time the page loads it.
    return (current) => {
        session = current;
        const manageable = current.status !== 'cancelled';
        $('#manage').hidden = false;
        for (const id of ['edit-toggle', 'status-toggle', 'cancel-session']) {
            $(`#${id}`).hidden = !manageable;
        }
        $('#phone-in-section').hidden = !manageable;
        $('#status-toggle').textContent = current.status === 'closed' ? 'Rouvrir les inscriptions' : 'Fermer les inscriptions';
        for (const name of EDITED) {
            $(`#edit_${name}`).value = current[name] ?? '';
        }
        if (!manageable) {
            announce(manageStatus, `Session annulée : elle n’est plus modifiable (${formatDate(current.starts_on)}).`, 'info');
        }
    };
}

// Staff may read the directory: a SIRET of 14 digits fills the employer's name and address that
// are still empty (or still hold what the directory gave); what staff typed is kept.
function setupDirectoryFill() {
    const siret = $('#pi_siret');
    const note = $('#pi-directory-note');
    const fields = [['name', $('#pi_employer_name')], ['address', $('#pi_employer_address')]];
    const filled = new Map();  // input → the value the directory put there
    let ticket = 0;
    let timer = null;
    const lookUp = async () => {
        const digits = siret.value.replace(/[\s\u00a0]/g, '');
        const mine = ++ticket;
        let found = null;
        if (/^\d{14}$/.test(digits)) {
            const result = await api(`/api/v1/organisations?${new URLSearchParams({ q: digits })}`, { auth: true });
            if (mine !== ticket) {
                return;
            }
            found = result.ok ? result.data.organisations.find((o) => o.siret === digits) || null : null;
        }
        const taken = [];
        for (const [key, input] of fields) {
            const untouched = filled.has(input) && input.value === filled.get(input);
            if (found && found[key] && (!input.value.trim() || untouched)) {
                input.value = found[key];
                filled.set(input, found[key]);
                taken.push(key);
                continue;
            }
            if (!found && untouched) {
                input.value = '';
            }
            filled.delete(input);
        }
        note.textContent = !taken.length ? ''
            : taken.length === 2 ? 'Nom et adresse repris de l’annuaire du réseau.'
                : taken[0] === 'name' ? 'Nom repris de l’annuaire du réseau.'
                    : 'Adresse reprise de l’annuaire du réseau.';
    };
    siret.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(lookUp, 250);
    });
    return () => {
        ticket += 1;
        filled.clear();
        note.textContent = '';
    };
}

function setupPhoneIn(sessionId, reload) {
    const form = $('#phone-in');
    offerEmailCorrections($('#pi_email'));
    const resetDirectoryFill = setupDirectoryFill();
    const employer = () => form.querySelector('input[name="pi_funding"]:checked').value === 'employer';
    for (const radio of form.querySelectorAll('input[name="pi_funding"]')) {
        radio.addEventListener('change', () => {
            $('#pi-employer').hidden = !employer();
        });
    }
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const status = $('#phone-in-status');
        clearFieldErrors(form);
        announce(status, '');
        const required = ['pi_first_name', 'pi_last_name', 'pi_email'];
        const signatory = ['pi_signatory_name', 'pi_signatory_role', 'pi_signatory_email'];
        const withSignatory = employer() && signatory.some((id) => $(`#${id}`).value.trim());
        if (employer()) {
            required.push('pi_siret', 'pi_employer_name', 'pi_employer_address');
            if (withSignatory) {
                required.push(...signatory);  // all three, or none
            }
        } else {
            required.push('pi_address');
        }
        const missing = required.map((id) => $(`#${id}`)).filter((input) => !input.value.trim())
            .map((input) => ({ input, message: 'Ce champ est obligatoire.' }));
        if (missing.length) {
            showFieldErrors(status, missing);
            return;
        }
        const trainee = {
            first_name: $('#pi_first_name').value.trim(),
            last_name: $('#pi_last_name').value.trim(),
            email: $('#pi_email').value.trim(),
        };
        if ($('#pi_phone').value.trim()) {
            trainee.phone = $('#pi_phone').value.trim();
        }
        if ($('#pi_address').value.trim()) {
            trainee.address = $('#pi_address').value.trim();
        }
        const body = { funding: employer() ? 'employer' : 'self', trainee };
        if (employer()) {
            body.employer = {
                siret: $('#pi_siret').value.replace(/\s/g, ''),
                name: $('#pi_employer_name').value.trim(),
                address: $('#pi_employer_address').value.trim(),
            };
            if (withSignatory) {
                body.employer.signatory = {
                    name: $('#pi_signatory_name').value.trim(),
                    role: $('#pi_signatory_role').value.trim(),
                    email: $('#pi_signatory_email').value.trim(),
                };
            }
        }
        const button = $('#phone-in-submit');
        setBusy(button, true, 'Inscription…');
        const result = await api(`/api/v1/sessions/${sessionId}/registrations`, { method: 'POST', auth: true, body });
        setBusy(button, false);
        if (!result.ok) {
            showApiError(form, status, result.error);
            return;
        }
        const registration = result.data;
        form.reset();
        resetDirectoryFill();
        $('#pi-employer').hidden = true;
        announce(status, registration.status === 'confirmed'
            ? `${trainee.first_name} ${trainee.last_name} est inscrit·e (${formatMoney(registration.price_cents)}).`
            : `${trainee.first_name} ${trainee.last_name} est sur la liste d’attente (position ${registration.waitlist_position}).`, 'success');
        await reload();
    });
}
