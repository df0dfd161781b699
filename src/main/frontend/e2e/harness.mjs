// What the browser scenarios share: Debian's Chromium through playwright-core (never a downloaded browser), step
// logging, console-error watching, and screenshots of every page when a step fails.
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

export const OUT_DIR = process.env.OUT_DIR ?? 'target/ui';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
mkdirSync(OUT_DIR, { recursive: true });

export function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}

/** A scenario of steps; `run` launches the browser, runs the body, and reports (exit code 1 on failure). */
export function scenario() {
  let current = 'start';
  const unexpected = [];
  return {
    step(name) {
      current = name;
    },
    ok(detail = '') {
      console.log(`[e2e] ${current}: ok${detail ? ` (${detail})` : ''}`);
    },
    check(condition, message) {
      if (!condition) throw new Error(`${current}: ${message}`);
    },
    /** Console errors fail the scenario, except HTTP refusals the scenario provokes on purpose (`expected`). */
    watch(page, who, expected = /status of 401/) {
      page.on('pageerror', (e) => unexpected.push(`${who} page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !expected.test(m.text())) unexpected.push(`${who} console: ${m.text()}`);
      });
    },
    /**
     * Accessibility of the page as it is now (axe-core, WCAG 2 A and AA rules): no serious or critical violation.
     * Minor and moderate ones are printed.
     */
    async accessible(page, name) {
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      for (const v of results.violations) {
        console.log(`[e2e] axe ${name}: ${v.impact} ${v.id} (${v.nodes.length}): ${v.help}; e.g. ${v.nodes[0]?.target}`);
      }
      if (blocking.length) {
        throw new Error(`${current}: ${name} has ${blocking.length} serious or critical accessibility violation(s): `
          + blocking.map((v) => `${v.id} at ${v.nodes.map((n) => n.target).slice(0, 3).join(' | ')}`).join('; '));
      }
      console.log(`[e2e] axe ${name}: 0 serious or critical (${results.violations.length} minor or moderate)`);
    },
    async run(body) {
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync'],
      });
      try {
        await body(browser);
        current = 'no console errors';
        if (unexpected.length) throw new Error(`${current}: ${unexpected.join('\n')}`);
        console.log('[e2e] all steps passed');
      } catch (e) {
        console.error(`[e2e] FAILED at "${current}": ${e.message}`);
        for (const [c, context] of browser.contexts().entries()) {
          for (const [i, page] of context.pages().entries()) {
            await page.screenshot({ path: `${OUT_DIR}/failure-${c}-${i}.png` }).catch(() => {});
          }
        }
        process.exitCode = 1;
      } finally {
        await browser.close();
      }
    },
  };
}
