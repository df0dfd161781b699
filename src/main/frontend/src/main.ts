import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import './styles.css';
import { html, nothing, render } from 'lit';
import { api, ApiError, type Me, whenSignedOut } from './api';
import { caseView } from './casepage';
import { casesView } from './cases';
import { dashboardView } from './dashboard';
import { reportsView } from './reports';
import { setEngineTime } from './format';
import { importsView } from './imports';
import { inboxView } from './inbox';
import { overviewView } from './overview';
import { complianceView } from './compliancepage';
import { modelEditorView, modelsView } from './models';
import { hasRole, seesAllQueues, session, worksTasks } from './session';
import { supervisorView } from './supervisor';
import { taskView } from './task';
import { errorText, navigate, notify, typing, type View, type ViewFactory } from './ui';

const app = document.getElementById('app')!;
app.replaceChildren(); // drop the static 'Loading…' before lit takes over
let current: View | null = null;

const routes: [RegExp, ViewFactory, () => boolean][] = [
  [/^#\/inbox$/, inboxView, worksTasks],
  [/^#\/task\/(?<id>[0-9a-f-]{36})$/, taskView, worksTasks],
  [/^#\/case\/(?<id>[0-9a-f-]{36})$/, caseView, () => true],
  [/^#\/cases$/, casesView, () => true],
  [/^#\/supervisor$/, supervisorView, seesAllQueues],
  [/^#\/imports$/, importsView, () => hasRole('SUPERVISOR', 'ADMIN')],
  [/^#\/overview$/, overviewView, () => true],
  [/^#\/dashboard$/, dashboardView, () => hasRole('MANAGER', 'SUPERVISOR', 'ADMIN')],
  [/^#\/reports$/, reportsView, () => hasRole('MANAGER', 'SUPERVISOR', 'ADMIN')],
  [/^#\/compliance$/, complianceView, () => hasRole('COMPLIANCE', 'SUPERVISOR', 'ADMIN')],
  [/^#\/models$/, modelsView, () => hasRole('COMPLIANCE', 'SUPERVISOR', 'MANAGER', 'ADMIN')],
  [/^#\/models\/(?<id>[a-z0-9-]+)\/(?<version>\d+)$/, modelEditorView,
    () => hasRole('COMPLIANCE', 'SUPERVISOR', 'MANAGER', 'ADMIN')],
];

function home(): string {
  if (worksTasks()) return '#/inbox';
  return hasRole('MANAGER') ? '#/dashboard' : '#/overview';
}

function shell() {
  const me = session.me!;
  const link = (hash: string, text: string, key: string) => html`<a href=${hash} title="${text} (${key})"
    class=${location.hash.startsWith(hash) ? 'active' : ''}>${text}</a>`;
  render(html`<header class="top">
      <a class="brand" href=${home()}>Recoverly</a>
      <nav aria-label="Main">
        ${worksTasks() ? link('#/inbox', 'Inbox', 'i') : nothing}
        ${link('#/cases', 'Cases', 'f')}
        ${seesAllQueues() ? link('#/supervisor', 'Supervisor', 's') : nothing}
        ${hasRole('SUPERVISOR', 'ADMIN') ? link('#/imports', 'Lender files', 'l') : nothing}
        ${hasRole('COMPLIANCE', 'SUPERVISOR', 'ADMIN') ? link('#/compliance', 'Compliance', 'p') : nothing}
        ${hasRole('COMPLIANCE', 'SUPERVISOR', 'MANAGER', 'ADMIN') ? link('#/models', 'Models', 'm') : nothing}
        ${hasRole('MANAGER', 'SUPERVISOR', 'ADMIN') ? link('#/dashboard', 'Dashboard', 'd') : nothing}
        ${hasRole('MANAGER', 'SUPERVISOR', 'ADMIN') ? link('#/reports', 'Reports', 'e') : nothing}
        ${link('#/overview', 'Overview', 'o')}
      </nav>
      <span class="spacer"></span>
      <span class="user" title=${me.roles.join(', ')}>${me.displayName} <span class="muted">(${me.username})</span></span>
      <button class="link" id="sign-out" @click=${signOut}>Sign out</button>
    </header>
    <div id="notice" aria-live="polite"></div>
    <main id="view"></main>
    <footer class="keys muted">Keys: <kbd>n</kbd> next task · <kbd>i</kbd> inbox · <kbd>j</kbd>/<kbd>k</kbd> move ·
      <kbd>Enter</kbd> open · <kbd>c</kbd> claim · <kbd>u</kbd> release · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> complete ·
      <kbd>Esc</kbd> back</footer>`, app);
}

function route() {
  if (!session.me) return;
  current?.dispose?.();
  current = null;
  const hash = location.hash || home();
  shell();
  // each screen renders into a fresh element: a screen left while it was still loading renders into nothing
  const view = document.createElement('div');
  document.getElementById('view')!.replaceChildren(view);
  for (const [pattern, factory, allowed] of routes) {
    const match = pattern.exec(hash);
    if (match) {
      if (!allowed()) {
        render(html`<div class="state error" role="alert"><p><strong>Not available for your role.</strong></p>
          <p><a href=${home()}>Go to your start page</a></p></div>`, view);
        return;
      }
      current = factory(view, match.groups ?? {});
      return;
    }
  }
  navigate(home());
}

function loginScreen(message?: string) {
  current?.dispose?.();
  current = null;
  session.me = null;
  let error = message ?? '';
  let busy = false;
  const draw = () => render(html`<main class="login">
    <form class="card" @submit=${submit} aria-labelledby="login-title">
      <h1 id="login-title">Recoverly</h1>
      <p class="muted">Sign in to your workbench.</p>
      ${error ? html`<p class="banner error" role="alert">${error}</p>` : nothing}
      <label>Username <input name="username" autocomplete="username" required autofocus></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
      <button class="primary" type="submit" ?disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
      <p class="muted small">Embedded demo: <code>agent</code>, <code>agent2</code>, <code>field-agent</code>,
        <code>supervisor</code>, <code>compliance</code>, <code>manager</code>, <code>admin</code>; password = username.</p>
    </form></main>`, app);

  async function submit(event: Event) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    busy = true;
    draw();
    try {
      await api.login(String(data.get('username')), String(data.get('password')));
      await start();
    } catch (e) {
      error = e instanceof ApiError && e.status === 401 ? 'Wrong username or password.' : errorText(e);
      busy = false;
      draw();
    }
  }
  draw();
}

async function signOut() {
  try {
    await api.logout();
  } catch (e) {
    notify(errorText(e), 'error');
    return;
  }
  history.replaceState(null, '', location.pathname);
  loginScreen();
}

async function start() {
  try {
    // asked without a 401: a browser logs every 401 as a console error, and the sign-in page is not an error
    const state = await api.get<{ signedIn: boolean; me: Me | null }>('/api/session');
    if (!state.signedIn || !state.me) {
      loginScreen();
      return;
    }
    session.me = state.me;
    setEngineTime((await api.get<{ now: string }>('/api/dev/clock')).now);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      loginScreen();
    } else {
      render(html`<div class="state error" role="alert"><p><strong>Recoverly cannot be reached.</strong></p>
        <p>${errorText(e)}</p><button @click=${start}>Try again</button></div>`, app);
    }
    return;
  }
  route();
}

whenSignedOut(() => {
  if (session.me) loginScreen('Your session has ended. Please sign in again.');
});
window.addEventListener('hashchange', route);
document.addEventListener('keydown', (event) => {
  if (!session.me || typing(event) || event.defaultPrevented) return;
  if (current?.onKey?.(event)) {
    event.preventDefault();
    return;
  }
  const go: Record<string, string | false> = {
    i: worksTasks() && '#/inbox', s: seesAllQueues() && '#/supervisor', o: '#/overview', f: '#/cases',
    l: hasRole('SUPERVISOR', 'ADMIN') && '#/imports',
    p: hasRole('COMPLIANCE', 'SUPERVISOR', 'ADMIN') && '#/compliance',
    m: hasRole('COMPLIANCE', 'SUPERVISOR', 'MANAGER', 'ADMIN') && '#/models',
    d: hasRole('MANAGER', 'SUPERVISOR', 'ADMIN') && '#/dashboard',
    e: hasRole('MANAGER', 'SUPERVISOR', 'ADMIN') && '#/reports',
  };
  const target = go[event.key];
  if (target) {
    event.preventDefault();
    navigate(target);
  } else if (event.key === 'n' && worksTasks()) {
    event.preventDefault();
    api.post<{ id: string }>('/api/tasks/next', {})
      .then((task) => navigate(`#/task/${task.id}`))
      .catch((e) => notify(errorText(e), 'info'));
  }
});
start();
