// Untrusted text is inert: framework files full of markup and script (lib/fixture.mjs), served
// and written as a static site. Nothing may run, every payload must show as plain text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { FRAMEWORK, IMG, JS_URL, SCRIPT, WORD } from '../lib/fixture.mjs';
import { TEST_TIMEOUT, env, fileUrl, htmlFiles, launch, open } from '../lib/common.mjs';

// Runs in the page: everything that would betray markup or script taken from the text.
function inspect() {
  const problems = [];
  const all = document.querySelectorAll('*');
  for (const el of all) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) problems.push(`<${el.localName}> has an event handler attribute ${attr.name}="${attr.value}"`);
      const url = /^(href|src|action|formaction|xlink:href|data|srcdoc|poster|background)$/i.test(attr.name);
      // Browsers drop leading and trailing spaces and control characters, and tabs and newlines anywhere.
      const cleaned = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (url && /^(javascript|vbscript|data):/.test(cleaned)) {
        problems.push(`<${el.localName}> has ${attr.name}="${attr.value}"`);
      }
    }
  }
  for (const a of document.querySelectorAll('a[href], area[href]')) {
    if (/^(javascript|vbscript|data):$/.test(a.protocol)) problems.push(`a link resolves to ${a.protocol}: ${a.href}`);
  }
  for (const script of document.scripts) {
    const src = script.getAttribute('src') || '';
    if (!/^(\/|(\.\.\/)*)assets\/(app|search-index)\.js$/.test(src) || script.textContent.trim() !== '') {
      problems.push(`unexpected script: ${script.outerHTML.slice(0, 120)}`);
    }
  }
  for (const el of document.querySelectorAll('img, svg, iframe, frame, object, embed, base, meta[http-equiv], form:not(.search):not(.search-page):not(.compare-form), style, link:not([rel=stylesheet])')) {
    problems.push(`unexpected element: ${el.outerHTML.slice(0, 120)}`);
  }
  for (const link of document.querySelectorAll('link[rel=stylesheet]')) {
    if (!/^(\.\.\/|\/)*assets\/app\.css$/.test(link.getAttribute('href'))) problems.push(`unexpected stylesheet ${link.outerHTML}`);
  }
  return {
    pwned: typeof window.__pwned !== 'undefined',
    problems,
    text: document.body.textContent,
    visibleText: document.body.innerText.toLowerCase(),
    title: document.title,
  };
}

// What a page must show as text, by its site path.
function expectedText(path) {
  if (path.startsWith('f/hostile-page/')) {
    return [FRAMEWORK.pageTitle, SCRIPT, '<img src=x onerror="window.__pwned=1">', 'javascript:window.__pwned=1'];
  }
  if (path.startsWith('f/hostile-matrix/')) return [FRAMEWORK.matrixTitle];
  if (path === 'f/hostile/1.html' || path === 'f/hostile/index.html') {
    return [FRAMEWORK.title, `Markup ${SCRIPT}`, `Criterion with a script ${SCRIPT} pwned`,
      `Criterion with an attribute break ${IMG} pwned`, `${JS_URL} criterion that starts like a link`,
      `Attribute break ${IMG}`, JS_URL];
  }
  if (path.startsWith('f/hostile/')) return [FRAMEWORK.title];
  // The home and search pages list every framework in the sidebar.
  return [`Hostile ${IMG}`, `group ${SCRIPT}`];
}

async function checkPage(page, session, label, path) {
  await page.waitForLoadState('load');
  // Give anything that might fire (onerror of a broken image, a timer) a moment to run.
  await page.waitForTimeout(50);
  const found = await page.evaluate(inspect);
  assert.equal(found.pwned, false, `${label}: window.__pwned was set`);
  assert.deepEqual(session.dialogs, [], `${label}: a dialog opened`);
  assert.deepEqual(session.errors, [], `${label}: a script error`);
  assert.deepEqual(found.problems, [], `${label}: markup from the text got into the page`);
  for (const text of expectedText(path)) {
    assert.ok(found.text.includes(text), `${label}: the text ${JSON.stringify(text)} is in the page as text`);
    // innerText is what shows; some headings are shown in capitals by the stylesheet.
    assert.ok(found.visibleText.includes(text.toLowerCase()), `${label}: the text ${JSON.stringify(text)} shows`);
  }
}

describe('untrusted text is inert', { timeout: TEST_TIMEOUT * 6 }, () => {
  let browser;
  let paths;
  before(async () => {
    browser = await launch();
    paths = htmlFiles(env.hostileSite);
    assert.ok(paths.length >= 15, `the fixture site has its pages (${paths.length})`);
  });
  after(async () => { await browser?.close(); });

  const sources = [
    ['rungs serve', () => env.hostile, (path) => env.hostile + path],
    ['rungs site (file://)', () => fileUrl(env.hostileSite), (path) => fileUrl(env.hostileSite, path)],
  ];

  for (const [name, home, url] of sources) {
    it(`every page stays inert: ${name}`, { timeout: TEST_TIMEOUT * 2 }, async () => {
      const session = await open(browser);
      const { context, page } = session;
      try {
        for (const path of paths) {
          await page.goto(url(path));
          await checkPage(page, session, `${name} ${path}`, path);
        }
        // The Markdown page: its javascript: links are text, its real links stay links.
        await page.goto(url('f/hostile-page/index.html'));
        const prose = page.locator('article.prose');
        assert.equal(await prose.getByRole('link', { name: 'click', exact: true }).count(), 0,
          'the [click](javascript:...) link is not a link');
        assert.ok(await prose.getByText('A click link').isVisible(), 'its text still shows');
        assert.equal(await prose.getByRole('link', { name: 'safe link' }).getAttribute('href'), 'https://example.com/');
        assert.equal(await prose.getByRole('link', { name: 'relative one' }).getAttribute('href'), '../hostile/index.html');
        // Whatever links are left go somewhere harmless.
        const hrefs = await prose.locator('a').evaluateAll((links) => links.map((a) => a.href));
        for (const href of hrefs) assert.ok(/^(https?|file):/.test(href), `a prose link goes to ${href}`);
      } finally {
        await context.close();
      }
    });

    it(`a search query in a link is shown as text, not run: ${name}`, { timeout: TEST_TIMEOUT }, async () => {
      const session = await open(browser);
      const { context, page } = session;
      try {
        for (const query of [SCRIPT, IMG, `${WORD} ${IMG}`]) {
          const base = name.startsWith('rungs serve') ? env.hostile + 'search.html' : fileUrl(env.hostileSite, 'search.html');
          await page.goto(`${base}?q=${encodeURIComponent(query)}`);
          await checkPage(page, session, `${name} search for ${query}`, 'search.html');
          assert.equal(await page.locator('#search-q').inputValue(), query, 'the query shows in the search box as typed');
        }
      } finally {
        await context.close();
      }
    });

    it(`searching for "${WORD}" shows the hostile texts as text and their results open safely: ${name}`,
      { timeout: TEST_TIMEOUT }, async () => {
        const session = await open(browser);
        const { context, page } = session;
        try {
          await page.goto(home());
          const box = page.getByRole('search').getByRole('searchbox', { name: 'Search criteria' });
          await box.fill(WORD);
          await box.press('Enter');
          await page.waitForURL(/search\.html\?q=pwned/);
          const hits = page.locator('#results ol.hits > li');
          await hits.first().waitFor();
          assert.ok(await hits.count() >= 8, `every hostile criterion is found (${await hits.count()})`);
          await checkPage(page, session, `${name} search`, 'search.html');
          const texts = await hits.locator('a').allInnerTexts();
          assert.ok(texts.some((t) => t.includes(SCRIPT)), 'a result shows <script> as text');
          assert.ok(texts.some((t) => t.includes(IMG)), 'a result shows the attribute break as text');

          // Open the result with the script in it, and one with the attribute break.
          const results = page.url();
          for (const needle of [`Criterion with a script ${SCRIPT} pwned`, `Attribute topic criterion ${IMG} pwned`]) {
            await page.goto(results);
            await hits.first().waitFor();
            const link = hits.getByRole('link', { name: needle, exact: true }).first();
            const href = await link.getAttribute('href');
            await link.click();
            await page.waitForURL((u) => u.href.includes('/f/hostile/'));
            const path = decodeURIComponent(new URL(page.url()).pathname).replace(/^.*\/(f\/hostile\/)/, '$1');
            await checkPage(page, session, `${name} result ${href}`, path);
            assert.ok((await page.locator('body').innerText()).includes(needle), `the result page shows ${needle}`);
            const target = await page.evaluate(() => document.querySelector(':target')?.id);
            assert.ok(target, `the result lands on a topic card (${page.url()})`);
          }
        } finally {
          await context.close();
        }
      });
  }
});
