import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { html, nothing, render } from 'lit';
import { api } from './api';
import { label, money, now } from './format';
import { errorState, type View } from './ui';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

interface Report {
  openCases: number;
  casesByStage: Record<string, number>;
  agingBuckets: Record<string, number>;
  recovery: { currency: string; placed: number; collected: number; rate: number | null }[];
  promises: { made: number; due: number; kept: number; broken: number; keptRate: number | null; ptpRate: number | null };
  contacts: { attempts: number; calls: number; rightPartyContacts: number; rightPartyContactRate: number | null;
    byChannel: Record<string, number>; blockedByRule: Record<string, number> };
  sla: { due: number; breached: number; breachRate: number | null };
  agents: { agent: string; tasksCompleted: number; contacts: number; promises: number }[];
}

/** What each tile means: the README's KPI definitions, shown as the tile's tooltip. */
const DEFINITIONS: Record<string, string> = {
  open: 'Open cases now',
  recovery: 'Collected in the period / balance placed with us (cases opened before the period end), per currency',
  kept: 'Promises kept / promises due in the period and resolved',
  ptp: 'Promises made / right-party contacts in the period',
  rpc: 'Calls that reached the debtor / calls made in the period',
  sla: 'Tasks due in the period completed late or still open past due / tasks due',
};

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)} %`);

/** Managers: KPI tiles and charts for a period, from GET /api/metrics/kpis. */
export function dashboardView(root: HTMLElement): View {
  const today = now().toISOString().substring(0, 10);
  let from = new Date(now().getTime() - 30 * 86400000).toISOString().substring(0, 10);
  let to = new Date(now().getTime() + 86400000).toISOString().substring(0, 10);
  let report: Report | null = null;
  let error: unknown = null;
  const charts: Chart[] = [];
  const stageCanvas = document.createElement('canvas');
  const agingCanvas = document.createElement('canvas');
  const channelCanvas = document.createElement('canvas');
  [stageCanvas, agingCanvas, channelCanvas].forEach((c) => c.setAttribute('role', 'img'));

  async function load() {
    try {
      report = await api.get<Report>(`/api/metrics/kpis?from=${from}&to=${to}`);
      error = null;
    } catch (e) {
      error = e;
    }
    draw();
    drawCharts();
  }

  function bar(canvas: HTMLCanvasElement, title: string, data: Record<string, number>, color: string,
    name: (key: string) => string = (key) => key) {
    canvas.setAttribute('aria-label', title);
    return new Chart(canvas, {
      type: 'bar',
      data: { labels: Object.keys(data).map(name), datasets: [{ label: title, data: Object.values(data),
        backgroundColor: color }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function drawCharts() {
    charts.splice(0).forEach((c) => c.destroy());
    if (!report) return;
    charts.push(bar(stageCanvas, 'Open cases per stage', report.casesByStage, '#0b5cad', label));
    charts.push(bar(agingCanvas, 'Open cases per DPD bucket', report.agingBuckets, '#9a6700'));
    charts.push(bar(channelCanvas, 'Contact attempts per channel', report.contacts.byChannel, '#1a7f37'));
  }

  function tile(value: string, name: string, key: string) {
    return html`<div class="tile" title=${DEFINITIONS[key] ?? ''} data-kpi=${key}><span class="tile-value">${value}</span>
      <span class="tile-label">${name}</span></div>`;
  }

  function draw() {
    const r = report;
    render(html`<section class="dashboard">
      <header class="page-head"><h1>Dashboard</h1>
        <label>From <input type="date" .value=${from} max=${today}
          @change=${(e: Event) => { from = (e.target as HTMLInputElement).value; load(); }}></label>
        <label>To <input type="date" .value=${to}
          @change=${(e: Event) => { to = (e.target as HTMLInputElement).value; load(); }}></label>
        <span class="muted small">Hover a tile for its definition.</span></header>
      ${error ? errorState(error, load) : nothing}
      ${r ? html`<div class="tiles">
        ${tile(String(r.openCases), 'Open cases', 'open')}
        ${r.recovery.map((x) => tile(percent(x.rate), `Recovery ${x.currency} (${money(x.collected, x.currency)})`,
          'recovery'))}
        ${tile(percent(r.promises.keptRate), `Promises kept (${r.promises.kept} of ${r.promises.due})`, 'kept')}
        ${tile(percent(r.promises.ptpRate), `PTP rate (${r.promises.made} made)`, 'ptp')}
        ${tile(percent(r.contacts.rightPartyContactRate), `Right-party contacts (${r.contacts.calls} calls)`, 'rpc')}
        ${tile(percent(r.sla.breachRate), `Task SLA breaches (${r.sla.breached} of ${r.sla.due})`, 'sla')}
      </div>` : html`<p class="state">Loading…</p>`}
      <div class="charts">
        <figure class="card"><figcaption>Open cases per stage</figcaption><div class="chart">${stageCanvas}</div></figure>
        <figure class="card"><figcaption>DPD aging</figcaption><div class="chart">${agingCanvas}</div></figure>
        <figure class="card"><figcaption>Contacts per channel</figcaption><div class="chart">${channelCanvas}</div></figure>
      </div>
      ${r ? html`<section class="card"><h2>Held or blocked by the contact guard</h2>
        ${Object.keys(r.contacts.blockedByRule).length === 0 ? html`<p class="muted">None in this period.</p>`
          : html`<ul>${Object.entries(r.contacts.blockedByRule).map(([rule, n]) => html`<li>${label(rule)}: ${n}</li>`)}</ul>`}
      </section>
      <section class="card"><h2>Agents</h2>${r.agents.length === 0 ? html`<p class="muted">No agent work in this period.</p>`
        : html`<table class="grid compact"><thead><tr><th>Agent</th><th class="n">Tasks</th><th class="n">Contacts</th>
          <th class="n">Promises</th></tr></thead><tbody>${r.agents.map((a) => html`<tr><td>${a.agent}</td>
          <td class="n">${a.tasksCompleted}</td><td class="n">${a.contacts}</td><td class="n">${a.promises}</td></tr>`)}
          </tbody></table>`}</section>` : nothing}
    </section>`, root);
  }

  draw();
  load();
  return { dispose: () => charts.splice(0).forEach((c) => c.destroy()) };
}
