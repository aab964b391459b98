// The competency matrix grid: areas by levels, the senior band, phones, print.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { PHONE, TEST_TIMEOUT, env, launch, open } from '../lib/common.mjs';

const PAGE = 'f/frontline-cs-competency-matrix/index.html';
const LEVELS = [
  'Beginner (After Initial Onboarding)',
  'Practitioner',
  'Advanced',
  'Expert – Senior Candidate',
  'Master – Senior Territor',
];
const AREAS = [
  'Frontline Workflows/Voume',
  'Frontline Quality',
  'Product/Technical Knowledge',
  'Tracking Feedback',
  'Leadership',
  '1:1s',
  'Team Meetings/Standups',
  'Extra Projects',
];

describe('matrix grid (rungs serve, bundled Intercom matrix)', { timeout: TEST_TIMEOUT * 4 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  it('shows 8 areas by 5 levels, opened from the home page', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, errors } = await open(browser);
    try {
      await page.goto(env.bundled);
      await page.locator('main').getByRole('link', { name: 'General Frontline CS Competency Matrix' }).click();
      await page.waitForURL(/\/f\/frontline-cs-competency-matrix\/index\.html$/);
      const table = page.getByRole('table', { name: /areas by level/ });
      assert.ok(await table.isVisible());

      const columns = await table.locator('thead th[scope=col]').allInnerTexts();
      assert.deepEqual(columns.map((c) => c.trim()), ['Area', ...LEVELS]);
      const rows = table.locator('tbody tr');
      assert.deepEqual((await rows.locator('th[scope=row]').allInnerTexts()).map((t) => t.trim()), AREAS);
      for (let i = 0; i < AREAS.length; i++) {
        assert.equal(await rows.nth(i).locator('td').count(), LEVELS.length, `${AREAS[i]} has a cell per level`);
      }
      assert.ok(await table.getByText('Basic understanding of tools and general workflows. Low volume.').isVisible());
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('marks the senior band on "Master – Senior Territor" and not on "Expert – Senior Candidate"', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser);
    try {
      await page.goto(env.bundled + PAGE);
      const table = page.getByRole('table', { name: /areas by level/ });
      const header = (name) => table.locator('thead th[scope=col]', { hasText: name });
      const master = header('Master – Senior Territor');
      const expert = header('Expert – Senior Candidate');
      assert.match(await master.getAttribute('class') ?? '', /\bin-band\b/);
      assert.doesNotMatch(await expert.getAttribute('class') ?? '', /\bin-band\b/);

      // The "Senior band" label sits over the Master column only.
      const band = table.getByRole('columnheader', { name: 'Senior band' });
      assert.ok(await band.isVisible());
      const [b, m, e] = [await band.boundingBox(), await master.boundingBox(), await expert.boundingBox()];
      assert.ok(Math.abs(b.x - m.x) <= 2 && Math.abs(b.x + b.width - (m.x + m.width)) <= 2,
        `the band label spans the Master column (band ${b.x}..${b.x + b.width}, Master ${m.x}..${m.x + m.width})`);
      assert.ok(b.x >= e.x + e.width - 1, 'the band label does not reach the Expert column');

      // Every cell of the Master column is shaded as the band; no Expert cell is.
      const background = (locator) => locator.evaluateAll((cells) => cells.map((c) => getComputedStyle(c).backgroundColor));
      const masterCells = await background(table.locator('tbody td[data-level="Master – Senior Territor"]'));
      const expertCells = await background(table.locator('tbody td[data-level="Expert – Senior Candidate"]'));
      assert.equal(masterCells.length, AREAS.length);
      assert.equal(new Set(masterCells).size, 1);
      for (const colour of expertCells) assert.notEqual(colour, masterCells[0]);
    } finally {
      await context.close();
    }
  });

  for (const width of [1280, 1024]) {
    it(`no cell's text spills into the next column (${width} wide)`, { timeout: TEST_TIMEOUT }, async () => {
      const { context, page } = await open(browser, { viewport: { width, height: 900 } });
      try {
        await page.goto(env.bundled + PAGE);
        const spilling = await page.locator('table.matrix').evaluate((table) =>
          [...table.querySelectorAll('th, td')]
            .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
            .map((cell) => `"${cell.textContent.trim().slice(0, 40)}" needs ${cell.scrollWidth}px, has ${cell.clientWidth}px`));
        assert.deepEqual(spilling, [], 'text overflows its cell and overlaps the next column');
      } finally {
        await context.close();
      }
    });
  }

  it('at phone width the areas stack, with no horizontal scroll, and each cell names its level', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      await page.goto(env.bundled + PAGE);
      const overflow = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      assert.ok(overflow.scrollWidth <= overflow.innerWidth,
        `the page is ${overflow.scrollWidth}px wide in a ${overflow.innerWidth}px viewport`);

      const rows = page.locator('table.matrix tbody tr');
      assert.equal(await rows.count(), AREAS.length);
      for (let i = 0; i < AREAS.length; i++) {
        const row = rows.nth(i);
        assert.ok(await row.locator('th').isVisible(), `${AREAS[i]} shows its name`);
        const cells = await row.locator('td').evaluateAll((tds) => tds.map((td) => {
          const box = td.getBoundingClientRect();
          const before = getComputedStyle(td, '::before');
          return { top: box.top, left: box.left, right: box.right, label: before.content, display: before.display };
        }));
        assert.equal(cells.length, LEVELS.length);
        cells.forEach((cell, j) => {
          assert.equal(cell.label, JSON.stringify(LEVELS[j]), `${AREAS[i]}: cell ${j + 1} is labelled with its level`);
          assert.notEqual(cell.display, 'none');
          assert.ok(cell.right <= overflow.innerWidth + 0.5, `${AREAS[i]}: cell ${j + 1} fits the screen`);
          if (j > 0) assert.ok(cell.top > cells[j - 1].top, `${AREAS[i]}: cell ${j + 1} is below cell ${j}`);
        });
      }
    } finally {
      await context.close();
    }
  });

  it('printing hides the header, sidebar and footer and keeps the grid', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser);
    try {
      await page.goto(env.bundled + PAGE);
      for (const selector of ['header.top', 'nav.sidebar', 'footer.foot']) {
        assert.ok(await page.locator(selector).isVisible(), `${selector} shows on screen`);
      }
      await page.emulateMedia({ media: 'print' });
      for (const selector of ['header.top', 'nav.sidebar', 'footer.foot']) {
        assert.equal(await page.locator(selector).isVisible(), false, `${selector} is hidden in print`);
      }
      assert.ok(await page.getByRole('table', { name: /areas by level/ }).isVisible());
      assert.ok(await page.getByRole('heading', { level: 1, name: 'General Frontline CS Competency Matrix' }).isVisible());
    } finally {
      await context.close();
    }
  });
});
