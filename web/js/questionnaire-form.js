// Questionnaires as forms: one question per field (a score from 1 to 5 and a choice as radio
// buttons in a fieldset, a free text as a text area), prefilled with earlier answers; the answers
// read back as the API takes them ({"q1": 4, "q2": "…"}); the words of their windows.
// Shared by the trainee's page (questionnaire.html) and the employer's (avis-employeur.html).
import { el, formatDate } from './common.js';

export const KIND_TITLES = {
    needs: 'Questionnaire de positionnement et d’analyse des besoins',
    self_assessment: 'Auto-évaluation de vos acquis',
    satisfaction: 'Questionnaire de satisfaction',
    employer: 'Questionnaire employeur, quelques semaines après la formation',
};

export const KIND_INTROS = {
    needs: 'Vos réponses aident le formateur ou la formatrice à adapter la formation à votre niveau et à vos attentes. '
        + 'Vous pouvez les modifier jusqu’au premier jour de la session.',
    self_assessment: 'Pour chaque objectif de la formation, indiquez dans quelle mesure vous l’avez atteint '
        + '(1 : pas du tout, 5 : tout à fait).',
    satisfaction: 'Votre avis nous aide à améliorer la formation (1 : pas du tout satisfait·e, 5 : très satisfait·e).',
    employer: 'Votre avis, quelques semaines après la formation, nous dit ce qu’elle a apporté dans le travail '
        + '(1 : pas du tout, 5 : tout à fait).',
};

const SCALE = [1, 2, 3, 4, 5];
const SCALE_WORDS = { 1: 'pas du tout', 5: 'tout à fait' };

// "à remplir jusqu’au 27 juillet 2026", "ouvrira le …", "rempli, merci", "clos depuis le …"…
// The same as a sentence of its own: "À remplir jusqu’au 27 juillet 2026."
export function windowSentence(window) {
    const text = windowText(window);
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export function windowText(window) {
    switch (window.availability) {
        case 'open':
            return `à remplir jusqu’au ${formatDate(window.closes_on, { weekday: false })}`;
        case 'upcoming':
            return `ouvrira le ${formatDate(window.opens_on, { weekday: false })}`;
        case 'answered':
            return window.can_answer
                ? `rempli – modifiable jusqu’au ${formatDate(window.closes_on, { weekday: false })}`
                : 'rempli, merci';
        case 'closed':
            return `clos depuis le ${formatDate(window.closes_on, { weekday: false })}`;
        default:
            return 'ne vous concerne pas';
    }
}

function legendOf(question) {
    return el('legend', {}, question.label, question.required ? null : el('span', { class: 'optional' }, ' (facultatif)'));
}

function radios(question, values, labelOf, current, disabled, className) {
    return el('fieldset', { class: `field question ${className}` },
        legendOf(question),
        el('div', { class: className === 'scale' ? 'scale-choices' : 'choices' },
            values.map((value, index) => {
                const id = `answer-${question.id}-${index}`;
                return el('label', { class: 'choice', for: id },
                    el('input', {
                        type: 'radio', id, name: `answer-${question.id}`, value: String(value),
                        checked: current !== undefined && String(current) === String(value),
                        disabled,
                        'data-field': index === 0 ? `answers.${question.id}` : null,
                    }),
                    el('span', {}, labelOf(value)));
            })));
}

// The fields of every question, prefilled from `answers` ({id: value}).
export function questionFields(questionnaire, answers = {}, { disabled = false } = {}) {
    return questionnaire.questions.map((question) => {
        const current = answers[question.id];
        if (question.type === 'scale') {
            return radios(question, SCALE, (n) => (SCALE_WORDS[n] ? `${n} – ${SCALE_WORDS[n]}` : String(n)),
                current, disabled, 'scale');
        }
        if (question.type === 'choice') {
            return radios(question, question.options, (option) => option, current, disabled, 'options');
        }
        const id = `answer-${question.id}`;
        return el('div', { class: 'field question' },
            el('label', { for: id }, question.label,
                question.required ? null : el('span', { class: 'optional' }, ' (facultatif)')),
            el('textarea', {
                id, rows: 4, maxlength: 2000, disabled, 'data-field': `answers.${question.id}`,
            }, current === undefined ? '' : String(current)));
    });
}

// {id: value} for the API: scores as numbers, choices and texts as text; blank ones left out.
export function readAnswers(form, questionnaire) {
    const answers = {};
    for (const question of questionnaire.questions) {
        if (question.type === 'text') {
            const text = form.querySelector(`#answer-${CSS.escape(question.id)}`).value.trim();
            if (text) {
                answers[question.id] = text;
            }
            continue;
        }
        const checked = form.querySelector(`input[name="answer-${CSS.escape(question.id)}"]:checked`);
        if (checked) {
            answers[question.id] = question.type === 'scale' ? Number(checked.value) : checked.value;
        }
    }
    return answers;
}

// Required questions left without an answer: [{input, message}] for showFieldErrors.
export function missingAnswers(form, questionnaire, answers) {
    return questionnaire.questions
        .filter((question) => question.required && answers[question.id] === undefined)
        .map((question) => ({
            input: form.querySelector(`[data-field="answers.${CSS.escape(question.id)}"]`),
            message: 'Répondez à cette question.',
        }));
}
