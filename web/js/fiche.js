// Staff: the public sheet of a course (PUT /api/v1/courses/{code}/sheet publishes a new version;
// GET …/sheet/versions lists them) and its questionnaires (GET and PUT
// /api/v1/courses/{code}/questionnaires/{kind}): questions added, reworded, moved, removed.
import {
    $, announce, api, canManageSessions, clearFieldErrors, el, formatDate, localDay, queryParam,
    requireStaff, setBusy, showApiError,
} from './common.js';
import { KIND_LABELS } from './evaluation-view.js';

const code = queryParam('code') || 'CAE';
const TEXT_FIELDS = ['objectives', 'programme', 'audience', 'prerequisites', 'teaching_methods',
    'assessment_methods', 'accessibility', 'contact'];
const HOURS = ['morning_start', 'morning_end', 'afternoon_start', 'afternoon_end'];
const DEFAULT_HOURS = { morning_start: '09:00', morning_end: '12:30', afternoon_start: '13:30', afternoon_end: '17:00' };
const TYPE_LABELS = { scale: 'Note de 1 à 5', choice: 'Choix parmi des options', text: 'Réponse libre' };

let sheetVersion = 0;
let questionnaire = null;
let kind = 'needs';
let editorCount = 0;

function fillSheet(sheet) {
    for (const field of TEXT_FIELDS) {
        $(`#${field}`).value = sheet ? sheet[field] : '';
    }
    for (const name of HOURS) {
        $(`#${name}`).value = (sheet ? sheet.daily_hours : DEFAULT_HOURS)[name];
    }
    $('#access_delay_days').value = sheet ? sheet.access_delay_days : 1;
    $('#referent_name').value = sheet ? sheet.referent.name : '';
    $('#referent_email').value = sheet ? sheet.referent.email : '';
    $('#referent_phone').value = sheet && sheet.referent.phone ? sheet.referent.phone : '';
    sheetVersion = sheet ? sheet.version : 0;
    $('#sheet-line').textContent = sheet
        ? `Version ${sheet.version} en vigueur, publiée le ${formatDate(sheet.published_on)}. Publier crée la version ${sheet.version + 1} ; `
            + 'les versions précédentes restent consultables à leur date.'
        : 'Aucune fiche publiée : la première version sera publiée avec ce formulaire.';
}

async function loadVersions() {
    const result = await api(`/api/v1/courses/${encodeURIComponent(code)}/sheet/versions`, { auth: true });
    const versions = result.ok ? [...result.data.versions].reverse() : [];
    $('#versions-body').replaceChildren(...(versions.length ? versions.map((v) => el('tr', {},
        el('th', { scope: 'row' }, `Version ${v.version}`),
        el('td', {}, formatDate(v.published_on)),
        el('td', {}, v.published_by),
        el('td', {}, el('a', { href: `/formation.html?code=${encodeURIComponent(code)}&date=${v.published_on}` }, 'Voir'))))
        : [el('tr', {}, el('td', { colspan: 4, class: 'empty' }, 'Aucune version publiée.'))]));
}

async function publish(event) {
    event.preventDefault();
    const form = $('#sheet-form');
    const status = $('#sheet-status');
    clearFieldErrors(form);
    const body = { version: sheetVersion, access_delay_days: Number($('#access_delay_days').value) || 0 };
    for (const field of TEXT_FIELDS) {
        body[field] = $(`#${field}`).value;
    }
    body.daily_hours = Object.fromEntries(HOURS.map((name) => [name, $(`#${name}`).value]));
    body.referent = {
        name: $('#referent_name').value,
        email: $('#referent_email').value,
        phone: $('#referent_phone').value || null,
    };
    setBusy($('#publish'), true, 'Publication…');
    const result = await api(`/api/v1/courses/${encodeURIComponent(code)}/sheet`, { method: 'PUT', body, auth: true });
    setBusy($('#publish'), false);
    if (!result.ok) {
        showApiError(form, status, result.error);
        return;
    }
    fillSheet(result.data);
    await loadVersions();
    announce(status, result.data.published
        ? `Version ${result.data.version} publiée : elle est en ligne.`
        : 'Rien n’a changé depuis la version en vigueur : aucune nouvelle version.', 'success');
    status.setAttribute('tabindex', '-1');
    status.focus();
}

// --- Questionnaires ---

function questionEditor(question) {
    const n = ++editorCount;
    const type = el('select', { id: `q-type-${n}`, class: 'q-type' },
        Object.entries(TYPE_LABELS).map(([value, label]) => el('option', { value }, label)));
    type.value = question.type;
    const options = el('textarea', { id: `q-options-${n}`, class: 'q-options', rows: 3 }, question.options.join('\n'));
    const optionsField = el('div', { class: 'field' },
        el('label', { for: `q-options-${n}` }, 'Options (une par ligne)'), options);
    optionsField.hidden = question.type !== 'choice';
    type.addEventListener('change', () => {
        optionsField.hidden = type.value !== 'choice';
    });
    const editor = el('div', { class: 'question-editor' },
        el('div', { class: 'field' }, el('label', { for: `q-label-${n}` }, 'Question'),
            el('input', { type: 'text', id: `q-label-${n}`, class: 'q-label', maxlength: 300, value: question.label })),
        el('div', { class: 'row' },
            el('div', { class: 'field' }, el('label', { for: `q-type-${n}` }, 'Type de réponse'), type),
            el('div', { class: 'field' }, el('label', { class: 'choice', for: `q-required-${n}` },
                el('input', { type: 'checkbox', id: `q-required-${n}`, class: 'q-required', checked: question.required }),
                el('span', {}, 'Réponse obligatoire')))),
        optionsField);
    const up = el('button', { type: 'button', class: 'secondary small' }, 'Monter');
    const down = el('button', { type: 'button', class: 'secondary small' }, 'Descendre');
    const remove = el('button', { type: 'button', class: 'secondary small' }, 'Supprimer');
    // Buttons named after their question, for screen readers.
    const labelInput = editor.querySelector('.q-label');
    const name = () => {
        const text = labelInput.value || 'nouvelle question';
        for (const [button, verb] of [[up, 'Monter'], [down, 'Descendre'], [remove, 'Supprimer']]) {
            button.setAttribute('aria-label', `${verb} la question « ${text} »`);
        }
    };
    labelInput.addEventListener('input', name);
    name();
    up.addEventListener('click', () => {
        if (editor.previousElementSibling) {
            editor.parentElement.insertBefore(editor, editor.previousElementSibling);
            up.focus();
        }
    });
    down.addEventListener('click', () => {
        if (editor.nextElementSibling) {
            editor.parentElement.insertBefore(editor.nextElementSibling, editor);
            down.focus();
        }
    });
    remove.addEventListener('click', () => {
        const next = editor.nextElementSibling || editor.previousElementSibling;
        editor.remove();
        (next ? next.querySelector('.q-label') : $('#add-question')).focus();
    });
    editor.append(el('div', { class: 'actions' }, up, down, remove));
    return editor;
}

function renderQuestionnaire(data) {
    questionnaire = data;
    for (const button of document.querySelectorAll('#kind-tabs button')) {
        button.setAttribute('aria-pressed', String(button.dataset.kind === kind));
    }
    $('#questionnaire-line').textContent = data.built_in
        ? 'Questions proposées par défaut par le service : modifiez-les et enregistrez pour en faire celles de la formation.'
        : `Version ${data.version}, enregistrée le ${formatDate(localDay(data.created_at))}. `
            + 'Les réponses déjà données gardent les questions telles qu’elles ont été posées.';
    const fixed = data.questions.find((q) => q.id === 'overall');
    $('#fixed-question').hidden = !fixed;
    $('#fixed-question').textContent = fixed
        ? `Première question, toujours posée (elle donne le taux de satisfaction) : « ${fixed.label} » (note de 1 à 5).` : '';
    $('#question-editors').replaceChildren(...data.questions.filter((q) => q.id !== 'overall').map(questionEditor));
}

async function loadQuestionnaire(selected) {
    kind = selected;
    announce($('#questionnaire-status'), '');
    const result = await api(`/api/v1/courses/${encodeURIComponent(code)}/questionnaires/${kind}`, { auth: true });
    if (!result.ok) {
        announce($('#questionnaire-status'), result.error.message, 'error');
        return;
    }
    renderQuestionnaire(result.data);
}

async function saveQuestions(event) {
    event.preventDefault();
    const status = $('#questionnaire-status');
    const editors = [...document.querySelectorAll('#question-editors .question-editor')];
    const questions = editors.map((editor) => ({
        label: editor.querySelector('.q-label').value,
        type: editor.querySelector('.q-type').value,
        options: editor.querySelector('.q-type').value === 'choice'
            ? editor.querySelector('.q-options').value.split('\n').map((o) => o.trim()).filter(Boolean) : [],
        required: editor.querySelector('.q-required').checked,
    }));
    setBusy($('#save-questions'), true, 'Enregistrement…');
    const result = await api(`/api/v1/courses/${encodeURIComponent(code)}/questionnaires/${kind}`,
        { method: 'PUT', body: { version: questionnaire.version, questions }, auth: true });
    setBusy($('#save-questions'), false);
    if (!result.ok) {
        // "questions[2].label" → the third editor's field.
        const match = /^questions\[(\d+)\]\.(label|type|options)/.exec(result.error.field || '');
        const target = match && editors[Number(match[1])]?.querySelector(`.q-${match[2]}`);
        announce(status, `${match ? `Question ${Number(match[1]) + 1} : ` : ''}${result.error.message}`, 'error');
        (target || status).focus();
        return;
    }
    renderQuestionnaire(result.data);
    announce(status, `Questionnaire enregistré (version ${result.data.version}).`, 'success');
}

async function main() {
    const user = await requireStaff();
    if (!canManageSessions(user)) {
        announce($('#page-status'), 'Cette page est réservée à l’équipe de formation.', 'error');
        return;
    }
    $('#public-link').href = `/formation.html?code=${encodeURIComponent(code)}`;
    const tabs = $('#kind-tabs');
    for (const [value, label] of Object.entries(KIND_LABELS)) {
        const button = el('button', { type: 'button', 'aria-pressed': 'false', dataset: { kind: value } }, label);
        button.addEventListener('click', () => loadQuestionnaire(value));
        tabs.append(button);
    }
    $('#add-question').addEventListener('click', () => {
        const editor = questionEditor({ label: '', type: 'text', options: [], required: false });
        $('#question-editors').append(editor);
        editor.querySelector('.q-label').focus();
    });
    $('#questionnaire-form').addEventListener('submit', saveQuestions);
    $('#sheet-form').addEventListener('submit', publish);
    const sheet = await api(`/api/v1/courses/${encodeURIComponent(code)}/sheet`);
    if (!sheet.ok && sheet.status !== 404) {
        announce($('#page-status'), sheet.error.message, 'error');
        return;
    }
    announce($('#page-status'), '');
    $('#title').textContent = sheet.ok ? `Fiche « ${sheet.data.course.title} »` : `Fiche de la formation ${code}`;
    fillSheet(sheet.ok ? sheet.data : null);
    await Promise.all([loadVersions(), loadQuestionnaire('needs')]);
    $('#content').hidden = false;
}

main().finally(() => {
    document.body.dataset.ready = 'true';
});
