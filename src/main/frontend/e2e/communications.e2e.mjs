// Communications in the browser: compliance edits a template and sees the rules refuse a validation notice without its
// itemization, and chooses a creditor's itemization date; an agent opens a case, sees its letter kept as a PDF, and
// records "stop calling this number".
// Run by CommunicationsUiTest (./mvnw verify); by hand:
//   BASE_URL=http://localhost:8080 OUT_DIR=/tmp CASE_ID=<a case with a letter> node e2e/communications.e2e.mjs
import { OUT_DIR, required, scenario } from './harness.mjs';

const BASE_URL = process.env.BASE_URL ?? 'http://localhost:8080';
const CASE_ID = required('CASE_ID');
const s = scenario();

async function signIn(browser, user) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  context.setDefaultTimeout(20000);
  const page = await context.newPage();
  // the rules' refusal of a draft is a 400 the scenario provokes
  s.watch(page, user, /status of (401|400)/);
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('header.top nav').waitFor();
  return page;
}

await s.run(async (browser) => {
  s.step('compliance opens the message templates');
  const compliance = await signIn(browser, 'compliance');
  await compliance.locator('header.top nav a', { hasText: 'Compliance' }).click();
  const table = compliance.getByRole('table', { name: 'Message templates' });
  await table.waitFor();
  const row = table.locator('tr', { hasText: 'validation-notice' }).filter({ hasText: 'LETTER' })
    .filter({ hasText: 'en' }).first();
  await row.waitFor(); // the US validation notice letter is listed
  await compliance.locator('#audit-result').waitFor(); // the independent audit's verdict is on the page
  s.ok();

  s.step('a validation notice without its itemization is refused, naming the rule');
  await row.getByRole('button', { name: 'Edit' }).click();
  const editor = compliance.locator('form.template-editor');
  const body = editor.locator('textarea[name="body"]');
  await body.fill((await body.inputValue()).replace('{itemization}', ''));
  await editor.locator('input[name="changeNote"]').fill('try without the table');
  await editor.getByRole('button', { name: 'Save as a new version' }).click();
  const problem = editor.getByRole('alert');
  await problem.waitFor();
  s.check((await problem.innerText()).includes('itemization of the debt'), 'the refusal names the itemization');
  await compliance.screenshot({ path: `${OUT_DIR}/template-refused.png`, fullPage: true });
  await s.accessible(compliance, 'template editor');
  await editor.getByRole('button', { name: 'Cancel' }).click();
  s.ok();

  s.step('compliance chooses a creditor\'s itemization date');
  const bases = compliance.getByRole('table', { name: 'Itemization dates' });
  const select = bases.locator('select').first();
  await select.selectOption('CHARGE_OFF');
  await compliance.locator('#notice .notice', { hasText: 'charge-off date' }).waitFor();
  s.ok();

  s.step('an agent opens the case: its letter is kept as a PDF');
  const agent = await signIn(browser, 'agent');
  await agent.goto(`${BASE_URL}/#/case/${CASE_ID}`);
  const docs = agent.getByRole('region', { name: 'Letters and documents' });
  await docs.locator('a', { hasText: 'Open PDF' }).first().waitFor();
  const href = await docs.locator('a', { hasText: 'Open PDF' }).first().getAttribute('href');
  const pdf = await agent.request.get(BASE_URL + href);
  s.check(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf', `the PDF opens: ${pdf.status()}`);
  s.check((await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'it is a PDF');
  s.ok();

  s.step('the agent records "stop calling this number"');
  await agent.locator('#record-stop').click();
  await agent.getByLabel('What the debtor asked').selectOption('CALL');
  await agent.getByLabel('How and when the debtor asked').fill('asked on the phone today');
  await agent.getByRole('button', { name: 'Record stop' }).click();
  const stops = agent.getByRole('region', { name: 'Contact stops' });
  await stops.locator('li', { hasText: 'asked on the phone today' }).waitFor();
  await agent.screenshot({ path: `${OUT_DIR}/case-stops-documents.png`, fullPage: true });
  await s.accessible(agent, 'case page with stops and documents');
  s.ok();
});
