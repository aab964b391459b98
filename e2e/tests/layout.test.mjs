// Layout on a phone and on a desktop: no page type scrolls sideways on a 360 px screen, signed out
// and signed in (the demo team of `rungs serve --demo`, as its admin and as a member); every
// framework page starts right under the header at 390 px; the matrix grid fits a 1280 px window,
// and where it cannot it says so and scrolls by itself, not the page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { PHONE, TEST_TIMEOUT, env, launch, open } from '../lib/common.mjs';
import { demoAccounts, peopleUrl, signIn } from '../lib/people.mjs';

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

// Signed out, beyond the framework pages: what a stranger or a new person can open.
const SIGNED_OUT = [
  ['not found page', () => env.bundled + 'no-such-page.html'],
  ['sign-in page', () => peopleUrl() + 'login'],
  ['sign-in page, after a signed-in page was asked for', () => peopleUrl() + 'team'],
  ['invitation link that is not valid', () => peopleUrl() + 'invite/' + 'x'.repeat(32)],
  ['password reset link that is not valid', () => peopleUrl() + 'reset/' + 'x'.repeat(32)],
];

const NARROW = { width: 360, height: 780 };
const MOBILE = { isMobile: true, hasTouch: true };

// How wide the page is, and what sticks out furthest on the right. On a phone (isMobile), a page
// wider than the screen zooms out and innerWidth grows with it, so both are compared with the
// width of the screen, not with each other.
async function overflow(page, width) {
  return page.evaluate((limit) => {
    const scrollWidth = document.scrollingElement.scrollWidth;
    let widest = null;
    let right = limit;
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > right + 0.5) {
        right = box.right;
        const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
        widest = `${el.tagName.toLowerCase()}${cls} "${(el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
      }
    }
    return { scrollWidth, innerWidth: window.innerWidth, widest, limit };
  }, width);
}

function describeWide(name, o) {
  if (o.scrollWidth <= o.limit && o.innerWidth <= o.limit) return null;
  return `${name}: ${Math.max(o.scrollWidth, o.innerWidth)}px wide on a ${o.limit}px screen` +
    (o.widest ? ` (widest: ${o.widest})` : '');
}

// Opens each [name, url] and returns the pages that are wider than the screen.
async function widePages(page, pages, width) {
  const wide = [];
  for (const [name, url] of pages) {
    const response = await page.goto(url());
    assert.ok(response, `${name}: no response`);
    const problem = describeWide(name, await overflow(page, width));
    if (problem) wide.push(problem);
  }
  return wide;
}

describe('phone layout (390 px wide)', { timeout: TEST_TIMEOUT * 3 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  it('no page type scrolls sideways', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser, { viewport: PHONE, ...MOBILE });
    try {
      assert.deepEqual(await widePages(page, PAGES, PHONE.width), []);
    } finally {
      await context.close();
    }
  });

  it('every page type starts right under the header, with no blank band above the content', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser, { viewport: PHONE, ...MOBILE });
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

describe('small phone layout (360 px wide): no page scrolls sideways', { timeout: TEST_TIMEOUT * 6 }, () => {
  let browser;
  let people;
  before(async () => {
    browser = await launch();
    people = demoAccounts(['admin', 'sam']);
  });
  after(async () => { await browser?.close(); });

  it('signed out: every framework page type, the not found page and the sign-in pages', { timeout: TEST_TIMEOUT * 2 }, async () => {
    const { context, page } = await open(browser, { viewport: NARROW, ...MOBILE });
    try {
      assert.deepEqual(await widePages(page, [...PAGES, ...SIGNED_OUT], NARROW.width), []);
    } finally {
      await context.close();
    }
  });

  it('signed in as an admin: every people, check-in and admin page', { timeout: TEST_TIMEOUT * 3 }, async () => {
    const { context, page } = await open(browser, { viewport: NARROW, ...MOBILE });
    try {
      const base = peopleUrl();
      await signIn(page, people.admin);
      // The people's pages, found from the team overview by name.
      await page.goto(base + 'team');
      const personUrl = async (name) => new URL(await page.getByRole('link', { name }).first().getAttribute('href'), base).href;
      const sam = await personUrl('Sam Rivera');
      const priya = await personUrl('Priya Shah');
      const jonas = await personUrl('Jonas Berg');
      const samId = sam.match(/(\d+)$/)[1];
      await page.goto(base + 'admin/people');
      const teamSettings = new URL(await page.getByRole('link', { name: 'Demo team' }).getAttribute('href'), base).href;
      await page.goto(sam);
      const frozen = new URL(await page.getByRole('link', { name: /^Check-in \d/ }).first().getAttribute('href'), base).href;

      const pages = [
        ['my page (an admin without a rung)', () => base + 'me'],
        ['team overview', () => base + 'team'],
        ['team heatmap', () => base + 'team/heatmap'],
        ['team trends', () => base + 'team/trends'],
        ['team calibration', () => base + 'team/calibration'],
        ['admin overview', () => base + 'admin'],
        ['person page with check-ins', () => sam],
        ['person page with measured charts, met', () => priya],
        ['person page with measured charts, not met', () => jonas],
        ['frozen check-in', () => frozen],
        ['people admin', () => base + 'admin/people'],
        ['a person\'s admin page', () => base + `admin/people/${samId}`],
        ['helpdesk data', () => base + 'admin/helpdesk'],
        ['helpdesk mapping editor', () => base + 'admin/helpdesk/mappings/edit'],
        ['frameworks admin', () => base + 'admin/frameworks'],
        ['audit log', () => base + 'admin/audit'],
        ['audit log, filtered', () => base + 'admin/audit?what=checkin.*&from=2020-01-01'],
        ['audit log, a filter refused', () => base + 'admin/audit?from=2026-02-30'],
        ['API tokens', () => base + 'settings/tokens'],
        ['calendar feed settings', () => base + 'settings/calendar'],
        ['a team\'s settings', () => teamSettings],
        ['not found page, signed in', () => base + 'people/999999'],
        ['home, signed in', () => base + 'index.html'],
        ['matrix grid, signed in', () => base + 'f/frontline-cs-competency-matrix/index.html'],
      ];
      const wide = await widePages(page, pages, NARROW.width);

      // The date the check-in started, under its title, wraps whole or not at all.
      await page.goto(frozen);
      const lines = await page.locator('h1 + p.meta').evaluate((line) => {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const m = node.textContent.match(/\d{4}-\d{2}-\d{2}/);
          if (!m) continue;
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        }
        return 0;
      });
      if (lines !== 1) wide.push(`frozen check-in: the date under its title is on ${lines} lines`);

      // An open check-in (started here for Sam; the measured criteria already met come with
      // their evidence), then its agreement step, which only a form opens.
      await page.goto(sam);
      await page.getByRole('button', { name: 'Start a check-in' }).click();
      await page.waitForURL(/\/check-ins\/\d+$/);
      let problem = describeWide('open check-in', await overflow(page, NARROW.width));
      if (problem) wide.push(problem);
      await page.getByRole('button', { name: /Review the agreed results/ }).click();
      await page.getByRole('heading', { name: /Agree the results of/ }).waitFor();
      problem = describeWide('agreement step', await overflow(page, NARROW.width));
      if (problem) wide.push(problem);

      assert.deepEqual(wide, []);
    } finally {
      await context.close();
    }
  });

  it('signed in: the measured charts show every week and every target label, legibly', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser, { viewport: NARROW, ...MOBILE });
    try {
      await signIn(page, people.admin);
      await page.goto(peopleUrl() + 'team');
      const problems = [];
      let charts = 0;
      const urls = {};
      for (const name of ['Priya Shah', 'Jonas Berg']) {
        urls[name] = new URL(await page.getByRole('link', { name }).first().getAttribute('href'), peopleUrl()).href;
      }
      for (const [name, url] of Object.entries(urls)) {
        await page.goto(url);
        const found = await page.locator('figure.chart').evaluateAll((figures) => figures.map((figure) => {
          const box = figure.getBoundingClientRect();
          const svg = figure.querySelector('svg[role=img]');
          const out = [];
          // Every point, gap mark and label shown is inside the figure, where it can be seen.
          const marks = [...svg.querySelectorAll('circle, rect, text')]
            .filter((el) => getComputedStyle(el).display !== 'none');
          const outside = marks.filter((el) => {
            const r = el.getBoundingClientRect();
            return r.left < box.left - 0.5 || r.right > box.right + 0.5;
          }).map((el) => `${el.tagName} "${el.textContent.trim().slice(0, 40)}"`);
          if (outside.length) {
            out.push(`${outside.length} of ${marks.length} marks outside the figure's ${Math.round(box.width)}px (${outside.slice(-3).join(', ')})`);
          }
          const scale = svg.getScreenCTM()?.a ?? 1;
          const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
          if (sizes.length && Math.min(...sizes) < 10) out.push(`text as small as ${Math.min(...sizes).toFixed(1)}px`);
          if (figure.scrollWidth > figure.clientWidth + 1) out.push(`it scrolls (${figure.scrollWidth}px in ${figure.clientWidth}px)`);
          if (svg.querySelectorAll('.target-label').length === 0) out.push('no target label');
          return `${figure.querySelector('figcaption').textContent}: ${out.join('; ') || 'ok'}`;
        }));
        charts += found.length;
        problems.push(...found.filter((f) => !f.endsWith(': ok')).map((f) => `${name}: ${f}`));
      }
      assert.ok(charts >= 4, `two charts on each of two pages (${charts})`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('signed in as a member: their page and a frozen check-in they can answer', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser, { viewport: NARROW, ...MOBILE });
    try {
      await signIn(page, people.sam);
      const mine = page.url();
      const links = page.getByRole('link', { name: /^Check-in \d/ });
      const latest = new URL(await links.first().getAttribute('href'), mine).href;
      const first = new URL(await links.last().getAttribute('href'), mine).href;
      const wide = await widePages(page, [
        ['my page (a member)', () => mine],
        ['frozen check-in with evidence, and the question whether I agree', () => latest],
        ['frozen check-in without evidence', () => first],
        ['team overview, refused', () => peopleUrl() + 'team'],
      ], NARROW.width);
      assert.deepEqual(wide, []);
    } finally {
      await context.close();
    }
  });
});

describe('desktop: the matrix grid is never cut off silently', { timeout: TEST_TIMEOUT * 3 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  const PAGE = () => env.bundled + 'f/frontline-cs-competency-matrix/index.html';
  // The grid, its scroll container, the hint and the fades at its edges.
  const state = (page) => page.evaluate(() => {
    const wrap = document.querySelector('.matrix-wrap');
    const scroller = wrap.closest('.matrix-scroll') ?? wrap;
    const hint = document.querySelector('.scroll-hint');
    const cells = [...document.querySelectorAll('table.matrix tr:last-child > *')];
    const fade = (which) => Number(getComputedStyle(scroller, which).opacity);
    return {
      fits: wrap.scrollWidth <= wrap.clientWidth + 1,
      pageFits: document.scrollingElement.scrollWidth <= window.innerWidth,
      lastRight: cells[cells.length - 1].getBoundingClientRect().right,
      wrapRight: wrap.getBoundingClientRect().right,
      tabIndex: wrap.tabIndex,
      role: wrap.getAttribute('role'),
      hintShown: hint !== null && !hint.hidden && hint.getBoundingClientRect().height > 0,
      leftFade: fade('::before'),
      rightFade: fade('::after'),
    };
  });

  it('at 1280 px the whole grid fits, last column included, and says nothing about scrolling', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser, { viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(PAGE());
      const s = await state(page);
      assert.ok(s.pageFits, 'the page does not scroll sideways');
      assert.ok(s.fits, 'the grid fits its column');
      assert.ok(s.lastRight <= s.wrapRight + 1, `the last column ends at ${s.lastRight}px, inside the grid's ${s.wrapRight}px`);
      assert.equal(s.hintShown, false, 'no scroll hint when nothing scrolls');
      assert.equal(s.rightFade, 0);
      assert.equal(s.leftFade, 0);
    } finally {
      await context.close();
    }
  });

  it('in a narrower window the grid scrolls by itself, shows that it does, and scrolls from the keyboard', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser, { viewport: { width: 1000, height: 900 } });
    try {
      await page.goto(PAGE());
      let s = await state(page);
      assert.ok(s.pageFits, 'the page itself does not scroll sideways');
      assert.equal(s.fits, false, 'at 1000 px the grid is wider than its column');
      assert.ok(s.hintShown, 'a hint says the grid scrolls sideways');
      assert.ok(s.rightFade > 0, 'a shadow at the right edge shows there is more');
      assert.equal(s.leftFade, 0, 'nothing to the left yet');
      // A named region that takes the focus, so the keyboard can scroll it.
      const region = page.getByRole('region', { name: /areas by level/ });
      assert.equal(await region.count(), 1);
      assert.equal(s.tabIndex, 0);
      await region.focus();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.querySelector('.matrix-wrap').scrollLeft > 0);
      await page.waitForFunction(() => Number(getComputedStyle(document.querySelector('.matrix-scroll'), '::before').opacity) > 0);
      await page.locator('.matrix-wrap').evaluate((wrap) => { wrap.scrollLeft = wrap.scrollWidth; });
      await page.waitForFunction(() => Number(getComputedStyle(document.querySelector('.matrix-scroll'), '::after').opacity) === 0);
      s = await state(page);
      assert.ok(s.leftFade > 0, 'scrolled to the end, the shadow is on the left');
      assert.ok(s.lastRight <= s.wrapRight + 1, 'and the last column is in view');
    } finally {
      await context.close();
    }
  });
});
