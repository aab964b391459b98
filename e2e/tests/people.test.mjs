// People and check-ins in a real browser against `rungs serve --demo`: a member fills in a
// self-assessment with evidence, their manager assesses and agrees, and the member's page shows
// the new standing; a member cannot open someone else's page; sign-in refuses a wrong password;
// forms without their CSRF token change nothing; the pages pass axe.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { TEST_TIMEOUT, launch, open } from '../lib/common.mjs';
import { demoAccounts, peopleUrl, seriousViolations, signIn } from '../lib/people.mjs';

const base = peopleUrl;

describe('people and check-ins', { timeout: TEST_TIMEOUT * 6 }, () => {
  let browser;
  let people;
  before(async () => {
    browser = await launch();
    people = demoAccounts(['sam', 'manager', 'priya', 'jonas']);
  });
  after(async () => { await browser?.close(); });

  it('a wrong password is refused with a message, and the page says nothing about the account', { timeout: TEST_TIMEOUT }, async () => {
    const { page, context } = await open(browser);
    await page.goto(base() + 'login');
    await page.getByLabel('Email').fill(people.sam.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await assert.doesNotReject(page.getByRole('alert').waitFor());
    assert.match(await page.getByRole('alert').innerText(), /email or password is not right/);
    assert.match(page.url(), /\/login$/);
    await context.close();
  });

  it('member self-assesses with evidence; manager assesses and agrees; the standing moves', { timeout: TEST_TIMEOUT * 3 }, async () => {
    // The member: their page, a new check-in, the self side and a piece of evidence.
    const member = await open(browser);
    await signIn(member.page, people.priya);
    const personUrl = member.page.url();
    const before = await member.page.getByTestId('next-progress').innerText();
    const demonstratedBefore = await member.page.getByTestId('demonstrated').innerText();
    const total = Number(before.match(/of (\d+)/)[1]);
    assert.ok(total > 0, `the next rung has criteria: ${before}`);
    // A criterion the next rung asks in the words of one agreed at her rung carries that result
    // ("Welcomes feedback from manager and peers..." at 1A after probation and at 1B).
    const carried = member.page.locator('ul.why > li', { hasText: 'Welcomes feedback from manager and peers' });
    assert.match(await carried.innerText(), /^Met\b[\s\S]*agreed at 1A \(after probation\) on /);
    assert.match(before, /^1 of/, `the carried result counts: ${before}`);
    await member.page.getByRole('button', { name: 'Start a check-in' }).click();
    await member.page.waitForURL(/\/check-ins\/\d+$/);
    const checkinUrl = member.page.url();
    const selfSelects = member.page.getByRole('combobox', { name: 'Self' });
    const count = await selfSelects.count();
    assert.ok(count >= total, `one self select per criterion (${count} for ${total})`);
    for (let i = 0; i < count; i++) await selfSelects.nth(i).selectOption('meeting');
    await member.page.getByLabel('Your notes').fill('Ready for the next rung, I think.');
    await member.page.getByRole('button', { name: 'Save self-assessment' }).click();
    await member.page.getByText('Saved.').waitFor();
    assert.equal(await member.page.getByRole('combobox', { name: 'Self' }).first().inputValue(), 'meeting');
    // Managers' fields are not editable for the member.
    assert.equal(await member.page.getByRole('combobox', { name: 'Manager' }).count(), 0);

    // A link that is not http(s) is refused beside its field, with what was typed kept.
    await member.page.getByLabel('What did you do?').fill('Ran the weekly queue review <b>alone</b>');
    await member.page.getByLabel('Link (optional)').fill('ftp://files.example.com/review');
    await member.page.locator('input[name=criteria]').first().check();
    await member.page.getByRole('button', { name: 'Add evidence' }).click();
    await member.page.locator('#evidence-link-error').waitFor();
    assert.equal(await member.page.getByLabel('What did you do?').inputValue(), 'Ran the weekly queue review <b>alone</b>');
    assert.equal(await member.page.locator('input[name=criteria]').first().isChecked(), true);
    assert.equal(await member.page.evaluate(() => document.activeElement.id), 'evidence-link');
    await member.page.getByLabel('Link (optional)').fill('https://example.com/review');
    await member.page.getByRole('button', { name: 'Add evidence' }).click();
    await member.page.getByText('Ran the weekly queue review <b>alone</b>').waitFor();
    assert.deepEqual(await seriousViolations(member.page), []);

    // The manager: the same check-in, the manager side, then the agreed results.
    const manager = await open(browser);
    await signIn(manager.page, people.manager);
    await manager.page.goto(base() + 'team');
    await manager.page.getByRole('link', { name: people.priya.name }).first().click();
    await manager.page.waitForURL(personUrl);
    await manager.page.goto(checkinUrl);
    const managerSelects = manager.page.getByRole('combobox', { name: 'Manager' });
    for (let i = 0; i < await managerSelects.count(); i++) await managerSelects.nth(i).selectOption('meeting');
    await manager.page.getByRole('button', { name: 'Save manager assessment' }).click();
    await manager.page.getByText('Saved.').waitFor();
    // Agreed defaults to the manager's result, for review. Saving the manager's side froze
    // nothing, and no button beside it freezes: agreeing is a step of its own.
    const agreed = manager.page.getByRole('combobox', { name: 'Agreed' });
    assert.equal(await agreed.first().inputValue(), 'meeting');
    assert.equal(await manager.page.getByRole('button', { name: /freeze/i }).count(), 0,
      'no button on the check-in page freezes it');
    await manager.page.getByRole('button', { name: /Review the agreed results/ }).click();
    await manager.page.getByRole('heading', { name: /Agree the results of/ }).waitFor();
    const change = await manager.page.getByTestId('agreement-change').innerText();
    assert.match(change, /Demonstrated rung: .+ → .+/, `the step says what changes: ${change}`);
    assert.deepEqual(await seriousViolations(manager.page), []);
    // Still open until the step's own button: the member can still change their side.
    await member.page.goto(checkinUrl);
    assert.ok(await member.page.getByRole('combobox', { name: 'Self' }).count() > 0, 'still open');
    await manager.page.getByRole('button', { name: 'Agree and freeze' }).click();
    await manager.page.getByText('Agreed and frozen.').waitFor();
    await manager.page.getByText('This check-in is frozen').waitFor();
    assert.equal(await manager.page.getByRole('combobox').count(), 0, 'a frozen check-in has no form');

    // The member answers the agreed results: disagreeing needs a comment; the manager sees it.
    assert.match(await manager.page.getByRole('heading', { name: 'Not acknowledged yet' }).innerText(), /Not acknowledged/);
    await member.page.goto(checkinUrl);
    await member.page.getByRole('heading', { name: 'Do you agree with these results?' }).waitFor();
    await member.page.getByLabel('Comment (needed to disagree)').fill('Teamwork was met in March.');
    await member.page.getByRole('button', { name: 'I disagree' }).click();
    await member.page.getByText('Your answer is recorded.').waitFor();
    await member.page.getByRole('heading', { name: `${people.priya.name} disagrees with these results` }).waitFor();
    assert.equal(await member.page.getByRole('button', { name: 'I agree' }).count(), 0, 'answered once');
    await manager.page.reload();
    await manager.page.getByText('Teamwork was met in March.').waitFor();
    assert.deepEqual(await seriousViolations(member.page), []);

    // The member's page now shows the rung demonstrated and the next one's progress.
    await member.page.goto(personUrl);
    const demonstrated = await member.page.getByTestId('demonstrated').innerText();
    assert.notEqual(demonstrated, demonstratedBefore, 'the demonstrated rung moved up');
    await member.page.getByText(/Ready to discuss a promotion/i).waitFor();
    assert.deepEqual(await seriousViolations(member.page), []);
    await member.context.close();
    await manager.context.close();
  });

  it('a manager sees the team at a glance: who is at risk, what each count counts', { timeout: TEST_TIMEOUT }, async () => {
    const manager = await open(browser);
    await signIn(manager.page, people.manager);  // lands on Team
    const row = (name) => manager.page.getByRole('row').filter({ has: manager.page.getByRole('link', { name }) });
    // Jonas holds 1B and misses its measured target: flagged, with the target named.
    await row(people.jonas.name).getByText('At risk').waitFor();
    assert.match(await row(people.jonas.name).innerText(), /1B: .*not met/);
    // Priya meets every measured target: the data says so beside the agreed count.
    assert.match(await row(people.priya.name).innerText(), /\d+ of \d+ criteria agreed met/);
    assert.match(await row(people.priya.name).innerText(), /\b\d+ met\b/);
    assert.deepEqual(await seriousViolations(manager.page), []);
    // Filtered by readiness, the page keeps the filter and says when nobody matches.
    await manager.page.getByLabel('Readiness').selectOption('yes');
    await manager.page.getByRole('button', { name: 'Show' }).click();
    await manager.page.waitForURL(/ready=yes/);
    // Jonas is not ready; whoever is listed is (Priya, once the test above agreed her check-in).
    assert.equal(await manager.page.getByRole('link', { name: people.jonas.name }).count(), 0);
    for (const text of await manager.page.locator('table.team tbody tr').allInnerTexts()) {
      assert.match(text, /Ready for promotion/);
    }
    for (const view of ['Heatmap', 'Trends']) {
      // The other views keep the filter.
      assert.match(await manager.page.getByRole('link', { name: view, exact: true }).getAttribute('href'), /ready=yes/);
    }
    for (const view of ['heatmap', 'trends', 'calibration']) {
      await manager.page.goto(base() + `team/${view}`);
      await manager.page.getByRole('heading', { name: `Team ${view}` }).waitFor();
      assert.deepEqual(await seriousViolations(manager.page), []);
    }
    // A heatmap cell leads to the person's topic.
    await manager.page.goto(base() + 'team/heatmap');
    const cell = manager.page.getByRole('link', { name: new RegExp(`^${people.sam.name}: \\d+ of \\d+ met in`) }).first();
    await cell.click();
    await manager.page.waitForURL(/\/people\/\d+#why-/);
    // The team checks in every six weeks: Jonas never has, so he is listed as overdue, and the
    // manager's calendar feed (read with no session, as a calendar program would) has his.
    await manager.page.goto(base() + 'team');
    const due = manager.page.getByRole('region', { name: /Check-ins due/ });
    assert.match(await due.getByRole('listitem').filter({ hasText: people.jonas.name }).innerText(), /Overdue by \d+ days/);
    await manager.page.getByRole('link', { name: 'Settings' }).click();
    await manager.page.getByRole('button', { name: 'Make a calendar feed' }).click();
    const feedUrl = await manager.page.getByTestId('calendar-url').innerText();
    const feed = await fetch(feedUrl);
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get('content-type'), /^text\/calendar/);
    assert.match(await feed.text(), new RegExp(`SUMMARY:Check-in: ${people.jonas.name} \\(overdue\\)\r\n`));
    assert.deepEqual(await seriousViolations(manager.page), []);
    await manager.page.getByRole('button', { name: 'Revoke the feed' }).click();
    assert.equal((await fetch(feedUrl)).status, 404);
    await manager.context.close();
  });

  it('a member cannot open another member\'s page or check-in', { timeout: TEST_TIMEOUT }, async () => {
    const sam = await open(browser);
    await signIn(sam.page, people.sam);
    const samUrl = sam.page.url();
    const priya = await open(browser);
    await signIn(priya.page, people.priya);
    const response = await priya.page.goto(samUrl);
    assert.equal(response.status(), 403);
    assert.ok(!(await priya.page.content()).includes(people.sam.name), 'the refusal does not name the person');
    const team = await priya.page.goto(base() + 'team');
    assert.equal(team.status(), 403);
    const admin = await priya.page.goto(base() + 'admin/people');
    assert.equal(admin.status(), 403);
    await sam.context.close();
    await priya.context.close();
  });

  it('a form posted without its CSRF token changes nothing', { timeout: TEST_TIMEOUT }, async () => {
    const { page, context } = await open(browser);
    await signIn(page, people.jonas);
    const personUrl = page.url();
    const id = personUrl.match(/(\d+)$/)[1];
    // The browser sends the session cookie, as a forged cross-site form would.
    const forged = await page.request.post(`${base()}people/${id}/check-ins`, { form: {}, maxRedirects: 0 });
    assert.equal(forged.status(), 403);
    await page.goto(personUrl);
    assert.equal(await page.getByRole('link', { name: /^Check-in \d/ }).count(), 0, 'no check-in was started');
    await context.close();
  });

  it('signing out ends the session', { timeout: TEST_TIMEOUT }, async () => {
    const { page, context } = await open(browser);
    await signIn(page, people.sam);
    const personUrl = page.url();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(personUrl);
    assert.match(page.url(), /\/login\?next=/);
    await context.close();
  });
});
