import { html, nothing, render } from 'lit';
import { api, ApiError, type Policy, type Script } from './api';
import { dateTime, label } from './format';
import { hasRole } from './session';
import { errorState, errorText, notify, type View } from './ui';

/** One audited change of a jurisdiction's rules (GET /api/compliance/policies/{j}/history). */
interface AuditChange { id: number; occurredAt: string; actor: string; summary: string;
  before: Record<string, unknown> | null; after: Record<string, unknown> | null }

const CHANNELS = ['CALL', 'SMS', 'EMAIL', 'LETTER', 'VISIT'];

/** Compliance: the contact rules per jurisdiction and the call scripts, edited here (data, not code); audited. */
export function complianceView(root: HTMLElement): View {
  let policies: Policy[] = [];
  let scripts: Script[] = [];
  let error: unknown = null;
  let editingScript: Script | null = null;
  const editable = hasRole('COMPLIANCE', 'ADMIN');

  async function load() {
    try {
      [policies, scripts] = await Promise.all([
        api.get<Policy[]>('/api/compliance/policies'),
        api.get<Script[]>('/api/scripts'),
      ]);
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
    </section>`, root);
  }

  draw();
  load();
  return {};
}
