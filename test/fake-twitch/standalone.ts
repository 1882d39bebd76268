/**
 * `npm run fake-twitch`: the fake Twitch for people. Starts with a public client and demo
 * users, prints the environment that points the app at it and curl lines for the control
 * API. Env: FAKE_TWITCH_PORT (default 0 = any free port), FAKE_TWITCH_CLIENT_ID.
 */
import { startFakeTwitch } from './server.js';

const port = Number(process.env.FAKE_TWITCH_PORT ?? '0');
const clientId = process.env.FAKE_TWITCH_CLIENT_ID ?? 'fakeclientid0000000000000000000';

const fake = await startFakeTwitch({ port: Number.isInteger(port) && port >= 0 ? port : 0 });
fake.registerClient({ clientId, type: 'public' });
const demo = fake.createUser({ login: 'demo', displayName: 'Demo' });
const prime = fake.createUser({ login: 'demo_prime', displayName: 'DemoPrime', prime: true });
const channel = fake.createUser({ login: 'demo_channel', displayName: 'DemoChannel' });
const control = fake.urls.control;
const json = `-H 'Content-Type: application/json'`;

console.log(`Fake Twitch listening.

  OAuth     ${fake.urls.auth}
  Helix     ${fake.urls.api}
  EventSub  ${fake.urls.eventsub}
  Control   ${control}   (GET ${control}/state shows everything)

Point the app at it:
  export TWITCH_AUTH_URL=${fake.urls.auth}
  export TWITCH_API_URL=${fake.urls.api}
  export TWITCH_EVENTSUB_URL=${fake.urls.eventsub}
  export TWITCH_CLIENT_ID=${clientId}

Users: demo (id ${demo.id}), demo_prime (id ${prime.id}, Prime: hex colors allowed), demo_channel (id ${channel.id}).
Public client id: ${clientId}

Approve a device login (the code the app shows), or open its verification URL in a browser:
  curl -X POST ${control}/approve-device ${json} -d '{"userCode":"ABCDEFGH","user":"demo"}'
Pending logins:
  curl ${control}/device-logins
Make demo chat in demo_channel (the app then changes demo's color):
  curl -X POST ${control}/say ${json} -d '{"channel":"demo_channel","chatter":"demo","text":"hello"}'
Colors set so far:
  curl '${control}/log/color-changes?user_id=${demo.id}'
Faults, e.g. the next 2 color changes fail with 503:
  curl -X POST ${control}/faults ${json} -d '{"method":"PUT","path":"/helix/chat/color","status":503,"times":2}'

Ctrl+C stops it.`);

const stop = (): void => {
  void fake.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
