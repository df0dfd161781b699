// A compliance officer changes the reminder cadence in the browser's BPMN editor (bpmn-js with the Camunda 8
// properties panel), validates, deploys with a change note and sees the new version in the registry.
// Run by ModelsUiTest (./mvnw verify); by hand: BASE_URL=http://localhost:8080 OUT_DIR=/tmp node e2e/models.e2e.mjs
import { OUT_DIR, scenario } from './harness.mjs';

const BASE_URL = process.env.BASE_URL ?? 'http://localhost:8080';
const s = scenario();

await s.run(async (browser) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(20000);
  const page = await context.newPage();
  s.watch(page, 'compliance');

  s.step('sign in as compliance and open the registry');
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Username').fill('compliance');
  await page.getByLabel('Password').fill('compliance');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('header.top nav a', { hasText: 'Models' }).click();
  const latest = page.locator('tr[data-model="collection-case"].latest');
  await latest.waitFor();
  const before = Number(await latest.getAttribute('data-version'));
  s.ok(`collection-case v${before}`);

  s.step('open the case process in the BPMN editor and change the reminder cadence timer');
  await latest.locator('a').click();
  await page.locator('.djs-container').waitFor();
  await page.locator('g.djs-element[data-element-id="wait-for-response"]').click({ force: true });
  await page.locator('[data-group-id="group-timer"] .bio-properties-panel-group-header').click();
  const value = page.locator('[data-entry-id="timerEventDefinitionValue"]');
  await value.locator('.bio-properties-panel-feel-icon').click(); // from a FEEL expression to a fixed duration
  await value.locator('input, textarea').first().fill('P3D');
  await value.locator('input, textarea').first().press('Tab');
  await page.screenshot({ path: `${OUT_DIR}/model-editor.png` });
  s.ok();

  s.step('validation passes');
  await page.locator('#validate-model').click();
  await page.locator('#validation-result', { hasText: 'Valid' }).waitFor();
  s.ok();

  s.step('deploy with a change note and see the new version in the registry');
  await page.locator('#change-note').fill('Reminder cadence fixed at 3 days for all strategies');
  await page.locator('#deploy-model').click();
  await page.waitForURL(/#\/models$/);
  const newest = page.locator('tr[data-model="collection-case"].latest');
  await page.waitForFunction((v) => Number(document.querySelector('tr[data-model="collection-case"].latest')
    ?.getAttribute('data-version')) === v + 1, before);
  const row = await newest.innerText();
  s.check(row.includes('Reminder cadence fixed at 3 days') && row.includes('compliance'), `registry row: ${row}`);
  await page.screenshot({ path: `${OUT_DIR}/model-registry.png` });
  s.ok(`v${before + 1}`);

  s.step('the dry run of a migration from the old version lists the running cases');
  await page.locator('#dry-run').click();
  await page.locator('.models p', { hasText: 'can migrate' }).waitFor();
  s.ok();

  s.step('the new version compared with the old one: the timer element is marked as changed');
  await newest.locator('a').click();
  await page.locator('.djs-container').waitFor();
  await page.locator('#compare-with').selectOption(String(before));
  await page.locator('#diff-summary', { hasText: '1 changed' }).waitFor();
  s.check((await page.locator('#diff-summary').innerText()).includes('wait-for-response'), 'the cadence timer changed');
  await page.locator('g.djs-element.diff-changed[data-element-id="wait-for-response"]').waitFor({ state: 'attached' });
  await page.screenshot({ path: `${OUT_DIR}/model-diff.png` });
  s.ok();

  s.step('a broken change is refused with the element marked');
  await page.locator('g.djs-element[data-element-id="send-reminder"]').click({ force: true });
  await page.locator('[data-group-id="group-taskDefinition"] .bio-properties-panel-group-header').click();
  const jobType = page.locator('[data-entry-id="taskDefinitionType"]');
  const feel = jobType.locator('.bio-properties-panel-feel-icon.active');
  if (await feel.count()) await feel.click();
  await jobType.locator('input, textarea').first().fill('send-pigeon');
  await jobType.locator('input, textarea').first().press('Tab');
  await page.locator('#validate-model').click();
  await page.locator('ul.problems', { hasText: "job type 'send-pigeon' has no worker" }).waitFor();
  await page.locator('g.djs-element.has-problem[data-element-id="send-reminder"]').waitFor({ state: 'attached' });
  await page.screenshot({ path: `${OUT_DIR}/model-problems.png` });
  s.ok();

  s.step('the unfinished work is saved as a draft and offered when the model is opened again');
  await page.locator('#save-draft').click();
  await page.locator('.notice', { hasText: 'Draft saved' }).waitFor();
  await page.reload();
  await page.locator('#open-draft').click();
  await page.locator('.djs-container').waitFor();
  await page.locator('#validate-model').click();
  await page.locator('ul.problems', { hasText: "send-pigeon" }).waitFor();
  s.ok();

});
