// The static site `rungs site` writes, opened from file:// with no server at all.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { TEST_TIMEOUT, assertPathEndsWith, env, fileUrl, launch, open } from '../lib/common.mjs';

const TARGET_1B =
  'Consistently performs expected targets for core scaling tasks: 12 conversations per hour, 95% activity and 95% QA';

function assertOnlyFileRequests({ requests, failed }) {
  assert.ok(requests.length > 0);
  const outside = requests.filter((url) => !url.startsWith('file://'));
  assert.deepEqual(outside, [], 'no request leaves file://');
  assert.deepEqual(failed, [], 'every file the pages load exists');
}

describe('static site from file:// (rungs site, bundled frameworks)', { timeout: TEST_TIMEOUT * 4 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  it('browses from index.html into a framework and a rung by clicking', { timeout: TEST_TIMEOUT }, async () => {
    const session = await open(browser);
    const { context, page, errors } = session;
    try {
      await page.goto(fileUrl(env.site));
      // The stylesheet loads from file:// too (the header is laid out as a flex row).
      assert.equal(await page.locator('header.top').evaluate((el) => getComputedStyle(el).display), 'flex');
      await page.locator('main').getByRole('link', { name: 'Customer Operations Framework' }).click();
      await page.waitForURL(/\/f\/customer-operations\/index\.html$/);
      const selector = page.getByRole('navigation', { name: 'Levels and sublevels' });
      await selector.getByRole('link', { name: '1B', exact: true }).click();
      await page.waitForURL(/\/f\/customer-operations\/1B\.html$/);
      assert.deepEqual(await selector.locator('[aria-current="page"]').allTextContents(), ['1B']);
      assert.ok(await page.getByRole('region', { name: /Knowledge & Impact/ }).getByText(TARGET_1B).isVisible());

      // And back home through the sidebar and the brand link.
      await page.getByRole('navigation', { name: 'Frameworks' })
        .getByRole('link', { name: 'General Frontline CS Competency Matrix' }).click();
      await page.waitForURL(/\/f\/frontline-cs-competency-matrix\/index\.html$/);
      await page.getByRole('link', { name: 'rungs', exact: true }).click();
      await page.waitForURL(/\/index\.html$/);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Progression frameworks');

      assert.deepEqual(errors, []);
      assertOnlyFileRequests(session);
    } finally {
      await context.close();
    }
  });

  it('searches from the embedded index and follows a result', { timeout: TEST_TIMEOUT }, async () => {
    const session = await open(browser);
    const { context, page, errors } = session;
    try {
      await page.goto(fileUrl(env.site, 'f/customer-operations/2A.html'));
      const box = page.getByRole('search').getByRole('searchbox', { name: 'Search criteria' });
      await box.fill('conversations per hour');
      await box.press('Enter');
      await page.waitForURL(/\/search\.html\?q=conversations/);
      assertPathEndsWith(page, 'search.html');

      const hits = page.locator('#results ol.hits > li');
      await hits.first().waitFor();
      assert.match(await page.locator('#results .summary').innerText(), /^\d+ match(es)?$/);
      assert.equal(await page.locator('#search-q').inputValue(), 'conversations per hour');
      const hit = hits.filter({ hasText: TARGET_1B }).filter({ hasText: '· 1B ·' });
      assert.equal(await hit.count(), 1);

      await hit.getByRole('link').click();
      await page.waitForURL(/\/f\/customer-operations\/1B\.html#knowledgeandimpact$/);
      assert.equal(await page.evaluate(() => document.querySelector(':target')?.id), 'knowledgeandimpact');

      // Typing on the search page narrows the results as you type.
      await page.goto(fileUrl(env.site, 'search.html'));
      await page.locator('#search-q').fill('seeks out feedback');
      await hits.first().waitFor();
      for (const text of await hits.locator('a').allInnerTexts()) assert.match(text, /seeks out feedback/i);
      // The embedded search marks what matched, as the server does.
      assert.deepEqual(await hits.first().locator('a mark').allInnerTexts(), ['Seeks', 'out', 'feedback']);

      assert.deepEqual(errors, []);
      assertOnlyFileRequests(session);
    } finally {
      await context.close();
    }
  });

  it('opens a pre-rendered compare page from the picker', { timeout: TEST_TIMEOUT }, async () => {
    const session = await open(browser);
    const { context, page, errors } = session;
    try {
      await page.goto(fileUrl(env.site, 'f/customer-operations/1A.html'));
      await page.getByRole('link', { name: 'Compare rungs' }).click();
      await page.waitForURL(/\/f\/customer-operations\/compare\.html$/);
      await page.getByRole('combobox', { name: 'From' }).selectOption({ label: '1A' });
      await page.getByRole('combobox', { name: 'To' }).selectOption({ label: '2A' });
      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      await page.waitForURL(/\/f\/customer-operations\/compare\/1A\.\.2A\.html$/);
      assert.equal(await page.locator('main').getByRole('heading', { level: 2 }).first().innerText(), 'From 1A to 2A');
      const teamwork = page.locator('section.topic', { has: page.getByRole('heading', { level: 3, name: /Teamwork/ }) });
      assert.ok(await teamwork.locator('h4:text-is("New at 2A") + ul')
        .getByText('Frequently shares knowledge gained internally or externally (previous role/reading)').isVisible());

      // The stylesheet and script of a page two folders down still load.
      assert.equal(await page.locator('header.top').evaluate((el) => getComputedStyle(el).display), 'flex');
      assert.deepEqual(errors, []);
      assertOnlyFileRequests(session);
    } finally {
      await context.close();
    }
  });
});
