// Examples under a criterion: collapsed at first, opened by mouse or keyboard, printed open.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { TEST_TIMEOUT, env, launch, open } from '../lib/common.mjs';

// Monzo's backend engineering framework (from the corpus), level 2.
const PAGE = 'f/engineering/backend/2.html';

describe('examples (rungs serve, Monzo backend framework from the corpus)', { timeout: TEST_TIMEOUT * 3 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  it('examples are collapsed until the "N examples" summary is clicked', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, errors } = await open(browser);
    try {
      await page.goto(env.corpus + PAGE);
      const item = page.getByRole('region', { name: /Mastery/ })
        .locator('li', { hasText: 'Implements simple RPC handlers' });
      const summary = item.getByText('2 examples', { exact: true });
      const examples = [item.getByText('Basic CRUD handlers'), item.getByText('Internal/external API proxies')];

      assert.ok(await summary.isVisible(), 'the "2 examples" summary shows');
      for (const example of examples) assert.equal(await example.isVisible(), false, 'examples start collapsed');

      await summary.click();
      for (const example of examples) await example.waitFor({ state: 'visible' });

      await summary.click();
      for (const example of examples) await example.waitFor({ state: 'hidden' });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('examples open and close from the keyboard', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser);
    try {
      await page.goto(env.corpus + PAGE);
      const item = page.getByRole('region', { name: /Communication/ })
        .locator('li', { hasText: 'Provides helpful and actionable feedback in code reviews' });
      const example = item.getByText('Take a look at the levelling up your code reviews talk for some ideas');
      const summary = item.getByText('1 example', { exact: true });

      assert.equal(await example.isVisible(), false);
      await summary.focus();
      assert.equal(await summary.evaluate((el) => el === document.activeElement), true, 'the summary takes focus');
      await page.keyboard.press('Enter');
      await example.waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      await example.waitFor({ state: 'hidden' });

      // Reaching it with Tab works too: walk focus forward until it lands on the summary.
      await page.goto(env.corpus + PAGE);
      let reached = false;
      for (let i = 0; i < 80 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await summary.evaluate((el) => el === document.activeElement);
      }
      assert.ok(reached, 'Tab reaches the "1 example" summary');
      await page.keyboard.press('Space');
      await example.waitFor({ state: 'visible' });
    } finally {
      await context.close();
    }
  });

  it('printing opens every example', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser);
    try {
      await page.goto(env.corpus + PAGE);
      const closed = () => page.evaluate(() => document.querySelectorAll('details:not([open])').length);
      assert.ok(await closed() > 0);
      // Printing to PDF fires beforeprint, as a real print does.
      await page.pdf({ format: 'A4' });
      assert.equal(await closed(), 0, 'every <details> is open for printing');
    } finally {
      await context.close();
    }
  });
});
