import { html, nothing, render } from 'lit';
import { api, ApiError, type Policy, type Script } from './api';
import { dateTime, label } from './format';
import { hasRole } from './session';
import { errorState, errorText, notify, type View } from './ui';

/** One audited change of a jurisdiction's rules (GET /api/compliance/policies/{j}/history). */
interface AuditChange { id: number; occurredAt: string; actor: string; summary: string;
  before: Record<string, unknown> | null; after: Record<string, unknown> | null }

const CHANNELS = ['CALL', 'SMS', 'EMAIL', 'LETTER', 'VISIT'];

/** One version of a message template (GET /api/compliance/templates). */
interface MessageTemplate { key: string; channel: string; jurisdiction: string; language: string; version: number;
  subject: string | null; body: string; changeNote: string; updatedBy: string; updatedAt: string }
/** A template rendered with a case's data (POST .../preview). */
interface Rendered { subject: string | null; body: string; language: string; version: number }
/** The independent audit (GET /api/compliance/violations). */
interface AuditReport { from: string; to: string; checked: number; rules: string[]; violationCount: number;
  violations: { contactId: string; caseId: string; channel: string; at: string; rule: string; detail: string }[] }
/** A creditor's itemization date for the validation notice (GET /api/compliance/creditors). */
interface CreditorProfile { creditor: string; itemizationBasis: string; chosen: boolean; updatedBy: string | null }

const BASES: [string, string][] = [['LAST_STATEMENT', 'Last statement date'], ['CHARGE_OFF', 'Charge-off date'],
  ['LAST_PAYMENT', 'Last payment date'], ['TRANSACTION', 'Transaction date'], ['JUDGMENT', 'Judgment date']];

/** Compliance: the contact rules per jurisdiction and the call scripts, edited here (data, not code); audited. */
export function complianceView(root: HTMLElement): View {
  let policies: Policy[] = [];
  let scripts: Script[] = [];
  let error: unknown = null;
  let editingScript: Script | null = null;
  let templates: MessageTemplate[] = [];
  let creditors: CreditorProfile[] = [];
  let editingTemplate: MessageTemplate | null = null;
  let templateProblems: string[] = [];
  let preview: Rendered | null = null;
  let report: AuditReport | null = null;
  const editable = hasRole('COMPLIANCE', 'ADMIN');
  const audits = hasRole('COMPLIANCE', 'SUPERVISOR', 'MANAGER', 'ADMIN');

  async function load() {
    try {
      [policies, scripts, templates, creditors] = await Promise.all([
        api.get<Policy[]>('/api/compliance/policies'),
        api.get<Script[]>('/api/scripts'),
        api.get<MessageTemplate[]>('/api/compliance/templates'),
        api.get<CreditorProfile[]>('/api/compliance/creditors'),
      ]);
      // the last 30 days of the business clock by default
      report = audits ? await api.get<AuditReport>('/api/compliance/violations') : null;
      error = null;
    } catch (e) {
      error = e;
    }
    draw();
  }

  const num = (form: FormData, name: string) => {
    const v = String(form.get(name) ?? '').trim();
    return v === '' ? null : Number(v);
  };

  /** The field the server named as at fault: marked, described and focused, instead of a bare toast. */
  function markField(formElement: HTMLFormElement, e: unknown) {
    formElement.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    formElement.querySelectorAll('.field-error').forEach((el) => el.remove());
    const field = e instanceof ApiError ? String(e.body.field ?? '') : '';
    const input = field ? formElement.querySelector<HTMLElement>(`[name="${CSS.escape(field)}"]`) : null;
    if (!input) return false;
    input.setAttribute('aria-invalid', 'true');
    const message = document.createElement('span');
    message.className = 'field-error';
    message.id = `error-${field}`;
    message.textContent = errorText(e);
    input.setAttribute('aria-describedby', message.id);
    input.closest('label')?.append(message);
    input.focus();
    return true;
  }

  async function savePolicy(event: Event, p: Policy) {
    event.preventDefault();
    const formElement = event.target as HTMLFormElement;
    const form = new FormData(formElement);
    try {
      await api.put(`/api/compliance/policies/${p.jurisdiction}`, {
        name: form.get('name'), contactFrom: form.get('contactFrom'), contactUntil: form.get('contactUntil'),
        hoursChannels: CHANNELS.filter((c) => form.get(`hours-${c}`) === 'on'),
        maxCalls: num(form, 'maxCalls'), callWindowDays: num(form, 'callWindowDays'),
        conversationCooldownDays: num(form, 'conversationCooldownDays'),
        validationPeriodDays: num(form, 'validationPeriodDays'),
        agentIdentityRequired: form.get('agentIdentityRequired') === 'on',
      });
      notify(`Contact rules for ${p.jurisdiction} saved.`, 'success');
      markField(formElement, null);
      history.delete(p.jurisdiction);
      load();
    } catch (e) {
      if (!markField(formElement, e)) notify(errorText(e), 'error');
    }
  }

  /** The audited changes of a jurisdiction's rules, loaded when its history is opened. */
  const history = new Map<string, AuditChange[] | 'loading'>();
  async function loadHistory(jurisdiction: string) {
    if (history.has(jurisdiction)) return;
    history.set(jurisdiction, 'loading');
    try {
      history.set(jurisdiction, await api.get<AuditChange[]>(`/api/compliance/policies/${jurisdiction}/history`));
    } catch (e) {
      history.delete(jurisdiction);
      notify(errorText(e), 'error');
    }
    draw();
  }

  function historyList(p: Policy) {
    const changes = history.get(p.jurisdiction);
    if (!changes || changes === 'loading') return html`<p class="muted">Loading…</p>`;
    if (changes.length === 0) return html`<p class="muted">No change since the rules were seeded.</p>`;
    const diff = (c: AuditChange) => Object.keys({ ...(c.before ?? {}), ...(c.after ?? {}) })
      .filter((k) => !['updatedBy', 'updatedAt'].includes(k)
        && JSON.stringify(c.before?.[k]) !== JSON.stringify(c.after?.[k]))
      .map((k) => `${k}: ${JSON.stringify(c.before?.[k] ?? null)} → ${JSON.stringify(c.after?.[k] ?? null)}`);
    return html`<ol class="history">${changes.map((c) => html`<li><strong>${c.actor}</strong>
      <span class="muted">${dateTime(c.occurredAt)}</span><ul>${diff(c).map((d) => html`<li><code>${d}</code></li>`)}</ul>
      </li>`)}</ol>`;
  }

  async function saveScript(event: Event, s: Script) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const objections = String(form.get('objections') ?? '').split('\n').map((line) => line.trim()).filter(Boolean)
      .map((line) => {
        const [objection, ...response] = line.split('=>');
        return { objection: objection.trim(), response: response.join('=>').trim() };
      });
    try {
      await api.put(`/api/scripts/${s.stage}/${encodeURIComponent(s.jurisdiction)}`, {
        title: form.get('title'), opening: form.get('opening'), objections,
      });
      notify(`Script ${label(s.stage)} · ${s.jurisdiction} saved.`, 'success');
      editingScript = null;
      load();
    } catch (e) {
      notify(errorText(e), 'error');
    }
  }

  const templatePath = (t: MessageTemplate) => `/api/compliance/templates/${encodeURIComponent(t.key)}/${t.channel}/`
    + `${t.jurisdiction}/${t.language}`;

  function templateDraft(form: HTMLFormElement, t: MessageTemplate): MessageTemplate {
    const data = new FormData(form);
    const value = (name: string, fallback: string) => String(data.get(name) ?? fallback).trim();
    return { ...t, key: value('key', t.key), channel: value('channel', t.channel),
      jurisdiction: value('jurisdiction', t.jurisdiction), language: value('language', t.language),
      subject: value('subject', '') || null, body: String(data.get('body') ?? ''), changeNote: value('changeNote', '') };
  }

  function problemsOf(e: unknown): string[] {
    const listed = e instanceof ApiError && Array.isArray(e.body.problems) ? e.body.problems as string[] : [];
    return listed.length ? listed : [errorText(e)];
  }

  async function saveTemplate(event: Event, t: MessageTemplate) {
    event.preventDefault();
    const draft = templateDraft(event.target as HTMLFormElement, t);
    try {
      const saved = await api.put<MessageTemplate>(templatePath(draft), { subject: draft.subject, body: draft.body,
        changeNote: draft.changeNote });
      notify(`Template ${saved.key} ${saved.channel} ${saved.jurisdiction} ${saved.language} saved as version`
        + ` ${saved.version}.`, 'success');
      editingTemplate = null;
      templateProblems = [];
      preview = null;
      load();
    } catch (e) {
      templateProblems = problemsOf(e);
      draw();
    }
  }

  async function previewTemplate(button: HTMLButtonElement, t: MessageTemplate) {
    const form = button.form!;
    const draft = templateDraft(form, t);
    const caseId = String(new FormData(form).get('caseId') ?? '').trim();
    if (!caseId) {
      templateProblems = ['Give a case id to preview the draft with that case\'s data.'];
      draw();
      return;
    }
    try {
      preview = await api.post<Rendered>(`${templatePath(draft)}/preview?caseId=${encodeURIComponent(caseId)}`,
        { subject: draft.subject, body: draft.body, changeNote: draft.changeNote || 'preview' });
      templateProblems = [];
    } catch (e) {
      preview = null;
      templateProblems = problemsOf(e);
    }
    draw();
  }

  async function chooseBasis(event: Event, c: CreditorProfile) {
    const basis = (event.target as HTMLSelectElement).value;
    try {
      await api.put(`/api/compliance/creditors/${encodeURIComponent(c.creditor)}`, { itemizationBasis: basis });
      const named = (BASES.find(([v]) => v === basis)?.[1] ?? basis).toLowerCase();
      notify(`${c.creditor}: validation notices itemize from the ${named}.`, 'success');
    } catch (e) {
      notify(errorText(e), 'error');
    }
    load();
  }

  function templateEditor(t: MessageTemplate) {
    const isNew = t.version === 0;
    return html`<form class="card template-editor" @submit=${(e: Event) => saveTemplate(e, t)}>
      <h2>${isNew ? 'New template' : html`Edit template: ${t.key} · ${t.channel} · ${t.jurisdiction} · ${t.language}
        <span class="muted small">version ${t.version} → ${t.version + 1}</span>`}</h2>
      <div class="form-grid wide">
        ${isNew ? html`<label>Kind <input name="key" required pattern="[a-z][a-z\\-]{1,63}" .value=${t.key}
            placeholder="payment-reminder"></label>
          <label>Channel <select name="channel">${['SMS', 'EMAIL', 'LETTER', 'VOICEMAIL'].map((c) =>
            html`<option ?selected=${c === t.channel}>${c}</option>`)}</select></label>
          <label>Jurisdiction <select name="jurisdiction">${policies.map((p) =>
            html`<option ?selected=${p.jurisdiction === t.jurisdiction}>${p.jurisdiction}</option>`)}</select></label>
          <label>Language <select name="language">${['en', 'es', 'hi'].map((l) =>
            html`<option ?selected=${l === t.language}>${l}</option>`)}</select></label>` : nothing}
        <label>Subject (an e-mail's subject; a letter's envelope: {collectorAddress} only)
          <input name="subject" maxlength="200" .value=${t.subject ?? ''}></label>
        <label>Text (placeholders in braces: {creditor}, {balance}, {debtCollectorDisclosure}, {optOut}, …; in letters
          # heading, ## section, - bullet, [ ] box, | label | amount |)
          <textarea name="body" rows="14" required maxlength="10000" .value=${t.body}></textarea></label>
        <label>Why the words change (compliance reviews read it)
          <input name="changeNote" required maxlength="500"></label>
        <label>Preview with the data of case <input name="caseId" placeholder="a case id"></label>
      </div>
      ${templateProblems.length ? html`<div class="problem" role="alert"><strong>The template breaks these rules:</strong>
        <ul>${templateProblems.map((p) => html`<li>${p}</li>`)}</ul></div>` : nothing}
      ${preview ? html`<div class="card preview" aria-label="Preview">${preview.subject
        ? html`<p><strong>${preview.subject}</strong></p>` : nothing}<pre class="preview-text">${preview.body}</pre></div>`
        : nothing}
      <div class="actions"><button type="button" class="secondary" @click=${() => { editingTemplate = null;
        templateProblems = []; preview = null; draw(); }}>Cancel</button>
        <button type="button" class="secondary" id="preview-template"
          @click=${(e: Event) => previewTemplate(e.target as HTMLButtonElement, t)}>Preview</button>
        <span class="spacer"></span><button class="primary" type="submit">Save as a new version</button></div>
    </form>`;
  }

  function auditSection() {
    if (!report) return nothing;
    const r = report;
    return html`<h2 class="section">Independent audit</h2>
      <section class="card audit" aria-label="Independent audit">
        <p class=${r.violationCount === 0 ? 'ok' : 'problem'} id="audit-result"><strong>${r.violationCount === 0
          ? 'No violation' : `${r.violationCount} violation(s)`}</strong> in ${r.checked} contacts from
          ${dateTime(r.from)} to ${dateTime(r.to)}, each re-checked against the rules in force at its time by the
          audit's own code (not the guard's): ${r.rules.map((x) => label(x)).join(', ')}.</p>
        ${r.violations.length ? html`<table class="grid compact" aria-label="Violations"><thead><tr><th>When</th>
          <th>Rule</th><th>Channel</th><th>Case</th><th>What</th></tr></thead><tbody>${r.violations.map((v) =>
          html`<tr><td>${dateTime(v.at)}</td><td>${label(v.rule)}</td><td>${v.channel}</td>
          <td><a href="#/case/${v.caseId}">open</a></td><td>${v.detail}</td></tr>`)}</tbody></table>` : nothing}
      </section>`;
  }

  function templatesSection() {
    return html`<h2 class="section">Message templates</h2>
      <p class="muted">The words of every reminder, validation notice and voicemail. A template missing a part the rules
        require (the creditor, the debt-collector disclosure, the opt-out, Model Form B-1's parts) cannot be saved.</p>
      ${editingTemplate ? templateEditor(editingTemplate) : editable ? html`<div class="toolbar"><button class="small"
        id="new-template" @click=${() => { editingTemplate = { key: 'payment-reminder', channel: 'SMS',
        jurisdiction: policies[0]?.jurisdiction ?? 'US', language: 'en', version: 0, subject: null, body: '',
        changeNote: '', updatedBy: '', updatedAt: '' }; draw(); }}>New template</button></div>` : nothing}
      <table class="grid compact" aria-label="Message templates">
        <thead><tr><th>Kind</th><th>Channel</th><th>Jurisdiction</th><th>Language</th><th class="n">Version</th>
          <th>Changed</th><th></th></tr></thead>
        <tbody>${templates.map((t) => html`<tr><td>${t.key}</td><td>${t.channel}</td><td>${t.jurisdiction}</td>
          <td>${t.language}</td><td class="n">${t.version}</td><td>${t.updatedBy}, ${dateTime(t.updatedAt)}</td>
          <td>${editable ? html`<button class="small" @click=${() => { editingTemplate = t; templateProblems = [];
            preview = null; draw(); }}>Edit</button>` : nothing}</td></tr>`)}</tbody>
      </table>
      <h2 class="section">Validation notice: itemization date per creditor</h2>
      <p class="muted">One of the five dates 12 CFR 1006.34(b)(3) allows; notices already sent keep theirs.</p>
      <table class="grid compact" aria-label="Itemization dates">
        <thead><tr><th>Creditor</th><th>Itemization date</th><th>Changed</th></tr></thead>
        <tbody>${creditors.map((c) => html`<tr><td>${c.creditor}</td><td><select aria-label="Itemization date of
          ${c.creditor}" ?disabled=${!editable} @change=${(e: Event) => chooseBasis(e, c)}>${BASES.map(([v, text]) =>
          html`<option value=${v} ?selected=${v === c.itemizationBasis}>${text}</option>`)}</select></td>
          <td>${c.chosen ? c.updatedBy : html`<span class="muted">default</span>`}</td></tr>`)}</tbody>
      </table>`;
  }

  function policyCard(p: Policy) {
    const field = (name: string, text: string, value: unknown, type = 'number') => html`<label>${text}
      <input name=${name} type=${type} .value=${value === null || value === undefined ? '' : String(value)}
        ?disabled=${!editable} min=${type === 'number' ? 1 : nothing} max=${type === 'number' ? 365 : nothing}></label>`;
    return html`<form class="card policy" data-jurisdiction=${p.jurisdiction} @submit=${(e: Event) => savePolicy(e, p)}>
      <h2>${p.jurisdiction} <span class="muted small">changed by ${p.updatedBy}, ${dateTime(p.updatedAt)}</span></h2>
      <div class="form-grid">
        ${field('name', 'Name', p.name, 'text')}
        ${field('contactFrom', 'Contact from (debtor-local)', p.contactFrom.substring(0, 5), 'time')}
        ${field('contactUntil', 'Contact until', p.contactUntil.substring(0, 5), 'time')}
        <fieldset><legend>Hours apply to</legend>${CHANNELS.map((c) => html`<label class="check">
          <input type="checkbox" name="hours-${c}" ?checked=${p.hoursChannels.includes(c)} ?disabled=${!editable}>
          ${c}</label>`)}</fieldset>
        ${field('maxCalls', 'Max call attempts', p.maxCalls)}
        ${field('callWindowDays', '… within days', p.callWindowDays)}
        ${field('conversationCooldownDays', 'No call for days after a conversation', p.conversationCooldownDays)}
        ${field('validationPeriodDays', 'Validation period (days)', p.validationPeriodDays)}
        <label class="check"><input type="checkbox" name="agentIdentityRequired" ?checked=${p.agentIdentityRequired}
          ?disabled=${!editable}> Recovery agent identity recorded</label>
      </div>
      ${editable ? html`<div class="actions"><span class="spacer"></span>
        <button class="primary" type="submit">Save ${p.jurisdiction} rules</button></div>` : nothing}
      <details class="policy-history" @toggle=${(e: Event) => (e.target as HTMLDetailsElement).open
        && loadHistory(p.jurisdiction)}><summary>Change history</summary>${historyList(p)}</details>
    </form>`;
  }

  function scriptEditor(s: Script) {
    return html`<form class="card" @submit=${(e: Event) => saveScript(e, s)}>
      <h2>Edit script: ${label(s.stage)} · ${s.jurisdiction}</h2>
      <div class="form-grid wide">
        <label>Title <input name="title" .value=${s.title} required maxlength="200"></label>
        <label>Opening (placeholders {debtorName}, {agentName}, {accountRef}, {balance}, {currency}, {creditor})
          <textarea name="opening" rows="5" required maxlength="4000" .value=${s.opening}></textarea></label>
        <label>Objections, one per line: objection =&gt; response
          <textarea name="objections" rows="6" .value=${s.objections.map((o) => `${o.objection} => ${o.response}`)
            .join('\n')}></textarea></label>
      </div>
      <div class="actions"><button type="button" class="secondary" @click=${() => { editingScript = null; draw(); }}>
        Cancel</button><span class="spacer"></span><button class="primary" type="submit">Save script</button></div>
    </form>`;
  }

  function draw() {
    render(html`<section class="compliance">
      <header class="page-head"><h1>Compliance</h1>
        <span class="muted">Every outbound contact asks these rules first. Changes are audited.</span></header>
      ${error ? errorState(error, load) : nothing}
      ${auditSection()}
      <h2 class="section">Contact rules</h2>
      <div class="policies">${policies.map(policyCard)}</div>
      <h2 class="section">Call scripts</h2>
      ${editingScript ? scriptEditor(editingScript) : nothing}
      <table class="grid compact" aria-label="Call scripts">
        <thead><tr><th>Stage</th><th>Jurisdiction</th><th>Title</th><th class="n">Objections</th><th>Changed</th><th></th></tr></thead>
        <tbody>${scripts.map((s) => html`<tr><td>${label(s.stage)}</td><td>${s.jurisdiction}</td><td>${s.title}</td>
          <td class="n">${s.objections.length}</td><td>${s.updatedBy ?? ''}</td>
          <td>${editable ? html`<button class="small" @click=${() => { editingScript = s; draw(); }}>Edit</button>`
            : nothing}</td></tr>`)}</tbody>
      </table>
      ${templatesSection()}
    </section>`, root);
  }

  draw();
  load();
  return {};
}
