// Shared by the browser tests that sign in to `rungs serve --demo` (people, helpdesk): the
// server's address, the demo accounts it printed, signing in, and axe's serious findings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import AxeBuilder from '@axe-core/playwright';

export const peopleUrl = () => process.env.RUNGS_E2E_PEOPLE_URL;

// The demo accounts, as `rungs serve --demo` printed them: "  role  email  password  (Name)",
// by the email's local part; `required` names the ones a test needs.
export function demoAccounts(required) {
  const out = readFileSync(process.env.RUNGS_E2E_PEOPLE_ACCOUNTS, 'utf8');
  const found = {};
  for (const m of out.matchAll(/^\s+(admin|manager|member)\s+(\S+@demo\.rungs\.invalid)\s+(\S+)\s+\((.+)\)$/gm)) {
    found[m[2].split('@')[0]] = { role: m[1], email: m[2], password: m[3], name: m[4] };
  }
  for (const name of required) assert.ok(found[name], `demo account ${name} not found in:\n${out}`);
  return found;
}

export async function signIn(page, account) {
  await page.goto(peopleUrl() + 'login');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Each role lands where its work is.
  const landing = { admin: /\/admin$/, manager: /\/team$/, member: /\/people\/\d+$/ };
  await page.waitForURL(landing[account.role]);
}

export async function seriousViolations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}
