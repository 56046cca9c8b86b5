// A bot written with discord.js, pointed at the Java fake (FakeDiscord) by DISCORD_API (the REST
// client's `api` option; the Gateway URL is what the fake's GET /gateway/bot answers). It prints one
// JSON line per thing it saw; the JUnit test (DiscordClientLibraryTest) reads them, plays the user
// and the platform, and checks them. The library's warnings and errors (client `warn`/`error`/
// `shardError` events, process warnings, console output) are printed as {"log": …} lines, which
// fail the test; its debug lines go out as {"log": "info"} for the test to look into.
'use strict';
const { Client, GatewayIntentBits, DiscordAPIError, RESTEvents, Events } = require('discord.js');

const say = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const text = (args) => args.map((a) => (typeof a === 'string' ? a : String(a?.stack ?? JSON.stringify(a)))).join(' ');
console.log = (...a) => say({ log: 'info', msg: text(a) });
console.warn = (...a) => say({ log: 'warn', msg: text(a) });
console.error = (...a) => say({ log: 'error', msg: text(a) });
process.on('warning', (w) => say({ log: 'warn', msg: `${w.name}: ${w.message}` }));

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages,
    GatewayIntentBits.MessageContent],
  rest: { api: process.env.DISCORD_API },
});
const LONG = Number(process.env.LONG_LENGTH || 2000);
let messages = 0;

client.on(Events.Warn, (m) => say({ log: 'warn', msg: m }));
client.on(Events.Error, (e) => say({ log: 'error', msg: text([e]) }));
client.on(Events.ShardError, (e) => say({ log: 'error', msg: `shard error ${text([e])}` }));
client.on(Events.Debug, (m) => { if (!m.includes('Heartbeat acknowledged')) say({ log: 'info', msg: m }); });
client.on(Events.ShardDisconnect, (e) => say({ log: 'error', msg: `shard gave up: ${e.code}` }));
client.on(Events.ShardResume, (id, replayed) => say({ step: 'resumed', shard: id, replayed }));
client.rest.on(RESTEvents.RateLimited, (r) => say({ step: 'rate_limited', method: r.method, route: r.route,
  timeToReset: r.timeToReset, global: r.global, scope: r.scope }));

client.once(Events.ClientReady, (c) => {
  const guild = c.guilds.cache.first();
  say({ step: 'connected', id: c.user.id, username: c.user.username, bot: c.user.bot,
    guilds: c.guilds.cache.size, available: guild?.available ?? null, guild_name: guild?.name ?? null,
    channels: guild ? [...guild.channels.cache.values()].map((ch) => ch.name) : [],
    application: c.application?.id ?? null });
});

client.on(Events.MessageCreate, async (message) => {
  if (message.author.bot) return;
  messages += 1;
  say({ step: 'message', n: messages, id: message.id, user: message.author.id, username: message.author.username,
    channel: message.channelId, channel_name: message.channel.name ?? null, guild: message.guildId,
    member: message.member?.id ?? null, thread: message.reference?.messageId ?? null, type: message.type,
    text: message.content, mentions_me: message.mentions.users.has(client.user.id) });
  try {
    // A reply goes in the thread: to the message a reply refers to, else to this message.
    const reply = await message.channel.send({ content: `hello <@${message.author.id}>`, allowedMentions: { parse: [] },
      reply: { messageReference: message.reference?.messageId ?? message.id } });
    say({ step: 'replied', n: messages, id: reply.id, thread: reply.reference?.messageId ?? null,
      author: reply.author.id, bot: reply.author.bot, channel: reply.channelId });
    if (messages === 1) {
      const long = await message.channel.send('x'.repeat(LONG));
      say({ step: 'posted_long', length: long.content.length });
      try {
        await message.channel.send('x'.repeat(LONG + 1));
        say({ log: 'error', msg: 'a message longer than the limit was accepted' });
      } catch (e) {
        if (!(e instanceof DiscordAPIError)) throw e;
        say({ step: 'too_long', status: e.status, code: e.code, message: e.message });
      }
    } else {
      await client.destroy();
      say({ step: 'done' });
      process.exit(0);
    }
  } catch (e) {
    say({ log: 'error', msg: text([e]) });
    process.exit(1);
  }
});

client.login(process.env.DISCORD_TOKEN).catch((e) => { say({ log: 'error', msg: text([e]) }); process.exit(1); });
process.on('unhandledRejection', (e) => { say({ log: 'error', msg: `unhandled: ${text([e])}` }); process.exit(1); });
setTimeout(() => { say({ log: 'error', msg: 'timed out' }); process.exit(2); }, 50_000);
