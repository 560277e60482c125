// Contact, terms of sale, privacy notice and legal notice: GET /api/v1/legal (from the service's
// configuration, or built from the organisation's settings). Texts are plain: paragraphs
// separated by blank lines, a paragraph's first line is its heading when it has several lines.
import { $, announce, api, el } from './common.js';

function paragraphs(text) {
    return text.split(/\n\s*\n/).filter((block) => block.trim()).map((block) => {
        const lines = block.split('\n');
        if (lines.length > 1 && lines[0].length <= 120) {
            return el('div', {}, el('h3', {}, lines[0]), el('p', { class: 'pre-line' }, lines.slice(1).join('\n')));
        }
        return el('p', { class: 'pre-line' }, block);
    });
}

async function load() {
    const { ok, data, error } = await api('/api/v1/legal');
    if (!ok) {
        announce($('#page-status'), error.message, 'error');
        return;
    }
    const { contact } = data;
    $('#contact-name strong').textContent = contact.name;
    $('#contact-address').textContent = contact.address;
    $('#contact-email').textContent = contact.email;
    $('#contact-email').href = `mailto:${contact.email}`;
    if (contact.phone) {
        const phone = $('#contact-phone a');
        phone.textContent = contact.phone;
        phone.href = `tel:${contact.phone.replace(/[^+\d]/g, '')}`;
        $('#contact-phone').hidden = false;
    }
    $('#terms-of-sale').replaceChildren(...paragraphs(data.terms_of_sale));
    $('#privacy-notice').replaceChildren(...paragraphs(data.privacy_notice));
    $('#legal-notice').replaceChildren(...paragraphs(data.legal_notice));
    $('#page-status').hidden = true;
    // The anchor of the link followed, now that the sections have their height.
    if (location.hash) {
        document.getElementById(location.hash.slice(1))?.scrollIntoView();
    }
}

// Tests (and people) can tell when the page is ready to use.
load().finally(() => {
    document.body.dataset.ready = 'true';
});
