import { html, nothing, render } from 'lit';
import { api, type Page, type QueueCount } from './api';
import { queueName, STAGES } from './catalog';
import { dateTime, label } from './format';
import { errorState, type View } from './ui';

interface Clock { mode: string; now: string }

/** Where the portfolio stands: open cases per stage, open work per queue, the engine's clock. */
export function overviewView(root: HTMLElement): View {
  let stages: [string, number][] = [];
  let open = 0;
  let closed = 0;
  let queues: QueueCount[] = [];
  let clock: Clock | null = null;
  let error: unknown = null;

  const count = async (query: string) => (await api.get<Page<unknown>>(`/api/cases?size=1&${query}`)).totalItems;

  async function load() {
    try {
      [stages, open, closed, queues, clock] = await Promise.all([
        Promise.all(STAGES.map(async (s) => [s, await count(`status=OPEN&stage=${s}`)] as [string, number])),
        count('status=OPEN'), count('status=CLOSED'),
        api.get<QueueCount[]>('/api/tasks/counts'),
        api.get<Clock>('/api/dev/clock'),
      ]);
      error = null;
    } catch (e) {
      error = e;
    }
    draw();
  }

  function draw() {
    render(html`<section class="overview">
      <header class="page-head"><h1>Overview</h1>
        ${clock ? html`<span class="muted">${label(clock.mode)} mode · engine time ${dateTime(clock.now)}</span>` : nothing}</header>
      ${error ? errorState(error, load) : nothing}
      <div class="tiles">
        <div class="tile"><span class="tile-value">${open}</span><span class="tile-label">Open cases</span></div>
        <div class="tile"><span class="tile-value">${closed}</span><span class="tile-label">Closed cases</span></div>
        ${stages.map(([s, n]) => html`<div class="tile"><span class="tile-value">${n}</span>
          <span class="tile-label">${label(s)}</span></div>`)}
      </div>
      ${queues.length ? html`<section class="card"><h2>Open tasks by queue</h2><table class="grid compact">
        <thead><tr><th>Queue</th><th class="n">Open</th><th class="n">Unclaimed</th><th class="n">Overdue</th></tr></thead>
        <tbody>${queues.map((q) => html`<tr><td>${queueName(q.group)}</td><td class="n">${q.open}</td>
          <td class="n">${q.unassigned}</td><td class="n">${q.overdue}</td></tr>`)}</tbody></table></section>` : nothing}
      <p class="muted">API: <a href="/swagger-ui.html">OpenAPI documentation</a></p>
    </section>`, root);
  }

  const timer = window.setInterval(() => document.visibilityState === 'visible' && load(), 10000);
  draw();
  load();
  return { dispose: () => window.clearInterval(timer) };
}
