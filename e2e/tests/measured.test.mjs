// Measured targets in a real browser against `rungs serve --demo`, whose demo team has generated
// helpdesk data: a steady member's page shows met verdicts with the weeks behind them and charts
// whose numbers are also a table; a member back from leave shows not met, with the thin week
// as a gap that says why; the section passes axe.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { TEST_TIMEOUT, launch, open } from '../lib/common.mjs';
import { demoAccounts, seriousViolations, signIn } from '../lib/people.mjs';

describe('measured targets', { timeout: TEST_TIMEOUT * 3 }, () => {
  let browser;
  let people;
  before(async () => {
    browser = await launch();
    people = demoAccounts(['priya', 'jonas']);
  });
  after(async () => { await browser?.close(); });

  it('a steady member meets the probation targets, with charts and their data', { timeout: TEST_TIMEOUT }, async () => {
    const { page, context } = await open(browser);
    await signIn(page, people.priya);
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Measured targets' }) });
    await section.waitFor();
    const text = await section.innerText();
    assert.match(text, /Met\s+1A/, text.slice(0, 800));
    assert.match(text, /10 conversations\/h · ≥95% activity · ≥95% QA/);
    // Each chart has an accessible name and its numbers as a table.
    const charts = section.locator('svg[role="img"]');
    assert.ok(await charts.count() >= 2, 'a rate chart and an activity/QA chart');
    assert.match(text, /Week\s+Activity %\s+QA %/);
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
  });

  it('a member back from leave is not met yet, and the thin week is no data, not a fail', { timeout: TEST_TIMEOUT }, async () => {
    const { page, context } = await open(browser);
    await signIn(page, people.jonas);
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Measured targets' }) });
    await section.waitFor();
    const text = await section.innerText();
    assert.match(text, /Not met\s+1B/, text.slice(0, 800));
    assert.match(text, /3 of the last 4 weeks with data at every target \(4 needed\)/);
    assert.match(text, /no data: [\d.]+ active hours \(minimum 5\)/);
    await context.close();
  });
});
