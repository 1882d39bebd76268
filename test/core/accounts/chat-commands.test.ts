import { describe, expect, it } from 'vitest';
import { parseChatCommand } from '../../../src-core/accounts/chat-commands.js';
import type { ChatCommand } from '../../../src-core/accounts/chat-commands.js';
import { namedColor } from '../../../src-core/color/color-value.js';

describe('parseChatCommand', () => {
  it.each<[string, ChatCommand]>([
    ['cce', { kind: 'enable' }],
    ['  cce  ', { kind: 'enable' }],
    ['CCE', { kind: 'enable' }],
    ['ccd', { kind: 'disable' }],
    ['Ccd', { kind: 'disable' }],
    ['ccc sea_green', { kind: 'set', color: namedColor('sea_green') }],
    ['ccc Sea Green', { kind: 'set', color: namedColor('sea_green') }],
    ['ccc seagreen', { kind: 'set', color: namedColor('sea_green') }],
    ['CCC  SeaGreen ', { kind: 'set', color: namedColor('sea_green') }],
    ['ccc #abc', { kind: 'set', color: { kind: 'hex', hex: '#AABBCC' } }],
    ['ccc aabbcc', { kind: 'set', color: { kind: 'hex', hex: '#AABBCC' } }],
    ['ccc\t#1E90FF', { kind: 'set', color: { kind: 'hex', hex: '#1E90FF' } }],
    // Chatterino/7TV append an invisible character to repeated messages.
    ['cce \u{E0000}', { kind: 'enable' }],
    ['ccd \u034F', { kind: 'disable' }],
    ['ccc red \u{E0000}', { kind: 'set', color: namedColor('red') }],
  ])('%j is a command', (text, expected) => {
    expect(parseChatCommand(text)).toEqual(expected);
  });

  it.each(['cccombo', 'cce please', 'ccd now', 'ccenable', 'hello ccc red', 'xcce', '', '   ', 'cc', 'c c e'])(
    '%j is an ordinary message',
    (text) => {
      expect(parseChatCommand(text)).toBeNull();
    },
  );

  it.each([
    ['ccc', /needs a color/],
    ['ccc   ', /needs a color/],
    ['ccc purple', /"purple" is not a Twitch color/],
    ['ccc #12345', /not a hex color/],
    ['ccc red please', /not a Twitch color/],
  ])('%j is an invalid ccc', (text, message) => {
    const command = parseChatCommand(text);
    expect(command?.kind).toBe('invalid');
    if (command?.kind === 'invalid') expect(command.message).toMatch(message);
  });
});
