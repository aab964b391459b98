// Shared by every browser test: where the servers and static sites are (run.sh says, through
// the environment), how to start Debian's chromium, and small helpers over playwright-core.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the browser tests through e2e/run.sh PATH_TO_RUNGS`);
  }
  return value;
}

// Base URLs end in "/", static site folders are absolute paths.
export const env = {
  get bundled() { return required('RUNGS_E2E_BUNDLED_URL'); },      // the bundled frameworks
  get corpus() { return required('RUNGS_E2E_CORPUS_URL'); },        // Monzo's frameworks (corpus)
  get changes() { return required('RUNGS_E2E_CHANGES_URL'); },      // tomwalters, --previous monzo
  get hostile() { return required('RUNGS_E2E_HOSTILE_URL'); },      // the untrusted-text fixture
  get site() { return required('RUNGS_E2E_SITE'); },                // rungs site, bundled
  get hostileSite() { return required('RUNGS_E2E_HOSTILE_SITE'); }, // rungs site, the fixture
};

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

// Generous enough for a loaded 2-core machine, short enough that nothing hangs.
export const TEST_TIMEOUT = 60_000;
const ACTION_TIMEOUT = 10_000;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.RUNGS_E2E_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    timeout: 30_000,
  });
}

// A fresh context and page. Uncaught page errors and dialogs are recorded, so a test can assert
// there were none; dialogs are dismissed so that nothing blocks.
export async function open(browser, options = {}) {
  const { viewport = DESKTOP, ...rest } = options;
  const context = await browser.newContext({ viewport, ...rest });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT * 2);
  const page = await context.newPage();
  const errors = [];
  const dialogs = [];
  const requests = [];
  const failed = [];
  context.on('request', (request) => requests.push(request.url()));
  context.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  return { context, page, errors, dialogs, requests, failed };
}

export function fileUrl(dir, path = 'index.html') {
  return pathToFileURL(join(dir, path)).href;
}

// Every .html file under `dir`, as site-relative paths with "/" separators.
export function htmlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.html')) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

// The path part of a URL, decoded, so that a test can compare it with a page's site path.
export function pathOf(url) {
  return decodeURIComponent(new URL(url).pathname);
}

// Asserts that the page's URL path ends with `suffix` (a site path such as
// "f/customer-operations/1B.html").
export function assertPathEndsWith(page, suffix) {
  const path = pathOf(page.url());
  assert.ok(path.endsWith('/' + suffix), `expected the URL to end in /${suffix}, got ${page.url()}`);
}
