import { html, nothing, render } from 'lit';
import { api, type CaseView, type Page } from './api';
import { JURISDICTIONS, STAGES } from './catalog';
import { caseLocale, label, money } from './format';
import { errorState, navigate, type View } from './ui';

const PAGE_SIZE = 25;
const RECENT_KEY = 'recoverly.recentCases';
const RECENT_MAX = 8;

/** A case the user opened lately: kept in this browser only (references and names, no contact details). */
interface Recent { id: string; accountRef: string; debtorName: string }

export function rememberCase(c: CaseView) {
  try {
    const recent = recentCases().filter((r) => r.id !== c.id);
    recent.unshift({ id: c.id, accountRef: c.accountRef, debtorName: c.debtor.name });
    localStorage.setItem(RECENT_KEY, JSON.stringify(recent.slice(0, RECENT_MAX)));
  } catch {
    // storage unavailable (private mode): no recent list
  }
}

export function recentCases(): Recent[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((r) => r && typeof r.id === 'string').slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

interface Filters { q: string; status: string; stage: string; jurisdiction: string; creditor: string; page: number }
const remembered: Filters = { q: '', status: 'OPEN', stage: '', jurisdiction: '', creditor: '', page: 0 };

/** Find a case: by a fragment of its reference, the debtor's name or e-mail, or the phone's last digits. */
export function casesView(root: HTMLElement): View {
  const filters = remembered;
  let page: Page<CaseView> | null = null;
  let error: unknown = null;
  let timer: number | undefined;
  let creditors: string[] = [];
  api.get<string[]>('/api/cases/creditors').then((c) => { creditors = c; draw(); }).catch(() => {});

  async function load() {
    try {
      const query = new URLSearchParams({ page: String(filters.page), size: String(PAGE_SIZE) });
      if (filters.q.trim().length >= 2) query.set('q', filters.q.trim());
      if (filters.status) query.set('status', filters.status);
      if (filters.stage) query.set('stage', filters.stage);
      if (filters.jurisdiction) query.set('jurisdiction', filters.jurisdiction);
      if (filters.creditor) query.set('creditor', filters.creditor);
      page = await api.get<Page<CaseView>>(`/api/cases?${query}`);
      error = null;
    } catch (e) {
      error = e;
    }
    draw();
  }

  function set(change: Partial<Filters>) {
    Object.assign(filters, change, 'page' in change ? {} : { page: 0 });
    load();
  }

  function select(name: string, id: string, value: string, options: [string, string][], all: string,
    change: (v: string) => void) {
    return html`<label>${name}
      <select id=${id} @change=${(e: Event) => change((e.target as HTMLSelectElement).value)}>
        <option value="">${all}</option>
        ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
      </select></label>`;
  }

  function results() {
    if (error) return errorState(error, load);
    if (!page) return html`<p class="state">Loading cases…</p>`;
    if (page.items.length === 0) {
      return html`<div class="state empty"><p><strong>No case matches.</strong></p>
        <p>Search finds a fragment of the account reference, the debtor's name or e-mail, or the phone's last digits.</p></div>`;
    }
    const pages = Math.max(1, Math.ceil(page.totalItems / PAGE_SIZE));
    return html`<table class="grid cards" aria-label="Cases">
        <thead><tr><th>Account</th><th>Debtor</th><th>Stage</th><th class="n">DPD</th><th class="n">Balance</th>
          <th>Jur.</th><th>Creditor</th><th>Status</th></tr></thead>
        <tbody>${page.items.map((c) => html`<tr data-case=${c.id} @click=${() => navigate(`#/case/${c.id}`)}>
          <td data-label="Account"><a href="#/case/${c.id}" @click=${(e: Event) => e.stopPropagation()}>${c.accountRef}</a></td>
          <td data-label="Debtor">${c.debtor.name}</td>
          <td data-label="Stage">${label(c.stage)}</td>
          <td data-label="DPD" class="n">${c.dpd}</td>
          <td data-label="Balance" class="n">${money(c.balance, c.currency, caseLocale(c.debtor.jurisdiction))}</td>
          <td data-label="Jurisdiction">${c.debtor.jurisdiction}</td>
          <td data-label="Creditor">${c.creditor}</td>
          <td data-label="Status">${label(c.status)}</td>
        </tr>`)}</tbody>
      </table>
      <div class="pager">
        <button class="secondary" ?disabled=${filters.page === 0} @click=${() => set({ page: filters.page - 1 })}>Previous</button>
        <span>Page ${filters.page + 1} of ${pages} · ${page.totalItems} cases</span>
        <button class="secondary" ?disabled=${filters.page + 1 >= pages} @click=${() => set({ page: filters.page + 1 })}>Next page</button>
      </div>`;
  }

  function draw() {
    const recent = recentCases();
    render(html`<section class="cases">
      <header class="page-head"><h1>Cases</h1></header>
      <div class="toolbar">
        <label>Find a case
          <input type="search" id="case-search" placeholder="Reference, name, e-mail or phone digits (/)"
            .value=${filters.q} maxlength="100" @input=${(e: Event) => {
              const value = (e.target as HTMLInputElement).value;
              window.clearTimeout(timer);
              timer = window.setTimeout(() => set({ q: value }), 300);
            }}>
        </label>
        ${select('Status', 'case-status', filters.status, [['OPEN', 'Open'], ['CLOSED', 'Closed']], 'All', (v) => set({ status: v }))}
        ${select('Stage', 'case-stage', filters.stage, STAGES.map((s) => [s, label(s)]), 'All stages', (v) => set({ stage: v }))}
        ${select('Jurisdiction', 'case-jurisdiction', filters.jurisdiction, JURISDICTIONS, 'All', (v) => set({ jurisdiction: v }))}
        ${select('Creditor', 'case-creditor', filters.creditor, creditors.map((c) => [c, c]), 'All', (v) => set({ creditor: v }))}
      </div>
      ${recent.length ? html`<nav class="recent" aria-label="Recent cases"><span class="muted">Recent:</span>
        ${recent.map((r) => html`<a href="#/case/${r.id}" title=${r.debtorName}>${r.accountRef}</a>`)}</nav>` : nothing}
      ${results()}
    </section>`, root);
  }

  draw();
  load();
  return {
    onKey(event) {
      if (event.key === '/') {
        root.querySelector<HTMLInputElement>('#case-search')?.focus();
        return true;
      }
      return false;
    },
    dispose: () => window.clearTimeout(timer),
  };
}
