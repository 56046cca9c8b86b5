// The web UI's browser scenarios: playwright-core driving Debian's chromium (headless) against a
// running Squall. One scenario a run, named by SCENARIO; it prints one JSON object a line
// ({"step": …} when it reaches a point the Java test checks or acts at, {"log": …} for what the
// page or the script complained about) and exits non-zero on the first failure. Every request the
// pages make is recorded and any that leaves the server's origin is refused.
// Environment: SQUALL_URL, SCENARIO, SCREENSHOTS (a folder), ADMIN_PASSWORD, and per scenario
// ADMIN_TOKEN, EXECUTION, FLAG, USER, PASSWORD.
'use strict';

const path = require('path');
const { chromium } = require('playwright-core');

const base = process.env.SQUALL_URL.replace(/\/$/, '');
const origin = new URL(base).origin;
const wsOrigin = origin.replace(/^http/, 'ws');
const env = process.env;
const requests = [];
const offsite = [];
let browser;
let current;

function step(name, fields) {
  console.log(JSON.stringify({ step: name, ...(fields || {}) }));
}

function log(level, msg) {
  console.log(JSON.stringify({ log: level, msg }));
}

const sameOrigin = (url) => url.startsWith('data:') || new URL(url).origin === origin;

async function newContext() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(Number(env.WAIT_MS || 20000));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    if (!sameOrigin(url)) {
      offsite.push(url);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  context.on('page', watch);
  return context;
}

function watch(page) {
  current = page;
  page.on('pageerror', (e) => log('error', 'page error: ' + e.message));
  page.on('console', (m) => log('info', 'console ' + m.type() + ': ' + m.text()));
  page.on('websocket', (ws) => {
    requests.push(ws.url());
    if (!ws.url().startsWith(wsOrigin + '/')) offsite.push(ws.url());
  });
}

async function newPage() {
  return (await newContext()).newPage();
}

async function shot(page, name) {
  const file = path.join(env.SCREENSHOTS, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  step('screenshot', { name, file });
}

async function logIn(page, user, password) {
  await page.getByLabel('Username', { exact: true }).fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
}

async function loggedIn(hash) {
  const page = await newPage();
  await page.goto(base + '/' + hash);
  await logIn(page, 'admin', env.ADMIN_PASSWORD);
  await page.locator('#top:not([hidden])').waitFor();
  return page;
}

const text = (page, selector) => page.locator(selector).first().textContent();
const button = (page, name) => page.getByRole('button', { name, exact: true });
const statusIs = (page, status) => page.locator('#execution-status [data-status="' + status + '"]').waitFor();

async function waitForText(page, selector, part) {
  await page.locator(selector, { hasText: part }).first().waitFor();
  return text(page, selector);
}

async function api(method, url, token, body) {
  const res = await fetch(base + url, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(method + ' ' + url + ': ' + res.status + ' ' + (await res.text()));
  return res.json();
}

function executionIdOf(page) {
  return new URL(page.url()).hash.split('/')[2];
}

const scenarios = {
  async login() {
    const page = await newPage();
    await page.goto(base + '/');
    await logIn(page, 'admin', 'not-the-password');
    step('refused', { message: await waitForText(page, '#login-error', 'Wrong username or password') });
    await shot(page, 'login-wrong-password');
    await logIn(page, 'admin', env.ADMIN_PASSWORD);
    await page.locator('#executions').waitFor();
    step('logged_in', { whoami: await text(page, '#whoami'),
      token: await page.evaluate(() => sessionStorage.getItem('squall-token')) });
    await button(page, 'Log out').click();
    await page.locator('#password').waitFor();
    step('logged_out', { message: await text(page, '#login-error'),
      token: await page.evaluate(() => sessionStorage.getItem('squall-token')) });
    await shot(page, 'logged-out');
  },

  async runForm() {
    const page = await loggedIn('#/actions/core.local');
    await page.locator('#run-form').waitFor();
    step('form', { cmdRequired: await page.locator('#param-cmd').evaluate((e) => e.required),
      sudoEditable: await page.locator('#param-sudo').isEditable() });
    await button(page, 'Run').click();
    step('required', { error: await waitForText(page, '#err-cmd', 'Required') });
    await page.getByLabel('cmd', { exact: true }).fill(env.COMMAND);
    await button(page, 'Run').click();
    await page.waitForURL(/#\/history\/[^/]+\/general$/);
    const output = await waitForText(page, '#output', 'first-line');
    step('first_line', { id: executionIdOf(page), status: await text(page, '#execution-status'), output });
    await shot(page, 'execution-running');
    await waitForText(page, '#output', 'second-line');
    await statusIs(page, 'succeeded');
    step('finished', { status: await text(page, '#execution-status'), result: await text(page, '#result') });
    await shot(page, 'execution-page');

    // The execution's stable URL (what chat results link to), opened in a new page.
    const token = await page.evaluate(() => sessionStorage.getItem('squall-token'));
    const url = (await api('GET', '/api/v1/executions/' + executionIdOf(page), token)).web_url;
    const other = await page.context().newPage();
    await other.goto(url);
    await logIn(other, 'admin', env.ADMIN_PASSWORD);
    const again = await waitForText(other, '#output', 'second-line');
    step('opened_by_url', { url, output: again, status: await text(other, '#execution-status') });
    await shot(other, 'execution-by-url');
  },

  async executionsLive() {
    const page = await loggedIn('#/history');
    await page.locator('#executions').waitFor();
    const created = await api('POST', '/api/v1/executions', env.ADMIN_TOKEN,
      { action: 'core.local', parameters: { cmd: env.COMMAND } });
    step('created', { id: created.id });
    const row = '#executions tr[data-id="' + created.id + '"] ';
    await page.locator(row + '[data-status="running"]').waitFor();
    step('row_running');
    await page.locator(row + '[data-status="succeeded"]').waitFor();
    step('row_succeeded');
    await shot(page, 'executions-page');
  },

  async paging() {
    const page = await loggedIn('#/history');
    await page.locator('#executions').waitFor();
    await page.getByLabel('Action', { exact: true }).fill('core.noop');
    await button(page, 'Filter').click();
    const first = await waitForText(page, '#executions-total', 'of 55');
    const actions = await page.locator('#executions tbody tr a').allTextContents();
    await page.locator('a[rel=next]').click();
    const second = await waitForText(page, '#executions-total', '51–');
    step('paged', { first, actions, second, rows: await page.locator('#executions tbody tr').count() });
    await shot(page, 'executions-second-page');
  },

  async cancelRerun() {
    const id = env.EXECUTION;
    const page = await loggedIn('#/history/' + id + '/general');
    await statusIs(page, 'running');
    await button(page, 'Cancel').click();
    await statusIs(page, 'canceled');
    step('canceled');
    await button(page, 'Re-run…').click();
    await page.waitForFunction(() => document.getElementById('param-cmd') && document.getElementById('param-cmd').value === 'sleep 60');
    await page.getByLabel('cmd', { exact: true }).fill('echo re-run-with-a-change');
    await button(page, 'Re-run').click();
    await page.waitForURL((u) => u.hash.startsWith('#/history/') && !u.hash.includes(id));
    await statusIs(page, 'succeeded');
    const output = await waitForText(page, '#output', 're-run-with-a-change');
    step('rerun', { id: executionIdOf(page), output });
    await shot(page, 're-run');
  },

  async aliasRule() {
    const page = await loggedIn('#/aliases');
    await page.getByLabel('Command', { exact: true }).fill('google squall and return 3 results');
    await button(page, 'Test').click();
    await page.locator('#alias-answer .alias-ref').waitFor();
    step('alias', { ref: await text(page, '#alias-answer .alias-ref'), answer: await text(page, '#alias-answer') });
    await shot(page, 'alias-tester');
    await page.goto(base + '/#/rules');
    await button(page, 'Disable testpack.shell_hook').click();
    await page.locator('#rules tr[data-ref="testpack.shell_hook"] .rule-enabled', { hasText: 'no' }).waitFor();
    step('rule_disabled');
    await shot(page, 'rules');
  },

  async chat() {
    const page = await loggedIn('#/chat');
    await page.locator('#chat-state', { hasText: /^connected$/ }).waitFor();
    await page.getByLabel('Message', { exact: true }).fill('!help');
    await button(page, 'Send').click();
    step('help', { text: await waitForText(page, '#chat-log li.plain', 'greet') });
    await page.getByLabel('Message', { exact: true }).fill('!greet web');
    await button(page, 'Send').click();
    step('alias_result', { text: await waitForText(page, '#chat-log li.result', 'Greeted'),
      who: await text(page, '#chat-log li.mine .who') });
    await shot(page, 'chat');
  },

  // A command that runs a few seconds: one progress line, edited in place until it ends.
  async chatProgress() {
    const page = await loggedIn('#/chat');
    await page.locator('#chat-state', { hasText: /^connected$/ }).waitFor();
    await page.getByLabel('Message', { exact: true }).fill('!run for i in 1 2 3 4; do echo tick $i; sleep 1; done');
    await button(page, 'Send').click();
    step('progress', { text: await waitForText(page, '#chat-log li.progress', 'running for') });
    await page.locator('#chat-log li.progress', { hasText: 'succeeded after' }).filter({ hasText: 'tick 4' }).waitFor();
    step('progress_final', { text: await text(page, '#chat-log li.progress') });
    step('result', { text: await waitForText(page, '#chat-log li.result', 'tick 4'),
      progressLines: await page.locator('#chat-log li.progress').count() });
    await shot(page, 'chat-progress');
  },

  async tokenLink() {
    const page = await newPage();
    await page.goto(base + '/?token=' + env.ADMIN_TOKEN + '#/packs');
    await page.locator('main h1', { hasText: 'Packs' }).waitFor();
    step('linked', { search: await page.evaluate(() => location.search) });
    const bad = await newPage();
    await bad.goto(base + '/?token=no-such-token#/history');
    step('ended', { message: await waitForText(bad, '#login-error', 'Log in again') });
    await shot(bad, 'session-ended');
  },

  async nonAdmin() {
    const page = await newPage();
    await page.goto(base + '/#/users');
    await logIn(page, env.USER, env.PASSWORD);
    await page.locator('#whoami', { hasText: env.USER }).waitFor();
    step('users_page', { usersLinkVisible: await page.locator('#nav-users').isVisible(),
      links: await page.locator('#top nav a:visible').allTextContents(),
      main: await waitForText(page, 'main', 'Only administrators see users') });
    await shot(page, 'non-admin-users');
    await page.goto(base + '/#/actions');
    await page.locator('main h1', { hasText: 'Actions' }).waitFor();
    await page.locator('main table').waitFor();
    step('actions', { refs: await page.locator('main tbody tr td:first-child').allTextContents() });
    await shot(page, 'non-admin-actions');
  },

  // The navigation of USER: which links show, and what a hidden view answers when typed in.
  async navigation() {
    const page = await newPage();
    await page.goto(base + '/#/history');
    await logIn(page, env.USER, env.PASSWORD);
    await page.locator('#whoami', { hasText: env.USER }).waitFor();
    await page.locator('main h1', { hasText: 'Executions' }).waitFor();
    step('nav', { links: await page.locator('#top nav a:visible').allTextContents() });
    await shot(page, 'navigation-' + env.USER);
    await page.goto(base + '/#/packs');
    step('packs_typed', { main: await waitForText(page, 'main', 'pack_list') });
    await shot(page, 'navigation-' + env.USER + '-packs');
  },

  async offline() {
    const page = await loggedIn('#/history');
    for (const view of ['history', 'actions', 'packs', 'rules', 'aliases', 'triggers', 'keys', 'users',
      'inquiries', 'chat']) {
      await page.goto(base + '/#/' + view);
      await page.waitForFunction(() => document.querySelector('main h1')
        && document.querySelector('main h1').textContent !== 'Error'
        && !document.querySelector('main').textContent.includes('Loading…'));
      step('view', { view, title: await text(page, 'main h1') });
      await shot(page, 'view-' + view);
    }
    step('requests', { count: requests.length, offsite, origins: [...new Set(requests.map((u) => new URL(u).origin))] });
  },

  async reconnect() {
    const page = await loggedIn('#/chat');
    await page.locator('#chat-state', { hasText: /^connected$/ }).waitFor();
    step('connected');
    await page.locator('#chat-state', { hasText: 'reconnecting' }).waitFor();
    step('reconnecting');
    await page.locator('#chat-state', { hasText: /^connected$/ }).waitFor({ timeout: 60000 });
    await page.getByLabel('Message', { exact: true }).fill('!help');
    await button(page, 'Send').click();
    await page.locator('#chat-log li.plain').first().waitFor();
    step('answered', { loggedIn: await page.locator('#top').isVisible() });
    await shot(page, 'chat-after-restart');
  },

  async expiry() {
    const page = await loggedIn('#/packs');
    step('logged_in');
    step('expired', { message: await waitForText(page, '#login-error', 'expired'),
      token: await page.evaluate(() => sessionStorage.getItem('squall-token')) });
    await shot(page, 'session-expired');
  },

  async formErrors() {
    const page = await loggedIn('#/actions/testpack.pinned');
    await page.locator('#run-form').waitFor();
    step('pinned', { pinType: await page.locator('#param-pin').getAttribute('type'),
      cmdEditable: await page.locator('#param-cmd').isEditable(), cmdValue: await page.locator('#param-cmd').inputValue(),
      cmdNote: await text(page, '#desc-cmd') });
    await page.getByLabel('pin', { exact: true }).fill('12x');
    await button(page, 'Run').click();
    step('client_type_error', { error: await waitForText(page, '#err-pin', 'integer') });
    await shot(page, 'run-form-errors');

    // What only the server finds: the page is handed testpack.count with n declared a string, so
    // the form sends "many" and the API's error names n.
    await page.route((u) => u.pathname === '/api/v1/actions/testpack.count', async (route) => {
      const response = await route.fetch();
      const action = await response.json();
      action.parameters.n.type = 'string';
      await route.fulfill({ response, json: action });
    });
    await page.goto(base + '/#/actions/testpack.count');
    await page.locator('#run-form').waitFor();
    await page.getByLabel('n', { exact: true }).fill('many');
    await button(page, 'Run').click();
    await page.locator('#err-n:not(:empty)').waitFor();
    step('server_error', { field: await text(page, '#err-n'), form: await text(page, '#run-error'),
      invalid: await page.locator('#param-n').getAttribute('aria-invalid') });
    await shot(page, 'run-form-server-error');
  },

  async workflow() {
    const page = await loggedIn('#/history/' + env.EXECUTION + '/general');
    const tasks = () => page.$$eval('#task-tree li', (lis) => lis.map((li) => ({
      task: li.querySelector('.task-name') ? li.querySelector('.task-name').textContent : null,
      status: li.querySelector('.task-status [data-status]').dataset.status,
      depth: (() => { let d = 0; for (let e = li.parentElement; e && e.id !== 'task-tree'; e = e.parentElement) if (e.tagName === 'UL') d++; return d; })(),
    })));
    await page.locator('#task-tree li', { hasText: 'hold' }).locator('[data-status="running"]').waitFor();
    step('task_running', { tasks: await tasks() });
    await page.locator('#task-tree li', { hasText: 'after' }).locator('[data-status="succeeded"]').waitFor();
    await statusIs(page, 'succeeded');
    step('tasks_done', { tasks: await tasks() });
    await shot(page, 'workflow-tasks');
  },

  // Against the real inquiries API: OPEN may be answered by anyone, ALICE only by alice (the
  // admin of this scenario is refused, and the page says why next to the form).
  async inquiries() {
    const page = await loggedIn('#/inquiries');
    const open = page.locator('form.inquiry[data-id="' + env.OPEN + '"]');
    const alices = page.locator('form.inquiry[data-id="' + env.ALICE + '"]');
    await open.waitFor();
    await alices.waitFor();
    step('forms', { count: await page.locator('form.inquiry').count(),
      title: await open.locator('h2').textContent(),
      labels: await open.locator('label').allTextContents(),
      approvedType: await open.getByLabel('approved', { exact: true }).getAttribute('type'),
      envOptions: await open.getByLabel('env', { exact: true }).locator('option').allTextContents(),
      alicesFacts: await alices.locator('dl').textContent() });
    await shot(page, 'inquiries');
    // The Java side starts a third workflow now, then answers its inquiry through the API.
    await page.locator('form.inquiry').nth(2).waitFor();
    step('arrived', { id: await page.locator('form.inquiry').nth(2).getAttribute('data-id') });
    step('closed', { text: await text(page, '.inquiry-closed') });
    await open.getByRole('button', { name: 'Respond', exact: true }).click();
    step('required', { error: await waitForText(page, '#err-' + env.OPEN + '-reason', 'Required') });
    await open.getByLabel('approved', { exact: true }).check();
    await open.getByLabel('reason', { exact: true }).fill('tested on staging');
    await open.getByLabel('env', { exact: true }).selectOption({ label: 'production' });
    await shot(page, 'inquiry-form');
    await open.getByRole('button', { name: 'Respond', exact: true }).click();
    step('responded', { message: await waitForText(page, '.inquiry-answered[data-id="' + env.OPEN + '"]', 'Response accepted') });
    await alices.getByLabel('approved', { exact: true }).check();
    await alices.getByLabel('reason', { exact: true }).fill('not mine to answer');
    await alices.getByRole('button', { name: 'Respond', exact: true }).click();
    step('refused', { error: await waitForText(page, 'form.inquiry[data-id="' + env.ALICE + '"] .error', 'alice'),
      formStays: await alices.count() === 1 });
    await shot(page, 'inquiry-refused');
    // The inquiry's execution (core.ask's), and from it the workflow that asked.
    await alices.locator('a.inquiry-execution').click();
    await statusIs(page, 'pending');
    step('execution', { url: page.url(), parent: await text(page, 'dt:text-is("Parent") + dd') });
  },

  // For bench/WebUiBench: the executions page's render with the server's history (full loads,
  // from navigation start to the first rows in the DOM), then how long a status change takes to
  // reach the DOM after its stream event is dispatched. RUNS of each.
  async bench() {
    const context = await newContext();
    await context.addInitScript(() => {
      window.__ev = {};
      window.__dom = {};
      window.__rendered = null;
      const add = EventSource.prototype.addEventListener;
      EventSource.prototype.addEventListener = function (type, fn, opts) {
        if (type !== 'st2.execution__update') return add.call(this, type, fn, opts);
        return add.call(this, type, function (e) {
          const d = JSON.parse(e.data);
          const key = d.id + ':' + d.status;
          if (!(key in window.__ev)) window.__ev[key] = performance.now();
          return fn.call(this, e);
        }, opts);
      };
      new MutationObserver((records) => {
        const t = performance.now();
        for (const r of records) {
          for (const n of r.addedNodes) {
            if (n.nodeType !== 1) continue;
            const rows = n.matches('tr[data-id]') ? [n] : [...n.querySelectorAll('tr[data-id]')];
            if (rows.length && window.__rendered === null && document.getElementById('executions')) window.__rendered = t;
            for (const row of rows) {
              const st = row.querySelector('[data-status]');
              const key = row.dataset.id + ':' + (st && st.dataset.status);
              if (st && !(key in window.__dom)) window.__dom[key] = t;
            }
          }
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    const runs = Number(env.RUNS || 20);
    const render = [];
    for (let i = 0; i < runs + 2; i++) {
      await page.goto(base + '/?token=' + env.ADMIN_TOKEN + '#/history');
      await page.waitForFunction(() => window.__rendered !== null);
      if (i >= 2) render.push(await page.evaluate(() => window.__rendered)); // after 2 warm-up loads
    }
    await page.waitForFunction(() => document.querySelectorAll('#executions tbody tr').length > 0);
    const stream = [];
    for (let i = 0; i < runs + 2; i++) {
      const { id } = await api('POST', '/api/v1/executions', env.ADMIN_TOKEN, { action: 'core.noop', parameters: {} });
      const key = id + ':succeeded';
      await page.waitForFunction((k) => k in window.__ev && k in window.__dom, key);
      if (i >= 2) stream.push(await page.evaluate((k) => window.__dom[k] - window.__ev[k], key));
    }
    step('bench', { render, stream, rows: await page.locator('#executions tbody tr').count(),
      total: await text(page, '#executions-total') });
    await shot(page, 'bench-executions');
  },
};

async function main() {
  const scenario = scenarios[env.SCENARIO];
  if (!scenario) throw new Error('no scenario ' + env.SCENARIO + '; there are ' + Object.keys(scenarios));
  browser = await chromium.launch({ executablePath: env.CHROMIUM || '/usr/bin/chromium', headless: true });
  step('browser', { version: browser.version() });
  await scenario();
  step('done');
}

// The scenario ends itself: the Java side reads until it does.
const deadline = setTimeout(() => {
  log('error', 'scenario ' + env.SCENARIO + ' timed out');
  process.exit(3);
}, Number(env.SCENARIO_TIMEOUT_MS || 120000));

main().then(async () => {
  clearTimeout(deadline);
  await browser.close();
  process.exit(0);
}, async (e) => {
  log('error', e && e.stack || String(e));
  if (current) await shot(current, 'failed-' + env.SCENARIO).catch(() => {});
  process.exit(1);
});
