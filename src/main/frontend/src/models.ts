import { html, nothing, render } from 'lit';
import { api, ApiError } from './api';
import { dateTime, label } from './format';
import { hasRole } from './session';
import { errorState, errorText, navigate, notify, type View } from './ui';
import type { ModelEditor } from './editors';

interface Version {
  version: number;
  resourceName: string;
  changeNote: string;
  shipped: boolean;
  deployedBy: string;
  deployedAt: string;
  openCases: number | null;
}

interface Model {
  modelId: string;
  type: string;
  versions: Version[];
}

interface Problem {
  resource: string;
  element: string | null;
  line: number | null;
  message: string;
}

interface MigrationPlan {
  mappings: Record<string, string>;
  unmapped: string[];
  instances: { caseId: string; stage: string; activeElements: string[]; canMigrate: boolean; reason: string | null }[];
  migratable: number;
}

interface MigrationStatus {
  id: string;
  state: string;
  total: number;
  migrated: number;
  failed: number;
  skipped: number;
  items: { caseId: string; result: string; reason: string | null }[];
}

const mayDeploy = () => hasRole('COMPLIANCE', 'ADMIN');

/** The model registry: every process, decision and form with its versions; migration of running cases. */
export function modelsView(root: HTMLElement): View {
  let models: Model[] = [];
  let error: unknown = null;
  let plan: MigrationPlan | null = null;
  let migration: MigrationStatus | null = null;
  let from = 0;
  let to = 0;
  let poll: number | undefined;

  async function load() {
    try {
      models = await api.get<Model[]>('/api/models');
      const versions = models.find((m) => m.modelId === 'collection-case')?.versions ?? [];
      if (versions.length > 1 && !from) {
        to = versions[0].version;
        from = versions[1].version;
      }
      error = null;
    } catch (e) {
      error = e;
    }
    draw();
  }

  async function dryRun() {
    try {
      plan = await api.post<MigrationPlan>('/api/models/migrations/plan',
        { modelId: 'collection-case', fromVersion: from, toVersion: to });
      migration = null;
    } catch (e) {
      notify(errorText(e), 'error');
    }
    draw();
  }

  async function migrate() {
    try {
      const { id } = await api.post<{ id: string }>('/api/models/migrations',
        { modelId: 'collection-case', fromVersion: from, toVersion: to });
      const check = async () => {
        migration = await api.get<MigrationStatus>(`/api/models/migrations/${id}`);
        draw();
        if (migration.state === 'DONE') {
          window.clearInterval(poll);
          notify(`Migration done: ${migration.migrated} migrated, ${migration.failed} failed, ${migration.skipped} left on v${from}.`,
            migration.failed ? 'error' : 'success');
          load();
        }
      };
      poll = window.setInterval(check, 1000);
      await check();
    } catch (e) {
      notify(errorText(e), 'error');
    }
  }

  function migrationCard() {
    const versions = models.find((m) => m.modelId === 'collection-case')?.versions ?? [];
    if (versions.length < 2) return nothing;
    const select = (value: number, change: (v: number) => void, id: string) => html`<select id=${id}
      @change=${(e: Event) => { change(Number((e.target as HTMLSelectElement).value)); plan = null; draw(); }}>
      ${versions.map((v) => html`<option value=${v.version} ?selected=${v.version === value}>v${v.version}</option>`)}
    </select>`;
    return html`<section class="card" aria-label="Migration">
      <h2>Migrate running cases</h2>
      <div class="toolbar">
        <label>From ${select(from, (v) => { from = v; }, 'migrate-from')}</label>
        <label>To ${select(to, (v) => { to = v; }, 'migrate-to')}</label>
        <button class="secondary" id="dry-run" @click=${dryRun}>Dry run</button>
        ${plan && mayDeploy() ? html`<button class="primary" id="migrate" ?disabled=${plan.migratable === 0}
          @click=${migrate}>Migrate ${plan.migratable} case(s)</button>` : nothing}
      </div>
      ${plan ? html`<p>${plan.instances.length} open case(s) on v${from}; <strong>${plan.migratable}</strong> can
        migrate. ${plan.unmapped.length ? html`Elements without a counterpart in v${to}:
        <code>${plan.unmapped.join(', ')}</code>` : 'Every element has a counterpart.'}</p>
        ${plan.instances.some((i) => !i.canMigrate) ? html`<table class="grid compact"><thead><tr><th>Case</th>
          <th>Stage</th><th>Why it stays on v${from}</th></tr></thead><tbody>${plan.instances.filter((i) => !i.canMigrate)
            .map((i) => html`<tr><td><a href="#/case/${i.caseId}">${i.caseId.substring(0, 8)}</a></td>
              <td>${label(i.stage)}</td><td>${i.reason}</td></tr>`)}</tbody></table>` : nothing}` : nothing}
      ${migration ? html`<p role="status">Migration ${migration.state.toLowerCase()}: ${migration.migrated} migrated,
        ${migration.failed} failed, ${migration.skipped} skipped of ${migration.total}.</p>
        ${migration.items.filter((i) => i.result === 'FAILED').map((i) => html`<p class="danger">${i.caseId}:
          ${i.reason}</p>`)}` : nothing}
    </section>`;
  }

  function draw() {
    render(html`<section class="models">
      <header class="page-head"><h1>Models</h1>
        <span class="muted">Processes, decisions and forms the cases run on. ${mayDeploy()
          ? 'Open a version to edit it, validate it and deploy it with a change note.' : 'Read-only for your role.'}</span>
      </header>
      ${error ? errorState(error, load) : nothing}
      <table class="grid" aria-label="Model registry">
        <thead><tr><th>Model</th><th>Type</th><th>Version</th><th>Deployed</th><th>Change note</th>
          <th class="n">Open cases</th><th></th></tr></thead>
        <tbody>${models.flatMap((m) => m.versions.map((v, i) => html`<tr data-model=${m.modelId}
            data-version=${v.version} class=${i === 0 ? 'latest' : 'older'}>
          <td>${i === 0 ? html`<strong>${m.modelId}</strong>` : nothing}</td><td>${i === 0 ? m.type : nothing}</td>
          <td>v${v.version}${i === 0 ? html` <span class="badge">latest</span>` : nothing}</td>
          <td>${v.deployedBy} <span class="muted small">${dateTime(v.deployedAt)}</span></td>
          <td>${v.changeNote}</td><td class="n">${v.openCases ?? '—'}</td>
          <td><a href="#/models/${m.modelId}/${v.version}">${mayDeploy() ? 'Open / edit' : 'View'}</a></td>
        </tr>`))}</tbody>
      </table>
      ${migrationCard()}
    </section>`, root);
  }

  draw();
  load();
  return { dispose: () => window.clearInterval(poll) };
}

/** One version in its bpmn-io editor: validate (problems marked on the diagram) and deploy with a change note. */
export function modelEditorView(root: HTMLElement, params: Record<string, string>): View {
  const modelId = params.id;
  const version = Number(params.version);
  let model: Model | null = null;
  let problems: Problem[] | null = null;
  let error: unknown = null;
  let editor: ModelEditor | null = null;
  let busy = false;
  let draft: { content: string; basedOn: number | null; savedBy: string; savedAt: string } | null = null;
  let diff: { toVersion: number; fromVersion: number; added: string[]; removed: string[]; changed: string[] } | null = null;
  const canvas = document.createElement('div');
  canvas.className = 'editor-canvas';
  const panel = document.createElement('div');
  panel.className = 'editor-panel';

  const resourceName = () => model?.versions.find((v) => v.version === version)?.resourceName ?? '';

  async function load() {
    try {
      const models = await api.get<Model[]>('/api/models');
      model = models.find((m) => m.modelId === modelId) ?? null;
      if (!model) throw new ApiError(404, 'No such model', `${modelId} is not in the registry`);
      const response = await fetch(`/api/models/${modelId}/versions/${version}/content`,
        { headers: { 'X-Requested-With': 'XMLHttpRequest', Accept: 'text/plain' } });
      if (!response.ok) throw new ApiError(response.status, 'Cannot open the model', await response.text());
      const content = await response.text();
      draw();
      await open(content);
      // offered only once the editor is open: opening the draft replaces it
      const drafts = await api.get<{ resourceName: string }[]>('/api/models/drafts');
      draft = drafts.some((d) => d.resourceName === resourceName())
        ? await api.get<typeof draft>(`/api/models/drafts/${resourceName()}`) : null;
    } catch (e) {
      error = e;
    }
    draw();
  }

  async function open(content: string) {
    editor?.destroy();
    canvas.replaceChildren();
    panel.replaceChildren();
    const { openEditor } = await import('./editors');
    editor = await openEditor(model!.type, content, canvas, panel);
  }

  async function openDraft() {
    if (!draft || busy) return;
    const opening = draft;
    draft = null;
    busy = true;
    draw();
    try {
      await open(opening.content);
      notify(`Draft of ${opening.savedBy} opened.`, 'info');
    } finally {
      busy = false;
      draw();
    }
  }

  async function saveDraft() {
    if (!editor) return;
    try {
      await api.put(`/api/models/drafts/${resourceName()}`, { content: await editor.content(), basedOn: version });
      notify('Draft saved. It stays until this file is deployed.', 'success');
    } catch (e) {
      notify(errorText(e), 'error');
    }
  }

  async function compare(other: number) {
    if (!other) {
      diff = null;
      editor?.markDiff([], []);
      draw();
      return;
    }
    try {
      diff = await api.get(`/api/models/${modelId}/diff?from=${other}&to=${version}`);
      editor?.markDiff(diff!.added, diff!.changed);
    } catch (e) {
      notify(errorText(e), 'error');
    }
    draw();
  }

  async function validate(): Promise<boolean> {
    if (!editor) return false;
    busy = true;
    draw();
    try {
      const result = await api.post<{ valid: boolean; problems: Problem[] }>('/api/models/validate',
        { resourceName: resourceName(), content: await editor.content() });
      problems = result.problems;
      editor.mark(problems.map((p) => p.element ?? '').filter(Boolean));
      return result.valid;
    } catch (e) {
      notify(errorText(e), 'error');
      return false;
    } finally {
      busy = false;
      draw();
    }
  }

  async function deploy(event: Event) {
    event.preventDefault();
    const note = String(new FormData(event.target as HTMLFormElement).get('changeNote') ?? '').trim();
    if (!editor || !(await validate())) return;
    busy = true;
    draw();
    try {
      const deployed = await api.post<{ version: number }[]>('/api/models/deploy',
        { resourceName: resourceName(), content: await editor.content(), changeNote: note });
      notify(`${modelId} deployed as version ${deployed[0].version}.`, 'success');
      navigate('#/models');
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && Array.isArray(e.body.problems)) {
        problems = e.body.problems as Problem[];
        editor?.mark(problems.map((p) => p.element ?? '').filter(Boolean));
      }
      notify(errorText(e), 'error');
    } finally {
      busy = false;
      draw();
    }
  }

  function draw() {
    if (error) {
      render(html`${errorState(error, load)}<p><a href="#/models">Back to the models</a></p>`, root);
      return;
    }
    render(html`<section class="model-editor">
      <header class="page-head"><a href="#/models" class="back">← Models</a>
        <h1>${modelId} <span class="muted small">v${version} · ${resourceName()}</span></h1></header>
      ${draft ? html`<p class="banner info" role="status">A draft of this file saved by <strong>${draft.savedBy}</strong>
        on ${dateTime(draft.savedAt)}${draft.basedOn ? ` (based on v${draft.basedOn})` : ''} exists.
        <button class="small" id="open-draft" @click=${openDraft}>Open the draft</button></p>` : nothing}
      ${model && model.versions.length > 1 && model.type !== 'FORM' ? html`<div class="toolbar">
        <label>Compare with <select id="compare-with" @change=${(e: Event) =>
          compare(Number((e.target as HTMLSelectElement).value))}>
          <option value="0">—</option>
          ${model.versions.filter((v) => v.version !== version).map((v) => html`<option value=${v.version}>
            v${v.version}</option>`)}</select></label>
        ${diff ? html`<span id="diff-summary"><span class="badge kept">${diff.added.length} added</span>
          <span class="badge pending">${diff.changed.length} changed</span>
          <span class="badge danger">${diff.removed.length} removed</span>
          ${diff.removed.length ? html`<span class="muted small">removed: ${diff.removed.join(', ')}</span>` : nothing}
          ${diff.changed.length ? html`<span class="muted small">changed: ${diff.changed.join(', ')}</span>` : nothing}
          </span>` : nothing}</div>` : nothing}
      <div class="editor-layout">${canvas}${panel}</div>
      <div class="editor-actions">
        <button class="secondary" id="validate-model" ?disabled=${busy || !editor} @click=${validate}>Validate</button>
        ${problems === null ? nothing : problems.length === 0
          ? html`<span class="badge kept" id="validation-result">Valid: ready to deploy</span>`
          : html`<span class="badge danger" id="validation-result">${problems.length} problem(s)</span>`}
        ${mayDeploy() ? html`<button class="secondary" id="save-draft" ?disabled=${busy || !editor}
          @click=${saveDraft}>Save draft</button>` : nothing}
        ${mayDeploy() ? html`<form class="deploy" @submit=${deploy}>
          <input name="changeNote" id="change-note" required minlength="5" maxlength="2000"
            placeholder="Change note: what changed and why">
          <button class="primary" id="deploy-model" ?disabled=${busy || !editor}>Deploy as new version</button>
        </form>` : nothing}
      </div>
      ${problems && problems.length ? html`<ul class="problems" aria-label="Problems">${problems.map((p) => html`<li>
        ${p.element ? html`<a href="#" @click=${(e: Event) => { e.preventDefault(); editor?.focus(p.element!); }}>
          ${p.element}</a>: ` : nothing}${p.message}${p.line ? ` (line ${p.line})` : ''}</li>`)}</ul>` : nothing}
    </section>`, root);
  }

  draw();
  load();
  return { dispose: () => editor?.destroy() };
}
