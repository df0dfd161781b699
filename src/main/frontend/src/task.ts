import { Form } from '@bpmn-io/form-js-viewer';
import { html, nothing, render } from 'lit';
import { api, ApiError, type CaseContext, type GuardDecision, type Revealed, type Script, type Task, type TaskWithForm } from './api';
import { queueName } from './catalog';
import { casePanel, scriptPanel } from './context';
import { dateTime, label, relative } from './format';
import { session } from './session';
import { type View, dialogForm, errorState, errorText, navigate, notify } from './ui';

const CONTACT_CHANNELS: Record<string, string> = { 'call-debtor': 'CALL', 'field-visit': 'VISIT' };

/** The voicemail compliance approved for the case's debtor (`GET /api/cases/{id}/voicemail`). */
interface Voicemail { text: string; language: string; version: number }

/** One task: its Camunda Form (form-js) on the left, the call script and the case context on the right. */
export function taskView(root: HTMLElement, params: Record<string, string>): View {
  const id = params.id;
  let task: Task | null = null;
  let schema: object | null = null;
  let context: CaseContext | null = null;
  let script: Script | null = null;
  let voicemail: Voicemail | null = null;
  let guard: GuardDecision | null = null; // the contact guard's answer for a call or visit task
  let error: unknown = null;
  let problem: ApiError | null = null; // the last refused action, shown above the form
  let submitting = false;
  let form: Form | null = null;
  const formHost = document.createElement('div');
  formHost.className = 'form-host';
  formHost.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit(e.shiftKey);
    }
  });

  /** Number keys pick the nth choice of the form's first radio group (the call's or visit's outcome). */
  function chooseByKey(n: number): boolean {
    if (!open() || heldByOther()) return false;
    const group = formHost.querySelector('.fjs-form-field-radio');
    const choice = group?.querySelectorAll<HTMLInputElement>('input[type="radio"]')[n - 1];
    if (!choice || choice.disabled) return false;
    choice.click(); // the focus stays where it was, so the next key is a shortcut again
    return true;
  }

  const me = () => session.me!.username;
  const mine = () => task?.assignee === me();
  const heldByOther = () => !!task?.assignee && !mine();
  const open = () => task?.state === 'OPEN';

  async function load() {
    try {
      const loaded = await api.get<TaskWithForm>(`/api/tasks/${id}`);
      task = loaded.task;
      const first = schema === null;
      schema = loaded.form;
      error = null;
      draw();
      if (first && schema) await mountForm(schema, loaded.data ?? {});
      form?.setProperty('readOnly', !open() || heldByOther());
      await loadCase();
    } catch (e) {
      error = e;
      draw();
    }
  }

  async function loadCase() {
    if (!task?.caseId) return;
    try {
      context = await api.get<CaseContext>(`/api/cases/${task.caseId}/context`);
      const c = context.caseView;
      // the call script is for calls: a field visit's own steps are in its form
      script = task.elementId !== 'call-debtor' ? null
        : await api.get<Script>(`/api/scripts?stage=${c.stage}&jurisdiction=${c.debtor.jurisdiction}`)
          .catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e)));
      // the only words an agent may leave on a voicemail (12 CFR 1006.2(j)): compliance's template for the debtor
      voicemail = task.elementId !== 'call-debtor' ? null
        : await api.get<Voicemail>(`/api/cases/${task.caseId}/voicemail`)
          .catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e)));
      const channel = CONTACT_CHANNELS[task.elementId];
      guard = channel && task.state === 'OPEN'
        ? await api.get<GuardDecision>(`/api/cases/${task.caseId}/contact-check?channel=${channel}`) : null;
    } catch (e) {
      notify(`Case details could not be loaded: ${errorText(e)}`, 'error');
    }
    draw();
  }

  let revealed: Revealed | null = null;

  async function reveal() {
    const answer = await dialogForm('Reveal contact details',
      'The full phone, e-mail and address are shown to you once; your reason is recorded in the audit trail.',
      [{ name: 'reason', label: 'Why do you need them?', kind: 'textarea', required: true, maxLength: 500 }],
      'Reveal');
    const reason = answer?.reason;
    if (!reason) return;
    try {
      revealed = await api.post<Revealed>(`/api/cases/${task!.caseId}/reveal`, { reason });
    } catch (e) {
      notify(errorText(e), 'error');
    }
    draw();
  }

  async function mountForm(formSchema: object, data: Record<string, unknown>) {
    form = new Form({ container: formHost });
    // the process variables the form's text names (the offer and limits of a settlement to approve)
    await form.importSchema(formSchema, data);
  }

  async function act(action: 'claim' | 'unclaim') {
    problem = null;
    try {
      task = await api.post<Task>(`/api/tasks/${id}/${action}`);
      notify(action === 'claim' ? 'Task claimed: it is yours until you complete or release it.'
        : 'Task released to its queue.', 'success');
      form?.setProperty('readOnly', !open() || heldByOther());
    } catch (e) {
      problem = e instanceof ApiError ? e : new ApiError(0, 'Error', errorText(e));
      await load();
    }
    draw();
  }

  /**
   * Completes the task; with {@code andNext}, claims the next workable task of the user's queues and opens it (or goes
   * back to the inbox, saying why there is none). Either way the notice links back to the case just worked.
   */
  async function submit(andNext = false) {
    if (!form || !task || submitting) return;
    problem = null;
    const { data, errors } = form.submit();
    if (Object.keys(errors).length > 0) {
      problem = new ApiError(400, 'Check the form', 'Some fields need your attention; they are marked in the form.');
      draw();
      formHost.querySelector<HTMLElement>('.fjs-has-errors input, .fjs-has-errors select, .fjs-has-errors textarea')?.focus();
      return;
    }
    submitting = true;
    draw();
    try {
      await api.post<Task>(`/api/tasks/${id}/complete`, { variables: data });
      const worked = { caseId: task.caseId, ref: context?.caseView.accountRef ?? '' };
      if (worked.caseId) session.lastWorked = worked;
      let nextId: string | null = null;
      let why = '';
      if (andNext) {
        try {
          nextId = (await api.post<Task>('/api/tasks/next', {})).id;
        } catch (e) {
          why = ` ${errorText(e)}`;
        }
      }
      notify(`${task.name} completed${worked.ref ? ` for ${worked.ref}` : ''}.${why}`, 'success',
        worked.caseId ? { href: `#/case/${worked.caseId}`, text: 'Open the case' } : undefined);
      navigate(nextId ? `#/task/${nextId}` : '#/inbox');
    } catch (e) {
      problem = e instanceof ApiError ? e : new ApiError(0, 'Error', errorText(e));
      submitting = false;
      await load();
    }
  }

  function status() {
    if (!task) return nothing;
    if (!open()) {
      return html`<p class="banner info" role="status">This task is ${task.state.toLowerCase()}${task.completedBy
        ? html` by <strong>${task.completedBy}</strong>` : nothing}${task.completedAt ? html` on ${dateTime(task.completedAt)}` : nothing}.
        <a href="#/inbox">Back to the inbox</a></p>`;
    }
    if (heldByOther()) {
      return html`<p class="banner warn" role="status">Claimed by <strong>${task.assignee}</strong>. Only they can
        complete it${session.me!.roles.some((r) => r === 'SUPERVISOR' || r === 'ADMIN')
          ? html`; reassign it from the <a href="#/supervisor">supervisor view</a>` : nothing}.</p>`;
    }
    return nothing;
  }

  function guardBanner() {
    if (!guard || !open()) return nothing;
    if (guard.allowed) {
      return html`<p class="banner ok" id="contact-guard" role="status">Contact allowed now by the compliance rules.</p>`;
    }
    return html`<div class="banner warn" id="contact-guard" role="alert"><strong>Do not contact now</strong>
      (${label(guard.rule)}): ${guard.reason}${guard.nextAllowedAt
        ? html`<br>Next allowed: <strong>${dateTime(guard.nextAllowedAt)}</strong> (your time)` : nothing}</div>`;
  }

  function problemBanner() {
    if (!problem) return nothing;
    return html`<div class="banner error" role="alert" id="task-problem">
      <strong>${problem.title}</strong>: ${problem.detail}
      ${problem.errors.length ? html`<ul>${problem.errors.map((e) => html`<li>${label(e.field.replace(/^variables\./, ''))}: ${e.message}</li>`)}</ul>`
        : nothing}
    </div>`;
  }

  function actions() {
    if (!task || !open()) return nothing;
    return html`<div class="actions">
      ${!task.assignee ? html`<button class="secondary" @click=${() => act('claim')} title="Claim (c)">Claim</button>` : nothing}
      ${mine() ? html`<button class="secondary" @click=${() => act('unclaim')} title="Release to the queue (u)">Release</button>` : nothing}
      <span class="spacer"></span>
      <button class="secondary" id="complete-and-next" ?disabled=${submitting || heldByOther() || !form}
        @click=${() => submit(true)} title="Complete and open the next workable task (Ctrl+Shift+Enter)">
        Complete and next</button>
      <button class="primary" id="complete-task" ?disabled=${submitting || heldByOther() || !form}
        @click=${() => submit()} title="Complete (Ctrl+Enter)">${submitting ? 'Completing…' : 'Complete task'}</button>
    </div>`;
  }

  function draw() {
    if (error) {
      render(html`<section class="task">${errorState(error, load)}<p><a href="#/inbox">Back to the inbox</a></p></section>`, root);
      return;
    }
    if (!task) {
      render(html`<p class="state">Loading task…</p>`, root);
      return;
    }
    render(html`<section class="task" data-task=${task.id} data-state=${task.state}>
      <header class="page-head">
        <a href="#/inbox" class="back" title="Back to the inbox (Esc)">← Inbox</a>
        <h1>${task.name}</h1>
        <span class="muted">${task.candidateGroups.map(queueName).join(', ')} · due
          <span class=${task.overdue ? 'danger' : ''}>${dateTime(task.dueAt)} (${relative(task.dueAt)})</span>
          · ${task.assignee ? html`assigned to <strong>${task.assignee === me() ? 'you' : task.assignee}</strong>` : 'unclaimed'}</span>
      </header>
      <div class="columns">
        <div class="work">
          ${status()} ${guardBanner()} ${problemBanner()}
          <section class="card form-card" aria-label="Task form">
            ${schema ? formHost : html`<p class="muted">This task has no form.</p>`}
            ${actions()}
          </section>
        </div>
        <aside class="context" aria-label="Case context">
          ${task.elementId === 'call-debtor' ? scriptPanel(script, context, session.me!.displayName) : ''}
          ${task.elementId === 'call-debtor' ? html`<section class="card voicemail" aria-label="Voicemail">
            <h2>If you reach voicemail</h2>${voicemail ? html`<p>Leave only this message, word for word, then record
            <em>No answer: left the voicemail</em>:</p><blockquote id="voicemail-text">${voicemail.text}</blockquote>`
            : html`<p class="muted">No voicemail is approved for this jurisdiction: leave none.</p>`}</section>` : ''}
          ${context ? casePanel(context, revealed, reveal) : html`<p class="state">Loading the case…</p>`}
        </aside>
      </div>
    </section>`, root);
  }

  draw();
  load();
  return {
    onKey(event) {
      switch (event.key) {
        case 'Escape': navigate('#/inbox'); return true;
        case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
          return chooseByKey(Number(event.key));
        case 'c': if (task && open() && !task.assignee) { act('claim'); return true; } return false;
        case 'u': if (mine()) { act('unclaim'); return true; } return false;
        default: return false;
      }
    },
    dispose() {
      form?.destroy();
    },
  };
}
