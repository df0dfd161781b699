import { html, nothing, render } from 'lit';
import { api } from './api';
import { JURISDICTIONS } from './catalog';
import { money, now } from './format';
import { hasRole } from './session';
import { errorState, errorText, notify, type View } from './ui';

interface Counts {
  tasks: number;
  tasksTarget: number | null;
  contacts: number;
  contactsTarget: number | null;
  promises: number;
  promisesTarget: number | null;
  collected: Record<string, number>;
  /** amount targets per currency; achievement per currency that has one */
  collectedTargets: Record<string, number>;
  collectedAchievement: Record<string, number>;
  achievement: number | null;
}

interface Line extends Counts {
  agent: string;
  teams: string[];
}

interface TeamLine extends Counts {
  team: string;
  people: number;
}

interface Report {
  kind: string;
  from: string;
  to: string;
  lines: Line[];
  teams: TeamLine[];
}

const TITLES: Record<string, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };

/** Daily, weekly and monthly collection reports per person and team against target: printable, and as CSV. */
export function reportsView(root: HTMLElement): View {
  let kind = 'weekly';
  let date = now().toISOString().substring(0, 10);
  let team = '';
  let agent = '';
  let jurisdiction = '';
  let creditor = '';
  let creditors: string[] = [];
  api.get<string[]>('/api/cases/creditors').then((c) => { creditors = c; draw(); }).catch(() => {});
  let report: Report | null = null;
  let error: unknown = null;

  const params = () => `date=${date}${team ? `&team=${encodeURIComponent(team)}` : ''}${agent
    ? `&agent=${encodeURIComponent(agent)}` : ''}${jurisdiction ? `&jurisdiction=${jurisdiction}` : ''}${creditor
    ? `&creditor=${encodeURIComponent(creditor)}` : ''}`;

  async function load() {
    try {
      report = await api.get<Report>(`/api/metrics/reports/${kind}?${params()}`);
      error = null;
    } catch (e) {
      error = e;
    }
    draw();
  }

  const vs = (done: number, target: number | null) => html`${done}${target === null ? nothing
    : html` <span class="muted">/ ${target}</span>`}`;
  const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(0)} %`);
  const amounts = (m: Record<string, number>) => Object.entries(m).map(([c, a]) => money(a, c)).join(', ') || '—';
  /** Per currency with a target: "40 % of $25,000.00"; a currency is only ever compared with itself. */
  const againstTarget = (c: Counts) => {
    const currencies = Object.keys(c.collectedTargets ?? {});
    if (currencies.length === 0) return '—';
    return html`${currencies.map((cur) => html`<div data-currency=${cur}>${pct(c.collectedAchievement[cur] ?? null)}
      <span class="muted">of ${money(c.collectedTargets[cur], cur)}</span></div>`)}`;
  };

  /** Managers set what a person should achieve per day, week or month (PUT /api/metrics/targets/{person}/{period}). */
  async function saveTarget(e: Event) {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const collected: Record<string, number> = {};
    for (const currency of ['USD', 'INR']) {
      const amount = value(`collected-${currency}`);
      if (amount !== '') collected[currency] = Number(amount);
    }
    try {
      await api.put(`/api/metrics/targets/${encodeURIComponent(value('person'))}/${value('period')}`, {
        tasks: Number(value('tasks')), contacts: Number(value('contacts')), promises: Number(value('promises')),
        collected,
      });
      notify(`Target for ${value('person')} saved.`, 'success');
      load();
    } catch (err) {
      notify(errorText(err), 'error');
    }
  }

  function targetForm() {
    return html`<details class="card no-print" id="targets"><summary>Set a target</summary>
      <form class="toolbar" @submit=${saveTarget}>
        <label>Person <input name="person" required size="10" placeholder="agent"></label>
        <label>Per <select name="period"><option value="DAILY">day</option><option value="WEEKLY" selected>week</option>
          <option value="MONTHLY">month</option></select></label>
        <label>Tasks <input name="tasks" type="number" min="0" required style="width:5rem"></label>
        <label>Contacts <input name="contacts" type="number" min="0" required style="width:5rem"></label>
        <label>Promises <input name="promises" type="number" min="0" required style="width:5rem"></label>
        <label>Collect (USD) <input name="collected-USD" type="number" min="0" step="0.01" style="width:7rem"></label>
        <label>Collect (INR) <input name="collected-INR" type="number" min="0" step="0.01" style="width:8rem"></label>
        <button type="submit">Save target</button>
      </form></details>`;
  }

  function draw() {
    render(html`<section class="reports">
      <header class="page-head"><h1>${TITLES[kind]} collection report</h1>
        ${report ? html`<span class="muted">${report.from} to ${report.to} (exclusive)${team ? `, team ${team}` : ''}${jurisdiction ? `, ${jurisdiction} cases` : ''}${creditor ? `, ${creditor}` : ''}
          ${agent ? `, ${agent}` : ''}</span>` : nothing}</header>
      <div class="toolbar no-print">
        <label>Report <select id="report-kind" @change=${(e: Event) => { kind = (e.target as HTMLSelectElement).value; load(); }}>
          ${Object.entries(TITLES).map(([k, t]) => html`<option value=${k} ?selected=${kind === k}>${t}</option>`)}</select></label>
        <label>Date <input type="date" .value=${date}
          @change=${(e: Event) => { date = (e.target as HTMLInputElement).value; load(); }}></label>
        <label>Team <select id="report-team" @change=${(e: Event) => { team = (e.target as HTMLSelectElement).value; load(); }}>
          ${['', 'agents', 'field-agents', 'supervisors', 'disputes', 'legal'].map((t) => html`<option value=${t}
            ?selected=${team === t}>${t || 'All'}</option>`)}</select></label>
        <label>Jurisdiction <select id="report-jurisdiction"
          @change=${(e: Event) => { jurisdiction = (e.target as HTMLSelectElement).value; load(); }}>
          <option value="">All</option>
          ${JURISDICTIONS.map(([v, text]) => html`<option value=${v} ?selected=${jurisdiction === v}>${text}</option>`)}
          </select></label>
        <label>Creditor <select id="report-creditor"
          @change=${(e: Event) => { creditor = (e.target as HTMLSelectElement).value; load(); }}>
          <option value="">All</option>
          ${creditors.map((c) => html`<option value=${c} ?selected=${creditor === c}>${c}</option>`)}
          </select></label>
        <label>Person <input id="report-agent" size="10" placeholder="All" .value=${agent}
          @change=${(e: Event) => { agent = (e.target as HTMLInputElement).value.trim(); load(); }}></label>
        <span class="spacer"></span>
        <a class="button secondary" id="download-csv" href="/api/metrics/reports/${kind}?${params()}&format=csv"
          download>Download CSV</a>
        <button class="secondary" @click=${() => window.print()}>Print</button>
      </div>
      ${error ? errorState(error, load) : nothing}
      ${!report ? html`<p class="state">Loading…</p>` : report.lines.length === 0
        ? html`<p class="state empty">No work recorded and no targets set for this period.</p>`
        : html`<table class="grid" aria-label="Work against target">
          <thead><tr><th>Person</th><th>Teams</th><th class="n">Tasks</th><th class="n">Contacts</th><th class="n">Promises</th>
            <th class="n">Collected</th><th class="n">Collected vs target</th><th class="n">Achievement</th></tr></thead>
          <tbody>${report.lines.map((l) => html`<tr data-agent=${l.agent}><td>${l.agent}</td>
            <td>${l.teams.join(', ')}</td>
            <td class="n">${vs(l.tasks, l.tasksTarget)}</td><td class="n">${vs(l.contacts, l.contactsTarget)}</td>
            <td class="n">${vs(l.promises, l.promisesTarget)}</td><td class="n">${amounts(l.collected)}</td>
            <td class="n">${againstTarget(l)}</td>
            <td class="n">${pct(l.achievement)}</td></tr>`)}</tbody>
        </table>
        <h2>Teams</h2>
        <table class="grid" aria-label="Teams against target" data-section="teams">
          <thead><tr><th>Team</th><th class="n">People</th><th class="n">Tasks</th><th class="n">Contacts</th>
            <th class="n">Promises</th><th class="n">Collected</th><th class="n">Collected vs target</th>
            <th class="n">Achievement</th></tr></thead>
          <tbody>${report.teams.map((t) => html`<tr data-team=${t.team}><td>${t.team}</td><td class="n">${t.people}</td>
            <td class="n">${vs(t.tasks, t.tasksTarget)}</td><td class="n">${vs(t.contacts, t.contactsTarget)}</td>
            <td class="n">${vs(t.promises, t.promisesTarget)}</td><td class="n">${amounts(t.collected)}</td>
            <td class="n">${againstTarget(t)}</td>
            <td class="n">${pct(t.achievement)}</td></tr>`)}</tbody>
        </table>`}
      ${hasRole('MANAGER', 'ADMIN') ? targetForm() : nothing}
      <p class="muted small">Done / target. Achievement is tasks + contacts + promises done over expected; collected is
        credited to the person who had the case's last conversation in the 30 days before the payment. Targets are set
        per person by managers (PUT /api/metrics/targets/{person}/{DAILY|WEEKLY|MONTHLY}, optionally with an amount to
        collect per currency); collections in a currency are only ever measured against the target in that currency.</p>
    </section>`, root);
  }

  draw();
  load();
  return {};
}
