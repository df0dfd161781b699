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
export function notify(message: string, kind: 'info' | 'error' | 'success' = 'info') {
  const region = document.getElementById('notice');
  if (!region) return;
  render(html`<div class="notice ${kind}" role=${kind === 'error' ? 'alert' : 'status'}>${message}</div>`, region);
  window.clearTimeout(noticeTimer);
  noticeTimer = window.setTimeout(() => render(html``, region), kind === 'error' ? 8000 : 4000);
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
