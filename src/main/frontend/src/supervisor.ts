import { html, nothing, render } from 'lit';
import { live } from 'lit/directives/live.js';
import { api, type AppUser, type Incident, type Page, type QueueCount, type Task } from './api';
import { queueName } from './catalog';
import { caseLocale, dateTime, money, relative, workableFrom } from './format';
import { errorState, errorText, notify, type View } from './ui';

interface Workload { person: string | null; queue: string | null; open: number; overdue: number; workableNow: number }
interface BulkResult { taskId: string; assigned: boolean; previousAssignee: string | null; problem: string | null }
const PAGE_SIZE = 50;

/** Supervisors: every queue with its load, overdue work, and reassigning tasks. */
export function supervisorView(root: HTMLElement): View {
  let counts: QueueCount[] = [];
  let tasks: Page<Task> | null = null;
  let users: AppUser[] = [];
  let incidents: Incident[] = [];
  let retrying = '';
  let error: unknown = null;
  let queue = '';
  let overdueOnly = true;
  let search = '';
  let searchTimer: number | undefined;
  let creditor = '';
  let creditors: string[] = [];
  api.get<string[]>('/api/cases/creditors').then((c) => { creditors = c; draw(); }).catch(() => {});
  let page = 0;
  let workload: Workload[] = [];
  const selected = new Set<string>();
  let bulkAssignee = '';

  async function load() {
    try {
      const query = new URLSearchParams({ sort: 'due', size: String(PAGE_SIZE), page: String(page) });
      if (queue) query.set('group', queue);
      if (overdueOnly) query.set('overdue', 'true');
      if (search.trim()) query.set('search', search.trim());
      if (creditor) query.set('creditor', creditor);
      [counts, tasks, users, incidents, workload] = await Promise.all([
        api.get<QueueCount[]>('/api/tasks/counts'),
        api.get<Page<Task>>(`/api/tasks?${query}`),
        users.length ? Promise.resolve(users) : api.get<AppUser[]>('/api/users'),
        api.get<Incident[]>('/api/incidents?state=OPEN&limit=50'),
        api.get<Workload[]>('/api/tasks/workload'),
      ]);
      // a selection keeps only the tasks still listed
      const listed = new Set(tasks.items.map((t) => t.id));
      [...selected].filter((id) => !listed.has(id)).forEach((id) => selected.delete(id));
      error = null;
    } catch (e) {
      error = e;
    }
    draw();
  }

  async function assign(task: Task, assignee: string) {
    const before = task.assignee;
    try {
      await api.post(`/api/tasks/${task.id}/assign`, { assignee: assignee || null });
      notify(assignee ? `${task.name} assigned to ${assignee}.` : `${task.name} is back in its queue.`, 'success',
        undefined, { text: 'Undo', run: () => undo([{ taskId: task.id, assigned: true, previousAssignee: before,
          problem: null }]) });
    } catch (e) {
      notify(errorText(e), 'error');
    }
    load();
  }

  /** Hands the selected tasks to one person (or back to their queues), confirmed; undoable. */
  async function assignSelected() {
    const ids = [...selected];
    if (ids.length === 0) return;
    const to = bulkAssignee || null;
    try {
      const results = await api.post<BulkResult[]>('/api/tasks/assign-bulk', { taskIds: ids, assignee: to });
      const done = results.filter((r) => r.assigned);
      const refused = results.filter((r) => !r.assigned);
      selected.clear();
      notify(`${done.length} task(s) ${to ? `assigned to ${to}` : 'back in their queues'}${refused.length
        ? `; ${refused.length} not: ${refused[0].problem}` : ''}.`, refused.length ? 'info' : 'success', undefined,
        done.length ? { text: 'Undo', run: () => undo(done) } : undefined);
    } catch (e) {
      notify(errorText(e), 'error');
    }
    load();
  }

  /** Gives each task back to whoever held it before, grouped by that person. */
  async function undo(results: BulkResult[]) {
    const byPrevious = new Map<string, string[]>();
    results.forEach((r) => byPrevious.set(r.previousAssignee ?? '', [...(byPrevious.get(r.previousAssignee ?? '') ?? []),
      r.taskId]));
    try {
      for (const [previous, ids] of byPrevious) {
        await api.post('/api/tasks/assign-bulk', { taskIds: ids, assignee: previous || null });
      }
      notify(`Undone: ${results.length} task(s) back with whoever held them.`, 'success');
    } catch (e) {
      notify(errorText(e), 'error');
    }
    load();
  }

  async function retry(incident: Incident) {
    retrying = incident.id;
    draw();
    try {
      const outcome = await api.post<{ resolved: boolean; detail: string }>(`/api/incidents/${incident.id}/retry`, {});
      notify(outcome.resolved ? `Retried: ${incident.elementId ?? 'the step'} runs again.` : outcome.detail,
        outcome.resolved ? 'success' : 'info');
    } catch (e) {
      notify(errorText(e), 'error');
    }
    retrying = '';
    load();
  }

  function candidates(task: Task): AppUser[] {
    return users.filter((u) => u.roles.includes('ADMIN') || u.groups.some((g) => task.candidateGroups.includes(g)));
  }

  function draw() {
    render(html`<section class="supervisor">
      <header class="page-head"><h1>Supervisor</h1></header>
      ${error ? errorState(error, load) : nothing}
      <section class="card"><h2>Queues</h2>
        ${counts.length === 0 ? html`<p class="muted">No open tasks in any queue.</p>` : html`<table class="grid compact" aria-label="Queues">
          <thead><tr><th>Queue</th><th class="n">Open</th><th class="n">Unclaimed</th><th class="n">Overdue</th></tr></thead>
          <tbody>${counts.map((c) => html`<tr data-queue=${c.group}><td><a href="#/supervisor" @click=${(e: Event) => {
            e.preventDefault(); queue = c.group; load(); }}>${queueName(c.group)}</a></td><td class="n">${c.open}</td>
            <td class="n">${c.unassigned}</td><td class="n ${c.overdue ? 'danger' : ''}">${c.overdue}</td></tr>`)}</tbody>
        </table>`}
      </section>
      ${incidents.length === 0 ? nothing : html`<section class="card" id="incidents"><h2>Incidents
          <span class="count">${incidents.length}</span></h2>
        <p class="muted">Steps the engine cannot continue. Fix the cause (a provider, a rule), then retry: the step runs
          again. Every retry is on the case's timeline and in the audit trail.</p>
        <table class="grid" aria-label="Incidents">
          <thead><tr><th>Account</th><th>Step</th><th>Error</th><th>Raised</th><th><span class="visually-hidden">Action</span></th></tr></thead>
          <tbody>${incidents.map((i) => html`<tr data-incident=${i.id}>
            <td>${i.caseId ? html`<a href="#/case/${i.caseId}">${i.accountRef ?? i.caseId}</a>` : '—'}</td>
            <td>${i.elementId ?? '—'}</td>
            <td title=${i.errorMessage ?? ''}>${i.errorType}${i.errorMessage ? html`: ${i.errorMessage.length > 120
              ? i.errorMessage.slice(0, 117) + '…' : i.errorMessage}` : nothing}</td>
            <td title=${dateTime(i.raisedAt)}>${relative(i.raisedAt)}</td>
            <td><button type="button" class="retry" ?disabled=${retrying === i.id}
              @click=${() => retry(i)}>${retrying === i.id ? 'Retrying…' : 'Retry'}</button></td>
          </tr>`)}</tbody></table>
      </section>`}
      <section class="card"><h2>${overdueOnly ? 'Overdue tasks' : 'Open tasks'}${queue ? ` in ${queueName(queue)}` : ''}
          ${tasks ? html`<span class="count">${tasks.totalItems}</span>` : nothing}</h2>
        <div class="toolbar">
          <label>Queue <select @change=${(e: Event) => { queue = (e.target as HTMLSelectElement).value; page = 0; load(); }}>
            <option value="">All queues</option>
            ${counts.map((c) => html`<option value=${c.group} ?selected=${c.group === queue}>${queueName(c.group)}</option>`)}
          </select></label>
          <label>Creditor <select id="supervisor-creditor" @change=${(e: Event) => {
            creditor = (e.target as HTMLSelectElement).value; page = 0; load(); }}>
            <option value="">All creditors</option>
            ${creditors.map((c) => html`<option value=${c} ?selected=${c === creditor}>${c}</option>`)}
          </select></label>
          <label>Account or debtor <input type="search" id="supervisor-search" .value=${search}
            @input=${(e: Event) => {
              const value = (e.target as HTMLInputElement).value;
              window.clearTimeout(searchTimer);
              searchTimer = window.setTimeout(() => { search = value; page = 0; load(); }, 300);
            }}></label>
          <label class="check"><input type="checkbox" id="overdue-only" .checked=${overdueOnly}
            @change=${(e: Event) => { overdueOnly = (e.target as HTMLInputElement).checked; page = 0; load(); }}> Overdue only</label>
        </div>
        <div class="toolbar bulk" aria-label="Selected tasks">
          <span>${selected.size} selected</span>
          <label>Assign to <select id="bulk-assignee" @change=${(e: Event) => { bulkAssignee = (e.target as HTMLSelectElement).value; }}>
            <option value="">— back to their queues —</option>
            ${users.map((u) => html`<option value=${u.username} ?selected=${u.username === bulkAssignee}>${u.displayName} (${u.username})</option>`)}
          </select></label>
          <button id="bulk-assign" ?disabled=${selected.size === 0} @click=${assignSelected}>Assign selected</button>
        </div>
        ${!tasks ? html`<p class="state">Loading…</p>` : tasks.items.length === 0
          ? html`<p class="state empty">${overdueOnly ? 'Nothing overdue. Well done, team.' : 'No open tasks.'}</p>`
          : html`<table class="grid" aria-label="Tasks to supervise">
          <thead><tr><th><label class="visually-hidden" for="select-all">Select all</label><input type="checkbox"
            id="select-all" .checked=${tasks.items.length > 0 && tasks.items.every((t) => selected.has(t.id))}
            @change=${(e: Event) => { const on = (e.target as HTMLInputElement).checked;
              tasks!.items.forEach((t) => (on ? selected.add(t.id) : selected.delete(t.id))); draw(); }}></th>
            <th>Task</th><th>Workable</th><th>Account</th><th class="n">Balance</th><th>Due</th><th>Queue</th><th>Assignee</th></tr></thead>
          <tbody>${tasks.items.map((t) => html`<tr data-task=${t.id} data-account=${t.caseSummary?.accountRef ?? ''}>
            <td><label class="visually-hidden" for="select-${t.id}">Select ${t.name} ${t.caseSummary?.accountRef ?? ''}</label>
              <input type="checkbox" class="select-task" id="select-${t.id}" .checked=${selected.has(t.id)}
              @change=${(e: Event) => { (e.target as HTMLInputElement).checked ? selected.add(t.id) : selected.delete(t.id); draw(); }}></td>
            <td data-label="Task"><a href="#/task/${t.id}">${t.name}</a> ${t.overdue ? html`<span class="badge danger">Overdue</span>` : nothing}</td>
            <td data-label="Workable">${t.availability?.now ? html`<span class="badge ok">Now</span>`
              : html`<span class="badge wait" title=${t.availability?.reason ?? ''}>${workableFrom(t.availability?.from ?? null,
                t.caseSummary?.timezone)}</span>`}</td>
            <td data-label="Account"><a href="#/case/${t.caseId}">${t.caseSummary?.accountRef ?? '—'}</a></td>
            <td data-label="Balance" class="n">${money(t.caseSummary?.balance, t.caseSummary?.currency, caseLocale(t.caseSummary?.jurisdiction))}</td>
            <td title=${dateTime(t.dueAt)}>${relative(t.dueAt)}</td>
            <td>${t.candidateGroups.map(queueName).join(', ')}</td>
            <td><label class="visually-hidden" for="assign-${t.id}">Assignee</label>
              <select id="assign-${t.id}" class="assign" .value=${live(t.assignee ?? '')} @change=${(e: Event) => assign(t, (e.target as HTMLSelectElement).value)}>
                <option value="" ?selected=${!t.assignee}>— queue —</option>
                ${candidates(t).map((u) => html`<option value=${u.username} ?selected=${u.username === t.assignee}>
                  ${u.displayName} (${u.username})</option>`)}
              </select></td>
          </tr>`)}</tbody></table>
          <div class="pager">
            <button class="secondary" ?disabled=${page === 0} @click=${() => { page--; load(); }}>Previous</button>
            <span>Page ${page + 1} of ${Math.max(1, Math.ceil(tasks.totalItems / PAGE_SIZE))}${tasks.totalCapped ? '+' : ''}
              · ${tasks.totalItems}${tasks.totalCapped ? '+' : ''} tasks</span>
            <button class="secondary" id="supervisor-next-page" ?disabled=${!tasks.totalCapped
              && (page + 1) * PAGE_SIZE >= tasks.totalItems} @click=${() => { page++; load(); }}>Next page</button>
          </div>`}
      </section>
      <section class="card" id="workload"><h2>Workload per person</h2>
        ${workload.length === 0 ? html`<p class="state empty">No open work.</p>` : html`<table class="grid compact"
          aria-label="Workload per person">
          <thead><tr><th>Person or queue</th><th class="n">Open</th><th class="n">Overdue</th><th class="n">Workable now</th></tr></thead>
          <tbody>${workload.map((w) => html`<tr data-person=${w.person ?? ''} data-unclaimed-in=${w.queue ?? ''}>
            <td>${w.person ?? html`<span class="muted">unclaimed in ${queueName(w.queue ?? '')}</span>`}</td>
            <td class="n">${w.open}</td><td class="n ${w.overdue ? 'danger' : ''}">${w.overdue}</td>
            <td class="n">${w.workableNow}</td></tr>`)}</tbody></table>`}
      </section>
    </section>`, root);
  }

  const timer = window.setInterval(() => document.visibilityState === 'visible' && load(), 15000);
  draw();
  load();
  return {
    dispose: () => {
      window.clearInterval(timer);
      window.clearTimeout(searchTimer);
    },
  };
}
