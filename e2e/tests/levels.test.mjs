// Finding a rung: the home page, the level selector, deep links to a topic, arrow keys.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { DESKTOP, PHONE, TEST_TIMEOUT, assertPathEndsWith, env, launch, open } from '../lib/common.mjs';

const TARGET_1B =
  'Consistently performs expected targets for core scaling tasks: 12 conversations per hour, 95% activity and 95% QA';

describe('levels (rungs serve, bundled frameworks)', { timeout: TEST_TIMEOUT * 3 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  it('opens a framework from the home page and selects rung 1B', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, errors } = await open(browser);
    try {
      await page.goto(env.bundled);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Progression frameworks');
      await page.locator('main').getByRole('link', { name: 'Customer Operations Framework' }).click();
      await page.waitForURL(/\/f\/customer-operations\/index\.html$/);

      const selector = page.getByRole('navigation', { name: 'Levels and sublevels' });
      assert.deepEqual(await selector.locator('[aria-current="page"]').allTextContents(), ['1A'],
        'the framework opens at its first rung, marked as current');

      await selector.getByRole('link', { name: '1B', exact: true }).click();
      await page.waitForURL(/\/f\/customer-operations\/1B\.html$/);
      assertPathEndsWith(page, 'f/customer-operations/1B.html');

      assert.deepEqual(await selector.locator('[aria-current="page"]').allTextContents(), ['1B'],
        'only the selected rung is aria-current');
      assert.match(await page.locator('h2.rung-title').innerText(), /^1B\b/);
      assert.match(await page.title(), /1B/);

      const card = page.getByRole('region', { name: /Knowledge & Impact/ });
      assert.ok(await card.getByText(TARGET_1B, { exact: true }).isVisible(),
        'the 1B target shows in the Knowledge & Impact card');
      assert.equal(await page.getByText('Working towards probation targets (outlined below)').count(), 0,
        '1A criteria are not listed on 1B');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('arrow keys move to the next and previous rung, keeping the topic', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, errors } = await open(browser);
    try {
      await page.goto(env.bundled + 'f/customer-operations/1B.html#communication');
      await page.keyboard.press('ArrowRight');
      await page.waitForURL(/\/1C\.html#communication$/);
      await page.keyboard.press('ArrowLeft');
      await page.waitForURL(/\/1B\.html#communication$/);
      // Typing in the search box must not change the page.
      await page.locator('#q').focus();
      await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(300);
      assertPathEndsWith(page, 'f/customer-operations/1B.html');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    it(`a deep link to a topic shows its card with inherited criteria marked (${name})`,
      { timeout: TEST_TIMEOUT }, async () => {
        const { context, page, errors } = await open(browser, { viewport });
        try {
          await page.goto(env.bundled + 'f/customer-operations/2A.html#teamwork');
          const card = page.getByRole('region', { name: /Teamwork/ });
          assert.ok(await card.isVisible());
          assert.equal(await page.evaluate(() => document.querySelector(':target')?.id), 'teamwork',
            'the Teamwork card is the :target');

          const box = await card.boundingBox();
          assert.ok(box && box.y >= -1 && box.y < viewport.height / 2,
            `the Teamwork card is scrolled into view (top at ${box && box.y})`);

          // The criteria 2A inherits from level 1 are shown and marked with the rung they come from.
          assert.equal(await card.getByText('from 1C', { exact: true }).count(), 4);
          assert.ok(await card.getByText('Asks for support from more senior members of the team when facing tasks for the first time').isVisible());
          assert.ok(await card.getByText('All criteria from level one').isVisible());
          const own = card.locator('li', { hasText: 'Frequently shares knowledge gained internally or externally' });
          assert.equal(await own.count(), 1);
          assert.equal(await own.getByText(/^from /).count(), 0, "2A's own criterion is not marked as inherited");
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
  }
});
