/** One line of the simulated chat in #demo_channel. */
export interface ChatLine {
  chatter: string;
  text: string;
  /** Whether this message should make the demo account's color change. */
  changes: boolean;
  /** Shown under the line: what the command does. */
  note?: string;
}

export const DEMO_LOGIN = 'demo';
export const DEMO_CHANNEL = 'demo_channel';

/** Other chatters, with the name colors they show in chat. */
export const CHATTERS: Readonly<Record<string, string>> = {
  pixel_pirate: '#1E90FF',
  lurker42: '#9ACD32',
  modcat: '#FF7F50',
  speedrunner99: '#B22222',
};

const own = (text: string, changes = true, note?: string): ChatLine => ({ chatter: DEMO_LOGIN, text, changes, ...(note ? { note } : {}) });
const other = (chatter: keyof typeof CHATTERS & string, text: string): ChatLine => ({ chatter, text, changes: false });

/** Played in a loop: the account's own messages every couple of seconds, others in between, a command now and then. */
export const CHAT_SCRIPT: readonly ChatLine[] = [
  other('pixel_pirate', 'hi chat, what are we playing today?'),
  own('hello everyone!'),
  other('lurker42', 'that boss fight was wild'),
  own('thanks for hanging out'),
  other('modcat', "other people's messages never change your color"),
  own('every message I send gets a new color'),
  other('speedrunner99', 'PB pace?'),
  own('ccc hot pink', true, 'ccc COLOR sets the color you name'),
  other('lurker42', 'pink suits you'),
  own('ccd', false, 'ccd switches automatic changes off'),
  own('this message keeps my color', false),
  other('pixel_pirate', 'lol'),
  own('cce', false, 'cce switches them back on'),
  own('and the colors change again'),
  other('modcat', 'gg'),
  own('one more for the road'),
];
