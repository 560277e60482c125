// Staff: the training convention of an employer-funded seat, from the session page and the list of
// conventions to sign: its state, the PDF, a new signature link for the signatory
// (POST /api/v1/registrations/{id}/convention/link) and the scanned signed copy
// (PUT /api/v1/registrations/{id}/convention/signed-copy, a PDF of 1 Mio at most).
import {
    announce, api, badge, canManageSessions, download, el, setBusy,
} from './common.js';

export const CONVENTION_STATES = {
    unsigned: ['Convention non signée', 'warn'],
    signed: ['Convention signée en ligne', 'ok'],
    signed_on_paper: ['Convention signée sur papier', 'ok'],
};

export const MAX_SCAN_BYTES = 1024 * 1024;

export function conventionBadge(state) {
    const [label, tone] = CONVENTION_STATES[state] || [state, 'neutral'];
    return badge(label, tone);
}

function conventionUrl(id, tail = '') {
    return `/api/v1/registrations/${encodeURIComponent(id)}/convention${tail}`;
}

// The buttons of one convention. `name`: the trainee's; `status`: the live region that reports;
// `reload`: shows the new state once something changed.
export function conventionActions({ id, name, state, user, status, reload }) {
    const pdf = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Convention de ${name} (PDF)` }, 'Convention');
    pdf.addEventListener('click', () => download(conventionUrl(id, '.pdf'), `convention-${id}.pdf`, { auth: true, status }));
    const parts = [pdf];
    if (state === 'signed_on_paper') {
        const copy = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Copie signée de la convention de ${name}` }, 'Copie signée');
        copy.addEventListener('click', () => download(conventionUrl(id, '/signed-copy.pdf'), `convention-signee-${id}.pdf`, { auth: true, status }));
        parts.push(copy);
    }
    if (state === 'unsigned' && canManageSessions(user)) {
        const resend = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Renvoyer le lien de signature de la convention de ${name}` }, 'Renvoyer le lien');
        resend.addEventListener('click', async () => {
            setBusy(resend, true, 'Envoi…');
            const result = await api(conventionUrl(id, '/link'), { method: 'POST', auth: true });
            setBusy(resend, false);
            if (!result.ok) {
                announce(status, result.error.message, 'error');
                return;
            }
            announce(status, `Lien de signature envoyé à ${result.data.email}.`, 'success');
            await reload();
        });
        const input = el('input', {
            type: 'file', accept: 'application/pdf,.pdf', class: 'visually-hidden', id: `scan-${id}`,
            'aria-label': `Joindre la convention signée de ${name} (PDF)`,
        });
        const label = el('label', { for: `scan-${id}`, class: 'button secondary small' }, 'Joindre la copie signée');
        input.addEventListener('change', async () => {
            const file = input.files[0];
            input.value = '';
            if (!file) {
                return;
            }
            if (file.size > MAX_SCAN_BYTES) {
                announce(status, 'Le fichier est trop volumineux (1 Mio au maximum) : numérisez en noir et blanc ou à une résolution plus basse.', 'error');
                return;
            }
            announce(status, 'Envoi de la copie signée…', 'info');
            const result = await api(conventionUrl(id, '/signed-copy'), {
                method: 'PUT', auth: true, body: file, headers: { 'Content-Type': 'application/pdf' },
            });
            if (!result.ok) {
                announce(status, result.error.message, 'error');
                return;
            }
            announce(status, `Convention de ${name} enregistrée comme signée sur papier.`, 'success');
            await reload();
        });
        parts.push(resend, label, input);
    }
    return parts;
}
