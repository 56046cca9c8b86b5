// Drives a running Squall with StackStorm's own JavaScript client, the way hubot-stackstorm and
// other st2client users do. Prints one line per step; exits non-zero on the first failure.
// Environment: SQUALL_URL (http://127.0.0.1:PORT), SQUALL_USER, SQUALL_PASSWORD, SQUALL_API_KEY.
'use strict';

const st2client = require('st2client');

const base = process.env.SQUALL_URL;
const endpoints = { api: base + '/api', auth: base + '/auth', stream: base + '/stream' };

function step(name, detail) {
  console.log('ok ' + name + (detail ? ': ' + detail : ''));
}

function fail(name, error) {
  console.log('FAIL ' + name + ': ' + (error && error.stack || JSON.stringify(error)));
  process.exit(1);
}

function within(ms, promise, what) {
  return Promise.race([promise, new Promise((_, reject) =>
    setTimeout(() => reject(new Error('timed out waiting for ' + what)), ms))]);
}

async function main() {
  const client = st2client(endpoints);
  const token = await client.authenticate(process.env.SQUALL_USER, process.env.SQUALL_PASSWORD);
  if (!token.token || new Date(token.expiry) <= new Date()) {
    throw new Error('bad token response ' + JSON.stringify(token));
  }
  step('authenticate with user and password', 'expires ' + token.expiry);

  const actions = await client.actions.list();
  if (!actions.some((a) => a.ref === 'core.local')) {
    throw new Error('core.local missing from ' + actions.map((a) => a.ref));
  }
  step('list actions', actions.length + ' actions');

  const source = await client.stream.listen();
  const updates = [];
  let notify = null;
  source.addEventListener('st2.execution__update', (e) => {
    const execution = JSON.parse(e.data);
    updates.push(execution.status);
    if (notify) notify(execution);
  });
  await within(10000, new Promise((resolve) => { source.onopen = resolve; if (source.readyState === 1) resolve(); }), 'stream open');
  step('open the stream');

  const created = await client.executions.create({ action: 'core.local', parameters: { cmd: 'echo hi' } });
  step('run core.local', created.id + ' ' + created.status);

  const finished = await within(20000, new Promise((resolve) => {
    notify = (execution) => {
      if (execution.id === created.id && execution.status === 'succeeded') resolve(execution);
    };
  }), 'st2.execution__update with status succeeded');
  step('stream update events', updates.join(' -> '));

  const read = await client.executions.get(created.id);
  if (read.status !== 'succeeded' || read.result.stdout !== 'hi') {
    throw new Error('unexpected execution ' + JSON.stringify(read));
  }
  step('read the execution back', 'stdout=' + read.result.stdout + ' (stream said ' + finished.status + ')');
  source.close();

  const keyed = st2client(endpoints);
  keyed.setKey({ key: process.env.SQUALL_API_KEY });
  const viaKey = await keyed.actions.list();
  step('authenticate with an API key', viaKey.length + ' actions');
}

main().then(() => process.exit(0), (e) => fail('st2client', e));
