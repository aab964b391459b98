// Comparing two rungs: the picker, the compare page and its own picker, with and without
// JavaScript, served and from a static copy.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { TEST_TIMEOUT, assertPathEndsWith, env, fileUrl, launch, open } from '../lib/common.mjs';

const NEW_AT_2A = 'Frequently shares knowledge gained internally or externally (previous role/reading)';

// Picks 1A → 2A on the picker the way a person does, and submits.
async function pick(page, from, to) {
  await page.getByRole('combobox', { name: 'From' }).selectOption({ label: from });
  await page.getByRole('combobox', { name: 'To' }).selectOption({ label: to });
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
}

// The pair the picker on the page has selected, as ["1A", "2A"].
async function pickedPair(page) {
  return Promise.all(['From', 'To'].map(async (name) =>
    page.getByRole('combobox', { name }).locator('option:checked').innerText()));
}

async function assertComparePage(page) {
  await page.waitForURL(/\/f\/customer-operations\/compare\/1A\.\.2A\.html$/);
  assertPathEndsWith(page, 'f/customer-operations/compare/1A..2A.html');
  assert.equal(await page.locator('main').getByRole('heading', { level: 2 }).first().innerText(), 'From 1A to 2A');
  assert.match(await page.locator('main .summary').innerText(), /^\d+ new, \d+ carried over, \d+ no longer listed$/);
  const teamwork = page.locator('section.topic', { has: page.getByRole('heading', { level: 3, name: /Teamwork/ }) });
  assert.equal(await teamwork.count(), 1);
  // The criterion is listed under the "New at 2A" heading of the Teamwork card.
  const newList = teamwork.locator('h4:text-is("New at 2A") + ul');
  assert.ok(await newList.getByText(NEW_AT_2A, { exact: true }).isVisible(),
    `"${NEW_AT_2A}" is listed as new at 2A under Teamwork`);
  // 1C's criteria, which 2A lists by reference, are new since 1A too: the tag says 1C asks for
  // them as well, not that they come from there.
  const fromOneC = newList.locator('li', { hasText: 'Asks for support from more senior members' });
  assert.equal(await fromOneC.locator('.tag').innerText(), 'also asked at 1C');
}

describe('compare (rungs serve, bundled frameworks)', { timeout: TEST_TIMEOUT * 7 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  it('the picker goes from 1A to 2A and shows what is new at 2A', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, errors } = await open(browser);
    try {
      await page.goto(env.bundled + 'f/customer-operations/1B.html');
      await page.getByRole('link', { name: 'Compare rungs' }).click();
      await page.waitForURL(/\/f\/customer-operations\/compare\.html$/);
      await pick(page, '1A', '2A');
      await assertComparePage(page);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('the picker says so when the rungs are the wrong way round', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser);
    try {
      await page.goto(env.bundled + 'f/customer-operations/compare.html');
      await pick(page, '2A', '1A');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.innerText(), /lower rung/);
      assertPathEndsWith(page, 'f/customer-operations/compare.html');
    } finally {
      await context.close();
    }
  });

  it('without JavaScript the form still works: the server redirects to the compare page', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser, { javaScriptEnabled: false });
    try {
      await page.goto(env.bundled + 'f/customer-operations/compare.html');
      await pick(page, '1A', '2A');
      await assertComparePage(page);
    } finally {
      await context.close();
    }
  });

  it('a compare page has the picker too, its pair selected, and goes to another pair', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, errors } = await open(browser);
    try {
      await page.goto(env.bundled + 'f/customer-operations/compare/1A..2A.html');
      assert.deepEqual(await pickedPair(page), ['1A', '2A']);
      await page.getByRole('combobox', { name: 'From' }).selectOption({ label: '1B' });
      await page.getByRole('combobox', { name: 'To' }).selectOption({ label: '2B' });
      // From the keyboard: Enter on the button.
      await page.getByRole('button', { name: 'Compare', exact: true }).press('Enter');
      await page.waitForURL(/\/f\/customer-operations\/compare\/1B\.\.2B\.html$/);
      assert.equal(await page.locator('main').getByRole('heading', { level: 2 }).first().innerText(), 'From 1B to 2B');
      assert.deepEqual(await pickedPair(page), ['1B', '2B']);

      await pick(page, '2B', '1B');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.innerText(), /lower rung/);
      assertPathEndsWith(page, 'f/customer-operations/compare/1B..2B.html');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('without JavaScript the picker of a compare page still goes to the pair', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser, { javaScriptEnabled: false });
    try {
      await page.goto(env.bundled + 'f/customer-operations/compare/1B..2B.html');
      await pick(page, '1A', '2A');
      await assertComparePage(page);
    } finally {
      await context.close();
    }
  });

  it('on a static copy the picker of a compare page opens the pair\'s file', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, errors } = await open(browser);
    try {
      await page.goto(fileUrl(env.site, 'f/customer-operations/compare/1B..2B.html'));
      await pick(page, '1A', '2A');
      await assertComparePage(page);
      assert.deepEqual(await pickedPair(page), ['1A', '2A']);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('the "next steps" links open the compare page of two neighbouring rungs', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await open(browser);
    try {
      await page.goto(env.bundled + 'f/customer-operations/compare.html');
      await page.getByRole('link', { name: '1C → 2A' }).click();
      await page.waitForURL(/\/compare\/1C\.\.2A\.html$/);
      assert.equal(await page.locator('main').getByRole('heading', { level: 2 }).first().innerText(), 'From 1C to 2A');
    } finally {
      await context.close();
    }
  });
});
