// A bot written with matrix-js-sdk, pointed at the Java fake (FakeMatrix) by MATRIX_URL (the
// client's baseUrl). It prints one JSON line per thing it saw; the JUnit test
// (MatrixClientLibraryTest) reads them, plays the user and the homeserver, and checks them. The
// SDK logs through loglevel onto the console at call time: its warnings and errors are printed as
// {"log": …} lines, which fail the test; its debug and info lines go out as {"log": "info"}.
import process from 'node:process';

const say = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const text = (args) => args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? String(a.stack ?? a)
  : JSON.stringify(a))).join(' ');
for (const level of ['log', 'trace', 'debug', 'info']) console[level] = (...a) => say({ log: 'info', msg: text(a) });
console.warn = (...a) => say({ log: 'warn', msg: text(a) });
console.error = (...a) => say({ log: 'error', msg: text(a) });
process.on('warning', (w) => say({ log: 'warn', msg: `${w.name}: ${w.message}` }));

const sdk = await import('matrix-js-sdk');
const { ClientEvent, RoomEvent, EventStatus } = sdk;

const client = sdk.createClient({ baseUrl: process.env.MATRIX_URL, accessToken: process.env.MATRIX_TOKEN,
  userId: process.env.MATRIX_USER });
const ROOM = process.env.MATRIX_ROOM;
const LONG = 'z'.repeat(Number(process.env.LONG_LENGTH || 30000));
let roomId;
let states = 0;
let messages = 0;

client.on(ClientEvent.Sync, (state, prev, data) => {
  if (state === prev) return;
  say({ step: 'sync', n: ++states, state, prev, error: data?.error?.errcode ?? data?.error?.message ?? null });
  if (state === 'PREPARED') joinAndWait().catch(fail);
});

async function joinAndWait() {
  const room = await client.joinRoom(ROOM);
  roomId = room.roomId;
  say({ step: 'joined', room: roomId });
}

// The scheduler retries a 429 by itself; this shows what it saw on the way.
client.on(RoomEvent.LocalEchoUpdated, (event, room, oldId, oldStatus) => {
  if (event.status === EventStatus.NOT_SENT || oldStatus === EventStatus.NOT_SENT) {
    say({ step: 'echo', status: event.status, old: oldStatus, error: event.error?.errcode ?? null });
  }
});

client.on(RoomEvent.Timeline, (event, room, toStartOfTimeline, removed, data) => {
  if (toStartOfTimeline || !data?.liveEvent || event.getType() !== 'm.room.message'
    || event.getSender() === client.getUserId()) return;
  messages += 1;
  const content = event.getContent();
  say({ step: 'message', n: messages, id: event.getId(), user: event.getSender(), room: event.getRoomId(),
    thread: event.threadRootId ?? null, text: content.body, msgtype: content.msgtype,
    room_name: room?.name ?? null });
  reply(event).catch(fail);
});

async function reply(event) {
  // A reply goes in the thread: the thread's root when the message is in one, else the message.
  const thread = event.threadRootId ?? event.getId();
  const sent = await client.sendMessage(event.getRoomId(), thread, { msgtype: 'm.notice',
    body: `hello ${event.getSender()}` });
  say({ step: 'replied', n: messages, event_id: sent.event_id, thread });
  if (messages === 1) {
    const long = await client.sendMessage(event.getRoomId(), { msgtype: 'm.notice', body: LONG });
    say({ step: 'posted_long', event_id: long.event_id, length: LONG.length });
  } else {
    client.stopClient();
    say({ step: 'done' });
    process.exit(0);
  }
}

function fail(e) {
  say({ log: 'error', msg: text([e]) });
  process.exit(1);
}

await client.startClient({ initialSyncLimit: 1 });
process.on('unhandledRejection', (e) => { say({ log: 'error', msg: `unhandled: ${text([e])}` }); process.exit(1); });
setTimeout(() => { say({ log: 'error', msg: 'timed out' }); process.exit(2); }, 50_000);
