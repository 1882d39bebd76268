import { describe, expect, it } from 'vitest';
import { Agent } from '../../../../src-core/twitch/http/undici-agent.js';

describe("undici's Agent loaded from its own module", () => {
  it('is the very class the package exports (a new undici that moves or changes it fails here)', async () => {
    const undici = await import('undici');
    expect(Agent).toBe(undici.Agent);
    const agent = new Agent();
    expect(typeof agent.dispatch).toBe('function');
    await agent.close();
  });
});
