import { html, nothing, render } from 'lit';
import { api, type Page, type QueueCount, type Task } from './api';
import { JURISDICTIONS, queueName, SORTS, STAGES, TASK_TYPES } from './catalog';
import { caseLocale, dateTime, label, money, relative, workableFrom } from './format';
import { session } from './session';
import { errorState, errorText, navigate, notify, type View } from './ui';

const PAGE_SIZE = 25;
const REFRESH_MS = 15000;

interface Filters {
  queue: string; // '' = all my queues and my tasks, 'mine' = assigned to me, else a group
  elementId: string;
  stage: string;
  jurisdiction: string;
  sort: string;
  search: string;
  workable: string; // '' = workable now first, then the waiting ones; 'true' = workable now only; 'false' = waiting
  page: number;
}

// Filters survive opening a task and coming back.
const remembered: Filters = { queue: '', elementId: '', stage: '', jurisdiction: '', sort: 'priority', search: '', workable: '', page: 0 };

/** The agent's inbox: their queues, counts per queue, filters, paging; refreshes itself. */
export function inboxView(root: HTMLElement): View {
  const filters = remembered;
  let page: Page<Task> | null = null;
  let counts: QueueCount[] = [];
  let mine = 0;
  let error: unknown = null;
  let loading = true;
  let selected = 0;
  let busy = false;
  let searchTimer: number | undefined;
  let folded = true; // at phone width the filters fold away behind a button (CSS shows them at any larger width)

  async function load(quiet = false) {
    if (!quiet) {
      loading = true;
      draw();
    }
    try {
      const query = new URLSearchParams({ sort: filters.sort, page: String(filters.page), size: String(PAGE_SIZE) });
      if (filters.queue === 'mine') query.set('assignee', session.me!.username);
      else if (filters.queue) query.set('group', filters.queue);
      if (filters.elementId) query.set('elementId', filters.elementId);
      if (filters.stage) query.set('stage', filters.stage);
      if (filters.jurisdiction) query.set('jurisdiction', filters.jurisdiction);
      if (filters.search.trim()) query.set('search', filters.search.trim());
      if (filters.workable) query.set('actionable', filters.workable);
      let minePage: Page<Task>;
      [page, counts, minePage] = await Promise.all([
        api.get<Page<Task>>(`/api/tasks?${query}`),
        api.get<QueueCount[]>('/api/tasks/counts'),
        api.get<Page<Task>>(`/api/tasks?assignee=${encodeURIComponent(session.me!.username)}&size=1`),
      ]);
      mine = minePage.totalItems;
      error = null;
      selected = Math.min(selected, Math.max(0, page.items.length - 1));
    } catch (e) {
      error = e;
    } finally {
      loading = false;
      draw();
    }
  }

  function set(change: Partial<Filters>) {
    Object.assign(filters, change, 'page' in change ? {} : { page: 0 });
    selected = 0;
    load();
  }

  async function next() {
    if (busy) return;
    busy = true;
    try {
      const task = await api.post<Task>('/api/tasks/next', {});
      navigate(`#/task/${task.id}`);
    } catch (e) {
      const problem = e as { status?: number; body?: { nextActionableAt?: string | null; waiting?: number } };
      if (problem.status === 404) {
        const at = problem.body?.nextActionableAt;
        notify(problem.body?.waiting
          ? `Nothing can be worked right now: ${problem.body.waiting} task(s) wait for their contact window`
            + (at ? `; the first from ${dateTime(at)} (your time)` : '')
            + '.'
          : 'Nothing to work right now: your queues are empty. New tasks appear here by themselves.', 'info');
      } else {
        notify(errorText(e), 'error');
      }
    } finally {
      busy = false;
    }
  }

  async function claim(task: Task) {
    try {
      await api.post(`/api/tasks/${task.id}/claim`);
      navigate(`#/task/${task.id}`);
    } catch (e) {
      notify(errorText(e), 'error');
      load(true);
    }
  }

  function queueTabs() {
    const me = session.me!;
    const tabs: { key: string; name: string; open?: number; overdue?: number }[] = [
      { key: '', name: 'All my work' },
      { key: 'mine', name: 'Assigned to me', open: mine },
    ];
    for (const c of counts) {
      if (me.groups.includes(c.group) || c.group === filters.queue) {
        tabs.push({ key: c.group, name: queueName(c.group), open: c.open, overdue: c.overdue });
      }
    }
    for (const g of me.groups) {
      if (!tabs.some((t) => t.key === g)) tabs.push({ key: g, name: queueName(g), open: 0, overdue: 0 });
    }
    return html`<div class="tabs" role="tablist" aria-label="Queues">
      ${tabs.map((t) => html`<button role="tab" aria-selected=${filters.queue === t.key}
          class=${filters.queue === t.key ? 'tab active' : 'tab'} @click=${() => set({ queue: t.key })}>
          ${t.name}${t.open !== undefined ? html` <span class="count" data-queue=${t.key}>${t.open}</span>` : nothing}
          ${t.overdue ? html`<span class="count overdue" title="overdue">${t.overdue} overdue</span>` : nothing}
        </button>`)}
    </div>`;
  }

  function toolbar() {
    const select = (name: string, value: string, options: [string, string][], all: string,
      change: (v: string) => void) => html`
      <label>${name}
        <select @change=${(e: Event) => change((e.target as HTMLSelectElement).value)} .value=${value}>
          <option value="">${all}</option>
          ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
        </select>
      </label>`;
    return html`<div class=${folded ? 'toolbar folded' : 'toolbar'}>
      <button class="secondary filters-toggle" aria-expanded=${!folded} @click=${() => { folded = !folded; draw(); }}>
        ${folded ? 'Show filters' : 'Hide filters'}</button>
      <label class="always">Account or debtor
        <input type="search" id="task-search" placeholder="Reference or name (/)" .value=${filters.search}
          @input=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            window.clearTimeout(searchTimer);
            searchTimer = window.setTimeout(() => set({ search: value }), 300);
          }}>
      </label>
      ${select('Task', filters.elementId, TASK_TYPES, 'All tasks', (v) => set({ elementId: v }))}
      ${select('Stage', filters.stage, STAGES.map((s) => [s, label(s)]), 'All stages', (v) => set({ stage: v }))}
      ${select('Jurisdiction', filters.jurisdiction, JURISDICTIONS, 'All', (v) => set({ jurisdiction: v }))}
      <label>Show
        <select id="workable-filter" @change=${(e: Event) => set({ workable: (e.target as HTMLSelectElement).value })}>
          ${[['', 'Workable now first'], ['true', 'Workable now only'], ['false', 'Waiting for their window']]
            .map(([v, text]) => html`<option value=${v} ?selected=${v === filters.workable}>${text}</option>`)}
        </select>
      </label>
      <label>Sort
        <select @change=${(e: Event) => set({ sort: (e.target as HTMLSelectElement).value })}>
          ${SORTS.map(([v, text]) => html`<option value=${v} ?selected=${v === filters.sort}>${text}</option>`)}
        </select>
      </label>
      <span class="spacer"></span>
      <button class="secondary" @click=${() => load()} title="Refresh (r)">Refresh</button>
      <button class="primary" id="next-task" @click=${next} title="Claim and open the most urgent task (n)">
        Next task</button>
    </div>`;
  }

  function rows(items: Task[]) {
    const me = session.me!.username;
    return items.map((t, i) => html`<tr class=${i === selected ? 'selected' : ''} data-task=${t.id}
        data-account=${t.caseSummary?.accountRef ?? ''} @click=${() => navigate(`#/task/${t.id}`)}>
      <td><a href="#/task/${t.id}" @click=${(e: Event) => e.stopPropagation()}>${t.name}</a>
        ${t.overdue ? html`<span class="badge danger">Overdue</span>` : nothing}</td>
      <td class="workable">${t.availability?.now
        ? html`<span class="badge ok" data-workable="now">${t.elementId === 'call-debtor' ? 'Callable now' : 'Now'}</span>`
        : html`<span class="badge wait" data-workable="later" title=${t.availability?.reason ?? ''}>
            ${workableFrom(t.availability?.from ?? null, t.caseSummary?.timezone)}</span>
          <div class="muted small">${label(t.availability?.rule)}</div>`}</td>
      <td>${t.caseSummary ? html`<a href="#/case/${t.caseId}" class="account-link"
          @click=${(e: Event) => e.stopPropagation()}>${t.caseSummary.accountRef}</a>` : '—'}
        <div class="muted">${t.caseSummary?.debtorName ?? ''}</div></td>
      <td data-label="Stage">${label(t.caseSummary?.stage)}</td>
      <td data-label="DPD" class="n">${t.caseSummary?.dpd ?? '—'}</td>
      <td data-label="Balance" class="n">${money(t.caseSummary?.balance, t.caseSummary?.currency, caseLocale(t.caseSummary?.jurisdiction))}</td>
      <td data-label="Jurisdiction">${t.caseSummary?.jurisdiction ?? '—'}</td>
      <td data-label="Due" title=${t.dueAt ?? ''}>${relative(t.dueAt) || '—'}</td>
      <td data-label="Assignee">${t.assignee === me ? html`<span class="badge">You</span>` : t.assignee ?? html`<span class="muted">Unclaimed</span>`}</td>
      <td>${t.assignee ? nothing : html`<button class="small" @click=${(e: Event) => { e.stopPropagation(); claim(t); }}>
        Claim</button>`}</td>
    </tr>`);
  }

  function table() {
    if (error) return errorState(error, () => load());
    if (!page) return html`<p class="state">Loading your inbox…</p>`;
    if (page.items.length === 0) {
      return html`<div class="state empty"><p><strong>Nothing waiting here.</strong></p>
        <p>${filters.elementId || filters.stage || filters.jurisdiction || filters.queue || filters.search
          ? 'No task matches these filters.' : 'Your queues are empty. New tasks appear here by themselves.'}</p></div>`;
    }
    const pages = Math.max(1, Math.ceil(page.totalItems / PAGE_SIZE)) + (page.totalCapped ? 1 : 0);
    return html`<table class="grid" aria-label="Tasks">
        <thead><tr><th>Task</th><th>Workable</th><th>Account / debtor</th><th>Stage</th><th class="n">DPD</th><th class="n">Balance</th>
          <th>Jur.</th><th>Due</th><th>Assignee</th><th></th></tr></thead>
        <tbody>${rows(page.items)}</tbody>
      </table>
      <div class="pager">
        <button class="secondary" ?disabled=${filters.page === 0} @click=${() => set({ page: filters.page - 1 })}>
          Previous</button>
        <span>Page ${filters.page + 1} of ${pages}${page.totalCapped ? '+' : ''} · ${page.totalItems.toLocaleString()}${page.totalCapped ? '+' : ''} tasks${page.workableNow !== undefined
          && page.workableNow !== null ? html` · <span id="workable-count">${page.workableNow} workable now</span>` : nothing}</span>
        <button class="secondary" ?disabled=${filters.page + 1 >= pages} @click=${() => set({ page: filters.page + 1 })}>
          Next page</button>
      </div>`;
  }

  function draw() {
    render(html`<section class="inbox">
      <header class="page-head"><h1>Inbox</h1>${loading && page ? html`<span class="muted">Refreshing…</span>` : nothing}
        ${session.lastWorked ? html`<span class="muted" id="last-worked">Last worked:
          <a href="#/case/${session.lastWorked.caseId}">${session.lastWorked.ref || 'the case'}</a></span>` : nothing}</header>
      ${queueTabs()} ${toolbar()} ${table()}
    </section>`, root);
  }

  const timer = window.setInterval(() => {
    if (document.visibilityState === 'visible') load(true);
  }, REFRESH_MS);
  load();

  return {
    onKey(event) {
      const items = page?.items ?? [];
      switch (event.key) {
        case 'n': next(); return true;
        case 'r': load(); return true;
        case '/': root.querySelector<HTMLInputElement>('#task-search')?.focus(); return true;
        case 'j': case 'ArrowDown': selected = Math.min(selected + 1, items.length - 1); draw(); return true;
        case 'k': case 'ArrowUp': selected = Math.max(selected - 1, 0); draw(); return true;
        case 'Enter': if (items[selected]) navigate(`#/task/${items[selected].id}`); return true;
        default: return false;
      }
    },
    dispose() {
      window.clearInterval(timer);
      window.clearTimeout(searchTimer);
    },
  };
}
