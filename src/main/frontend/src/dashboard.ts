import {
  ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Filler, Legend, LinearScale,
  LineController, LineElement, PointElement, Tooltip, type ChartConfiguration,
} from 'chart.js';
import { html, nothing, render } from 'lit';
import { api } from './api';
import { label, money, now } from './format';
import { errorState, type View } from './ui';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, LineController, LineElement,
  PointElement, Filler, DoughnutController, ArcElement);

type Money = Record<string, number>;

interface Report {
  openCases: number;
  casesByStage: Record<string, number>;
  agingBuckets: Record<string, number>;
  recovery: { currency: string; placed: number; collected: number; rate: number | null }[];
  cure: { entered: number; cured: number; rate: number | null };
  rollRates: { from: string; to: string; base: number; rolled: number; rate: number | null }[];
  promises: { made: number; due: number; kept: number; broken: number; keptRate: number | null; ptpRate: number | null };
  contacts: { attempts: number; calls: number; rightPartyContacts: number; rightPartyContactRate: number | null;
    byChannel: Record<string, number>; blockedByRule: Record<string, number> };
  sla: { due: number; breached: number; breachRate: number | null };
  incidents: { raised: number; cases: number; stuckNow: number };
  agents: { agent: string; tasksCompleted: number; contacts: number; promises: number; collected: Money }[];
  timeInStage: { stage: string; entries: number; averageHours: number; p90Hours: number }[];
  bottlenecks: { task: string; name: string; open: number; overdue: number; averageWaitHours: number;
    oldestWaitHours: number }[];
  trend: { step: string; points: { date: string; openCases: number; aging: Record<string, number>; collected: Money }[] };
}

interface WeekLine { agent: string; tasks: number; tasksTarget: number | null; contacts: number;
  contactsTarget: number | null; promises: number; promisesTarget: number | null; achievement: number | null }

/** What each tile and chart means: the README's KPI definitions, shown as tooltips. */
/** Complaint KPIs of the period (GET /api/metrics/complaints). */
interface ComplaintKpis { raised: number; per1000Accounts: number | null; byCategory: Record<string, number>;
  resolved: number; escalated: number; overdueNow: number; meanDaysToResolve: number | null }

const DEFINITIONS: Record<string, string> = {
  open: 'Open cases now',
  recovery: 'Collected in the period / balance placed with us (cases opened before the period end), per currency',
  cure: 'Cases opened in the period that closed with the balance paid (in full or by a completed plan) / cases opened in the period',
  roll: 'Cases in a DPD bucket (1-90) at the period start, or at placement during the period, that are still open and in a later bucket at its end (or now) / those cases',
  kept: 'Promises kept / promises due in the period and resolved',
  ptp: 'Promises made / right-party contacts in the period',
  rpc: 'Calls that reached the debtor / calls made in the period',
  sla: 'Tasks due in the period completed late or still open past due / tasks due',
  complaints: 'Complaints raised in the period per 1,000 accounts placed; resolved within the time limit or escalated to the grievance officer (RBI: 30 days)',
  stuck: 'Open cases whose process has no task for a person, no timer ahead and nothing on its way to the engine: nothing will move them until someone looks (timeline: Case stuck)',
  incidents: 'Incidents the engine raised in the period (a step that failed after its retries, or a failing expression), and the cases stuck by them',
  funnel: 'Open cases per lifecycle stage, now',
  aging: 'Open cases per DPD bucket at the end of each day (week, month) of the period',
  collected: 'Payments received per day (week, month) of the period, per currency',
  stage: 'For stage entries in the period: average and 90th percentile of hours until the case moved on (or until now)',
};

const STAGE_ORDER = ['INTAKE', 'CONTACT', 'NEGOTIATION', 'MONITORING', 'DISPUTE', 'LEGAL', 'REVIEW'];
const BUCKET_COLORS = ['#7fb3e6', '#f2c14e', '#f08a4b', '#c0392b'];
const CURRENCY_COLORS = ['#1a7f37', '#0b5cad', '#8250df'];

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)} %`);
const hours = (h: number) => (h >= 48 ? `${(h / 24).toFixed(1)} d` : `${h.toFixed(1)} h`);
const iso = (d: Date) => d.toISOString().substring(0, 10);

/** Managers: KPI tiles and charts for a period and filters, from GET /api/metrics/kpis. */
export function dashboardView(root: HTMLElement): View {
  const today = iso(now());
  const filters: Record<string, string> = {
    from: iso(new Date(now().getTime() - 30 * 86400000)),
    to: iso(new Date(now().getTime() + 86400000)),
    product: '', jurisdiction: '', strategy: '', modelVersion: '', team: '', agent: '', creditor: '',
  };
  let report: Report | null = null;
  let complaints: ComplaintKpis | null = null;
  // the values each filter can take, as they occur in the data: a choice, never a typo that silently shows nothing
  let known: { products: string[]; jurisdictions: string[]; strategies: string[]; modelVersions: number[];
    teams: string[]; people: string[]; creditors: string[] } = { products: [], jurisdictions: [], strategies: [],
    modelVersions: [], teams: [], people: [], creditors: [] };
  api.get<typeof known>('/api/metrics/filters').then((k) => { known = k; draw(); }).catch(() => {});
  let week: WeekLine[] = [];
  let error: unknown = null;
  let loading = 0;
  const charts: Chart[] = [];
  const canvases: Record<string, HTMLCanvasElement> = {};
  const canvas = (key: string, title: string) => {
    if (!canvases[key]) {
      canvases[key] = document.createElement('canvas');
      canvases[key].setAttribute('role', 'img');
      canvases[key].setAttribute('aria-label', title);
      canvases[key].dataset.chart = key;
    }
    return canvases[key];
  };

  function query() {
    return Object.entries(filters).filter(([, v]) => v !== '').map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&');
  }

  async function load() {
    const ticket = ++loading;
    try {
      const people = ['product', 'jurisdiction', 'team', 'agent', 'creditor'].filter((k) => filters[k] !== '')
        .map((k) => `&${k}=${encodeURIComponent(filters[k])}`).join('');
      const [r, w, c] = await Promise.all([
        api.get<Report>(`/api/metrics/kpis?${query()}`),
        api.get<{ lines: WeekLine[] }>(`/api/metrics/reports/weekly?date=${today}${people}`),
        api.get<ComplaintKpis>(`/api/metrics/complaints?from=${filters.from}&to=${filters.to}`),
      ]);
      if (ticket !== loading) return; // a newer filter's answer is on its way
      report = r;
      week = w.lines;
      complaints = c;
      error = null;
    } catch (e) {
      error = e;
    }
    draw();
    drawCharts();
  }

  function add(key: string, title: string, config: ChartConfiguration) {
    config.options = { animation: false, responsive: true, maintainAspectRatio: false, ...config.options };
    charts.push(new Chart(canvas(key, title), config));
  }

  function bars(key: string, title: string, data: Record<string, number>, color: string,
    name: (k: string) => string = (k) => k, horizontal = false) {
    add(key, title, { type: 'bar', data: { labels: Object.keys(data).map(name),
      datasets: [{ label: title, data: Object.values(data), backgroundColor: color }] },
    options: { indexAxis: horizontal ? 'y' : 'x', plugins: { legend: { display: false } },
      scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } } } } });
  }

  function drawCharts() {
    charts.splice(0).forEach((c) => c.destroy());
    const r = report;
    if (!r) return;
    const funnel: Record<string, number> = {};
    [...STAGE_ORDER, ...Object.keys(r.casesByStage).filter((s) => !STAGE_ORDER.includes(s))]
      .filter((s) => r.casesByStage[s] !== undefined).forEach((s) => { funnel[s] = r.casesByStage[s]; });
    bars('funnel', 'Open cases per stage', funnel, '#0b5cad', label, true);
    const points = r.trend.points;
    add('aging', 'DPD aging over the period', { type: 'line', data: { labels: points.map((p) => p.date),
      datasets: Object.keys(r.agingBuckets).map((b, i) => ({ label: `${b} DPD`, data: points.map((p) => p.aging[b] ?? 0),
        borderColor: BUCKET_COLORS[i], backgroundColor: BUCKET_COLORS[i], fill: true, pointRadius: 0 })) },
    options: { scales: { y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom' } } } });
    const currencies = [...new Set([...r.recovery.map((x) => x.currency), ...points.flatMap((p) => Object.keys(p.collected))])];
    add('collected', 'Collected over the period', { type: 'line', data: { labels: points.map((p) => p.date),
      datasets: currencies.map((c, i) => ({ label: c, data: points.map((p) => p.collected[c] ?? 0), yAxisID: i === 0 ? 'y' : 'y1',
        borderColor: CURRENCY_COLORS[i % 3], backgroundColor: CURRENCY_COLORS[i % 3], tension: 0.2 })) },
    options: { scales: { y: { beginAtZero: true, title: { display: !!currencies[0], text: currencies[0] ?? '' } },
      y1: { display: currencies.length > 1, position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
        title: { display: currencies.length > 1, text: currencies[1] ?? '' } } }, plugins: { legend: { position: 'bottom' } } } });
    add('kept', 'Promises due in the period', { type: 'doughnut', data: { labels: ['Kept', 'Broken'],
      datasets: [{ data: [r.promises.kept, r.promises.broken], backgroundColor: ['#1a7f37', '#c0392b'] }] },
    options: { plugins: { legend: { position: 'bottom' } } } });
    add('roll', 'Roll rates', { type: 'bar', data: { labels: r.rollRates.map((x) => `${x.from} → ${x.to}`),
      datasets: [{ label: 'Rolled', data: r.rollRates.map((x) => (x.rate === null ? 0 : x.rate * 100)), backgroundColor: '#f08a4b' }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, max: 100, ticks: { callback: (v) => `${v} %` } } } } });
    add('stage', 'Time in stage', { type: 'bar', data: { labels: r.timeInStage.map((x) => label(x.stage)),
      datasets: [{ label: 'Average hours', data: r.timeInStage.map((x) => x.averageHours), backgroundColor: '#7fb3e6' },
        { label: '90th percentile hours', data: r.timeInStage.map((x) => x.p90Hours), backgroundColor: '#0b5cad' }] },
    options: { indexAxis: 'y', plugins: { legend: { position: 'bottom' } } } });
    bars('channels', 'Contact attempts per channel', r.contacts.byChannel, '#1a7f37', label);
  }

  function tile(value: string, name: string, key: string, warn = false) {
    return html`<div class="tile ${warn ? 'warn' : ''}" title=${DEFINITIONS[key] ?? ''} data-kpi=${key}>
      <span class="tile-value">${value}</span><span class="tile-label">${name}</span></div>`;
  }

  function figure(key: string, title: string, wide = false) {
    return html`<figure class="card ${wide ? 'wide' : ''}" title=${DEFINITIONS[key] ?? ''}><figcaption>${title}</figcaption>
      <div class="chart">${canvas(key, title)}</div></figure>`;
  }

  function filter(name: string, input: unknown) {
    return html`<label>${name} ${input}</label>`;
  }

  /** A filter offering the known values (and the current one, should it no longer occur). */
  const choice = (key: string, options: [string, string][]) => {
    const all: [string, string][] = filters[key] && !options.some(([v]) => v === filters[key])
      ? [...options, [filters[key], filters[key]]] : options;
    return html`<select name=${key} @change=${set(key)}>
      <option value="" ?selected=${filters[key] === ''}>All</option>
      ${all.map(([v, text]) => html`<option value=${v} ?selected=${filters[key] === v}>${text}</option>`)}</select>`;
  };

  const set = (key: string) => (e: Event) => { filters[key] = (e.target as HTMLInputElement).value.trim(); load(); };

  function draw() {
    const r = report;
    const rolled = r ? r.rollRates.reduce((n, x) => n + x.rolled, 0) : 0;
    const base = r ? r.rollRates.reduce((n, x) => n + x.base, 0) : 0;
    const collected = (m: Money) => Object.entries(m).map(([c, a]) => money(a, c)).join(', ') || '—';
    render(html`<section class="dashboard">
      <header class="page-head"><h1>Dashboard</h1>
        <span class="muted small">Hover a tile or chart for its definition. Engine time, UTC.</span></header>
      <form class="toolbar filters no-print" @submit=${(e: Event) => e.preventDefault()}>
        ${filter('From', html`<input type="date" name="from" .value=${filters.from} max=${today} @change=${set('from')}>`)}
        ${filter('To', html`<input type="date" name="to" .value=${filters.to} @change=${set('to')}>`)}
        ${filter('Creditor', choice('creditor', known.creditors.map((c) => [c, c])))}
        ${filter('Product', choice('product', known.products.map((p) => [p, label(p)])))}
        ${filter('Jurisdiction', choice('jurisdiction', known.jurisdictions.map((j) => [j, j])))}
        ${filter('Strategy', choice('strategy', known.strategies.map((x) => [x, label(x)])))}
        ${filter('Model version', choice('modelVersion', known.modelVersions.map((v) => [String(v), `v${v}`])))}
        ${filter('Team', choice('team', known.teams.map((t) => [t, t])))}
        ${filter('Person', choice('agent', known.people.map((p) => [p, p])))}
      </form>
      ${error ? errorState(error, load) : nothing}
      ${r ? html`<div class="tiles">
        ${tile(String(r.openCases), 'Open cases', 'open')}
        ${r.recovery.map((x) => tile(percent(x.rate), `Recovery ${x.currency} (${money(x.collected, x.currency)})`, 'recovery'))}
        ${tile(percent(r.cure.rate), `Cure rate (${r.cure.cured} of ${r.cure.entered})`, 'cure')}
        ${tile(percent(base === 0 ? null : rolled / base), `Roll rate (${rolled} of ${base})`, 'roll')}
        ${tile(percent(r.promises.keptRate), `Promises kept (${r.promises.kept} of ${r.promises.due})`, 'kept')}
        ${tile(percent(r.promises.ptpRate), `PTP rate (${r.promises.made} made)`, 'ptp')}
        ${tile(percent(r.contacts.rightPartyContactRate), `Right-party contacts (${r.contacts.calls} calls)`, 'rpc')}
        ${tile(percent(r.sla.breachRate), `Task SLA breaches (${r.sla.breached} of ${r.sla.due})`, 'sla', r.sla.breached > 0)}
        ${tile(String(r.incidents.raised), `Incidents (${r.incidents.cases} cases)`, 'incidents', r.incidents.raised > 0)}
        ${tile(String(r.incidents.stuckNow), 'Stuck cases', 'stuck', r.incidents.stuckNow > 0)}
        ${complaints ? tile(complaints.per1000Accounts === null ? '—' : String(complaints.per1000Accounts),
          `Complaints per 1,000 accounts (${complaints.raised} raised, ${complaints.escalated} escalated, `
          + `${complaints.overdueNow} overdue${complaints.meanDaysToResolve === null ? ''
            : `, ${complaints.meanDaysToResolve} days to resolve`})`, 'complaints', complaints.overdueNow > 0)
          : nothing}
        ${complaints && complaints.raised > 0 ? html`<div class="tile" data-kpi="complaint-categories"
          title="Complaints raised in the period, by what they were about"><span class="tile-value">${
          Object.entries(complaints.byCategory).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])[0]?.[0]
            ? label(Object.entries(complaints.byCategory).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])[0][0])
            : '—'}</span><span class="tile-label">Complaints by category: ${Object.entries(complaints.byCategory)
          .filter(([, n]) => n > 0).map(([c, n]) => `${label(c)} ${n}`).join(', ')}</span></div>` : nothing}
      </div>` : html`<p class="state">Loading…</p>`}
      <div class="charts">
        ${figure('funnel', 'Stage funnel (open cases)')}
        ${figure('aging', 'DPD aging trend')}
        ${figure('collected', 'Recovery over time (collected)')}
        ${figure('kept', 'Promises kept vs broken')}
        ${figure('roll', 'Roll rates between DPD buckets')}
        ${figure('stage', 'Bottlenecks: time in stage')}
        ${figure('channels', 'Contacts per channel')}
      </div>
      ${r ? html`<div class="two-columns">
      <section class="card" data-section="bottlenecks"><h2>Where cases wait for people</h2>
        ${r.bottlenecks.length === 0 ? html`<p class="muted">No open tasks.</p>`
          : html`<table class="grid compact"><thead><tr><th>Task</th><th class="n">Open</th><th class="n">Overdue</th>
          <th class="n">Average wait</th><th class="n">Oldest</th></tr></thead><tbody>${r.bottlenecks.map((b) => html`<tr>
          <td>${b.name}</td><td class="n">${b.open}</td><td class="n ${b.overdue > 0 ? 'overdue' : ''}">${b.overdue}</td>
          <td class="n">${hours(b.averageWaitHours)}</td><td class="n">${hours(b.oldestWaitHours)}</td></tr>`)}</tbody></table>`}
      </section>
      <section class="card"><h2>Held or blocked by the contact guard</h2>
        ${Object.keys(r.contacts.blockedByRule).length === 0 ? html`<p class="muted">None in this period.</p>`
          : html`<ul>${Object.entries(r.contacts.blockedByRule).map(([rule, n]) => html`<li>${label(rule)}: ${n}</li>`)}</ul>`}
      </section></div>
      <section class="card" data-section="agents"><h2>People: the period, and this week against target</h2>
        ${r.agents.length === 0 && week.length === 0 ? html`<p class="muted">No work recorded in this period.</p>`
        : html`<table class="grid compact"><thead><tr><th>Person</th><th class="n">Tasks</th><th class="n">Contacts</th>
          <th class="n">Promises</th><th class="n">Collected</th><th class="n">This week vs target</th></tr></thead>
          <tbody>${[...new Set([...r.agents.map((a) => a.agent), ...week.map((w) => w.agent)])].sort().map((name) => {
            const a = r.agents.find((x) => x.agent === name);
            const w = week.find((x) => x.agent === name);
            return html`<tr data-agent=${name}><td>${name}</td><td class="n">${a?.tasksCompleted ?? 0}</td>
              <td class="n">${a?.contacts ?? 0}</td><td class="n">${a?.promises ?? 0}</td>
              <td class="n">${collected(a?.collected ?? {})}</td>
              <td class="n">${!w || w.achievement === null ? html`<span class="muted">no target</span>`
                : html`<span class=${w.achievement >= 1 ? 'good' : 'behind'}>${(w.achievement * 100).toFixed(0)} %</span>`}</td></tr>`;
          })}</tbody></table>`}</section>` : nothing}
    </section>`, root);
  }

  draw();
  load();
  return { dispose: () => charts.splice(0).forEach((c) => c.destroy()) };
}
