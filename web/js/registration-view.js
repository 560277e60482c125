// What the confirmation page and the trainee's page show of a registration
// (GET /api/v1/registrations/{token}): summary, documents, withdrawal period.
import {
    badge, download, el, formatDate, formatDateRange, formatInstant, formatMoney, fullName,
    invoiceBadge, MESSAGE_KINDS, registrationBadge, TIER_LABELS, todayIso,
} from './common.js';

export function tokenFromAddress() {
    const token = decodeURIComponent(location.hash.replace(/^#/, ''));
    return /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

export function personalLink(token) {
    return `${location.origin}/mon-inscription.html#${token}`;
}

export function summary(registration) {
    const session = registration.session;
    const list = el('dl', { class: 'facts' },
        el('dt', {}, 'Stagiaire'), el('dd', {}, fullName(registration.trainee)),
        el('dt', {}, 'E-mail'), el('dd', {}, registration.trainee.email),
        el('dt', {}, 'Formation'), el('dd', {}, session.course.title),
        el('dt', {}, 'Dates'), el('dd', {}, formatDateRange(session.starts_on, session.ends_on)),
        el('dt', {}, 'Lieu'), el('dd', {}, session.place),
        el('dt', {}, 'Statut'), el('dd', {}, registrationBadge(registration)));
    if (registration.employer) {
        list.append(el('dt', {}, 'Employeur'),
            el('dd', {}, `${registration.employer.name} (SIRET ${registration.employer.siret})`));
    } else {
        list.append(el('dt', {}, 'Financement'), el('dd', {}, 'Vous-même'));
    }
    list.append(el('dt', {}, 'Tarif'),
        el('dd', {}, `${formatMoney(registration.price_cents)} net de taxe – ${TIER_LABELS[registration.tier] || registration.tier}`));
    return list;
}

function documentItem(invoice) {
    const credit = invoice.kind === 'credit_note';
    const title = credit ? `Avoir ${invoice.number}` : `Facture ${invoice.number}`;
    const details = [`${credit ? 'émis' : 'émise'} le ${formatDate(invoice.issued_on, { weekday: false })}`, formatMoney(invoice.total_cents)];
    if (invoice.payer === 'funding_body') {
        details.push(`adressée à ${invoice.buyer_name} (prise en charge)`);
    }
    const instalments = invoice.instalments || [];
    if (credit && invoice.corrects) {
        details.push(`annule la facture ${invoice.corrects}`);
    } else if (!credit && invoice.status !== 'credited' && !instalments.length) {
        details.push(`à régler au plus tard le ${formatDate(invoice.due_on, { weekday: false })}`);
    }
    return el('li', {},
        el('span', {}, el('strong', {}, title), ' – ', details.join(' – '), ' ', invoiceBadge(invoice.status),
            ...(instalments.length && invoice.status !== 'credited' ? [schedule(instalments)] : [])),
        el('a', {
            class: 'button secondary small',
            href: invoice.download_url,
            download: `${invoice.number}.pdf`,
        }, credit ? 'Télécharger l’avoir (PDF)' : 'Télécharger la facture (PDF)'));
}

// The échéancier of a self-funded trainee's invoice (L6353-6): each instalment, what was paid of
// it (payments settle the earliest first).
function schedule(instalments) {
    return el('ul', { class: 'instalments', 'aria-label': 'Échéancier' }, instalments.map((instalment) => {
        const paid = instalment.paid_cents >= instalment.amount_cents;
        const part = instalment.paid_cents > 0 && !paid ? ` (${formatMoney(instalment.paid_cents)} réglés)` : '';
        return el('li', {}, `${formatMoney(instalment.amount_cents)} exigibles le `
            + `${formatDate(instalment.due_on, { weekday: false })}${paid ? ' – réglé' : part}`);
    }));
}

// Invoices and credit notes, with their download links (the token is in download_url).
export function documents(registration) {
    if (!registration.invoices.length) {
        let note = 'Aucune facture pour cette inscription.';
        if (registration.status === 'waitlisted' || registration.status === 'offered') {
            note = 'Pas de facture tant que vous n’avez pas accepté une place : elle est émise à votre acceptation.';
        } else if (registration.status === 'confirmed' && registration.funding === 'self') {
            note = 'Facture émise à la signature du contrat de formation, avec son échéancier : '
                + 'rien n’est dû avant la fin du délai de rétractation de 10 jours.';
        }
        return el('p', { class: 'note', id: 'invoice-note' }, note);
    }
    return el('ul', { class: 'doc-list' }, registration.invoices.map(documentItem));
}

// A confirmed seat's documents: the convocation until the session is over, then the certificat
// de réalisation and the attestation de fin de formation (issued from the day after the last day).
export function courseDocumentButtons(registration, token, statusRegion) {
    if (registration.status !== 'confirmed') {
        return [];
    }
    const over = registration.session.ends_on < todayIso();
    const path = `/api/v1/registrations/${encodeURIComponent(token)}`;
    const files = over
        ? [['certificate.pdf', 'certificat-de-realisation.pdf', 'Télécharger le certificat de réalisation (PDF)'],
            ['attestation.pdf', 'attestation-de-fin-de-formation.pdf', 'Télécharger l’attestation de fin de formation (PDF)']]
        : [['convocation.pdf', 'convocation.pdf', 'Télécharger la convocation (PDF)']];
    return files.map(([file, name, label]) => {
        const button = el('button', { type: 'button', class: 'secondary' }, label);
        button.addEventListener('click', () => download(`${path}/${file}`, name, { status: statusRegion }));
        return button;
    });
}

// L6353-5 and L6353-6 of the Code du travail, for trainees who pay themselves.
export function withdrawalNotice(registration) {
    if (registration.funding !== 'self' || registration.status === 'cancelled') {
        return null;
    }
    const invoice = registration.invoices.find((i) => i.kind === 'invoice');
    let due = ' Votre facture est émise à la signature du contrat, avec son échéancier : au plus 30 % '
        + 'à la fin de ce délai, le solde au fil de la formation.';
    if (invoice) {
        due = (invoice.instalments || []).length
            ? ` Votre facture en donne l’échéancier ; le dernier versement est exigible le ${formatDate(invoice.due_on)}.`
            : ` Votre facture est à régler au plus tard le ${formatDate(invoice.due_on)}.`;
    }
    return el('div', { class: 'alert info' },
        el('p', {}, el('strong', {}, 'Délai de rétractation de 10 jours. '),
            'Vous disposez de 10 jours à compter de la signature de votre contrat de formation pour vous rétracter '
            + '(article L6353-5 du Code du travail), sans frais : un clic suffit, depuis le contrat de votre page personnelle.'),
        el('p', {}, 'Aucune somme ne peut vous être demandée avant la fin de ce délai (article L6353-6 du Code du travail).'
            + due));
}

export function statusHeadline(registration) {
    if (registration.status === 'waitlisted') {
        return badge(`Liste d’attente – position ${registration.waitlist_position}`, 'warn');
    }
    return registrationBadge(registration);
}

function messageState(message) {
    if (message.status === 'sent') {
        return [badge('Envoyé', 'ok'), ` le ${formatInstant(message.sent_at)}`];
    }
    if (message.status === 'failed') {
        return [badge('Non distribué', 'warn'),
            ' : vérifiez votre adresse e-mail ; l’équipe de formation peut vous le renvoyer.'];
    }
    return [badge('En cours d’envoi', 'neutral')];
}

// The e-mails the service sent about this registration, newest first.
export function messageList(registration) {
    const messages = registration.messages || [];
    if (!messages.length) {
        return el('p', { class: 'note' }, 'Aucun message pour cette inscription.');
    }
    return el('ul', { class: 'doc-list' }, messages.map((message) => el('li', {},
        el('span', {}, el('strong', {}, MESSAGE_KINDS[message.kind] || message.kind), ' – ', ...messageState(message)))));
}
