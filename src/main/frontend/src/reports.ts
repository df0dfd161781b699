import { html, nothing, render } from 'lit';
import { api } from './api';
import { now } from './format';
import { errorState, type View } from './ui';

interface Line {
  agent: string;
  tasks: number;
  tasksTarget: number | null;
  contacts: number;
  contactsTarget: number | null;
  promises: number;
  promisesTarget: number | null;
  achievement: number | null;
}

interface Report {
  kind: string;
  from: string;
  to: string;
  lines: Line[];
}

/** Daily and weekly collection reports per person against target: a printable page and a CSV download. */
export function reportsView(root: HTMLElement): View {
  let kind = 'weekly';
  let date = now().toISOString().substring(0, 10);
  let report: Report | null = null;
  let error: unknown = null;

  async function load() {
    try {
      report = await api.get<Report>(`/api/metrics/reports/${kind}?date=${date}`);
      error = null;
    } catch (e) {
      error = e;
    }
    draw();
  }

  const vs = (done: number, target: number | null) => html`${done}${target === null ? nothing
    : html` <span class="muted">/ ${target}</span>`}`;

  function draw() {
    render(html`<section class="reports">
      <header class="page-head"><h1>${kind === 'daily' ? 'Daily' : 'Weekly'} collection report</h1>
        ${report ? html`<span class="muted">${report.from} to ${report.to} (exclusive)</span>` : nothing}</header>
      <div class="toolbar no-print">
        <label>Report <select id="report-kind" @change=${(e: Event) => { kind = (e.target as HTMLSelectElement).value; load(); }}>
          <option value="weekly" ?selected=${kind === 'weekly'}>Weekly</option>
          <option value="daily" ?selected=${kind === 'daily'}>Daily</option></select></label>
        <label>Date <input type="date" .value=${date}
          @change=${(e: Event) => { date = (e.target as HTMLInputElement).value; load(); }}></label>
        <span class="spacer"></span>
        <a class="button secondary" id="download-csv" href="/api/metrics/reports/${kind}?date=${date}&format=csv"
          download>Download CSV</a>
        <button class="secondary" @click=${() => window.print()}>Print</button>
      </div>
      ${error ? errorState(error, load) : nothing}
      ${!report ? html`<p class="state">Loading…</p>` : report.lines.length === 0
        ? html`<p class="state empty">No work recorded and no targets set for this period.</p>`
        : html`<table class="grid" aria-label="Work against target">
          <thead><tr><th>Person</th><th class="n">Tasks</th><th class="n">Contacts</th><th class="n">Promises</th>
            <th class="n">Achievement</th></tr></thead>
          <tbody>${report.lines.map((l) => html`<tr data-agent=${l.agent}><td>${l.agent}</td>
            <td class="n">${vs(l.tasks, l.tasksTarget)}</td><td class="n">${vs(l.contacts, l.contactsTarget)}</td>
            <td class="n">${vs(l.promises, l.promisesTarget)}</td>
            <td class="n">${l.achievement === null ? '—' : `${(l.achievement * 100).toFixed(0)} %`}</td></tr>`)}</tbody>
        </table>`}
      <p class="muted small">Done / target; achievement is everything done over everything expected. Targets are set
        per person by managers (PUT /api/metrics/targets/{person}/{DAILY|WEEKLY|MONTHLY}).</p>
    </section>`, root);
  }

  draw();
  load();
  return {};
}
