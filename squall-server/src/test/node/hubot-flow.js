// What hubot-stackstorm (and err-stackstorm) do against StackStorm, step for step, through
// st2client: log in, load every alias, run a chat command through aliasexecution with a
// notification route, and wait on the stream for the announcement that carries the result.
// Environment: SQUALL_URL, SQUALL_USER, SQUALL_PASSWORD, ROUTE (hubot|errbot), EVENT
// (st2.announcement__chatops|st2.announcement__errbot), CHANNEL.
'use strict';

const st2client = require('st2client');

const base = process.env.SQUALL_URL;
const route = process.env.ROUTE;
const event = process.env.EVENT;
const channel = process.env.CHANNEL;

function within(ms, promise, what) {
  return Promise.race([promise, new Promise((_, reject) =>
    setTimeout(() => reject(new Error('timed out waiting for ' + what)), ms))]);
}

async function main() {
  const client = st2client({ api: base + '/api', auth: base + '/auth', stream: base + '/stream' });
  await client.authenticate(process.env.SQUALL_USER, process.env.SQUALL_PASSWORD);
  console.log('ok authenticate');

  const aliases = await client.actionAlias.list({ limit: -1 });
  const shout = aliases.find((a) => a.name === 'shout');
  if (!shout) throw new Error('alias shout not listed: ' + aliases.map((a) => a.ref));
  console.log('ok list aliases: ' + aliases.length);

  const source = await client.stream.listen();
  const announced = new Promise((resolve) => {
    source.addEventListener(event, (e) => {
      const data = JSON.parse(e.data);
      if (data.payload && data.payload.channel === channel) resolve(data.payload);
    });
  });
  await within(10000, new Promise((resolve) => { source.onopen = resolve; if (source.readyState === 1) resolve(); }), 'stream open');

  const format = typeof shout.formats[0] === 'string' ? shout.formats[0] : shout.formats[0].representation[0];
  const result = await client.aliasExecution.create({
    name: shout.name,
    format: format,
    command: 'shout "a; touch /tmp/squall-hubot-pwned"',
    user: 'alice',
    source_channel: channel,
    source_context: { room: channel, thread_ts: '1700000000.000100' },
    notification_route: route,
  });
  console.log('ok aliasexecution: ' + result.execution.id);

  const payload = await within(20000, announced, event);
  console.log('ok announcement ' + JSON.stringify(payload));
  source.close();
}

main().then(() => process.exit(0), (e) => {
  console.log('FAIL ' + (e && e.stack || JSON.stringify(e)));
  process.exit(1);
});
