import { html, render } from 'lit';
import { api, type CaseContext } from './api';
import { rememberCase } from './cases';
import { casePanel } from './context';
import { errorState, type View } from './ui';

/** A whole case: summary, promises, plans, contacts, disputes, timeline. Refreshes itself. */
export function caseView(root: HTMLElement, params: Record<string, string>): View {
  let context: CaseContext | null = null;
  let error: unknown = null;

  async function load() {
    try {
      context = await api.get<CaseContext>(`/api/cases/${params.id}/context`);
      rememberCase(context.caseView);
      error = null;
    } catch (e) {
      error = e;
    }
    draw();
  }

  function draw() {
    render(html`<section class="case-page">
      <header class="page-head"><a href="#/cases" class="back">← Cases</a><h1>Case</h1></header>
      ${error ? errorState(error, load) : context ? html`<div class="single">${casePanel(context)}
        ${context.openTasks.length ? html`<section class="card"><h2>Open tasks</h2><ul>${context.openTasks.map((t) =>
          html`<li><a href="#/task/${t.id}">${t.name}</a> ${t.assignee ? `(${t.assignee})` : ''}</li>`)}</ul></section>` : ''}
      </div>` : html`<p class="state">Loading the case…</p>`}
    </section>`, root);
  }

  const timer = window.setInterval(() => document.visibilityState === 'visible' && load(), 10000);
  draw();
  load();
  return {
    onKey(event) {
      if (event.key === 'r') { load(); return true; }
      return false;
    },
    dispose: () => window.clearInterval(timer),
  };
}
