import type { Prng } from './prng.js';

/** Generators of hostile input: random JSON, near-valid mutations of good values, raw bytes. */

const TRICKY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '💜💜💜',
  'a'.repeat(5000),
  '__proto__',
  'constructor',
  'toString',
  '../../etc/passwd',
  '${process.exit()}',
  '<script>alert(1)</script>',
  'null',
  '-1',
  '1e999',
  '#',
  '#GGGGGG',
  '#12345',
  'ccc',
  'cce',
  'ccd',
];
const TRICKY_NUMBERS = [0, -0, -1, 1, 0.5, 2 ** 31, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 3600, 3601, 65536];
const KEYS = ['id', 'command', 'payload', 'accountId', 'login', 'enabled', 'color', 'mode', 'metadata', 'message_type', 'session', 'event', 'data', 'users', 'version', 'accounts', '__proto__', 'constructor'];

export function randomString(prng: Prng): string {
  if (prng.chance(0.3)) return prng.pick(TRICKY_STRINGS);
  return prng.string(prng.between(0, 40));
}

export function randomJson(prng: Prng, depth = 0): unknown {
  const roll = prng.int(depth > 3 ? 5 : 8);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return prng.chance(0.5);
    case 2:
      return prng.chance(0.5) ? prng.pick(TRICKY_NUMBERS) : (prng.next() - 0.5) * 10 ** prng.int(12);
    case 3:
    case 4:
      return randomString(prng);
    case 5:
      return Array.from({ length: prng.int(5) }, () => randomJson(prng, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = prng.int(6); i > 0; i -= 1) {
        const key = prng.chance(0.6) ? prng.pick(KEYS) : randomString(prng);
        // defineProperty so "__proto__" becomes an own key, as JSON.parse would make it.
        Object.defineProperty(out, key, { value: randomJson(prng, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}

/** A copy of `value` with a few random changes somewhere inside: near-valid input. */
export function mutateJson(prng: Prng, value: unknown, changes = 1 + prng.int(3)): unknown {
  let copy: unknown = JSON.parse(JSON.stringify(value)) as unknown;
  for (let i = 0; i < changes; i += 1) copy = mutateOnce(prng, copy);
  return copy;
}

function mutateOnce(prng: Prng, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || prng.chance(0.15)) return prng.chance(0.5) ? randomJson(prng, 2) : value;
  const container = value as Record<string, unknown>;
  const keys = Object.keys(container);
  if (keys.length === 0) return value;
  const key = prng.pick(keys);
  const action = prng.int(5);
  if (action === 0 && !Array.isArray(value)) delete container[key];
  else if (action === 1) container[key] = randomJson(prng, 2);
  else if (action === 2 && typeof container[key] === 'string') container[key] = (container[key] as string).slice(0, prng.int(5));
  else container[key] = mutateOnce(prng, container[key]);
  return value;
}

/** Text that is almost JSON, or not at all. */
export function brokenText(prng: Prng, base: string): string {
  switch (prng.int(5)) {
    case 0:
      return base.slice(0, prng.int(base.length));
    case 1:
      return prng.bytes(prng.between(1, 200)).toString('latin1');
    case 2: {
      const at = prng.int(base.length + 1);
      return `${base.slice(0, at)}${prng.string(prng.between(1, 5))}${base.slice(at)}`;
    }
    case 3:
      return `${'['.repeat(prng.between(1, 2000))}`;
    default:
      return prng.string(prng.between(0, 100));
  }
}
