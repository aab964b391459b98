// Screenshots of every page type at desktop and phone width, light and dark, for people to look
// at (make screenshots, through e2e/run.sh --screenshots). Writes NN-page-width-scheme.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { DESKTOP, PHONE, env, launch, open } from './common.mjs';
import { demoAccounts, peopleUrl, signIn } from './people.mjs';

const out = process.env.RUNGS_E2E_SCREENSHOTS;
if (!out) throw new Error('RUNGS_E2E_SCREENSHOTS is not set: run e2e/run.sh PATH_TO_RUNGS --screenshots');
mkdirSync(out, { recursive: true });

// From the page listing people, theirs.
const openPerson = (name) => async (page) => {
  await page.getByRole('link', { name }).first().click();
  await page.waitForURL(/\/people\/\d+$/);
};
const openExamples = (page) => page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
const PAGES = [
  ['home', () => env.bundled + 'index.html'],
  ['rung', () => env.bundled + 'f/customer-operations/2A.html'],
  ['rung-examples', () => env.corpus + 'f/engineering/backend/2.html', openExamples],
  ['matrix', () => env.bundled + 'f/frontline-cs-competency-matrix/index.html'],
  ['compare-picker', () => env.bundled + 'f/customer-operations/compare.html'],
  ['compare', () => env.bundled + 'f/customer-operations/compare/1A..2A.html'],
  ['search', () => env.bundled + 'search.html?q=feedback'],
  ['markdown', () => env.corpus + 'f/design/product-design/index.html'],
  ['changes', () => env.changes + 'f/engineering/backend/changes.html'],
  // Signed in as the demo admin (the pages before are taken signed out).
  ['audit', () => peopleUrl() + 'admin/audit', null, { admin: true }],
  ['admin-overview', () => peopleUrl() + 'admin', null, { admin: true }],
  ['team', () => peopleUrl() + 'team', null, { admin: true }],
  ['team-heatmap', () => peopleUrl() + 'team/heatmap', null, { admin: true }],
  ['team-trends', () => peopleUrl() + 'team/trends', null, { admin: true }],
  ['team-calibration', () => peopleUrl() + 'team/calibration', null, { admin: true }],
  ['person', () => peopleUrl() + 'team', openPerson('Priya Shah'), { admin: true }],
  ['check-in', () => peopleUrl() + 'team', async (page) => {
    await openPerson('Sam Rivera')(page);
    await page.getByRole('link', { name: /^Check-in \d/ }).first().click();
    await page.waitForURL(/\/check-ins\/\d+/);
  }, { admin: true }],
  ['team-settings', () => peopleUrl() + 'admin/people', async (page) => {
    await page.getByRole('link', { name: 'Demo team' }).click();
    await page.waitForURL(/\/admin\/teams\/\d+$/);
  }, { admin: true }],
  ['calendar-feed', () => peopleUrl() + 'settings/calendar', null, { admin: true }],
];
const WIDTHS = [['desktop', DESKTOP, {}], ['phone', PHONE, { isMobile: true, hasTouch: true }]];

const browser = await launch();
const written = [];
try {
  for (const [scheme] of [['light'], ['dark']]) {
    for (const [width, viewport, extra] of WIDTHS) {
      const { context, page, errors } = await open(browser, { viewport, ...extra, colorScheme: scheme });
      try {
        let signedIn = false;
        for (let i = 0; i < PAGES.length; i++) {
          const [name, url, prepare, options] = PAGES[i];
          if (options?.admin && !signedIn) {
            await signIn(page, demoAccounts(['admin']).admin);
            signedIn = true;
          }
          await page.goto(url());
          if (prepare) await prepare(page);
          const file = `${String(i + 1).padStart(2, '0')}-${name}-${width}-${scheme}.png`;
          await page.screenshot({ path: join(out, file), fullPage: true });
          written.push(file);
        }
        if (errors.length) throw new Error(`script errors while taking screenshots: ${errors.join('; ')}`);
      } finally {
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
}
console.log(`e2e: wrote ${written.length} screenshots to ${out}`);
