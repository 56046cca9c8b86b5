// A bot written with Slack's official libraries (@slack/socket-mode, @slack/web-api), pointed at
// the Java fake (FakeSlack) by SLACK_API_URL. It prints one JSON line per thing it saw; the JUnit
// test (SlackClientLibraryTest) reads them, plays the user and the platform, and checks them.
// Every warning or error the libraries log is printed as a {"log": …} line, which fails the test.
'use strict';
const { SocketModeClient } = require('@slack/socket-mode');
const { WebClient, LogLevel } = require('@slack/web-api');

const say = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const logger = {
  level: LogLevel.INFO,
  debug() {},
  info() {},
  warn(...msg) { say({ log: 'warn', msg: msg.join(' ') }); },
  error(...msg) { say({ log: 'error', msg: msg.join(' ') }); },
  setLevel(l) { this.level = l; },
  getLevel() { return this.level; },
  setName() {},
};

const slackApiUrl = process.env.SLACK_API_URL;
const web = new WebClient(process.env.SLACK_BOT_TOKEN, { slackApiUrl, logger });
// A short client ping timeout only makes the reconnect wait (one timeout per failure) short.
const socket = new SocketModeClient({
  appToken: process.env.SLACK_APP_TOKEN, logger, clientPingTimeout: 1500, clientOptions: { slackApiUrl },
});
const LONG = 'x'.repeat(Number(process.env.LONG_LENGTH || 5000));
let connections = 0;
let messages = 0;

web.on('rate_limited', (retryAfter, { url }) => say({ step: 'rate_limited', retryAfter, method: url.split('/').pop() }));
socket.on('connected', () => say({ step: 'connected', n: ++connections }));
socket.on('message', async ({ event, body, ack, envelope_id }) => {
  await ack();
  messages += 1;
  say({ step: 'message', n: messages, envelope_id, team: body.team_id, type: event.type, user: event.user,
    channel: event.channel, ts: event.ts, thread_ts: event.thread_ts ?? null, text: event.text,
    channel_type: event.channel_type });
  const user = await web.users.info({ user: event.user });
  say({ step: 'user', id: user.user.id, name: user.user.name });
  // A reply goes in the thread: the thread's root when the message is in one, else the message.
  const reply = await web.chat.postMessage({ channel: event.channel, thread_ts: event.thread_ts ?? event.ts,
    text: `hello <@${event.user}>` });
  say({ step: 'replied', n: messages, ok: reply.ok, channel: reply.channel, ts: reply.ts,
    thread_ts: reply.message?.thread_ts ?? null, bot_id: reply.message?.bot_id ?? null });
  if (messages === 1) {
    const long = await web.chat.postMessage({ channel: event.channel, text: LONG });
    say({ step: 'posted_long', ok: long.ok, length: long.message?.text?.length ?? null });
  } else {
    await socket.disconnect();
    say({ step: 'done' });
    process.exit(0);
  }
});

(async () => {
  const me = await web.auth.test();
  say({ step: 'auth', user_id: me.user_id, bot_id: me.bot_id, team_id: me.team_id });
  await socket.start();
})().catch((e) => { say({ log: 'error', msg: String(e) }); process.exit(1); });
process.on('unhandledRejection', (e) => { say({ log: 'error', msg: `unhandled: ${e}` }); process.exit(1); });
setTimeout(() => { say({ log: 'error', msg: 'timed out' }); process.exit(2); }, 50_000);
