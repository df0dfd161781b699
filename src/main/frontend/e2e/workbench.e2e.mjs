// The agent workbench end to end, in Debian's Chromium driven by playwright-core (no browser download).
// Run by WorkbenchUiTest (./mvnw verify) against the running app; by hand:
//   BASE_URL=http://localhost:8080 ACCOUNT_REF=US-DEMO-00001 CASE_ID=<uuid> OUT_DIR=/tmp node e2e/workbench.e2e.mjs
// The account must have an open, unclaimed "Call debtor" task in the agents queue.
import { OUT_DIR, required, scenario } from './harness.mjs';

const BASE_URL = required('BASE_URL');
const ACCOUNT_REF = required('ACCOUNT_REF');
const CASE_ID = required('CASE_ID');
const SETTLEMENT_TASK = process.env.SETTLEMENT_TASK; // an approve-settlement task for the supervisor, when given
const TIMEOUT = 20000;
const s = scenario();

async function signIn(browser, user, viewport = { width: 1440, height: 900 }) {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  // the 409 the second agent provokes, and the 404 of "Complete and next" when nothing else can be worked now, are
  // expected; the sign-in page itself logs no error (no 401 probe)
  s.watch(page, user, /status of (404|409)/);
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('h1', { hasText: 'Inbox' }).waitFor();
  return page;
}

async function openTaskFromInbox(page) {
  await page.locator('#task-search').fill(ACCOUNT_REF);
  const row = page.locator(`tr[data-account="${ACCOUNT_REF}"]`);
  await row.first().waitFor();
  await page.waitForFunction((ref) => document.querySelectorAll('tbody tr').length === 1
    && document.querySelector('tbody tr').dataset.account === ref, ACCOUNT_REF);
  s.check((await row.innerText()).includes('Call debtor'), 'the inbox row is a Call debtor task');
  return row;
}

async function chooseOutcome(page, text) {
  // the outcomes are radio buttons, all in view
  await page.locator('.fjs-form-field-radio').getByLabel(text, { exact: true }).check();
}

await s.run(async (browser) => {
  s.step('sign in as agent and see the inbox');
  const agent = await signIn(browser, 'agent');
  const row = await openTaskFromInbox(agent);
  // 15:00 UTC is 09:00 in Chicago: the call can be made now, and the row says so
  await row.locator('[data-workable="now"]', { hasText: 'Callable now' }).waitFor();
  await agent.screenshot({ path: `${OUT_DIR}/inbox.png` });
  await s.accessible(agent, 'inbox');
  s.ok();

  s.step('the inbox at phone width (390 px): cards, folded filters, nothing cut off');
  const phone = await signIn(browser, 'agent2', { width: 390, height: 844 });
  await phone.locator('tbody tr').first().waitFor(); // the two waiting calls, as cards
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  s.check(width <= 391, `the page is ${width} px wide at a 390 px viewport`);
  const signOut = await phone.locator('#sign-out').boundingBox();
  s.check(signOut && signOut.x + signOut.width <= 390, `Sign out is cut off: ${JSON.stringify(signOut)}`);
  s.check(!(await phone.locator('#workable-filter').isVisible()), 'the filters are folded away');
  await phone.locator('.filters-toggle').click();
  await phone.locator('#workable-filter').waitFor();
  await phone.screenshot({ path: `${OUT_DIR}/phone-inbox.png`, fullPage: true });
  s.ok(`${width} px`);
  await phone.context().close();

  s.step('open the call task: form, case context, script');
  await row.locator('a').first().click();
  await agent.locator('.task[data-state="OPEN"] h1', { hasText: 'Call debtor' }).waitFor();
  await agent.locator('.form-host .fjs-form').waitFor();
  await agent.locator('.case .summary', { hasText: ACCOUNT_REF }).waitFor();
  const opening = await agent.locator('.script .opening').innerText();
  s.check(opening.includes('This is an attempt to collect a debt'), `US script shown, got: ${opening}`);
  s.check(opening.includes(ACCOUNT_REF) && opening.includes('Asha Agent'), 'script placeholders filled');
  await agent.locator('.contacts td', { hasText: 'SMS' }).first().waitFor();
  await agent.locator('ol.timeline li[data-type="REMINDER_SENT"]').first().waitFor();
  await agent.locator('#contact-guard', { hasText: 'Contact allowed now' }).waitFor();
  const text = await agent.locator('body').innerText();
  s.check(!text.includes('4155550123') && !text.includes('jane.doe@example.com'), 'phone and e-mail are masked');
  await s.accessible(agent, 'task');
  s.ok();

  s.step('a second agent opens the same task');
  const agent2 = await signIn(browser, 'agent2');
  await (await openTaskFromInbox(agent2)).locator('a').first().click();
  await agent2.locator('.task[data-state="OPEN"] .form-host .fjs-form').waitFor();
  s.ok();

  s.step('the first agent claims it');
  await agent.locator('.actions button', { hasText: 'Claim' }).click();
  await agent.locator('.page-head', { hasText: 'assigned to you' }).waitFor();
  s.ok();

  s.step('a supervisor sees the queues and reassigns the task, then hands it back');
  const supervisor = await signIn(browser, 'supervisor');
  await supervisor.locator('header.top nav a', { hasText: 'Supervisor' }).click();
  await supervisor.locator('tr[data-queue="agents"]').waitFor();
  await supervisor.locator('#overdue-only').uncheck();
  await supervisor.locator('#supervisor-search').fill(ACCOUNT_REF);
  const assignee = supervisor.locator(`tr[data-account="${ACCOUNT_REF}"] select.assign`);
  await supervisor.waitForFunction((ref) => {
    const rows = document.querySelectorAll('tr[data-task]');
    return rows.length === 1 && rows[0].dataset.account === ref;
  }, ACCOUNT_REF);
  s.check(await assignee.inputValue() === 'agent', 'the supervisor sees who holds the task');
  await assignee.selectOption('agent2');
  await supervisor.locator('.notice', { hasText: 'assigned to agent2' }).waitFor();
  await supervisor.screenshot({ path: `${OUT_DIR}/supervisor.png` });
  await assignee.selectOption('agent');
  await supervisor.locator('.notice', { hasText: 'assigned to agent.' }).waitFor();
  // in bulk: select, assign to agent2, and undo: the task is agent's again
  await supervisor.locator(`tr[data-account="${ACCOUNT_REF}"] input.select-task`).check();
  await supervisor.locator('#bulk-assignee').selectOption('agent2');
  await supervisor.locator('#bulk-assign').click();
  await supervisor.locator('.notice', { hasText: '1 task(s) assigned to agent2' }).waitFor();
  await supervisor.waitForFunction((ref) => document.querySelector(`tr[data-account="${ref}"] select.assign`)?.value
    === 'agent2', ACCOUNT_REF);
  await supervisor.locator('#notice-action', { hasText: 'Undo' }).click();
  await supervisor.locator('.notice', { hasText: 'Undone' }).waitFor();
  await supervisor.waitForFunction((ref) => document.querySelector(`tr[data-account="${ref}"] select.assign`)?.value
    === 'agent', ACCOUNT_REF);
  await supervisor.locator('#workload tr[data-person="agent"]').waitFor();
  s.ok();

  if (SETTLEMENT_TASK) {
    s.step('the supervisor approves a settlement seeing the offer, the discount and the limits');
    await supervisor.goto(`${BASE_URL}/#/task/${SETTLEMENT_TASK}`);
    await supervisor.locator('.task[data-state="OPEN"] .form-host .fjs-form').waitFor();
    const figures = await supervisor.locator('.form-host').innerText();
    s.check(figures.includes('600') && figures.includes('800') && figures.includes('25'),
      `offer, balance and discount shown, got: ${figures}`);
    s.check(figures.includes('supervisor limit: 40 %') && figures.includes('10 % discount on a balance under 5,000'),
      `the rule that sent it up and the agent's limit shown, got: ${figures}`);
    await supervisor.screenshot({ path: `${OUT_DIR}/settlement-approval.png`, fullPage: true });
    await supervisor.locator('.actions button', { hasText: 'Claim' }).click();
    await supervisor.locator('.page-head', { hasText: 'assigned to you' }).waitFor();
    await supervisor.locator('.fjs-form-field-radio').getByLabel('Approve', { exact: true }).check();
    await supervisor.locator('#complete-task').click();
    await supervisor.locator('.notice', { hasText: 'Approve settlement completed' }).waitFor();
    s.ok();
  }

  s.step('the second agent cannot complete it');
  await chooseOutcome(agent2, 'No answer');
  await agent2.locator('#complete-task').click();
  const refusal = await agent2.locator('#task-problem').innerText();
  s.check(refusal.includes('claimed by agent'), `409 explained, got: ${refusal}`);
  await agent2.locator('.banner.warn', { hasText: 'Claimed by agent' }).waitFor();
  s.check(await agent2.locator('#complete-task').isDisabled(), 'complete is disabled for someone else\'s task');
  s.ok();

  s.step('"Next task" claims and opens the most urgent task for the second agent');
  await agent2.goto(`${BASE_URL}/#/inbox`);
  await agent2.locator('#next-task').click();
  await agent2.waitForURL(/#\/task\//);
  await agent2.locator('.page-head', { hasText: 'assigned to you' }).waitFor();
  s.check(!agent2.url().includes(await agent.evaluate(() => location.hash.substring(7))), 'not the task agent holds');
  s.ok();

  s.step('the outcome by its number key, then "Complete and next": back to the inbox, with the case just worked');
  await agent2.locator('.form-host .fjs-form').waitFor();
  await agent2.locator('h1').click(); // the focus out of the form: keys are shortcuts
  await agent2.keyboard.press('1');
  s.check(await agent2.locator('.fjs-form-field-radio').getByLabel('No answer', { exact: true }).isChecked(),
    'key 1 picks the first outcome, No answer');
  const worked = agent2.url();
  await agent2.locator('#complete-and-next').click();
  await agent2.locator('.notice', { hasText: 'Call debtor completed' }).waitFor();
  await agent2.waitForFunction((before) => location.href !== before, worked);
  if (/#\/task\//.test(agent2.url())) {
    // another workable task was waiting (other tests' work in this app): it is claimed for agent2; hand it back
    await agent2.locator('.page-head', { hasText: 'assigned to you' }).waitFor();
    await agent2.locator('.actions button', { hasText: 'Release' }).click();
    await agent2.locator('.page-head', { hasText: 'unclaimed' }).waitFor();
    await agent2.evaluate(() => { location.hash = '#/inbox'; }); // in the page: what it remembers stays
  }
  await agent2.locator('#last-worked a').waitFor();
  s.ok();

  s.step('submitting without the required outcome shows the error and keeps the task');
  await agent.locator('#complete-task').click();
  await agent.locator('#task-problem', { hasText: 'Check the form' }).waitFor();
  await agent.locator('.fjs-form-field-error', { hasText: /required/i }).first().waitFor();
  await agent.reload();
  await agent.locator('.task[data-state="OPEN"] .form-host .fjs-form').waitFor();
  await agent.locator('.page-head', { hasText: 'assigned to you' }).waitFor();
  s.ok();

  s.step('fill in a promise to pay (fields shown by the outcome)');
  await chooseOutcome(agent, 'Promise to pay');
  await agent.getByLabel('Promised amount').fill('150');
  // a date the debtor can keep: 20 days after the engine's today (a promise may be at most 90 days ahead)
  const engineNow = await agent.evaluate(async () => (await (await fetch('/api/dev/clock')).json()).now);
  const promised = new Date(Date.parse(engineNow) + 20 * 24 * 3600 * 1000);
  const mmddyyyy = `${String(promised.getUTCMonth() + 1).padStart(2, '0')}/${String(promised.getUTCDate()).padStart(2, '0')}/${promised.getUTCFullYear()}`;
  await agent.getByLabel('Promised payment date').fill(mmddyyyy);
  await agent.getByLabel('Promised payment date').press('Enter');
  await agent.getByLabel('Notes').fill('Debtor will pay from next salary.');
  await agent.screenshot({ path: `${OUT_DIR}/task.png` });
  s.ok();

  s.step('submit the promise to pay: the task leaves the inbox');
  await agent.locator('#complete-task').click();
  await agent.waitForURL(/#\/inbox$/);
  await agent.locator('.notice', { hasText: 'Call debtor completed' }).waitFor();
  await agent.locator('#task-search').fill(ACCOUNT_REF);
  await agent.locator('.state.empty', { hasText: 'No task matches these filters' }).waitFor();
  s.ok();

  s.step('the promise is on the case timeline');
  await agent.goto(`${BASE_URL}/#/case/${CASE_ID}`);
  await agent.locator('ol.timeline li[data-type="PROMISE_MADE"]').first().waitFor({ timeout: 30000 });
  const promise = await agent.locator('details.card', { hasText: 'Promises to pay' }).innerText();
  s.check(promise.includes('150.00') && promise.includes('Open') && promise.includes(String(promised.getUTCFullYear())),
    `promise listed, got: ${promise}`);
  await agent.screenshot({ path: `${OUT_DIR}/case.png`, fullPage: true });
  await s.accessible(agent, 'case');
  s.ok();

  s.step('find the case by a fragment from the middle of its reference');
  await agent.locator('header.top nav a', { hasText: 'Cases' }).click();
  const fragment = ACCOUNT_REF.substring(4, ACCOUNT_REF.length - 2);
  await agent.locator('#case-search').fill(fragment);
  await agent.locator(`tr[data-case="${CASE_ID}"]`).waitFor();
  await agent.locator(`tr[data-case="${CASE_ID}"] a`).click();
  await agent.waitForURL(new RegExp(`#/case/${CASE_ID}$`));
  s.ok(`"${fragment}"`);

  s.step('request a callback from the case header');
  await agent.locator('#request-callback').click();
  await agent.locator('dialog.modal textarea[name="note"]').fill('After her shift, evenings.');
  await agent.locator('dialog.modal button[type="submit"]').click();
  await agent.locator('.notice', { hasText: 'Callback recorded' }).waitFor();
  await agent.locator('ol.timeline li[data-type="CALLBACK_REQUESTED"]').first().waitFor({ timeout: 30000 });
  s.ok();

  s.step('raise a dispute from the case header, with its Regulation F ground');
  await agent.locator('#raise-dispute').click();
  await agent.locator('dialog.modal select[name="reason"]').selectOption('WRONG_AMOUNT');
  await agent.locator('dialog.modal textarea[name="details"]').fill('Debtor says a fee was charged twice.');
  await agent.locator('dialog.modal button[type="submit"]').click();
  await agent.locator('.notice', { hasText: 'Dispute recorded' }).waitFor();
  await agent.locator('ol.timeline li[data-type="DISPUTE_RAISED"]').first().waitFor({ timeout: 30000 });
  s.check(await agent.locator('#raise-dispute').isDisabled(), 'a second dispute cannot be raised while one is open');
  s.check(await agent.locator('#request-callback').isDisabled(), 'no callback while a dispute is open');
  s.ok();

  s.step('a manager lands on the dashboard: KPI tiles and charts');
  const managerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const manager = await managerContext.newPage();
  s.watch(manager, 'manager');
  await manager.goto(BASE_URL + '/');
  await manager.getByLabel('Username').fill('manager');
  await manager.getByLabel('Password').fill('manager');
  await manager.getByRole('button', { name: 'Sign in' }).click();
  await manager.locator('h1', { hasText: 'Dashboard' }).waitFor();
  await manager.locator('.tile[data-kpi="open"]').waitFor();
  s.check(Number(await manager.locator('.tile[data-kpi="open"] .tile-value').innerText()) > 0, 'open cases counted');
  s.check((await manager.locator('.tile[data-kpi="kept"]').getAttribute('title')).includes('Promises kept'),
    'the tile explains its KPI');
  for (const kpi of ['recovery', 'cure', 'roll', 'ptp', 'rpc', 'sla', 'incidents']) {
    s.check(await manager.locator(`.tile[data-kpi="${kpi}"]`).count() > 0, `tile ${kpi} shown`);
  }
  const charts = ['funnel', 'aging', 'collected', 'kept', 'roll', 'stage', 'channels'];
  await manager.waitForFunction((keys) => keys.every((k) => {
    const c = document.querySelector(`canvas[data-chart="${k}"]`);
    return c && c.width > 0 && c.height > 0;
  }), charts);
  s.check(await manager.locator('section[data-section="bottlenecks"] tbody tr').count() > 0,
    'bottlenecks list the open tasks waiting');
  await manager.screenshot({ path: `${OUT_DIR}/dashboard.png`, fullPage: true });
  await s.accessible(manager, 'dashboard');
  // a filter narrows every figure: no case of the test portfolio is in India
  const openAll = Number(await manager.locator('.tile[data-kpi="open"] .tile-value').innerText());
  const india = manager.waitForResponse((r) => r.url().includes('/api/metrics/kpis') && r.url().includes('jurisdiction=IN'));
  await manager.locator('select[name="jurisdiction"]').selectOption('IN');
  await india;
  await manager.waitForFunction((before) => Number(document.querySelector('.tile[data-kpi="open"] .tile-value')
    ?.textContent) < before, openAll);
  s.ok();

  s.step('the manager downloads the weekly report');
  await manager.locator('header.top nav a', { hasText: 'Reports' }).click();
  await manager.locator('h1', { hasText: 'Weekly collection report' }).waitFor();
  await manager.locator('tr[data-agent="agent"]').waitFor();
  const [download] = await Promise.all([manager.waitForEvent('download'), manager.locator('#download-csv').click()]);
  const path = `${OUT_DIR}/${download.suggestedFilename()}`;
  await download.saveAs(path);
  const csv = (await import('node:fs')).readFileSync(path, 'utf8');
  s.check(csv.startsWith('agent,teams,tasks,tasksTarget') && csv.includes('\nagent,agents,'),
    `weekly CSV: ${csv.slice(0, 200)}`);
  s.check(await manager.locator('table[data-section="teams"] tr[data-team="agents"]').count() === 1, 'team totals');
  await manager.screenshot({ path: `${OUT_DIR}/report.png`, fullPage: true });
  // the manager sets a weekly target for agent2 in the form; the report measures against it at once
  await manager.locator('#targets summary').click();
  const form = manager.locator('#targets form');
  await form.locator('input[name="person"]').fill('agent2');
  await form.locator('input[name="tasks"]').fill('3');
  await form.locator('input[name="contacts"]').fill('3');
  await form.locator('input[name="promises"]').fill('1');
  // an amount to collect in each currency the person works: each measured against collections in that currency only
  await form.locator('input[name="collected-USD"]').fill('500');
  await form.locator('input[name="collected-INR"]').fill('40000');
  await form.getByRole('button', { name: 'Save target' }).click();
  await manager.locator('tr[data-agent="agent2"]', { hasText: '/ 3' }).waitFor();
  const line = await manager.locator('tr[data-agent="agent2"]').innerText();
  s.check(line.includes('$500.00') && /₹\s?40,000\.00/.test(line), `a target per currency shown, got: ${line}`);
  s.check(await manager.locator('tr[data-agent="agent2"] [data-currency]').count() === 2, 'one line per currency');
  // the report for one jurisdiction's cases
  await manager.locator('#report-jurisdiction').selectOption('IN');
  await manager.locator('.page-head', { hasText: 'IN cases' }).waitFor();
  await manager.screenshot({ path: `${OUT_DIR}/report-targets.png`, fullPage: true });
  await manager.locator('#report-kind').selectOption('monthly');
  await manager.locator('h1', { hasText: 'Monthly collection report' }).waitFor();
  s.ok(download.suggestedFilename());

  s.step('a compliance officer sees the contact rules and scripts');
  const officer = await signIn(browser, 'compliance');
  await officer.locator('header.top nav a', { hasText: 'Compliance' }).click();
  const us = officer.locator('form.policy[data-jurisdiction="US"]');
  await us.waitFor();
  s.check(await us.locator('input[name="contactUntil"]').inputValue() === '21:00', 'US calls end at 21:00');
  s.check(await us.locator('input[name="maxCalls"]').inputValue() === '7', 'US: 7 calls');
  await officer.locator('form.policy[data-jurisdiction="IN"] input[name="contactUntil"]').waitFor();
  await officer.screenshot({ path: `${OUT_DIR}/compliance.png`, fullPage: true });
  s.ok();

});
