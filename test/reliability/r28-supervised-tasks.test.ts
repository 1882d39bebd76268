import { afterEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src-core/runtime/logger.js';
import { waitFor } from '../support/wait-for.js';
import { isLive, startCoreRig, type CoreRig } from './support/core-rig.js';

let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const HOUR = 3600_000;

describe('R28 background tasks are supervised', () => {
  it('R28 a failing token check is logged, shown as degraded with the next attempt, and retried with backoff until it recovers', async () => {
    const r = await startCoreRig({ keepaliveTimeoutSeconds: 600, seed: 28 });
    rig = r;
    const { accountId, userId } = await r.addAccount({ login: 'alice', channels: ['alice'], resolved: true });
    await r.until(() => isLive(r.account(accountId)), { message: 'account live' });

    const fault = r.fake.injectFault({ method: 'GET', path: '/oauth2/validate', status: 500 });
    // The hourly validation (G14) is the background task; it fails from now on.
    await r.until(() => r.account(accountId).state === 'degraded', { message: 'account degraded', maxMs: HOUR + 60_000, stepMs: 30_000 });
    const degraded = r.account(accountId);
    // In a person's words (issue 17), with Twitch's answer as the detail.
    expect(degraded).toMatchObject({ reasonCode: 'twitch_trouble', reason: 'Twitch is having trouble right now. The app keeps trying by itself.' });
    expect(degraded.reasonDetail).toMatch(/500/);
    expect(degraded.nextAttemptAt).toBeGreaterThan(r.clock.now());

    // Keep failing for a while: every attempt is logged with its number and when the next is due.
    await r.advance(10 * 60_000, 5_000);
    const failures = r.logs.records.filter((l: LogRecord) => l.event === 'token.validate_failed');
    expect(failures.length).toBeGreaterThanOrEqual(4);
    expect(failures.map((l) => l.fields.attempt)).toEqual(failures.map((_l, i) => i + 1));
    for (const line of failures) expect(line.fields).toMatchObject({ account: 'alice', operation: 'validate' });
    const validations = r.fake.log.requests({ method: 'GET', path: '/oauth2/validate', status: 500 }).map((q) => q.at);
    const gaps = validations.slice(1).map((at, i) => at - (validations[i] ?? at));
    // Full jitter makes single gaps random, but none exceeds the 60 s cap and attempts keep coming.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000 + 1_000);
    expect(r.account(accountId).state).toBe('degraded');

    // Twitch is back: the next scheduled attempt recovers without anyone asking.
    fault.remove();
    await r.until(() => r.account(accountId).state === 'active', { message: 'recovered', maxMs: 2 * 60_000, stepMs: 5_000 });
    r.fake.say({ channel: 'alice', chatter: 'alice', text: 'still working' });
    await waitFor(() => r.fake.log.colorChanges(userId).length === 1, { message: 'color changes after recovery' });
  });

  it('R28 a crash inside a color change is logged with its stack and the next message still works', async () => {
    let crashes = 1;
    const r = await startCoreRig({
      beforeSend: (req) => {
        if (req.method === 'PUT' && crashes > 0) {
          crashes -= 1;
          // A programming error deep in the call, not a Twitch failure.
          throw new TypeError("Cannot read properties of undefined (reading 'color')");
        }
      },
    });
    rig = r;
    const { accountId, userId } = await r.addAccount({ login: 'alice', channels: ['alice'], resolved: true });
    await r.until(() => isLive(r.account(accountId)), { message: 'account live' });

    r.fake.say({ channel: 'alice', chatter: 'alice', text: 'first' });
    await waitFor(() => r.logs.records.some((l) => l.event === 'color.change_failed'), { message: 'crash logged' });
    const line = r.logs.records.find((l) => l.event === 'color.change_failed');
    expect(line?.level).toBe('error');
    expect(line?.fields).toMatchObject({ account: 'alice', operation: 'set_color' });
    expect(String((line?.fields.error as { stack?: string }).stack)).toMatch(/TypeError: Cannot read properties/);

    r.fake.say({ channel: 'alice', chatter: 'alice', text: 'second' });
    await r.until(() => r.fake.log.colorChanges(userId).length === 1, { message: 'the next message changes the color', stepMs: 1_000 });
  });
});
