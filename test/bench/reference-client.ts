/**
 * The floor the app is compared with: the least a Node client must do for the same job.
 * One EventSub socket per user; another chatter's frame is dropped after one substring
 * check, an own message is parsed and answered with a PUT /helix/chat/color. No store,
 * no validation, no state: what is left is Node, ws, undici and the kernel on this
 * machine at this moment. Started by the bench only:
 *
 *   BENCH_REFERENCE='{"eventSubUrl","apiUrl","clientId","users":[{"userId","token"}]}' node out/test/bench/reference-client.js
 *
 * Prints `SESSION <userId> <sessionId>` per welcomed socket, for the bench to subscribe.
 */
import WebSocket from 'ws';
import { z } from 'zod';

const configSchema = z.object({
  eventSubUrl: z.string(),
  apiUrl: z.string(),
  clientId: z.string(),
  users: z.array(z.object({ userId: z.string(), token: z.string() })),
});

const frameSchema = z.object({
  metadata: z.object({ message_type: z.string() }),
  payload: z.object({ session: z.object({ id: z.string() }).optional(), event: z.object({ chatter_user_id: z.string() }).optional() }),
});

const config = configSchema.parse(JSON.parse(process.env.BENCH_REFERENCE ?? '{}'));
const sockets: WebSocket[] = [];
const CHATTER = Buffer.from('"chatter_user_id":"');

for (const user of config.users) {
  const own = Buffer.from(`"chatter_user_id":"${user.userId}"`);
  const ws = new WebSocket(config.eventSubUrl, { perMessageDeflate: false });
  let n = 0;
  ws.on('message', (data) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.toString());
    if (bytes.includes(CHATTER) && !bytes.includes(own)) return;
    const frame = frameSchema.parse(JSON.parse(bytes.toString('utf8')));
    if (frame.metadata.message_type === 'session_welcome') {
      process.stdout.write(`SESSION ${user.userId} ${frame.payload.session?.id ?? ''}\n`);
      return;
    }
    if (frame.payload.event?.chatter_user_id !== user.userId) return;
    n += 1;
    const color = `#${(0x100000 + ((n * 0x9e3779) % 0xefffff)).toString(16).toUpperCase()}`;
    void fetch(`${config.apiUrl}/chat/color?user_id=${user.userId}&color=${encodeURIComponent(color)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${user.token}`, 'client-id': config.clientId },
      signal: AbortSignal.timeout(10_000),
    })
      .then((res) => res.arrayBuffer())
      .catch((error: unknown) => process.stderr.write(`reference PUT failed: ${String(error)}\n`));
  });
  ws.on('error', (error) => process.stderr.write(`reference socket error: ${String(error)}\n`));
  sockets.push(ws);
}

process.once('SIGTERM', () => {
  for (const ws of sockets) ws.terminate();
  process.exit(0);
});
