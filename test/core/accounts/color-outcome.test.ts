import { describe, expect, it } from 'vitest';
import { applyColor, applyOutcomeOf } from '../../../src-core/accounts/color-outcome.js';
import { AbortedError } from '../../../src-core/runtime/abort.js';
import { RetryExhaustedError } from '../../../src-core/runtime/errors.js';
import { HexColorRejectedError, TwitchApiError } from '../../../src-core/twitch/errors.js';

describe("Twitch's answers to PUT /chat/color as the cycler's outcomes", () => {
  it('a 204 is applied', async () => {
    await expect(applyColor(async () => {})).resolves.toEqual({ kind: 'applied' });
  });

  it('a hex refused for lack of Turbo/Prime is hex_refused, with the reason', () => {
    expect(applyOutcomeOf(new HexColorRejectedError('#123456'))).toEqual({ kind: 'hex_refused', message: expect.stringMatching(/Turbo or Prime/) });
  });

  it('a 429 is rate_limited until the reset Twitch gave (or unknown)', () => {
    expect(applyOutcomeOf(new TwitchApiError(429, 'PUT', '/chat/color', '', 1_700_000_000_000))).toEqual({ kind: 'rate_limited', until: 1_700_000_000_000 });
    expect(applyOutcomeOf(new TwitchApiError(429, 'PUT', '/chat/color', ''))).toEqual({ kind: 'rate_limited', until: undefined });
  });

  it('anything else failed, with the status Twitch answered when it did (also behind a retry wrapper, R30)', () => {
    const server = new TwitchApiError(503, 'PUT', '/chat/color', 'Service Unavailable');
    expect(applyOutcomeOf(server)).toEqual({ kind: 'failed', error: server, status: 503 });
    const exhausted = new RetryExhaustedError('helix PUT /chat/color', 3, server);
    expect(applyOutcomeOf(exhausted)).toEqual({ kind: 'failed', error: exhausted, status: 503 });
    const bug = new TypeError('oops');
    expect(applyOutcomeOf(bug)).toEqual({ kind: 'failed', error: bug, status: undefined });
  });

  it('an abort is no outcome: it is passed on', async () => {
    await expect(applyColor(() => Promise.reject(new AbortedError()))).rejects.toBeInstanceOf(AbortedError);
  });
});
