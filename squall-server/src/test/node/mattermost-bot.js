// A bot written with Mattermost's official client (@mattermost/client: Client4 for REST,
// WebSocketClient for events), pointed at the Java fake (FakeMattermostServer) by MM_URL. It prints
// one JSON line per thing it saw; the JUnit test (MattermostClientLibraryTest) reads them, plays
// the user and the server, and checks them. The client's console output is printed as
// {"log": …} lines; a warning or error among them fails the test.
'use strict';
const { Client4, WebSocketClient } = require('@mattermost/client');
// Node 20 has no global WebSocket, which the client refers to (for its readyState constants too).
globalThis.WebSocket = require('ws');

const say = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const text = (args) => args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
console.log = (...a) => say({ log: 'info', msg: text(a) });
console.warn = (...a) => say({ log: 'warn', msg: text(a) });
console.error = (...a) => say({ log: 'error', msg: text(a) });

const client = new Client4();
client.setUrl(process.env.MM_URL);
client.setToken(process.env.MM_TOKEN);
// Short retry and ping intervals only make the reconnect and the liveness check quick for a test.
const ws = new WebSocketClient({ minWebSocketRetryTime: 300, reconnectJitterRange: 100, clientPingInterval: 1000 });
const LONG = 'y'.repeat(Number(process.env.LONG_LENGTH || 10000));
let hellos = 0;
let messages = 0;
let me;

// Mattermost's client does not retry a 429: a bot waits and sends again.
async function createPost(post) {
  for (;;) {
    try {
      return await client.createPost(post);
    } catch (e) {
      if (e.status_code !== 429) throw e;
      say({ step: 'rate_limited', status_code: e.status_code, server_error_id: e.server_error_id });
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

ws.addMissedMessageListener(() => say({ step: 'missed' }));
ws.addReconnectListener(() => say({ step: 'reconnected' }));
ws.addErrorListener((e) => say({ log: 'error', msg: `websocket error ${e?.message ?? e}` }));
ws.addMessageListener(async (msg) => {
  if (msg.event === 'hello') {
    say({ step: 'connected', n: ++hellos, connection_id: msg.data.connection_id, seq: msg.seq });
    return;
  }
  if (msg.event !== 'posted') return;
  const post = JSON.parse(msg.data.post);
  if (post.user_id === me.id) return;
  messages += 1;
  say({ step: 'message', n: messages, id: post.id, user_id: post.user_id, channel_id: post.channel_id,
    root_id: post.root_id, message: post.message, sender_name: msg.data.sender_name,
    channel_type: msg.data.channel_type, seq: msg.seq });
  // A reply goes in the thread: its root when the post is in one, else the post itself.
  const reply = await createPost({ channel_id: post.channel_id, root_id: post.root_id || post.id,
    message: `hello ${msg.data.sender_name}` });
  say({ step: 'replied', n: messages, id: reply.id, root_id: reply.root_id, user_id: reply.user_id });
  if (messages === 1) {
    const long = await createPost({ channel_id: post.channel_id, message: LONG });
    say({ step: 'posted_long', length: long.message.length });
  } else {
    ws.close();
    say({ step: 'done' });
    process.exit(0);
  }
});

(async () => {
  me = await client.getMe();
  say({ step: 'auth', id: me.id, username: me.username, is_bot: me.is_bot });
  ws.initialize(client.getWebSocketUrl(), process.env.MM_TOKEN);
})().catch((e) => { say({ log: 'error', msg: String(e) }); process.exit(1); });
process.on('unhandledRejection', (e) => { say({ log: 'error', msg: `unhandled: ${e}` }); process.exit(1); });
setTimeout(() => { say({ log: 'error', msg: 'timed out' }); process.exit(2); }, 50_000);
