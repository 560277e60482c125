// What staff pages show of questionnaires: a person's answers, the state of a questionnaire as a
// badge, and the results of a session or a course (answers, mean score, satisfaction rate,
// options, comments).
import { badge, el, formatDate, localDay, plural } from './common.js';

export const KIND_LABELS = {
    needs: 'Positionnement et besoins',
    self_assessment: 'Auto-évaluation des acquis',
    satisfaction: 'Satisfaction des stagiaires',
    employer: 'Questionnaire à froid des employeurs',
};

// The answers of one response, question by question.
export function answerList(response) {
    const list = el('dl', { class: 'facts' });
    for (const answer of response.answered) {
        const value = answer.value === null ? '(texte effacé)'
            : answer.type === 'scale' ? `${answer.value} / 5` : String(answer.value);
        list.append(el('dt', {}, answer.label), el('dd', { class: 'pre-line' }, value));
    }
    return el('div', {},
        el('p', { class: 'note' }, `Répondu le ${formatDate(localDay(response.updated_at), { weekday: false })}`),
        list);
}

export function availabilityBadge(status) {
    switch (status.availability) {
        case 'answered':
            return badge(`Répondu le ${formatDate(localDay(status.answered_at), { weekday: false, year: false })}`, 'ok');
        case 'open':
            return badge(`Ouvert jusqu’au ${formatDate(status.closes_on, { weekday: false, year: false })}`, 'warn');
        case 'upcoming':
            return badge(`Ouvre le ${formatDate(status.opens_on, { weekday: false, year: false })}`, 'neutral');
        case 'closed':
            return badge('Clos sans réponse', 'neutral');
        default:
            return el('span', { class: 'cell-sub' }, '—');
    }
}

function percentText(rate) {
    return rate && rate.percent !== null ? `${String(rate.percent).replace('.', ',')}\u00a0%` : '—';
}

function questionResult(question) {
    const parts = [el('dt', {}, question.label)];
    if (question.type === 'scale') {
        const mean = question.mean === null ? '—' : String(question.mean).replace('.', ',');
        parts.push(el('dd', {}, `Moyenne ${mean} / 5 – ${percentText(question.satisfied)} de notes 4 ou 5 `
            + `(${plural(question.answers, 'réponse', 'réponses')})`));
    } else if (question.type === 'choice') {
        parts.push(el('dd', {}, question.choices.map((c) => `${c.option} : ${c.count}`).join(' ; ') || '—'));
    } else {
        parts.push(el('dd', {}, question.comments.length
            ? el('ul', {}, question.comments.map((comment) => el('li', { class: 'pre-line' }, comment)))
            : 'Aucun commentaire.'));
    }
    return parts;
}

// One card per questionnaire with its results.
export function resultsView(results) {
    return el('div', { class: 'grid' }, results.map((result) => el('section', { class: 'card' },
        el('h4', {}, KIND_LABELS[result.kind] || result.kind),
        el('p', {}, plural(result.responses, 'réponse', 'réponses'),
            result.satisfaction && result.responses
                ? ` – taux de satisfaction ${percentText(result.satisfaction)}` : ''),
        result.responses ? el('dl', { class: 'result-list' }, result.questions.flatMap(questionResult)) : null)));
}
