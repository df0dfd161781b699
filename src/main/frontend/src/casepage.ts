import { html, render } from 'lit';
import { api, type CaseContext } from './api';
import { rememberCase } from './cases';
import { casePanel } from './context';
import { dateTime, label, now } from './format';
import { worksTasks } from './session';
import { dialogForm, errorState, errorText, notify, type View } from './ui';

/** Regulation F's dispute grounds as the disputes API names them, in words. */
const DISPUTE_REASONS: [string, string][] = [
  ['NOT_MY_DEBT', 'Not my debt'],
  ['ALREADY_PAID', 'Already paid'],
  ['WRONG_AMOUNT', 'The amount is wrong'],
  ['IDENTITY_THEFT', 'Identity theft or fraud'],
  ['BANKRUPTCY', 'In bankruptcy'],
  ['ORIGINAL_CREDITOR', 'Asks for the original creditor\'s name and address'],
  ['OTHER', 'Other (say why below)'],
];

/** A letter or notice kept with the case as a PDF (`GET /api/cases/{id}/documents`). */
interface CaseDocument { id: string; kind: string; channel: string; language: string; createdAt: string; size: number }
/** A stop per medium and address (`GET /api/cases/{id}/contact-stops`), the address masked. */
interface ContactStop { id: number; medium: string; address: string; note: string | null; recordedBy: string;
  recordedAt: string; appliesNow: boolean }

/** A debtor's complaint (`GET /api/cases/{id}/complaints`). */
interface Complaint { id: string; category: string; channel: string; details: string; state: string; raisedAt: string;
  dueAt: string; outcome: string | null; resolution: string | null }

const COMPLAINT_CATEGORIES: [string, string][] = [['AGENT_CONDUCT', 'An agent\'s conduct'],
  ['CONTACT_FREQUENCY', 'Too many contacts'], ['CONTACT_TIME', 'Contact at a bad time or place'],
  ['WRONG_AMOUNT', 'The amount'], ['PRIVACY', 'Privacy'], ['FEES_CHARGES', 'Fees and charges'],
  ['HARASSMENT', 'Harassment'], ['OTHER', 'Other']];
const COMPLAINT_CHANNELS: [string, string][] = [['PHONE', 'On the phone'], ['EMAIL', 'By e-mail'],
  ['LETTER', 'By letter'], ['SMS', 'By text'], ['IN_PERSON', 'In person'], ['PORTAL', 'On the portal']];

const STOP_MEDIA: [string, string][] = [
  ['CALL', 'Stop calling this number'],
  ['SMS', 'No text messages to this number'],
  ['EMAIL', "Don't e-mail this address"],
  ['VISIT', 'No visits at the address on file'],
  ['VISIT_WORK', 'No visits at work'],
];

/** A whole case: summary, promises, plans, contacts, disputes, timeline. Refreshes itself. */
export function caseView(root: HTMLElement, params: Record<string, string>): View {
  let context: CaseContext | null = null;
  let error: unknown = null;
  let documents: CaseDocument[] | null = null;
  let stops: ContactStop[] | null = null;
  let complaints: Complaint[] | null = null;

  async function load() {
    try {
      context = await api.get<CaseContext>(`/api/cases/${params.id}/context`);
      rememberCase(context.caseView);
      error = null;
      // letters hold the debtor's name, address and amounts, stops the debtor's numbers: for the people who work cases
      const works = worksTasks();
      documents = works ? await api.get<CaseDocument[]>(`/api/cases/${params.id}/documents`) : null;
      stops = works ? await api.get<ContactStop[]>(`/api/cases/${params.id}/contact-stops`) : null;
      complaints = await api.get<Complaint[]>(`/api/cases/${params.id}/complaints`);
    } catch (e) {
      error = e;
    }
    draw();
  }

  async function recordComplaint() {
    const answer = await dialogForm('Record a complaint',
      'The debtor complains about how they were treated. Compliance gets a task to resolve it within the'
        + ' jurisdiction\'s time limit (30 days in India, 15 in the US); unresolved, it goes to the grievance officer.',
      [{ name: 'category', label: 'What about', kind: 'select', required: true, options: COMPLAINT_CATEGORIES },
        { name: 'channel', label: 'How the debtor complained', kind: 'select', required: true,
          options: COMPLAINT_CHANNELS },
        { name: 'details', label: 'What the debtor said', kind: 'textarea', required: true, maxLength: 2000 }],
      'Record complaint');
    if (!answer) return;
    try {
      await api.post(`/api/cases/${params.id}/complaints`, answer);
      notify('Complaint recorded: compliance will resolve it.', 'success');
    } catch (e) {
      notify(errorText(e), 'error');
    }
    load();
  }

  function complaintsCard() {
    if (complaints === null) return '';
    return html`<section class="card" aria-label="Complaints"><h2>Complaints <span class="count">${complaints.length}</span>
      ${worksTasks() ? html`<button class="small secondary" id="record-complaint" @click=${recordComplaint}>Record a
        complaint</button>` : ''}</h2>
      ${complaints.length === 0 ? html`<p class="muted">None.</p>` : html`<ul class="complaints">${complaints.map((c) =>
        html`<li><strong>${label(c.category)}</strong> <span class="badge">${label(c.state)}</span> ${c.details}
          <span class="muted small">· ${label(c.channel)}, ${dateTime(c.raisedAt)}; due ${dateTime(c.dueAt)}
          ${c.resolution ? ` · ${label(c.outcome)}: ${c.resolution}` : ''}</span></li>`)}</ul>`}
    </section>`;
  }

  async function recordStop() {
    const answer = await dialogForm('Record a stop',
      'The debtor asked us not to use one number, address or place. Only that one is stopped: a new number or address'
        + ' is not. Recorded on the timeline and in the audit trail.',
      [{ name: 'medium', label: 'What the debtor asked', kind: 'select', options: STOP_MEDIA, required: true },
        { name: 'note', label: 'How and when the debtor asked', kind: 'textarea', maxLength: 500 }], 'Record stop');
    if (!answer) return;
    const work = answer.medium === 'VISIT_WORK';
    try {
      await api.post(`/api/cases/${params.id}/contact-stops`, { medium: work ? 'VISIT' : answer.medium,
        address: work ? 'WORK' : null, note: answer.note ? answer.note.replace(/\s+/g, ' ') : null });
      notify('Stop recorded: that number, address or place is not used.', 'success');
    } catch (e) {
      notify(errorText(e), 'error');
    }
    load();
  }

  async function liftStop(stop: ContactStop) {
    try {
      await api.del(`/api/cases/${params.id}/contact-stops/${stop.id}`);
      notify('Stop lifted: the debtor may be contacted there again.', 'success');
    } catch (e) {
      notify(errorText(e), 'error');
    }
    load();
  }

  function documentsCard() {
    if (documents === null) return '';
    return html`<section class="card" aria-label="Letters and documents"><h2>Letters and documents
      <span class="count">${documents.length}</span></h2>
      ${documents.length === 0 ? html`<p class="muted">No letter has been sent yet.</p>` : html`<table class="grid compact">
        <thead><tr><th>Document</th><th>Sent as</th><th>Language</th><th>Made</th><th></th></tr></thead>
        <tbody>${documents.map((d) => html`<tr><td>${label(d.kind)}</td><td>${label(d.channel)}</td>
          <td>${d.language}</td><td>${dateTime(d.createdAt)}</td>
          <td><a href="/api/cases/${params.id}/documents/${d.id}" target="_blank" rel="noopener"
            title="Open the PDF (each opening is audited)">Open PDF</a></td></tr>`)}</tbody></table>`}
    </section>`;
  }

  function stopsCard() {
    if (stops === null) return '';
    const canRecord = worksTasks() && context?.caseView.status === 'OPEN';
    return html`<section class="card" aria-label="Contact stops"><h2>Stops per number and address
      <span class="count">${stops.length}</span>
      ${canRecord ? html`<button class="small secondary" id="record-stop" @click=${recordStop}>Record a stop</button>` : ''}
      </h2>
      ${stops.length === 0 ? html`<p class="muted">None: every number and address on file may be used within the rules.</p>`
        : html`<ul class="stops">${stops.map((s) => html`<li><strong>${label(s.medium)}</strong> ${s.address}
          ${s.appliesNow ? '' : html`<span class="muted small">(not the one on file now)</span>`}
          <span class="muted small">· ${s.recordedBy}, ${dateTime(s.recordedAt)}${s.note ? ` · ${s.note}` : ''}</span>
          ${canRecord ? html`<button class="small secondary" @click=${() => liftStop(s)}
            title="The debtor asked to be contacted there again">Lift</button>` : ''}</li>`)}</ul>`}
    </section>`;
  }

  /** The case header's actions: confirmed in a form, recorded (and audited) by the server. */
  async function raiseDispute() {
    const answer = await dialogForm('Raise a dispute',
      'All collection stops until the dispute is reviewed; the debtor is sent verification. Recorded in the audit trail.',
      [{ name: 'reason', label: 'Why does the debtor dispute the debt?', kind: 'select', options: DISPUTE_REASONS,
        required: true },
      { name: 'details', label: 'What the debtor said', kind: 'textarea', maxLength: 2000 }], 'Raise dispute');
    if (!answer) return;
    try {
      await api.post(`/api/cases/${params.id}/disputes`, { reason: answer.reason, details: answer.details || null });
      notify('Dispute recorded: collection is paused until it is reviewed.', 'success');
    } catch (e) {
      notify(errorText(e), 'error');
    }
    load();
  }

  async function ceaseCommunication() {
    const answer = await dialogForm('Record a cease-communication request',
      'The debtor asked us to stop contacting them: every call, message and visit stops for good, and a supervisor'
        + ' reviews the case. This cannot be undone here.',
      [{ name: 'reason', label: 'How and when the debtor asked', kind: 'textarea', required: true, maxLength: 500 }],
      'Stop all contact');
    if (!answer) return;
    try {
      await api.post(`/api/cases/${params.id}/cease-communication`, { reason: answer.reason });
      notify('Cease-communication recorded: all contact has stopped.', 'success');
    } catch (e) {
      notify(errorText(e), 'error');
    }
    load();
  }

  async function requestCallback() {
    // business time: the engine's clock (the demo moves it ahead); the picker shows it in this browser's time zone
    const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().substring(0, 16);
    const suggestion = new Date(now().getTime() + 24 * 3600 * 1000);
    const answer = await dialogForm('Request a callback',
      `When the debtor asked to be called back (your time; the debtor's is ${context?.caseView.debtor.timezone}). The`
        + ' call waits until then, and the contact rules still apply.',
      [{ name: 'at', label: 'Call back at', kind: 'datetime-local', required: true, value: local(suggestion) },
        { name: 'note', label: 'Note', kind: 'textarea', maxLength: 500 }], 'Request callback');
    if (!answer) return;
    try {
      await api.post(`/api/cases/${params.id}/callbacks`, { at: new Date(answer.at).toISOString(),
        note: answer.note || null });
      notify('Callback recorded: the call waits until then.', 'success');
    } catch (e) {
      notify(errorText(e), 'error');
    }
    load();
  }

  function actions() {
    if (!context || !worksTasks() || context.caseView.status !== 'OPEN') return '';
    const disputeOpen = context.disputes.some((d) => d.state === 'OPEN');
    // a cease request stays for good: no callback can be kept, and recording it again changes nothing
    const ceased = context.timeline.some((e) => e.type === 'CEASE_COMMUNICATION');
    const noCalls = ceased ? 'The debtor asked us to stop all communication'
      : disputeOpen ? 'A dispute is open: no calls until it is resolved' : '';
    return html`<div class="case-actions toolbar" aria-label="Case actions">
      <button class="secondary" id="raise-dispute" ?disabled=${disputeOpen}
        title=${disputeOpen ? 'A dispute is already open' : 'Record the debtor\'s dispute'} @click=${raiseDispute}>
        Raise dispute</button>
      <button class="secondary" id="request-callback" ?disabled=${!!noCalls}
        title=${noCalls || 'Record when the debtor asked to be called'} @click=${requestCallback}>Request callback</button>
      <button class="secondary danger" id="cease-communication" ?disabled=${ceased}
        title=${ceased ? 'Already recorded' : 'Record the debtor\'s request to stop all communication'}
        @click=${ceaseCommunication}>Cease communication</button>
    </div>`;
  }

  function draw() {
    render(html`<section class="case-page">
      <header class="page-head"><a href="#/cases" class="back">← Cases</a><h1>Case</h1></header>
      ${error ? errorState(error, load) : context ? html`<div class="single">${actions()}${casePanel(context)}
        ${complaintsCard()}${stopsCard()}${documentsCard()}
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
