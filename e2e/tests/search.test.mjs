// Search on the server: the header box, the results page, and following a result.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { TEST_TIMEOUT, assertPathEndsWith, env, launch, open } from '../lib/common.mjs';

const TARGET =
  'Consistently performs expected targets for core scaling tasks: 12 conversations per hour, 95% activity and 95% QA';

describe('search (rungs serve, bundled frameworks)', { timeout: TEST_TIMEOUT * 3 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  it('the header search lists matches that link to the exact rung and topic', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, errors } = await open(browser);
    try {
      // Start from a rung page, so that the form's relative action is exercised too.
      await page.goto(env.bundled + 'f/customer-operations/2B.html');
      const box = page.getByRole('search').getByRole('searchbox', { name: 'Search criteria' });
      await box.fill('conversations per hour');
      await box.press('Enter');
      await page.waitForURL(/\/search\.html\?q=conversations/);

      assert.equal(await page.locator('#search-q').inputValue(), 'conversations per hour',
        'the results page keeps the query in its box');
      const results = page.locator('#results');
      assert.match(await results.locator('.summary').innerText(), /^\d+ match(es)?$/);

      const hits = results.locator('ol.hits > li');
      assert.ok(await hits.count() >= 3, 'criteria from 1A (after probation), 1B and 1C match');
      const texts = await hits.locator('a').allInnerTexts();
      for (const text of texts) assert.match(text.toLowerCase(), /conversations per hour/);
      // What matched is marked.
      const marked = await hits.first().locator('a mark').allInnerTexts();
      for (const word of ['conversations', 'per', 'hour']) assert.ok(marked.includes(word), `${word} is marked: ${marked}`);

      const hit = hits.filter({ hasText: TARGET }).filter({ hasText: '· 1B ·' });
      assert.equal(await hit.count(), 1, 'one result is the 1B Knowledge & Impact criterion');
      assert.match(await hit.locator('.where').innerText(), /Customer Operations Framework · 1B · .*Knowledge & Impact/);
      const href = await hit.getByRole('link').getAttribute('href');
      assert.match(href, /f\/customer-operations\/1B\.html#knowledgeandimpact$/);

      await hit.getByRole('link').click();
      await page.waitForURL(/\/f\/customer-operations\/1B\.html#knowledgeandimpact$/);
      assertPathEndsWith(page, 'f/customer-operations/1B.html');
      assert.equal(await page.evaluate(() => document.querySelector(':target')?.id), 'knowledgeandimpact');
      const card = page.getByRole('region', { name: /Knowledge & Impact/ });
      assert.ok(await card.getByText(TARGET, { exact: true }).isVisible());
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('typographic quotes match plain ones, and a search with no match says so', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser);
    try {
      // The 2B criterion is written with curly quotes (‘core’); people type straight ones.
      await page.goto(env.bundled + "search.html?q=" + encodeURIComponent("'core' scaling task targets"));
      const hits = page.locator('#results ol.hits > li');
      assert.ok(await hits.count() >= 1);
      assert.ok(await hits.filter({ hasText: '· 2B ·' }).count() >= 1, 'the 2B criterion with ‘core’ is found');

      await page.goto(env.bundled + 'search.html?q=zebra%20crossing%20unicorn');
      assert.equal(await page.locator('#results .summary').innerText(), 'No criteria match.');
      assert.equal(await page.locator('#results ol.hits > li').count(), 0);
    } finally {
      await context.close();
    }
  });
});
