import { describe, expect, it } from 'vitest';
import { normalizeChannelList, normalizeChannelName } from '../../../src-core/store/channel-name.js';

describe('normalizeChannelName', () => {
  it.each([
    ['forsen', 'forsen'],
    ['#Forsen', 'forsen'],
    ['  #SomeChannel  ', 'somechannel'],
    ['##double', 'double'],
    ['# spaced', 'spaced'],
    ['a', 'a'],
    ['user_name_123', 'user_name_123'],
    ['x'.repeat(25), 'x'.repeat(25)],
  ])('accepts %j as %j', (input, login) => {
    expect(normalizeChannelName(input)).toEqual({ ok: true, login });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['#', 'empty'],
    ['x'.repeat(26), 'too_long'],
    ['some channel', 'invalid_characters'],
    ['née', 'invalid_characters'],
    ['dash-name', 'invalid_characters'],
    ['https://www.twitch.tv/someone', 'too_long'],
    ['twitch.tv/x', 'invalid_characters'],
  ])('rejects %j (%s) with a message', (input, problem) => {
    const result = normalizeChannelName(input);
    expect(result).toMatchObject({ ok: false, input, problem });
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
  });
});

describe('normalizeChannelList', () => {
  it('normalizes, dedupes in order and collects the invalid ones', () => {
    const result = normalizeChannelList(['#B', 'a', 'b', ' A ', 'bad name', '', 'c']);
    expect(result.logins).toEqual(['b', 'a', 'c']);
    expect(result.invalid.map((entry) => entry.problem)).toEqual(['invalid_characters', 'empty']);
  });
});
