// A suggestion for an e-mail address whose domain looks like a mistyped common one
// (« gmail.con », « hotmial.fr », « orange.ft »): shown under the field with a button that
// applies it, never applied silently (a rare domain may be right).
import { el } from './common.js';

const COMMON_DOMAINS = [
    'gmail.com', 'hotmail.fr', 'hotmail.com', 'outlook.fr', 'outlook.com', 'live.fr', 'yahoo.fr',
    'yahoo.com', 'orange.fr', 'wanadoo.fr', 'free.fr', 'sfr.fr', 'neuf.fr', 'laposte.net',
    'icloud.com', 'gmx.fr', 'bbox.fr', 'protonmail.com', 'proton.me', 'aol.com',
];

// Optimal string alignment distance (Levenshtein with transpositions of neighbours).
function distance(a, b) {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j += 1) {
        d[0][j] = j;
    }
    for (let i = 1; i <= a.length; i += 1) {
        for (let j = 1; j <= b.length; j += 1) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.length][b.length];
}

// "lea@gmail.con" → "lea@gmail.com"; null when the domain is a common one or like none.
export function suggestEmail(address) {
    const at = address.lastIndexOf('@');
    if (at < 1) {
        return null;
    }
    const domain = address.slice(at + 1).toLowerCase();
    if (domain.length < 4 || COMMON_DOMAINS.includes(domain)) {
        return null;
    }
    let best = null;
    let bestDistance = 3;
    for (const known of COMMON_DOMAINS) {
        const found = distance(domain, known);
        if (found < bestDistance) {
            best = known;
            bestDistance = found;
        }
    }
    return best ? `${address.slice(0, at)}@${best}` : null;
}

// Watches `input`: when its domain looks mistyped, a line under it offers the correction.
export function offerEmailCorrections(input) {
    const line = el('p', { class: 'hint', id: `${input.id}-suggestion`, 'aria-live': 'polite' });
    (input.closest('.field') || input.parentElement).append(line);
    const check = () => {
        const suggestion = suggestEmail(input.value.trim());
        if (!suggestion) {
            line.replaceChildren();
            return;
        }
        const apply = el('button', { type: 'button', class: 'link' }, `Corriger en ${suggestion}`);
        apply.addEventListener('click', () => {
            input.value = suggestion;
            line.replaceChildren();
            input.focus();
        });
        line.replaceChildren(`Vouliez-vous dire ${suggestion} ? `, apply);
    };
    input.addEventListener('change', check);
    input.addEventListener('blur', check);
}
