// Accessibility: axe on every page type in light and dark (the audit log signed in as the demo
// admin), the skip link, visible focus.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import AxeBuilder from '@axe-core/playwright';

import { TEST_TIMEOUT, env, fileUrl, launch, open } from '../lib/common.mjs';
import { demoAccounts, peopleUrl, signIn } from '../lib/people.mjs';

// Every page type, with what to do before checking it.
const openExamples = (page) => page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
const PAGES = [
  { name: 'home', url: () => env.bundled + 'index.html' },
  { name: 'rung page', url: () => env.bundled + 'f/customer-operations/2A.html#teamwork' },
  { name: 'rung page with examples open', url: () => env.corpus + 'f/engineering/backend/2.html', prepare: openExamples },
  { name: 'matrix grid', url: () => env.bundled + 'f/frontline-cs-competency-matrix/index.html' },
  { name: 'compare picker', url: () => env.bundled + 'f/customer-operations/compare.html' },
  { name: 'compare page', url: () => env.bundled + 'f/customer-operations/compare/1A..2A.html' },
  { name: 'search with results', url: () => env.bundled + 'search.html?q=feedback' },
  { name: 'static search with results', url: () => fileUrl(env.site, 'search.html') + '?q=feedback' },
  { name: 'Markdown page', url: () => env.corpus + 'f/design/product-design/index.html' },
  { name: 'changes page', url: () => env.changes + 'f/engineering/backend/changes.html' },
  { name: 'not found page', url: () => env.bundled + 'no-such-page.html' },
  // Signed in as the demo admin, in a browser of its own.
  { name: 'audit log', url: () => peopleUrl() + 'admin/audit', admin: true },
  { name: 'audit log with a filter refused', url: () => peopleUrl() + 'admin/audit?from=2026-02-30', admin: true },
  { name: 'admin overview', url: () => peopleUrl() + 'admin', admin: true },
  { name: 'team overview', url: () => peopleUrl() + 'team', admin: true },
  { name: 'team heatmap', url: () => peopleUrl() + 'team/heatmap', admin: true },
  { name: 'team trends', url: () => peopleUrl() + 'team/trends', admin: true },
  { name: 'team calibration', url: () => peopleUrl() + 'team/calibration', admin: true },
  { name: 'a team\'s settings', url: () => peopleUrl() + 'admin/teams/1', admin: true },
  { name: 'calendar feed settings', url: () => peopleUrl() + 'settings/calendar', admin: true },
];

function describeViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 6).map((n) =>
      `    ${n.target.join(' ')}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`);
    const more = v.nodes.length > 6 ? `\n    ... and ${v.nodes.length - 6} more` : '';
    return `  ${v.id} (${v.impact}, ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}): ${v.help}\n${nodes.join('\n')}${more}`;
  }).join('\n');
}

describe('accessibility', { timeout: TEST_TIMEOUT * 12 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  for (const scheme of ['light', 'dark']) {
    describe(`axe, ${scheme} colour scheme`, () => {
      // One page per colour scheme, reused for every page type; another signed in as the admin.
      let session;
      let admin;
      before(async () => {
        session = await open(browser);
        await session.page.emulateMedia({ colorScheme: scheme });
      });
      after(async () => {
        await session?.context.close();
        await admin?.context.close();
      });

      for (const target of PAGES) {
        it(`axe: no serious or critical violations on the ${target.name} (${scheme})`, { timeout: TEST_TIMEOUT }, async () => {
          if (target.admin && !admin) {
            admin = await open(browser);
            await admin.page.emulateMedia({ colorScheme: scheme });
            await signIn(admin.page, demoAccounts(['admin']).admin);
          }
          const { page } = target.admin ? admin : session;
          await page.goto(target.url());
          if (target.prepare) await target.prepare(page);
          assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), scheme === 'dark');
          const results = await new AxeBuilder({ page }).analyze();
          const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          assert.equal(serious.length, 0,
            `axe found serious or critical violations on the ${target.name} (${scheme}, ${page.url()}):\n` +
            describeViolations(serious));
        });
      }
    });
  }

  it('Tab from the top of the page reaches a visible "Skip to content" link first, and it works', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser);
    try {
      await page.goto(env.bundled + 'f/customer-operations/1B.html');
      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      assert.equal((await focused.innerText()).trim(), 'Skip to content');
      assert.ok(await focused.isVisible());
      const box = await focused.boundingBox();
      assert.ok(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 1280 && box.y + box.height <= 900,
        `the focused skip link is on screen (${JSON.stringify(box)})`);

      await page.keyboard.press('Enter');
      await page.waitForURL(/#main$/);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus moves to the content');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => !!document.activeElement?.closest('main')), true,
        'the next Tab stays in the content, past the header and sidebar');
    } finally {
      await context.close();
    }
  });

  for (const scheme of ['light', 'dark']) {
    it(`focused links, buttons and summaries show an outline (${scheme})`, { timeout: TEST_TIMEOUT }, async () => {
      const { context, page } = await open(browser);
      try {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(env.corpus + 'f/engineering/backend/2.html');
        // Walk the page with Tab (so :focus-visible applies) and look at every stop.
        const stops = [];
        for (let i = 0; i < 60; i++) {
          await page.keyboard.press('Tab');
          const stop = await page.evaluate(() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const style = getComputedStyle(el);
            return {
              what: `${el.tagName.toLowerCase()}${el.className ? '.' + el.className.split(' ').join('.') : ''} "${(el.textContent || '').trim().slice(0, 30)}"`,
              tag: el.tagName.toLowerCase(),
              outlineStyle: style.outlineStyle,
              outlineWidth: parseFloat(style.outlineWidth),
              visible: el.getBoundingClientRect().width > 0,
            };
          });
          if (stop) stops.push(stop);
        }
        for (const tag of ['a', 'input', 'button', 'summary']) {
          assert.ok(stops.some((s) => s.tag === tag), `Tab reaches a <${tag}>`);
        }
        for (const stop of stops) {
          assert.notEqual(stop.outlineStyle, 'none', `${stop.what} has a focus outline`);
          assert.ok(stop.outlineWidth >= 2, `${stop.what} has a focus outline at least 2px wide (${stop.outlineWidth}px)`);
          assert.ok(stop.visible, `${stop.what} is visible when focused`);
        }
      } finally {
        await context.close();
      }
    });
  }
});
