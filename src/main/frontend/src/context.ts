import { html, nothing, type TemplateResult } from 'lit';
import type { CaseContext, Revealed, Script } from './api';
import { date, dateTime, label, localTime, money, caseLocale } from './format';

/** The call script with the case's details filled in, and the objection/response library. */
export function scriptPanel(script: Script | null, context: CaseContext | null, agentName: string): TemplateResult {
  if (!script) {
    return html`<section class="card script" aria-label="Call script"><h2>Call script</h2>
      <p class="muted">No script for this stage and jurisdiction. Compliance maintains scripts.</p></section>`;
  }
  const c = context?.caseView;
  const values: Record<string, string> = {
    debtorName: c?.debtor.name ?? '', agentName, accountRef: c?.accountRef ?? '',
    balance: c ? c.balance.toFixed(2) : '', currency: c?.currency ?? '', creditor: c?.creditor ?? '',
  };
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (m, key: string) => values[key] ?? m);
  return html`<section class="card script" aria-label="Call script">
    <h2>${script.title} <span class="muted small">${label(script.stage)} · ${script.jurisdiction === '*' ? 'any jurisdiction' : script.jurisdiction}</span></h2>
    <p class="opening">${fill(script.opening)}</p>
    ${script.objections.length ? html`<h3>Objections</h3>
      <ul class="objections">${script.objections.map((o) => html`<li><details>
        <summary>${o.objection}</summary><p>${fill(o.response)}</p></details></li>`)}</ul>` : nothing}
  </section>`;
}

function section(title: string, count: number, body: TemplateResult, open = count > 0): TemplateResult {
  return html`<details class="card" ?open=${open}><summary><h2>${title} <span class="count">${count}</span></h2></summary>
    ${count === 0 ? html`<p class="muted">None.</p>` : body}</details>`;
}

/** Everything about the case an agent needs beside a task. Personal data arrives masked from the server. */
export function casePanel(context: CaseContext, revealed?: Revealed | null, reveal?: () => void): TemplateResult {
  const c = context.caseView;
  const loc = caseLocale(c.debtor.jurisdiction); // case data in the debtor's locale (en-IN: dd/mm/yyyy, lakhs)
  const d = revealed ? { ...c.debtor, phone: revealed.phone ?? '—', email: revealed.email ?? '—',
    address: revealed.address ?? '—' } : c.debtor;
  return html`<div class="case" data-case=${c.id}>
    <section class="card summary" aria-label="Case summary">
      <h2>${d.name} <a class="muted small account-link" href="#/case/${c.id}" title="Open the whole case">${c.accountRef}</a>
        ${reveal && !revealed ? html`<button class="small" id="reveal" @click=${reveal}
          title="Show the full phone, e-mail and address (audited)">Reveal contact details</button>` : nothing}
        ${revealed ? html`<span class="badge">Revealed (audited)</span>` : nothing}</h2>
      <dl class="facts">
        <div><dt>Balance</dt><dd class="big">${money(c.balance, c.currency, loc)}</dd></div>
        <div><dt>Principal</dt><dd>${money(c.principal, c.currency, loc)}</dd></div>
        <div><dt>Days past due</dt><dd class="big">${c.dpd} <span class="muted small">${c.dpdBucket}</span></dd></div>
        <div><dt>Stage</dt><dd>${label(c.stage)} ${c.status === 'CLOSED' ? html`<span class="badge">Closed: ${label(c.outcome)}</span>` : nothing}</dd></div>
        <div><dt>Creditor</dt><dd>${c.creditor}</dd></div>
        <div><dt>Product</dt><dd>${label(c.product)}</dd></div>
        <div><dt>Strategy</dt><dd>${c.strategy ? html`${label(c.strategy.name)} <span class="muted small">${c.strategy.cadence}</span>` : '—'}</dd></div>
        <div><dt>Phone</dt><dd>${d.phone}</dd></div>
        <div><dt>Email</dt><dd>${d.email}</dd></div>
        <div><dt>Address</dt><dd>${d.address}</dd></div>
        <div><dt>Debtor's time</dt><dd>${localTime(d.timezone)} <span class="muted small">${d.timezone} · ${d.jurisdiction}</span></dd></div>
        <div><dt>Due since</dt><dd>${date(c.dueDate, loc)}</dd></div>
        <div><dt>Opened</dt><dd>${dateTime(c.openedAt, loc)}</dd></div>
      </dl>
    </section>
    ${section('Promises to pay', context.promises.length, html`<table class="grid compact">
      <thead><tr><th>Made</th><th class="n">Amount</th><th>Due</th><th>Status</th><th class="n">Paid</th></tr></thead>
      <tbody>${context.promises.map((p) => html`<tr><td>${dateTime(p.madeAt, loc)}</td><td class="n">${money(p.amount, p.currency, loc)}</td>
        <td>${date(p.promisedFor, loc)}</td><td><span class="badge ${p.state.toLowerCase()}">${label(p.state)}</span></td>
        <td class="n">${money(p.paidAmount, p.currency, loc)}</td></tr>`)}</tbody></table>`)}
    ${section('Payment plans', context.plans.length, html`${context.plans.map((p) => html`<div class="plan">
      <p>${money(p.total, p.currency, loc)} in ${p.installments} ${label(p.frequency).toLowerCase()} installments ·
        <span class="badge ${p.state.toLowerCase()}">${label(p.state)}</span></p>
      <table class="grid compact"><thead><tr><th>#</th><th>Due</th><th class="n">Amount</th><th>Status</th></tr></thead>
        <tbody>${p.schedule.map((i) => html`<tr><td>${i.seq}</td><td>${date(i.dueDate, loc)}</td>
          <td class="n">${money(i.amount, p.currency, loc)}</td><td>${label(i.state)}</td></tr>`)}</tbody></table></div>`)}`)}
    ${section('Settlements', context.settlements.length, html`<table class="grid compact">
      <thead><tr><th class="n">Amount</th><th class="n">Discount</th><th>Status</th><th>Due</th><th>Reason</th></tr></thead>
      <tbody>${context.settlements.map((s) => html`<tr><td class="n">${money(s.amount, s.currency, loc)}</td>
        <td class="n">${s.discountPercent}%</td><td>${label(s.state)}</td><td>${date(s.dueDate, loc)}</td><td>${s.reason ?? ''}</td></tr>`)}
      </tbody></table>`)}
    ${section('Payments', context.payments.length, html`<table class="grid compact">
      <thead><tr><th>Paid</th><th class="n">Amount</th><th class="n">Balance after</th><th>Reference</th></tr></thead>
      <tbody>${context.payments.map((p) => html`<tr><td>${dateTime(p.paidAt, loc)}</td><td class="n">${money(p.amount, p.currency, loc)}</td>
        <td class="n">${money(p.balanceAfter, p.currency, loc)}</td><td>${p.externalId}</td></tr>`)}</tbody></table>`)}
    ${section('Credits', context.credits.length, html`<table class="grid compact">
      <thead><tr><th>Recorded</th><th class="n">Amount</th><th>Why</th><th>Status</th><th>Reference</th></tr></thead>
      <tbody>${context.credits.map((c) => html`<tr><td>${dateTime(c.recordedAt, loc)}</td>
        <td class="n">${money(c.amount, c.currency, loc)}</td><td>${label(c.reason)}</td>
        <td><span class="badge ${c.state === 'OPEN' ? 'danger' : 'kept'}">${c.state === 'OPEN' ? 'To refund' : label(c.state)}</span></td>
        <td>${c.reference ?? ''}${c.settledBy ? html`<div class="muted small">by ${c.settledBy}</div>` : nothing}</td></tr>`)}
      </tbody></table>`)}
    ${section('Disputes', context.disputes.length, html`<table class="grid compact">
      <thead><tr><th>Raised</th><th>Reason</th><th>Status</th><th>Resolution</th></tr></thead>
      <tbody>${context.disputes.map((d) => html`<tr><td>${dateTime(d.raisedAt, loc)}</td><td>${label(d.reason)}
        <div class="muted">${d.details ?? ''}</div></td><td>${label(d.state)}</td><td>${label(d.resolution)}</td></tr>`)}</tbody>
      </table>`)}
    ${section('Contact history', context.contacts.length, html`<table class="grid compact contacts">
      <thead><tr><th>When</th><th>Channel</th><th>Outcome</th><th>Guard</th><th>By</th></tr></thead>
      <tbody>${context.contacts.map((a) => html`<tr><td>${dateTime(a.attemptedAt, loc)}</td><td>${a.channel}</td>
        <td>${label(a.outcome)}${a.notes ? html`<div class="muted">${a.notes}</div>` : nothing}</td>
        <td>${a.guardAllowed === null ? '—' : a.guardAllowed
          ? html`<span class="badge kept">Allowed</span>`
          : html`<span class="badge danger" title=${a.guardRule ?? ''}>${a.nextAllowedAt ? 'Held' : 'Blocked'}:
              ${label(a.guardRule)}</span>${a.nextAllowedAt ? html`<div class="muted small">until
              ${dateTime(a.nextAllowedAt, loc)}</div>` : nothing}`}</td>
        <td>${a.agent ?? 'system'}</td></tr>`)}</tbody></table>`)}
    ${section('Timeline', context.timeline.length, html`<ol class="timeline">
      ${[...context.timeline].reverse().map((e) => html`<li data-type=${e.type}><time>${dateTime(e.occurredAt, loc)}</time>
        <span class="event-type">${label(e.type)}</span> ${e.summary}</li>`)}</ol>`)}
  </div>`;
}
