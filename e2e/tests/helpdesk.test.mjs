// Helpdesk data in a real browser against `rungs serve --demo`: the admin uploads the sample
// Intercom export as a dry run, stores it from the dry run's own form, links a teammate to a
// person, and undoes the batch after confirming; the pages pass axe; a manager is refused.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { TEST_TIMEOUT, launch, open } from '../lib/common.mjs';
import { demoAccounts, peopleUrl, seriousViolations, signIn } from '../lib/people.mjs';

const base = peopleUrl;
const testdata = join(dirname(fileURLToPath(import.meta.url)), '../../testdata/helpdesk');
const sample = join(testdata, 'intercom_parts.csv');
const zendesk = join(testdata, 'zendesk_audits.csv');

describe('helpdesk data', { timeout: TEST_TIMEOUT * 4 }, () => {
  let browser;
  let people;
  before(async () => {
    browser = await launch();
    people = demoAccounts(['admin', 'manager', 'priya']);
  });
  after(async () => { await browser?.close(); });

  it('an admin dry-runs an export, stores it, links a teammate and undoes it', { timeout: TEST_TIMEOUT * 3 }, async () => {
    const { page, context, errors } = await open(browser);
    await signIn(page, people.admin);
    await page.getByRole('link', { name: 'Helpdesk data' }).click();
    await page.waitForURL(/\/admin\/helpdesk$/);
    assert.deepEqual(await seriousViolations(page), []);

    // The dry run: on by default.
    await page.getByLabel('Mapping').selectOption('intercom');
    assert.equal(await page.getByLabel(/Dry run/).isChecked(), true);
    await page.getByLabel(/Export file/).setInputFiles(sample);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('heading', { name: 'Dry run: intercom_parts.csv' }).waitFor();
    assert.equal(await page.getByTestId('rows-read').innerText(), '13');
    assert.equal(await page.getByTestId('rows-used').innerText(), '8');
    assert.match(await page.getByRole('status').innerText(), /Nothing was stored/);
    assert.deepEqual(await seriousViolations(page), []);

    // Stored from the dry run's own form, where dry run is off.
    assert.equal(await page.getByLabel(/Dry run/).isChecked(), false);
    await page.getByLabel(/Export file/).setInputFiles(sample);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/admin\/helpdesk\?batch=\d+&created=1$/);
    const stored = await page.getByRole('status').innerText();
    assert.match(stored, /Stored batch \d+ \(intercom\): 13 rows read, 8 used/);
    const batch = stored.match(/Stored batch (\d+)/)[1];

    // Sam (the teammate in the export) becomes Priya's.
    const sam = page.getByRole('row').filter({ hasText: 'sam@acme.example' });
    await sam.getByRole('link', { name: 'Link to a person' }).click();
    await page.getByLabel('Person').selectOption({ label: `${people.priya.name} (${people.priya.email})` });
    assert.equal(await page.locator('#li-identity').inputValue(), 'sam@acme.example');
    await page.getByRole('button', { name: 'Link identity' }).click();
    await page.waitForURL(/\/admin\/people\/\d+#identities$/);
    assert.match(await page.getByRole('row').filter({ hasText: 'sam@acme.example' }).innerText(), /intercom_teammate/);
    assert.deepEqual(await seriousViolations(page), []);

    // Undo asks first.
    await page.goto(base() + 'admin/helpdesk');
    await page.getByRole('button', { name: `Undo batch ${batch}` }).click();
    await page.getByRole('heading', { name: `Undo batch ${batch}?` }).waitFor();
    await page.getByRole('button', { name: 'Undo the batch' }).click();
    await page.waitForURL(/\/admin\/helpdesk\?undone=\d+$/);
    assert.match(await page.getByRole('status').innerText(), new RegExp(`Batch ${batch} and its weekly rows are deleted`));
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a refused upload keeps its choices and says what is wrong beside the field', { timeout: TEST_TIMEOUT }, async () => {
    const { page, context, errors } = await open(browser);
    await signIn(page, people.admin);
    await page.goto(base() + 'admin/helpdesk');
    // The Zendesk export through the Intercom mapping, stored at once: nothing in it fits.
    await page.getByLabel('Mapping').selectOption('intercom');
    await page.getByLabel(/Source name/).fill('acme-desk');
    await page.getByLabel(/Dry run/).uncheck();
    await page.getByLabel(/Export file/).setInputFiles(zendesk);
    await page.getByRole('button', { name: 'Upload' }).click();
    const file = page.getByLabel(/Export file/);
    await page.locator('#hd-file-error').waitFor();
    assert.equal(await file.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#hd-file-error').innerText(), /Nothing was stored; a dry run lists the problems/);
    assert.equal(await page.getByLabel('Mapping').inputValue(), 'intercom');
    assert.equal(await page.getByLabel(/Source name/).inputValue(), 'acme-desk');
    assert.equal(await page.getByLabel(/Dry run/).isChecked(), false);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'hd-file', 'focus is on the field to fix');
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a manager is refused the page', { timeout: TEST_TIMEOUT }, async () => {
    const { page, context } = await open(browser);
    await signIn(page, people.manager);
    assert.equal(await page.getByRole('link', { name: 'Helpdesk data' }).count(), 0);
    const res = await page.goto(base() + 'admin/helpdesk');
    assert.equal(res.status(), 403);
    await context.close();
  });
});
