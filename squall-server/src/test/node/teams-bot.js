// A bot written with the Bot Framework SDK (botbuilder: CloudAdapter, ActivityHandler), pointed at
// the Java fake (FakeTeams) through its authentication configuration: TEAMS_LOGIN_URL is where it
// gets its access token (ToChannelFromBotLoginUrl, Entra ID's authority, which MSAL only reaches
// over HTTPS: the test passes the fake's certificate in NODE_EXTRA_CA_CERTS), TEAMS_METADATA_URL
// the OpenID metadata whose keys sign the channel's tokens (ToBotFromChannelOpenIdMetadataUrl).
// Replies go to the serviceUrl of each activity, which is the fake's. The bot listens on a port of
// its own for the activities the fake posts, and prints one JSON line per thing it saw; the JUnit
// test (TeamsClientLibraryTest) reads them. The SDK's console output and the Azure SDK's log
// (@azure/logger, which the connector client's HTTP pipeline writes to) are printed as
// {"log": …} lines; a warning or an error among them fails the test.
'use strict';
const http = require('node:http');

const say = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const text = (args) => args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? String(a.stack ?? a)
  : JSON.stringify(a))).join(' ');
console.log = (...a) => say({ log: 'info', msg: text(a) });
console.info = console.log;
console.debug = console.log;
console.warn = (...a) => say({ log: 'warn', msg: text(a) });
console.error = (...a) => say({ log: 'error', msg: text(a) });
process.on('warning', (w) => say({ log: 'warn', msg: `${w.name}: ${w.message}` }));

// The connector client's HTTP pipeline (@azure/core-rest-pipeline) logs its retries here.
const azureLogger = require('@azure/logger');
azureLogger.setLogLevel('info');
azureLogger.AzureLogger.log = (...a) => {
  const line = text(a);
  say({ log: /^azure:[^:]+:(warning|error)\b/.test(line) ? 'warn' : 'info', msg: line });
};

const { CloudAdapter, ConfigurationBotFrameworkAuthentication, ActivityHandler, TurnContext } = require('botbuilder');
const { MsalServiceClientCredentialsFactory } = require('botframework-connector');
const { ConfidentialClientApplication, LogLevel } = require('@azure/msal-node');

// The SDK's own MSAL client would look its authority up at login.microsoftonline.com (instance
// discovery) before trusting it; a bot naming its own authority says it is known, and MSAL then
// reads the authority's OpenID metadata from the authority itself, as it does for Entra ID.
const loginUrl = new URL(process.env.TEAMS_LOGIN_URL);
const msal = new ConfidentialClientApplication({
  auth: { clientId: process.env.TEAMS_APP_ID, clientSecret: process.env.TEAMS_APP_PASSWORD,
    authority: process.env.TEAMS_LOGIN_URL, knownAuthorities: [loginUrl.host] },
  system: { loggerOptions: { logLevel: LogLevel.Warning, piiLoggingEnabled: false, loggerCallback(level, message) {
    say({ log: level <= LogLevel.Error ? 'error' : level === LogLevel.Warning ? 'warn' : 'info', msg: `msal: ${message}` });
  } } },
});

const auth = new ConfigurationBotFrameworkAuthentication({
  MicrosoftAppId: process.env.TEAMS_APP_ID,
  MicrosoftAppPassword: process.env.TEAMS_APP_PASSWORD,
  MicrosoftAppType: 'MultiTenant',
  // Once one endpoint is configured, the SDK takes them all from here: the rest are the public cloud's.
  ToChannelFromBotLoginUrl: process.env.TEAMS_LOGIN_URL,
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: process.env.TEAMS_METADATA_URL,
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration',
  OAuthUrl: 'https://api.botframework.com',
  CallerId: 'urn:botframework:azure',
}, new MsalServiceClientCredentialsFactory(process.env.TEAMS_APP_ID, msal));
const adapter = new CloudAdapter(auth);
adapter.onTurnError = async (context, error) => {
  say({ log: 'error', msg: `turn error: ${text([error])}` });
};
const LONG = 'w'.repeat(Number(process.env.LONG_LENGTH || 20000));
let messages = 0;

class Bot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const a = context.activity;
      messages += 1;
      const conversation = a.conversation.id;
      const thread = conversation.includes(';messageid=') ? conversation.split(';messageid=')[1] : null;
      say({ step: 'message', n: messages, id: a.id, user: a.from.id, aad: a.from.aadObjectId ?? null,
        name: a.from.name, conversation, conversation_type: a.conversation.conversationType ?? null,
        thread, channel: a.channelData?.channel?.id ?? null, tenant: a.conversation.tenantId ?? null,
        text: TurnContext.removeRecipientMention(a)?.trim() ?? a.text, mentioned: TurnContext.getMentions(a)
          .some((m) => m.mentioned.id === a.recipient.id), service_url: a.serviceUrl });
      // The reply goes to the conversation the message came from: a channel thread's id names the thread.
      const reply = await context.sendActivity(`hello ${a.from.name}`);
      say({ step: 'replied', n: messages, id: reply?.id ?? null });
      if (messages === 1) {
        const long = await context.sendActivity(LONG);
        say({ step: 'posted_long', id: long?.id ?? null, length: LONG.length });
      } else {
        say({ step: 'done' });
        setImmediate(() => { server.close(); process.exit(0); });
      }
      await next();
    });
  }
}
const bot = new Bot();

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = undefined;
    }
    // The smallest Response that CloudAdapter takes (it is written for express and restify).
    const response = {
      status(code) { res.statusCode = code; return this; },
      header(name, value) { res.setHeader(name, value); return this; },
      send(b) { if (b !== undefined) res.write(typeof b === 'string' ? b : JSON.stringify(b)); return this; },
      end() { res.end(); return this; },
    };
    await adapter.process({ method: req.method, headers: req.headers, body }, response, (context) => bot.run(context));
  });
});
server.listen(0, '127.0.0.1', () => say({ step: 'listening', port: server.address().port }));
process.on('unhandledRejection', (e) => { say({ log: 'error', msg: `unhandled: ${text([e])}` }); process.exit(1); });
setTimeout(() => { say({ log: 'error', msg: 'timed out' }); process.exit(2); }, 50_000);
