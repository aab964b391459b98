// A new team's first verdict, in a real browser against `rungs serve` on an empty store and an
// empty frameworks folder: the setup link the server printed creates the admin; the admin
// uploads the bundled Customer Operations framework (checked, then published), imports a roster
// of five (a dry run first), uploads its helpdesk export with "detect" (a helpdesk rungs ships no
// mapping for: the draft is shown beside its dry run, its question answered in the YAML and
// saved as a named mapping, then the export stored through it) and its Zendesk QA export
// (detected as the shipped mapping), links a teammate's identities, and opens her page, which
// shows a verdict on the measured targets. The walk's time is printed.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { TEST_TIMEOUT, launch, open } from '../lib/common.mjs';
import { AGENTS, writeNewTeamFiles } from '../lib/new-team-files.mjs';
import { seriousViolations } from '../lib/people.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const framework = join(here, '../../frameworks/customer-operations.md');
const base = () => process.env.RUNGS_E2E_NEWTEAM_URL;
const admin = { name: 'Ada Admin', email: 'ada@acme.example', password: 'correct horse battery' };

function setupLink() {
  const out = readFileSync(process.env.RUNGS_E2E_NEWTEAM_OUT, 'utf8');
  const m = out.match(/^\s+(http\S+\/setup\/[A-Za-z0-9_-]+)$/m);
  assert.ok(m, `no setup link in the server's output:\n${out}`);
  // The server prints its public URL; the test reaches it where run.sh started it.
  return base() + m[1].replace(/^https?:\/\/[^/]+\//, '');
}

describe('a new team', { timeout: TEST_TIMEOUT * 6 }, () => {
  let browser;
  let dir;
  before(async () => {
    browser = await launch();
    dir = mkdtempSync(join(tmpdir(), 'rungs-new-team-'));
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('goes from an empty store to a verdict in the browser', { timeout: TEST_TIMEOUT * 5 }, async () => {
    const started = Date.now();
    const files = writeNewTeamFiles(dir);
    const ana = AGENTS[0];
    const { page, context, errors } = await open(browser);

    // The first admin, from the link the server printed.
    await page.goto(setupLink());
    await page.getByLabel('Your name').fill(admin.name);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole('button', { name: 'Create the admin account' }).click();
    await page.waitForURL(/\/login\?notice=admin-created$/);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin$/);  // an admin lands on the admin overview

    // The framework: checked, then published.
    await page.getByRole('link', { name: 'Manage frameworks' }).click();
    await page.getByLabel(/^Framework file/).setInputFiles(framework);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'Check of customer-operations.md' }).waitFor();
    await page.getByRole('button', { name: 'Publish customer-operations.md' }).click();
    await page.waitForURL(/\/admin\/frameworks\?published=/);
    assert.match(await page.getByRole('status').innerText(), /Published customer-operations\.md/);

    // The roster: checked, then imported.
    await page.getByRole('link', { name: 'People', exact: true }).first().click();
    await page.getByLabel('Roster file (CSV)').setInputFiles(files.roster);
    await page.getByRole('button', { name: 'Import' }).click();
    assert.match(await page.getByRole('status').innerText(), /roster\.csv is valid: it would create 5/);
    await page.getByLabel(/Only check it/).uncheck();
    await page.getByLabel('Roster file (CSV)').setInputFiles(files.roster);
    await page.getByRole('button', { name: 'Import' }).click();
    assert.match(await page.getByRole('status').innerText(), /Imported roster\.csv: 5 created/);

    // The helpdesk export, detected: a draft beside its dry run.
    await page.getByRole('link', { name: 'Helpdesk data' }).click();
    assert.equal(await page.getByLabel('Mapping').inputValue(), 'detect');
    await page.getByLabel(/Export file/).setInputFiles(files.desk);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('heading', { name: 'Dry run: acme-desk.csv' }).waitFor();
    await page.getByRole('heading', { name: 'Draft mapping' }).waitFor();
    assert.match(await page.locator('ol.questions').innerText(), /Which zone are the times in\?/);
    assert.equal(await page.getByTestId('rows-excluded').innerText(), deskRows(files.desk, 'Acme Bot').toLocaleString('en-US'));
    assert.deepEqual(await seriousViolations(page), []);

    // The question answered in the YAML, saved under the team's name for it.
    const yaml = page.getByLabel(/^Mapping \(YAML/);
    await yaml.fill((await yaml.inputValue()).replace('zone: UTC', 'zone: Europe/Lisbon'));
    await page.getByLabel('Name', { exact: true }).fill('Acme Desk');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.waitForURL(/\/admin\/helpdesk\?saved=1/);
    assert.match(await page.getByRole('status').innerText(), /Saved the mapping Acme Desk/);
    assert.equal(await page.getByLabel('Mapping').inputValue(), 'Acme Desk');

    // Stored through it.
    await page.getByLabel(/Dry run/).uncheck();
    await page.getByLabel(/Export file/).setInputFiles(files.desk);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/admin\/helpdesk\?batch=\d+&created=1$/);
    assert.match(await page.getByRole('status').innerText(), /Stored batch \d+ \(Acme Desk\)/);

    // The QA export is one rungs knows: detected, dry-run, then stored from the dry run's form.
    await page.getByLabel(/Export file/).setInputFiles(files.qa);
    await page.getByLabel('Mapping').selectOption('detect');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('heading', { name: 'Dry run: zendesk-qa.csv' }).waitFor();
    assert.match(await page.locator('main').innerText(), /the shipped mapping zendesk-qa was written for/);
    assert.equal(await page.getByLabel('Mapping').inputValue(), 'zendesk-qa');
    await page.getByLabel(/Export file/).setInputFiles(files.qa);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/admin\/helpdesk\?batch=\d+&created=1$/);

    // Ana's identity in each source, linked to her.
    for (let i = 0; i < 2; ++i) {
      const row = page.getByRole('row').filter({ hasText: ana.email }).first();
      await row.getByRole('link', { name: 'Link to a person' }).click();
      await page.getByLabel('Person').selectOption({ label: `${ana.name} (${ana.email})` });
      await page.getByRole('button', { name: 'Link identity' }).click();
      await page.waitForURL(/\/admin\/people\/\d+#identities$/);
      await page.goto(base() + 'admin/helpdesk');
    }
    assert.equal(await page.getByRole('row').filter({ hasText: ana.email }).count(), 0);

    // Her page: a verdict on the measured targets, from the team's own data.
    const id = (await page.goto(base() + 'admin/people')) && await page.getByRole('link', { name: ana.name })
      .getAttribute('href').then((href) => href.match(/(\d+)$/)[1]);
    await page.goto(base() + `people/${id}`);
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Measured targets' }) });
    await section.waitFor();
    const text = await section.innerText();
    assert.match(text, /Met\s+1A/, text.slice(0, 800));
    assert.match(text, /10 conversations\/h · ≥95% activity · ≥95% QA/);
    assert.deepEqual(errors, []);
    console.log(`e2e: the new-team walk took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await context.close();
  });
});

// Rows of `file` by `agent`: what the draft's exclusion leaves out.
function deskRows(file, agent) {
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.split(';')[1] === agent).length;
}
