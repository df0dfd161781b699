import { html, render, type TemplateResult } from 'lit';
import { ApiError } from './api';

/** A screen of the app. It renders itself into the element it is given and cleans up when left. */
export interface View {
  /** Keyboard shortcuts of this screen; return true when the key was handled. */
  onKey?(event: KeyboardEvent): boolean;
  dispose?(): void;
}

export type ViewFactory = (root: HTMLElement, params: Record<string, string>) => View;

let noticeTimer: number | undefined;

/** A short message in the page's live region (read out by screen readers). */
export function notify(message: string, kind: 'info' | 'error' | 'success' = 'info',
  link?: { href: string; text: string }, action?: { text: string; run: () => void }) {
  const region = document.getElementById('notice');
  if (!region) return;
  render(html`<div class="notice ${kind}" role=${kind === 'error' ? 'alert' : 'status'}>${message}
    ${link ? html` <a href=${link.href}>${link.text}</a>` : ''}
    ${action ? html` <button class="link" id="notice-action" @click=${() => { render(html``, region); action.run(); }}>
      ${action.text}</button>` : ''}</div>`, region);
  window.clearTimeout(noticeTimer);
  // a notice with an action (undo) stays long enough to use it
  noticeTimer = window.setTimeout(() => render(html``, region), kind === 'error' || action ? 10000 : 4000);
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    return error.detail || error.title;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The block shown where data could not be loaded, with a way to retry. */
export function errorState(error: unknown, retry: () => void): TemplateResult {
  return html`<div class="state error" role="alert">
    <p><strong>${error instanceof ApiError ? error.title : 'Something went wrong'}</strong></p>
    <p>${errorText(error)}</p>
    <button @click=${retry}>Try again</button>
  </div>`;
}

export function navigate(hash: string) {
  if (location.hash === hash) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}

/** True when the keyboard event belongs to a text field or control, not to the app's shortcuts. */
export function typing(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
    || event.ctrlKey || event.metaKey || event.altKey;
}

/** A field of a {@link dialogForm}: a text line, a longer text, or a choice. */
export interface DialogField {
  name: string;
  label: string;
  kind?: 'text' | 'textarea' | 'select' | 'datetime-local';
  options?: [string, string][];
  required?: boolean;
  maxLength?: number;
  value?: string;
}

/**
 * A modal form (a native dialog: focus is kept inside, Esc cancels) that resolves with the values entered, or null when
 * cancelled. Replaces window.prompt and window.confirm, which cannot be styled, labelled or tested.
 */
export function dialogForm(title: string, intro: string, fields: DialogField[], submitLabel: string):
  Promise<Record<string, string> | null> {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'modal';
    dialog.setAttribute('aria-labelledby', 'dialog-title');
    document.body.append(dialog);
    let result: Record<string, string> | null = null;
    const submit = (event: Event) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      if (!form.reportValidity()) return;
      const data = new FormData(form);
      result = Object.fromEntries(fields.map((f) => [f.name, String(data.get(f.name) ?? '').trim()]));
      dialog.close();
    };
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    render(html`<form method="dialog" @submit=${submit}>
      <h2 id="dialog-title">${title}</h2>
      ${intro ? html`<p class="muted">${intro}</p>` : ''}
      ${fields.map((f) => html`<label>${f.label}
        ${f.kind === 'textarea'
          ? html`<textarea name=${f.name} ?required=${f.required} maxlength=${f.maxLength ?? 2000} rows="3"
              .value=${f.value ?? ''}></textarea>`
          : f.kind === 'select'
            ? html`<select name=${f.name} ?required=${f.required}>${(f.options ?? []).map(([v, text]) =>
                html`<option value=${v} ?selected=${v === f.value}>${text}</option>`)}</select>`
            : html`<input name=${f.name} type=${f.kind ?? 'text'} ?required=${f.required}
                maxlength=${f.maxLength ?? 500} .value=${f.value ?? ''}>`}
      </label>`)}
      <div class="actions">
        <button type="button" class="secondary" @click=${() => dialog.close()}>Cancel</button>
        <button type="submit" class="primary">${submitLabel}</button>
      </div>
    </form>`, dialog);
    dialog.showModal();
  });
}
