// Layout on a phone: every page type fits the screen and starts right under the header.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { PHONE, TEST_TIMEOUT, env, launch, open } from '../lib/common.mjs';

const PAGES = [
  ['home', () => env.bundled + 'index.html'],
  ['rung page', () => env.bundled + 'f/customer-operations/2A.html'],
  ['rung page with examples', () => env.corpus + 'f/engineering/backend/2.html'],
  ['matrix grid', () => env.bundled + 'f/frontline-cs-competency-matrix/index.html'],
  ['compare picker', () => env.bundled + 'f/customer-operations/compare.html'],
  ['compare page', () => env.bundled + 'f/customer-operations/compare/1A..2A.html'],
  ['search page', () => env.bundled + 'search.html'],
  ['search with results', () => env.bundled + 'search.html?q=feedback'],
  ['Markdown page', () => env.corpus + 'f/design/product-design/index.html'],
  ['changes page', () => env.changes + 'f/engineering/backend/changes.html'],
];

describe('phone layout (390 px wide)', { timeout: TEST_TIMEOUT * 3 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  it('no page type scrolls sideways', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      const wide = [];
      for (const [name, url] of PAGES) {
        await page.goto(url());
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth,
        }));
        if (scrollWidth > innerWidth) wide.push(`${name}: ${scrollWidth}px in a ${innerWidth}px screen`);
      }
      assert.deepEqual(wide, []);
    } finally {
      await context.close();
    }
  });

  it('every page type starts right under the header, with no blank band above the content', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      const gaps = [];
      for (const [name, url] of PAGES) {
        await page.goto(url());
        const gap = await page.evaluate(() =>
          document.querySelector('main').getBoundingClientRect().top -
          document.querySelector('header').getBoundingClientRect().bottom);
        if (gap > 1) gaps.push(`${name}: ${Math.round(gap)}px of blank space between the header and the content`);
      }
      assert.deepEqual(gaps, []);
    } finally {
      await context.close();
    }
  });
});
