import { html, nothing, render } from 'lit';
import { api } from './api';
import { dateTime, label } from './format';
import { errorText, notify, type View } from './ui';

// Lender files for supervisors: drop a file, pick or build its mapping, preview the first rows as the server would
// import them (every problem marked), check the whole file (a dry run), import it with a progress bar, and read the
// import history. Every rule is the server's: the preview is a dry run of the file's first rows.

interface ImportError { row: number; field: string | null; message: string }
interface PreviewRow {
  row: number; accountRef: string; phone: string | null; phoneType: string | null; dueDate: string; balance: number;
  currency: string; jurisdiction: string; creditor: string;
}
interface ImportResult {
  preview: PreviewRow[];
  importId: string; type: string; dryRun: boolean; rowsRead: number; imported: number; updated: number;
  recalled: number; duplicates: number; rejected: number; errors: ImportError[]; errorsTruncated: boolean;
  ignoredColumns: Record<string, string>; keptColumns: string[];
}
interface Mapping {
  name: string; columns: Record<string, string>; dateFormat: string | null; defaults: Record<string, string>;
  extraColumns: 'KEEP' | 'IGNORE'; updatedAt?: string; updatedBy?: string | null;
}
interface Suggestion { columns: Record<string, string>; unmatchedColumns: string[]; fieldsWithoutColumn: string[] }
interface HistoryEntry {
  id: string; source: string; format: string; type: string; mapping: string | null; importedBy: string | null;
  receivedAt: string; asOf: string | null; rowsRead: number; imported: number; updated: number; recalled: number;
  duplicates: number; rejected: number;
}
interface Progress { rowsRead: number; imported: number; rejected: number; finished: boolean }

const FIELDS = ['accountRef', 'debtorName', 'phone', 'email', 'address', 'timezone', 'jurisdiction', 'product',
  'principal', 'balance', 'currency', 'dueDate', 'dpd', 'riskScore', 'creditor', 'dateOfBirth'];
const PREVIEW_ROWS = 10;

/** Splits CSV text into rows of cells (quotes, doubled quotes, CRLF): enough for a header and a preview. */
export function parseCsv(text: string, maxRows: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') { quoted = false; } else { cell += ch; }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell); cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); cell = '';
      if (row.some((c) => c !== '')) rows.push(row);
      row = [];
    } else {
      cell += ch;
    }
  }
  if ((cell !== '' || row.length) && rows.length < maxRows) { row.push(cell); rows.push(row); }
  return rows;
}

function csvText(rows: string[][]): string {
  const cell = (c: string) => /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c;
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

export function importsView(root: HTMLElement): View {
  let file: File | null = null;
  let header: string[] = [];
  let sample: string[][] = [];
  let mappings: Mapping[] = [];
  let mappingName = '';
  let draft: Mapping | null = null;
  let type = 'PLACEMENT';
  let asOf = '';
  let preview: ImportResult | null = null;
  let previewError = '';
  let result: ImportResult | null = null;
  let progress: Progress | null = null;
  let busy = '';
  let history: HistoryEntry[] = [];
  let disposed = false;
  /** The file's rows, estimated from the size of its first ones: the progress bar's scale. */
  let estimatedRows = 0;

  async function load() {
    try {
      [mappings, history] = await Promise.all([
        api.get<Mapping[]>('/api/portfolios/mappings'),
        api.get<HistoryEntry[]>('/api/portfolios/imports?limit=20'),
      ]);
    } catch (e) {
      notify(errorText(e), 'error');
    }
    draw();
  }

  async function choose(f: File | null) {
    file = f;
    result = null;
    preview = null;
    previewError = '';
    if (!f) { draw(); return; }
    const head = await f.slice(0, 256 * 1024).text();
    const rows = parseCsv(head.replace(/^\uFEFF/, ''), PREVIEW_ROWS + 2);
    header = rows[0] ?? [];
    // the last row read may be cut off by the slice: preview only whole rows
    sample = rows.slice(1, PREVIEW_ROWS + 1).filter((r) => r.length === header.length);
    const bytesPerRow = sample.length ? csvText(sample).length / sample.length : 100;
    estimatedRows = Math.max(1, Math.round((f.size - csvText([header]).length) / bytesPerRow));
    if (!mappingName && header.length) await suggest();
    await runPreview();
  }

  async function suggest() {
    try {
      const s = await api.post<Suggestion>('/api/portfolios/mappings/suggest', { header });
      draft = { name: (file?.name ?? 'lender').replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64)
        || 'lender', columns: s.columns, dateFormat: null, defaults: {}, extraColumns: 'KEEP' };
    } catch (e) {
      notify(errorText(e), 'error');
    }
    draw();
  }

  function query(extra: Record<string, string>): string {
    const q = new URLSearchParams({ type, ...extra });
    if (mappingName) q.set('mapping', mappingName);
    if (asOf) q.set('asOf', asOf);
    return q.toString();
  }

  function upload(body: Blob, name: string, extra: Record<string, string>) {
    const form = new FormData();
    form.append('file', body, name);
    return api.upload<ImportResult>(`/api/portfolios/import?${query(extra)}`, form);
  }

  /** The file's first rows, dry-run by the server: the rows as they would be imported, with their problems. */
  async function runPreview() {
    if (!file || !header.length) return;
    if (!mappingName && draft) {
      preview = null;
      previewError = 'Save the mapping to preview the rows as they will be imported.';
      draw();
      return;
    }
    try {
      previewError = '';
      preview = await upload(new Blob([csvText([header, ...sample])], { type: 'text/csv' }), 'preview.csv',
        { dryRun: 'true' });
    } catch (e) {
      preview = null;
      previewError = errorText(e);
    }
    draw();
  }

  async function saveDraft() {
    if (!draft) return;
    try {
      const saved = await api.put<Mapping>(`/api/portfolios/mappings/${encodeURIComponent(draft.name)}`, {
        columns: Object.fromEntries(Object.entries(draft.columns).filter(([, f]) => f)),
        dateFormat: draft.dateFormat || null, defaults: Object.fromEntries(
          Object.entries(draft.defaults).filter(([, v]) => v && v.trim())), extraColumns: draft.extraColumns });
      mappings = [...mappings.filter((m) => m.name !== saved.name), saved].sort((a, b) => a.name.localeCompare(b.name));
      mappingName = saved.name;
      draft = null;
      notify(`Mapping ${saved.name} saved.`, 'success');
      await runPreview();
    } catch (e) {
      notify(errorText(e), 'error');
    }
    draw();
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    busy = dryRun ? 'Checking the whole file…' : 'Importing…';
    result = null;
    const uploadId = crypto.randomUUID();
    progress = { rowsRead: 0, imported: 0, rejected: 0, finished: false };
    draw();
    const poll = window.setInterval(async () => {
      try {
        const p = await api.get<Progress>(`/api/portfolios/imports/progress/${uploadId}`);
        if (!disposed && busy) { progress = p; draw(); }
      } catch { /* not started yet */ }
    }, 400);
    try {
      result = await upload(file, file.name, { uploadId, ...(dryRun ? { dryRun: 'true' } : {}) });
      progress = { rowsRead: result.rowsRead, imported: result.imported + result.updated + result.recalled,
        rejected: result.rejected, finished: true };
      notify(dryRun ? `Dry run: ${result.rowsRead} rows checked, nothing was kept.`
        : `Imported: ${summary(result)}.`, 'success');
      if (!dryRun) history = await api.get<HistoryEntry[]>('/api/portfolios/imports?limit=20');
    } catch (e) {
      notify(errorText(e), 'error');
      progress = null;
    } finally {
      window.clearInterval(poll);
      busy = '';
      draw();
    }
  }

  function summary(r: ImportResult): string {
    const parts = r.type === 'PLACEMENT' ? [`${r.imported} new cases`, `${r.duplicates} duplicates`]
      : r.type === 'UPDATE' ? [`${r.updated} updated`, `${r.duplicates} unchanged`]
        : [`${r.recalled} recalled`, `${r.duplicates} already closed`];
    return [...parts, `${r.rejected} rejected`].join(', ');
  }

  function errorsCsvLink(r: ImportResult) {
    if (!r.errors.length) return nothing;
    if (!r.dryRun) {
      return html`<a class="button" href="/api/portfolios/imports/${r.importId}/errors.csv" download>Download errors
        (CSV)</a>`;
    }
    const rows = [['row', 'field', 'message'], ...r.errors.map((e) => [String(e.row), e.field ?? '', e.message])];
    const href = URL.createObjectURL(new Blob([csvText(rows)], { type: 'text/csv' }));
    return html`<a class="button" href=${href} download="dry-run-errors.csv">Download errors (CSV)</a>`;
  }

  function previewTable() {
    if (previewError) return html`<p class="error" role="alert">${previewError}</p>`;
    if (!preview || !sample.length) return nothing;
    const byRow = new Map<number, ImportError[]>();
    preview.errors.forEach((e) => byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]));
    const stored = new Map(preview.preview.map((p) => [p.row, p]));
    const asStored = (p: PreviewRow | undefined) => !p ? html`<span class="ok">will be imported</span>`
      : html`<span class="ok">will be imported:</span> <span class="muted small">${p.phone ?? 'no phone'}${p.phoneType
        ? ` (${p.phoneType.toLowerCase().replace(/_/g, ' ')})` : ''} · due ${p.dueDate} · ${p.balance.toFixed(2)}
        ${p.currency} · ${p.creditor}</span>`;
    const columns = mappingName ? mappings.find((m) => m.name === mappingName)?.columns ?? {} : draft?.columns ?? {};
    const fieldOf = (col: string) => Object.entries(columns).find(([c]) => c.trim().toLowerCase()
      === col.trim().toLowerCase())?.[1] ?? (FIELDS.find((f) => f.toLowerCase() === col.replace(/[\s_-]/g, '')
      .toLowerCase()) ?? '');
    return html`<table class="preview" aria-label="Preview of the first rows">
      <thead><tr><th>Row</th>${header.map((h) => html`<th>${h}<div class="muted small">${fieldOf(h)
        || (preview!.keptColumns.includes(h.trim()) ? 'kept' : 'not read')}</div></th>`)}<th>As imported, or the problems</th></tr></thead>
      <tbody>${sample.map((cells, i) => {
        const errors = byRow.get(i + 1) ?? [];
        return html`<tr class=${errors.length ? 'rejected' : 'ok'}><td>${i + 1}</td>
          ${cells.map((c, j) => {
            const bad = errors.find((e) => e.field && e.field === fieldOf(header[j]));
            return html`<td class=${bad ? 'bad' : ''} title=${bad ? bad.message : ''}>${c}</td>`;
          })}
          <td>${errors.length ? errors.map((e) => html`<div class="bad">${e.field ?? ''}: ${e.message}</div>`)
            : asStored(stored.get(i + 1))}</td></tr>`;
      })}</tbody></table>
      ${Object.keys(preview.ignoredColumns).length ? html`<p class="muted">Not read:
        ${Object.entries(preview.ignoredColumns).map(([c, why]) => html`<span title=${why}>${c}</span> `)}</p>` : nothing}`;
  }

  function mappingEditor() {
    if (!draft) return nothing;
    const d = draft;
    return html`<fieldset class="mapping"><legend>New mapping (suggested from the header)</legend>
      <label>Name <input id="mapping-name" .value=${d.name} @input=${(e: Event) => { d.name = (e.target as HTMLInputElement).value; }}></label>
      <table><thead><tr><th>File column</th><th>Our field</th></tr></thead><tbody>
      ${header.map((h) => html`<tr><td>${h}</td><td><select aria-label="Field for ${h}"
        @change=${(e: Event) => { d.columns[h] = (e.target as HTMLSelectElement).value; draw(); }}>
        <option value="" ?selected=${!d.columns[h]}>— not ours —</option>
        ${FIELDS.map((f) => html`<option value=${f} ?selected=${d.columns[h] === f}>${f}</option>`)}
      </select></td></tr>`)}</tbody></table>
      <label>Date format <input id="date-format" placeholder="yyyy-MM-dd" .value=${d.dateFormat ?? ''}
        @input=${(e: Event) => { d.dateFormat = (e.target as HTMLInputElement).value || null; }}></label>
      ${['jurisdiction', 'currency', 'creditor', 'timezone', 'product'].map((f) => html`<label>Default ${f}
        <input id="default-${f}" .value=${d.defaults[f] ?? ''}
          @input=${(e: Event) => { d.defaults[f] = (e.target as HTMLInputElement).value; }}></label>`)}
      <label>Other columns <select id="extra-columns" @change=${(e: Event) => {
        d.extraColumns = (e.target as HTMLSelectElement).value as 'KEEP' | 'IGNORE'; }}>
        <option value="KEEP" ?selected=${d.extraColumns === 'KEEP'}>keep with the account</option>
        <option value="IGNORE" ?selected=${d.extraColumns === 'IGNORE'}>ignore (listed in the result)</option>
      </select></label>
      <button id="save-mapping" @click=${saveDraft}>Save mapping</button></fieldset>`;
  }

  function draw() {
    if (disposed) return;
    const pct = !progress ? 0 : progress.finished || result ? 100
      : Math.min(99, Math.round((100 * progress.rowsRead) / estimatedRows));
    render(html`<h1>Lender files</h1>
      <section class="card"><h2>1. File</h2>
        <label class="drop" @dragover=${(e: DragEvent) => e.preventDefault()}
          @drop=${(e: DragEvent) => { e.preventDefault(); choose(e.dataTransfer?.files[0] ?? null); }}>
          Drop a CSV file here or <input type="file" id="file" accept=".csv,text/csv"
            @change=${(e: Event) => choose((e.target as HTMLInputElement).files?.[0] ?? null)}></label>
        ${file ? html`<p>${file.name} · ${(file.size / 1024).toFixed(0)} KB · ${header.length} columns</p>` : nothing}
        <label>Type <select id="type" @change=${(e: Event) => { type = (e.target as HTMLSelectElement).value; runPreview(); }}>
          <option value="PLACEMENT">Placement (new accounts)</option>
          <option value="UPDATE">Balance update</option>
          <option value="RECALL">Recall</option></select></label>
        <label>As of <input type="date" id="as-of" .value=${asOf}
          @change=${(e: Event) => { asOf = (e.target as HTMLInputElement).value; runPreview(); }}></label>
      </section>
      <section class="card"><h2>2. Mapping</h2>
        <label>Mapping <select id="mapping" @change=${(e: Event) => {
          mappingName = (e.target as HTMLSelectElement).value; if (mappingName) draft = null; runPreview(); draw(); }}>
          <option value="" ?selected=${!mappingName}>our own column names</option>
          ${mappings.map((m) => html`<option value=${m.name} ?selected=${m.name === mappingName}>${m.name}</option>`)}
        </select></label>
        ${header.length && !draft ? html`<button id="new-mapping" class="secondary" @click=${suggest}>New mapping
          from this file's header</button>` : nothing}
        ${mappingEditor()}
      </section>
      <section class="card"><h2>3. Preview</h2>${file ? previewTable() : html`<p class="muted">Choose a file.</p>`}
        <div class="actions">
          <button id="dry-run" class="secondary" ?disabled=${!file || !!busy} @click=${() => run(true)}>Check the whole
            file (dry run)</button>
          <button id="import" ?disabled=${!file || !!busy} @click=${() => run(false)}>Import</button></div>
        ${progress ? html`<div class="progress" aria-live="polite">
          <progress id="import-progress" max="100" value=${pct}></progress>
          <span id="progress-counts">${progress.rowsRead} rows read · ${progress.imported} imported ·
            ${progress.rejected} rejected</span>${busy ? html` <span class="muted">${busy}</span>` : nothing}</div>`
          : nothing}
        ${result ? html`<p id="import-result">${result.dryRun ? 'Dry run (nothing kept): ' : ''}${summary(result)}
          ${result.errorsTruncated ? ' (errors listed: the first 1,000)' : ''}</p>${errorsCsvLink(result)}` : nothing}
      </section>
      <section class="card"><h2>Import history</h2>
        <table aria-label="Import history"><thead><tr><th>When</th><th>Who</th><th>File</th><th>Type</th>
          <th>Mapping</th><th class="n">Rows</th><th class="n">Imported</th><th class="n">Updated</th>
          <th class="n">Recalled</th><th class="n">Duplicates</th><th class="n">Rejected</th><th></th></tr></thead>
        <tbody>${history.length ? nothing : html`<tr><td colspan="12" class="muted">No imports yet.</td></tr>`}
          ${history.map((h) => html`<tr><td>${dateTime(h.receivedAt)}</td><td>${h.importedBy ?? '—'}</td>
          <td>${h.source.replace(/^(upload|api):/, '')}</td><td>${label(h.type)}</td><td>${h.mapping ?? '—'}</td><td class="n">${h.rowsRead}</td>
          <td class="n">${h.imported}</td><td class="n">${h.updated}</td><td class="n">${h.recalled}</td>
          <td class="n">${h.duplicates}</td><td class="n">${h.rejected}</td>
          <td>${h.rejected ? html`<a href="/api/portfolios/imports/${h.id}/errors.csv" download>errors</a>` : nothing}</td>
          </tr>`)}</tbody></table></section>`, root);
  }

  load();
  return { dispose() { disposed = true; } };
}
