// A supervisor imports a lender's own file in the browser: drops it, builds a mapping from its header (columns
// suggested from the header names), sees the first rows previewed with a bad one marked, imports with the progress
// bar, and finds the import in the history.
// Run by ImportsUiTest (./mvnw verify); by hand: BASE_URL=http://localhost:8080 OUT_DIR=/tmp PREFIX=NW node e2e/imports.e2e.mjs
import { OUT_DIR, required, scenario } from './harness.mjs';

const BASE_URL = process.env.BASE_URL ?? 'http://localhost:8080';
const PREFIX = required('PREFIX');
const ROWS = Number(process.env.ROWS ?? '400');
const s = scenario();

function lenderFile() {
  const lines = ['Acct No,Customer Name,Mobile No,Outstanding,Loan Amount,Overdue Since,Branch'];
  const due = new Date(Date.now() - 40 * 86400000);
  const dmy = `${String(due.getUTCDate()).padStart(2, '0')}/${String(due.getUTCMonth() + 1).padStart(2, '0')}/${due.getUTCFullYear()}`;
  for (let i = 1; i <= ROWS; i++) {
    // row 3 has a number that cannot be valid in India: the preview marks it
    const phone = i === 3 ? '12345' : `098450${String(10000 + i).slice(-5)}`;
    lines.push(`${PREFIX}-${i},Debtor ${i},${phone},${1000 + i},${5000 + i},${dmy},Branch ${i % 7}`);
  }
  return lines.join('\n') + '\n';
}

await s.run(async (browser) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  context.setDefaultTimeout(20000);
  const page = await context.newPage();
  s.watch(page, 'supervisor');

  s.step('sign in as supervisor and open Lender files');
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Username').fill('supervisor');
  await page.getByLabel('Password').fill('supervisor');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('header.top nav a', { hasText: 'Lender files' }).click();
  await page.locator('h1', { hasText: 'Lender files' }).waitFor();
  s.ok();

  s.step('drop the lender file: a mapping is suggested from its header');
  await page.locator('#file').setInputFiles({ name: 'northwind.csv', mimeType: 'text/csv',
    buffer: Buffer.from(lenderFile()) });
  await page.locator('fieldset.mapping').waitFor();
  const suggested = async (column) => page.getByLabel(`Field for ${column}`).inputValue();
  s.check(await suggested('Acct No') === 'accountRef', 'Acct No suggested as accountRef');
  s.check(await suggested('Outstanding') === 'balance', 'Outstanding suggested as balance');
  s.check(await suggested('Mobile No') === 'phone', 'Mobile No suggested as phone');
  s.check(await suggested('Branch') === '', 'Branch is not ours');
  s.ok();

  s.step('complete the mapping: the due-date column, the date format, the defaults; save it');
  await page.getByLabel('Field for Overdue Since').selectOption('dueDate');
  await page.getByLabel('Field for Loan Amount').selectOption('principal');
  await page.locator('#mapping-name').fill(`northwind-${PREFIX.toLowerCase()}`);
  await page.locator('#date-format').fill('dd/MM/yyyy');
  await page.locator('#default-jurisdiction').fill('IN');
  await page.locator('#default-currency').fill('INR');
  await page.locator('#default-creditor').fill('Northwind Bank');
  await page.locator('#default-timezone').fill('Asia/Kolkata');
  await page.locator('#default-product').fill('PERSONAL_LOAN');
  await page.locator('#save-mapping').click();
  await page.waitForFunction((name) => document.querySelector('#mapping')?.value === name,
    `northwind-${PREFIX.toLowerCase()}`);
  s.ok();

  s.step('the preview shows the first rows as they will be imported, the bad phone marked');
  await page.locator('table.preview tbody tr').first().waitFor();
  const rejected = page.locator('table.preview tbody tr.rejected');
  s.check(await rejected.count() === 1, `one previewed row rejected, found ${await rejected.count()}`);
  s.check((await rejected.innerText()).includes('phone'), 'the rejected row names the phone');
  s.check(await page.locator('table.preview tbody tr.ok').count() >= 5, 'the other rows will be imported');
  await page.screenshot({ path: `${OUT_DIR}/imports-preview.png`, fullPage: true });
  await s.accessible(page, 'lender files');
  s.ok();

  s.step('a dry run checks the whole file and keeps nothing');
  await page.locator('#dry-run').click();
  await page.locator('#import-result', { hasText: 'Dry run' }).waitFor();
  s.check((await page.locator('#import-result').innerText()).includes(`${ROWS - 1} new cases`), 'dry run counts');
  s.ok();

  s.step('import with the progress bar; the result and the errors download');
  await page.locator('#import').click();
  await page.locator('#import-progress').waitFor();
  await page.locator('#import-result', { hasText: 'new cases' }).filter({ hasNotText: 'Dry run' }).waitFor();
  const counts = await page.locator('#progress-counts').innerText();
  s.check(counts.includes(`${ROWS} rows read`) && counts.includes(`${ROWS - 1} imported`)
    && counts.includes('1 rejected'), `progress counts: ${counts}`);
  s.check(await page.locator('#import-progress').getAttribute('value') === '100', 'the bar is full');
  s.check(await page.getByRole('link', { name: /Download errors/ }).count() === 1, 'errors downloadable');
  await page.screenshot({ path: `${OUT_DIR}/imports-done.png`, fullPage: true });
  s.ok(counts);

  s.step('the import history names the file, the mapping and the supervisor');
  const row = page.locator('table[aria-label="Import history"] tbody tr').first();
  const text = await row.innerText();
  s.check(text.includes('northwind.csv') && text.includes('supervisor') && text.includes(`northwind-${PREFIX.toLowerCase()}`),
    `history row: ${text}`);
  s.ok();
});
